"""The texts of one minutes: opening, dues, agenda, news, last month's results, opinions...

Drawn from the corpus (``data/*.yaml``) with the year's generator, in the order the meetings
are written, so the same seed gives the same words.
"""

from __future__ import annotations

from typing import Any

from minutes.demo.branches import Minutes, Slot, is_official_voter, join_texts, localise, lower_first, rating
from minutes.demo.corpus import (
    CHUYEN_DE_2019,
    CONCERNS,
    DELEGATE_OPINION,
    DOCUMENTS,
    GOOD_DEEDS,
    HCM_2019,
    NATIONAL_NEWS,
    REGULAR_OPINIONS,
    SEASONS,
    THEMATIC_OPINIONS,
    WEAKNESSES,
    Delegate,
)
from minutes.demo.dates import YEAR, month_label, short_date
from minutes.demo.ledger import Ledger, Roll
from minutes.demo.names import full_name
from minutes.demo.people import Person
from minutes.i18n import nfc


class Wording(Ledger):
    """The text sections and opinions of a meeting's minutes."""

    def previous_month(self, slot: Slot) -> int:
        """The month of the branch's last regular meeting with minutes (0: December 2018)."""
        return self.last_regular.get(slot.branch.unit.id, 0)

    def opening(self, slot: Slot, delegate: Delegate | None) -> str:
        """Who chaired, the delegate introduced, who records."""
        branch = slot.branch
        purpose = (
            "nêu mục đích, yêu cầu của buổi sinh hoạt chuyên đề"
            if slot.kind == "thematic"
            else "tuyên bố lý do"
        )
        guest = f"; giới thiệu đồng chí {delegate.name}, {delegate.post}, dự sinh hoạt" if delegate else ""
        return join_texts(
            f"Đồng chí {branch.chair.full_name}, Bí thư chi bộ, {purpose}{guest};",
            f"chi bộ thống nhất cử đồng chí {branch.recorder.full_name} làm thư ký.",
        )

    def dues(self, slot: Slot, roll: Roll) -> str:
        """The dues collected for last month."""
        total = len(slot.branch.roster)
        label = month_label(slot.month - 1)
        late = [p for p, reason in roll.excused if reason in ("Đi làm ăn xa", "Đi công tác")]
        if late and self.rng.random() < 0.5:
            return (
                f"Đã thu đảng phí {label} của {total - len(late)}/{total} đảng viên; "
                f"{len(late)} đồng chí vắng mặt sẽ nộp bổ sung trong tháng."
            )
        return f"Đã thu đủ đảng phí {label} của {total} đảng viên."

    def agenda(self, slot: Slot, with_hcm: bool) -> str:
        """The agreed running order."""
        if slot.kind == "thematic" and slot.topic:
            return join_texts(
                f"Chuyên đề: “{slot.topic.title}”.",
                "Chương trình: trình bày chuyên đề; thảo luận, liên hệ bản thân và đơn vị; kết luận và biểu quyết.",
            )
        season = SEASONS[slot.branch.category][(slot.month - 1) // 2]
        items = [
            "thông tin thời sự, phổ biến văn bản cấp trên",
            "tình hình tư tưởng đảng viên và quần chúng",
            f"đánh giá kết quả thực hiện nghị quyết {month_label(self.previous_month(slot))}",
        ]
        if with_hcm:
            items.append("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
        items.append(f"bàn nhiệm vụ tháng {slot.month}, trọng tâm là {season.focus}")
        if slot.kind == "combined" and slot.topic:
            items.append(f"sinh hoạt chuyên đề “{slot.topic.title}”")
        return f"Chi bộ thống nhất chương trình sinh hoạt gồm {len(items)} nội dung: {'; '.join(items)}."

    def news(self, slot: Slot) -> str:
        """The news briefing and the upper-level document passed on."""
        branch = slot.branch
        local = f"tình hình kinh tế – xã hội, quốc phòng – an ninh của {branch.locality} {month_label(slot.month - 1)} ổn định"
        document = DOCUMENTS[slot.month].format(upper=branch.upper)
        speaker = self.rng.choice(
            ("Đồng chí Bí thư", "Đồng chí Bí thư", f"Đồng chí {branch.recorder.full_name}")
        )
        return join_texts(
            f"{speaker} thông tin tình hình thời sự trong nước, quốc tế và của địa phương: {NATIONAL_NEWS[slot.month]};",
            f"{local}. Phổ biến {document}.",
        )

    def previous_tasks(self, slot: Slot, verdicts: list[dict[str, Any]]) -> str:
        """Last month's results in short (the document lists the verdicts below), party building, shortcomings."""
        label = month_label(self.previous_month(slot))
        if not verdicts:
            return join_texts(
                f"Chi bộ đánh giá kết quả thực hiện nghị quyết {label}: các nhiệm vụ cơ bản hoàn thành;",
                "duy trì sinh hoạt đúng kỳ, thu nộp đảng phí đầy đủ.",
            )
        done = sum(v["status"] == "done" for v in verdicts)
        carried = len(verdicts) - done
        result = f"Chi bộ đánh giá kết quả thực hiện nghị quyết {label}: hoàn thành {done}/{len(verdicts)} nhiệm vụ"
        if carried:
            result += f"; {carried} nhiệm vụ chưa hoàn thành, chuyển sang tháng {slot.month}"
        building = self.rng.choice(
            (
                "duy trì sinh hoạt đúng kỳ; thu nộp đảng phí đầy đủ",
                "duy trì sinh hoạt đúng kỳ; phân công đảng viên phụ trách nhóm hộ, phụ trách công việc",
                "quản lý đảng viên chặt chẽ; đã rà soát, bồi dưỡng quần chúng ưu tú",
            )
        )
        shortcomings = []
        if self.last_unexcused.get(slot.branch.unit.id):
            shortcomings.append("còn đảng viên vắng sinh hoạt không có lý do")
        if carried:
            shortcomings.append("một số nhiệm vụ chưa hoàn thành đúng thời hạn")
        lines = [
            f"{result}.",
            f"Công tác xây dựng Đảng: {building}.",
            f"Hạn chế, nguyên nhân: {'; '.join(shortcomings) or 'không có hạn chế lớn'}.",
        ]
        return nfc("\n".join(lines))

    def ho_chi_minh(self, slot: Slot, roll: Roll) -> str:
        """Studying and following Hồ Chí Minh, with a member held up as an example."""
        example = self.rng.choice(self.others(slot, roll))
        deed = self.rng.choice(GOOD_DEEDS[slot.branch.category])
        if self.rng.random() < 0.5:
            return join_texts(
                f"Chi bộ tiếp tục thực hiện chuyên đề năm 2019 “{CHUYEN_DE_2019}”;",
                f"nêu gương đồng chí {example.full_name} {deed}.",
            )
        return join_texts(
            f"Đồng chí Bí thư nêu gương đồng chí {example.full_name} {deed};",
            "đề nghị đảng viên tiếp tục thực hiện việc làm theo Bác đã đăng ký năm 2019.",
        )

    @staticmethod
    def others(slot: Slot, roll: Roll) -> list[Person]:
        """Members present other than the chair (who praises them)."""
        return [p for p in roll.present if p.id != slot.branch.chair.id] or roll.present

    def praise_and_reminders(self, slot: Slot, roll: Roll) -> str:
        """Reminders to members absent without reason (with the count in the year), or praise."""
        parts = []
        for person in roll.unexcused:
            times = self.unexcused[person.id]
            text = f"Nhắc nhở đồng chí {person.full_name} vắng sinh hoạt không có lý do"
            if times >= 3:
                text += f" (lần thứ {times} trong năm 2019); chi bộ sẽ xem xét theo quy định."
            elif times == 2:
                text += f" (lần thứ {times} trong năm 2019)."
            else:
                text += "."
            parts.append(text)
        if not parts:
            deed = self.rng.choice(GOOD_DEEDS[slot.branch.category])
            parts.append(f"Biểu dương đồng chí {self.rng.choice(self.others(slot, roll)).full_name} {deed}.")
        return join_texts(*parts)

    def other_business(self, slot: Slot, roll: Roll) -> str:
        """Admissions, recognitions as official members, candidates sent to the Party course."""
        day, parts = slot.start.date(), []
        for person in slot.branch.roster:
            joined, official = person.joined_on, person.official_on
            if joined.year == YEAR and joined.month == slot.month:
                if joined <= day:
                    mentor = slot.branch.chair.full_name
                    parts.append(
                        f"Chi bộ đã tổ chức lễ kết nạp đồng chí {person.full_name} vào Đảng ngày {short_date(joined)}; "
                        f"phân công đồng chí {mentor} giúp đỡ đảng viên mới."
                    )
                else:
                    parts.append(
                        f"Chi bộ thống nhất tổ chức lễ kết nạp quần chúng {person.full_name} vào Đảng ngày {short_date(joined)}."
                    )
            if official and official.year == YEAR and official.month == slot.month:
                parts.append(
                    f"Chi bộ xét, đề nghị công nhận đảng viên chính thức cho đồng chí {person.full_name} "
                    f"(hết thời gian dự bị ngày {short_date(official)}); {roll.voters}/{roll.voters} đảng viên "
                    "chính thức có mặt tán thành."
                )
        if slot.month in (3, 4) and self.rng.random() < 0.2:
            parts.append(
                f"Chi bộ giới thiệu quần chúng ưu tú {self.invented_name()} đi học lớp bồi dưỡng nhận thức về Đảng."
            )
        return join_texts(*parts)

    def invented_name(self) -> str:
        """A resident who is not a member (a candidate for membership)."""
        return full_name(self.rng, self.rng.choice(("male", "female")))

    def presentation(self, slot: Slot, roll: Roll) -> str:
        """Who presented the topic, what it said, the material used."""
        topic = slot.topic or HCM_2019
        presenter = self.presenter(slot, roll)
        return join_texts(
            f"Đồng chí {presenter.full_name} trình bày chuyên đề “{topic.title}”.",
            f"{topic.summary}.",
            f"Tài liệu sử dụng: {topic.document}.",
        )

    def presenter(self, slot: Slot, roll: Roll) -> Person:
        """A present official member other than the chair (Chu Thị Mai for Nà Noong's fourth quarter)."""
        if slot.branch.unit.id == self.na_noong_id and slot.month == 12 and slot.kind == "thematic":
            return next(p for p in slot.branch.roster if p.full_name == nfc("Chu Thị Mai"))
        officials = [p for p in roll.present if is_official_voter(p) and p.id != slot.branch.chair.id]
        return self.rng.choice(officials or roll.present)

    def conclusion(self, slot: Slot, tasks: list[dict[str, Any]]) -> str:
        """The chair's conclusion, the basis of the vote."""
        parts = []
        if slot.kind != "thematic":
            season = SEASONS[slot.branch.category][(slot.month - 1) // 2]
            label = month_label(self.previous_month(slot))
            parts.append(f"Chi bộ thống nhất đánh giá kết quả thực hiện nghị quyết {label} như trên.")
            parts.append(f"Tháng {slot.month}, chi bộ tập trung lãnh đạo {season.focus};")
            parts.append(f"giao {len(tasks)} nhiệm vụ cụ thể cho đảng viên như phần phân công.")
        if slot.kind != "regular" and slot.topic:
            quality = self.rng.choice(
                ("có chất lượng, nhiều ý kiến liên hệ sát thực tế", "thiết thực, đảng viên thảo luận sôi nổi")
            )
            parts.append(f"Buổi sinh hoạt chuyên đề {quality}; đề nghị mỗi đảng viên {slot.topic.resolve}.")
        return join_texts(*parts)

    def closing(self) -> str:
        """The minutes read back and adopted (the closing time has its own field)."""
        return self.rng.choice(
            (
                "Biên bản đã được thư ký đọc lại trước chi bộ; chi bộ biểu quyết thông qua biên bản.",
                "Thư ký đọc lại biên bản; chi bộ nhất trí thông qua. Đồng chí chủ trì tuyên bố bế mạc.",
            )
        )

    def sections(self, slot: Slot, roll: Roll, minutes: Minutes, delegate: Delegate | None) -> dict[str, str]:
        """Every text section of the meeting's structure that this meeting filled."""
        regular = slot.kind != "thematic"
        with_hcm = regular and self.rng.random() < 0.85
        score = minutes.self_score or 0
        texts = {
            "opening": self.opening(slot, delegate),
            "dues": self.dues(slot, roll) if regular else "",
            "agenda": self.agenda(slot, with_hcm),
            "news": self.news(slot) if regular else "",
            "ideology": self.rng.choice(SEASONS[slot.branch.category][(slot.month - 1) // 2].ideology)
            if regular
            else "",
            "previous_tasks": self.previous_tasks(slot, minutes.previous_tasks) if regular else "",
            "ho_chi_minh": self.ho_chi_minh(slot, roll) if with_hcm else "",
            "praise_and_reminders": self.praise_and_reminders(slot, roll)
            if regular and (roll.unexcused or self.rng.random() < 0.4)
            else "",
            "other_business": self.other_business(slot, roll) if regular else "",
            "presentation": self.presentation(slot, roll) if slot.kind != "regular" else "",
            "conclusion": self.conclusion(slot, minutes.tasks),
            "self_assessment": f"{score} điểm, xếp loại {rating(score)}.",
            "closing": self.closing(),
        }
        return {key: nfc(localise(text, slot.branch)) for key, text in texts.items() if text}

    def opinions(
        self, slot: Slot, roll: Roll, tasks: list[dict[str, Any]], delegate: Delegate | None
    ) -> list[dict[str, Any]]:
        """One to four members' opinions (regular discussion and, for a topic, its discussion)."""
        branch = slot.branch
        speakers = [p for p in roll.present if p.id != branch.chair.id] or roll.present
        season = SEASONS[branch.category][(slot.month - 1) // 2]
        topic = slot.topic or HCM_2019
        task_titles = [t["title"] for t in tasks] or list(season.tasks)
        fields = {
            "prev": month_label(self.previous_month(slot)),
            "month": month_label(slot.month),
            "short": topic.short,
            "resolve": topic.resolve,
            "focus": season.focus,
        }
        parts: list[tuple[str, tuple[str, ...], int]] = []
        if slot.kind == "regular":
            parts.append(("opinions", REGULAR_OPINIONS, self.rng.randint(1, 4)))
        elif slot.kind == "thematic":
            parts.append(("discussion", THEMATIC_OPINIONS, self.rng.randint(1, 4)))
        else:
            parts += [("opinions", REGULAR_OPINIONS, self.rng.randint(1, 2))]
            parts += [("discussion", THEMATIC_OPINIONS, self.rng.randint(1, 2))]
        result = []
        for section, templates, wanted in parts:
            count = min(wanted, len(speakers), len(templates))
            for person, template in zip(
                self.rng.sample(speakers, count), self.rng.sample(templates, count), strict=True
            ):
                text = template.format(
                    task=lower_first(self.rng.choice(task_titles)),
                    concern=self.rng.choice(CONCERNS[branch.category]),
                    weakness=self.rng.choice(WEAKNESSES[branch.category]),
                    **fields,
                )
                result.append(
                    {
                        "section": section,
                        "member_id": person.id,
                        "speaker_name": None,
                        "content": nfc(localise(text, branch)),
                    }
                )
        if delegate and self.rng.random() < 0.6:
            section = "discussion" if slot.kind == "thematic" else "opinions"
            text = DELEGATE_OPINION.format(focus=season.focus if slot.kind != "thematic" else topic.resolve)
            result.append(
                {
                    "section": section,
                    "member_id": None,
                    "speaker_name": delegate.name,
                    "content": nfc(localise(text, branch)),
                }
            )
        return result
