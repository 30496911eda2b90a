"""Reviews, supervision, model meetings and the audit trail of the demo year (2019).

The committee directly above each branch decides on its submitted minutes (DOMAIN A.10,
B.6): most are accepted with an HD 42 rating sheet filled in; some are returned with
comments on named sections and corrected as a new revision, submitted again and accepted
(so the review page's "what changed" has something to show); a few wait for their
correction; the latest submissions (November, December) mostly wait for a decision.
Commune reviewers follow a few branches and are linked as delegates in their meetings, each
commune has one model meeting (A.11), and the audit log holds the year's history, chained
and hashed exactly as ``minutes.audit.service.record`` does.

``plan_reviews`` adjusts the year's rows before they are written (statuses, versions, the
corrected revisions and second submissions, linked delegates) and returns the new rows;
``insert_reviews`` writes those with bulk inserts after the year, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert

from minutes.audit import chain
from minutes.audit.models import AuditEvent
from minutes.audit.service import SYSTEM_NAME
from minutes.auth.models import Supervision
from minutes.demo import DemoDistrict, Unit
from minutes.demo_meetings import LOCAL, YEAR, YearRows
from minutes.i18n import nfc
from minutes.meetings.models import MeetingDelegate
from minutes.review.models import Review, ReviewComment
from minutes.review.rubric import load_rubric

RUBRIC = "hd42"
# The demo stands on 31 December 2019: nothing is decided after it.
CUTOFF = dt.datetime(YEAR + 1, 1, 1, tzinfo=LOCAL)
# Tết Kỷ Hợi: offices were closed 2–10 February 2019.
TET = (dt.date(YEAR, 2, 2), dt.date(YEAR, 2, 10))
# By the meeting's month: shares accepted, returned then corrected, returned and not yet
# corrected; the rest still wait for a decision.
OUTCOME_SHARES: dict[int, tuple[float, float, float]] = {
    **{month: (0.85, 0.08, 0.03) for month in range(1, 11)},
    11: (0.35, 0.05, 0.04),
    12: (0.06, 0.0, 0.02),
}
# The rating sheet's judged criteria: a share of their maximum of BASE + SLOPE × quality, where
# quality spreads by branch and by meeting; a few weak meetings drop well below.
JUDGED_BASE, JUDGED_SLOPE = 0.8, 0.1
BRANCH_SPREAD, MEETING_SPREAD = 1.2, 0.8
WEAK_MEETING_SHARE, WEAK_DROP = 0.015, 4.5
# HD 42 criterion 7: points by the share of last month's tasks done (a partly done task counts half).
RESULT_BANDS = ((0.9, 30), (0.8, 27), (0.7, 24), (0.6, 20), (0.5, 15), (0.0, 10))
ACCEPT_NOTE_SHARE = 0.12
TWO_COMMENTS_SHARE = 0.3
# Commune committee members attend at least 6 meetings a year (DOMAIN B.6.3, Kon Tum's example).
QUOTA = 6
# The Nà Noong regular meeting that was returned and corrected (its October one waits).
NA_NOONG_RETURNED_MONTH = 7
NA_NOONG_LAST_DECIDED_MONTH = 9

HUYEN_FOLLOWS = "Đảng bộ xã Minh Phát"
HUYEN_POST = "Huyện ủy viên, phụ trách xã Minh Phát"
HUYEN_LEVEL = "Huyện ủy Lộc Bình"
HUYEN_VISITS = 4
SUPERVISION_FROM = dt.datetime(YEAR, 1, 15, 9, 0, tzinfo=LOCAL)

# Section → (the reviewer's comment, what the branch added); {month} is the meeting's month,
# {next} the next one, {amount} the dues collected.
CORRECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "ideology": (
        (
            "Bổ sung ý kiến thảo luận của đảng viên.",
            "Ý kiến thảo luận: các đảng viên thống nhất với nhận định trên; đề nghị chi bộ phân công "
            "đảng viên nắm bắt tâm tư của quần chúng, kịp thời giải thích, định hướng.",
        ),
        (
            "Nêu rõ những vấn đề quần chúng còn băn khoăn và việc chi bộ đã làm để giải thích.",
            "Chi bộ giao đồng chí Bí thư phối hợp với các đoàn thể nắm tình hình, giải thích cho quần chúng "
            "những vấn đề còn băn khoăn.",
        ),
    ),
    "previous_tasks": (
        (
            "Nêu rõ nguyên nhân của nhiệm vụ chưa hoàn thành và trách nhiệm của đảng viên được phân công.",
            "Trách nhiệm: các đồng chí được phân công đã nhận khuyết điểm về những việc chậm tiến độ, "
            "cam kết hoàn thành trong tháng {month}.",
        ),
    ),
    "conclusion": (
        (
            "Kết luận cần ghi rõ nhiệm vụ trọng tâm, người phụ trách và thời hạn hoàn thành.",
            "Giao đồng chí Bí thư chi bộ đôn đốc việc thực hiện; các đồng chí được phân công báo cáo kết quả "
            "tại kỳ sinh hoạt {next}.",
        ),
    ),
    "dues": (
        (
            "Ghi rõ tổng số tiền đảng phí đã thu.",
            "Tổng số tiền đảng phí thu được: {amount} đồng.",
        ),
    ),
    "ho_chi_minh": (
        (
            "Nêu cụ thể việc làm theo Bác của đảng viên được biểu dương.",
            "Chi bộ đề nghị mỗi đảng viên đăng ký ít nhất một việc làm cụ thể theo gương Bác, báo cáo kết quả "
            "vào kỳ sinh hoạt cuối quý.",
        ),
    ),
    "self_assessment": (
        (
            "Ghi rõ căn cứ tự đánh giá, xếp loại buổi sinh hoạt.",
            "Căn cứ: Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018 của Ban Tổ chức Trung ương về nâng cao chất lượng "
            "sinh hoạt chi bộ.",
        ),
    ),
    "presentation": (
        (
            "Tóm tắt các ý kiến liên hệ của đảng viên sau chuyên đề.",
            "Các đảng viên liên hệ bản thân, nêu rõ việc đã làm được, việc chưa làm được và đăng ký việc làm "
            "cụ thể thời gian tới.",
        ),
    ),
}
NEWS_COMMENT = "Ghi rõ số, ngày văn bản cấp trên đã phổ biến."
THEMATIC_CONCLUSION = (
    "Kết luận cần nêu rõ việc làm cụ thể sau chuyên đề và thời hạn thực hiện.",
    "Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể sau chuyên đề, báo cáo kết quả tại kỳ sinh hoạt cuối quý.",
)
DOCUMENT_CODES = {"Kế hoạch": "KH", "Chương trình": "CTr", "Công văn": "CV", "Hướng dẫn": "HD"}
ACCEPT_NOTES = (
    "Biên bản ghi đầy đủ, đúng trình tự theo hướng dẫn.",
    "Nội dung sinh hoạt thiết thực; đề nghị chi bộ động viên nhiều đảng viên phát biểu hơn.",
    "Đề nghị chi bộ tiếp tục duy trì nền nếp sinh hoạt, giao nhiệm vụ cụ thể cho đảng viên.",
    "Cần dành thêm thời gian cho tự phê bình và phê bình.",
)
MODEL_OBSERVERS = (
    "Bí thư các chi bộ {village} trong {level}; đồng chí Phó Bí thư Đảng ủy {level}",
    "Bí thư, Phó Bí thư các chi bộ {village} trong {level}; đồng chí Phó Bí thư Thường trực Đảng ủy {level}",
    "Bí thư các chi bộ trực thuộc Đảng ủy {level}; đồng chí Phó Bí thư Đảng ủy {level}; "
    "đại diện Ban Tổ chức Huyện ủy",
)
MODEL_STRENGTHS = (
    "Chi ủy chuẩn bị kỹ nội dung, gửi dự thảo nghị quyết cho đảng viên trước ngày sinh hoạt.",
    "Đồng chí Bí thư điều hành linh hoạt, dành nhiều thời gian cho thảo luận; đa số đảng viên có mặt phát biểu ý kiến.",
    "Việc đánh giá kết quả thực hiện nghị quyết tháng trước có số liệu cụ thể, chỉ rõ việc chưa làm được và nguyên nhân.",
    "Nghị quyết ngắn gọn, giao nhiệm vụ cụ thể cho từng đảng viên, có thời hạn hoàn thành.",
    "Chi bộ nắm chắc tình hình tư tưởng đảng viên và quần chúng, bàn được những việc thiết thực của {village}.",
)
MODEL_LESSONS = (
    "Các chi bộ cần học tập cách chuẩn bị nội dung và điều hành thảo luận để mỗi kỳ sinh hoạt bàn được việc cụ thể.",
    "Cần khắc phục việc một số ý kiến còn chung chung, chưa gắn với nhiệm vụ của {village}.",
    "Đảng ủy {level} chỉ đạo các chi bộ vận dụng cách làm này trong sinh hoạt thường kỳ từ tháng sau.",
)


@dataclass
class ReviewRows:
    """The rows of the year's reviews, supervision and audit trail, ids assigned, ready for bulk inserts."""

    reviews: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)
    supervisions: list[dict[str, Any]] = field(default_factory=list)
    delegates: list[dict[str, Any]] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    model_meetings: list[int] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per kind, decisions by kind."""
        decisions = Counter(review["decision"] for review in self.reviews)
        return {
            "decisions": len(self.reviews),
            "accepted": decisions["accept"],
            "returned": decisions["return"],
            "comments": len(self.comments),
            "supervisions": len(self.supervisions),
            "delegates": len(self.delegates),
            "model_meetings": len(self.model_meetings),
            "audit_events": len(self.audit),
        }


def _vi_amount(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _month_of(meeting: dict[str, Any]) -> int:
    return int(meeting["scheduled_at"].astimezone(LOCAL).month)


def _next_label(month: int) -> str:
    return f"tháng {month + 1}" if month < 12 else f"tháng 1 năm {YEAR + 1}"


def _with_guest(opening: str, name: str, post: str) -> str | None:
    """The opening with a delegate introduced before the recorder is chosen (None if it has no such place)."""
    marker = "; chi bộ thống nhất cử đồng chí"
    if marker not in opening or "giới thiệu đồng chí" in opening:
        return None
    return opening.replace(marker, f"; giới thiệu đồng chí {name}, {post}, dự sinh hoạt{marker}", 1)


class _Planner:
    """Decides on each submitted minutes, meeting by meeting, and keeps the year's rows consistent."""

    def __init__(self, district: DemoDistrict, year: YearRows, seed: int) -> None:
        self.rng = random.Random(seed * 104_729 + YEAR)
        self.rubric = load_rubric(RUBRIC)
        self.district = district
        self.year = year
        self.rows = ReviewRows()
        self.meetings = {meeting["id"]: meeting for meeting in year.meetings}
        self.revisions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for revision in year.revisions:
            self.revisions[revision["meeting_id"]].append(revision)
        self.usernames = {account.id: account.username for account in district.accounts}
        self.reviewer_of_committee = {
            account.org_unit_id: account.id for account in district.accounts if account.role == "reviewer"
        }
        self.branch_quality: dict[int, float] = {}

    # Helpers ---------------------------------------------------------------------------

    def unit(self, unit_id: int) -> Unit:
        return self.district.unit(unit_id)

    def latest(self, meeting_id: int) -> dict[str, Any]:
        return self.revisions[meeting_id][-1]

    def office_time(self, after: dt.datetime, days: tuple[int, int]) -> dt.datetime:
        """A moment in office hours on a working day, some days after ``after``."""
        day = after.astimezone(LOCAL).date() + dt.timedelta(days=self.rng.randint(*days))
        while day.weekday() >= 5 or TET[0] <= day <= TET[1]:
            day += dt.timedelta(days=1)
        start = dt.datetime.combine(day, dt.time(7, 30), LOCAL)
        return start + dt.timedelta(minutes=self.rng.randint(0, 540))

    def reviewer_of(self, meeting: dict[str, Any]) -> int | None:
        """The reviewer account of the committee directly above the branch, if it has one."""
        branch = self.unit(meeting["org_unit_id"])
        return self.reviewer_of_committee.get(branch.parent_id or 0)

    # Supervision and delegates ---------------------------------------------------------

    def link_delegate(self, meeting_id: int, name: str, level: str, user_id: int) -> None:
        """Every revision names the delegate with their account (new dicts: revisions share lists)."""
        for revision in self.revisions[meeting_id]:
            content = revision["content"]
            revision["content"] = {
                **content,
                "delegates": [
                    {**d, "user_id": user_id} if (d["name"], d["level"]) == (name, level) else d
                    for d in content["delegates"]
                ],
            }

    def add_delegate(self, meeting_id: int, delegate: dict[str, Any]) -> bool:
        """Every revision lists a delegate who was not there, and the opening introduces them."""
        contents = [revision["content"] for revision in self.revisions[meeting_id]]
        openings = [
            _with_guest(c["sections"].get("opening", ""), delegate["name"], delegate["post"])
            for c in contents
        ]
        if any(opening is None for opening in openings) or any(c["delegates"] for c in contents):
            return False
        for revision, content, opening in zip(self.revisions[meeting_id], contents, openings, strict=True):
            revision["content"] = {
                **content,
                "delegates": [dict(delegate)],
                "sections": {**content["sections"], "opening": nfc(opening or "")},
            }
        return True

    def supervise(self, user_id: int, committee_id: int, unit_id: int) -> None:
        self.rows.supervisions.append(
            {
                "id": len(self.rows.supervisions) + 1, "committee_id": committee_id, "user_id": user_id,
                "unit_id": unit_id, "assigned_at": SUPERVISION_FROM,
            }
        )  # fmt: skip

    def commune_followers(self) -> None:
        """Each commune reviewer follows villages they visit (Nà Noong first), enough for the yearly quota.

        The visits are the follower delegates the year already names; in the followed
        branches they are linked to the reviewer's account, elsewhere they stay names only.
        """
        held = sorted(
            (m for m in self.year.meetings if m["minutes_version"]),
            key=lambda m: (m["scheduled_at"], m["id"]),
        )
        for account in self.district.accounts:
            committee = self.unit(account.org_unit_id)
            if account.role != "reviewer" or committee.parent_id is None:
                continue
            level = committee.name.replace("Đảng bộ ", "Đảng ủy ", 1)
            visits: dict[int, list[int]] = defaultdict(list)
            for meeting in held:
                branch = self.unit(meeting["org_unit_id"])
                if branch.parent_id != committee.id:
                    continue
                if any(
                    (d["name"], d["level"]) == (account.full_name, level)
                    for d in self.latest(meeting["id"])["content"]["delegates"]
                ):
                    visits[branch.id].append(meeting["id"])
            order = sorted(visits, key=lambda b: (b != self.district.na_noong_id, b))
            linked: list[int] = []
            followed: list[int] = []
            for branch_id in order:
                if len(linked) >= QUOTA:
                    break
                followed.append(branch_id)
                linked += visits[branch_id]
            for branch_id in followed:
                self.supervise(account.id, committee.id, branch_id)
            for meeting_id in linked:
                self.link_delegate(meeting_id, account.full_name, level, account.id)

    def district_follower(self) -> None:
        """The district reviewer follows one commune and visits a few of its villages."""
        account = next(a for a in self.district.accounts if a.username == "huyen")
        commune = next(u for u in self.district.units if u.name == nfc(HUYEN_FOLLOWS))
        self.supervise(account.id, self.district.root_id, commune.id)
        candidates = [
            m for m in self.year.meetings
            if m["minutes_version"] and m["kind"] == "regular"
            and self.unit(m["org_unit_id"]).parent_id == commune.id
            and m["org_unit_id"] != self.district.na_noong_id
            and not self.latest(m["id"])["content"]["delegates"]
        ]  # fmt: skip
        delegate = {
            "name": account.full_name,
            "post": HUYEN_POST,
            "level": HUYEN_LEVEL,
            "user_id": account.id,
        }
        months: set[int] = set()
        for meeting in self.rng.sample(candidates, len(candidates)):
            month = _month_of(meeting)
            if len(months) >= HUYEN_VISITS or month in months or month == 12:
                continue
            if self.add_delegate(meeting["id"], delegate):
                months.add(month)

    # Decisions -------------------------------------------------------------------------

    def outcome(self, meeting: dict[str, Any]) -> str:
        """accepted, corrected (returned, corrected, then decided), returned, or waiting."""
        month = _month_of(meeting)
        if meeting["org_unit_id"] == self.district.na_noong_id:
            if meeting["kind"] == "regular" and month == NA_NOONG_RETURNED_MONTH:
                return "corrected"
            return "accepted" if month <= NA_NOONG_LAST_DECIDED_MONTH else "waiting"
        accepted, corrected, returned = OUTCOME_SHARES[month]
        draw = self.rng.random()
        if draw < accepted:
            return "accepted"
        if draw < accepted + corrected:
            return "corrected"
        if draw < accepted + corrected + returned:
            return "returned"
        return "waiting"

    def quality(self, meeting: dict[str, Any], content: dict[str, Any]) -> tuple[float, bool]:
        """How good the meeting was, in standard deviations (the branch, its own score, chance), and if it was weak."""
        branch = meeting["org_unit_id"]
        if branch not in self.branch_quality:
            self.branch_quality[branch] = self.rng.gauss(0, BRANCH_SPREAD)
        own = ((content.get("self_score") or 86) - 86) / 8
        weak = self.rng.random() < WEAK_MEETING_SHARE
        noise = self.rng.gauss(0, MEETING_SPREAD)
        return self.branch_quality[branch] + 0.5 * own + noise - (WEAK_DROP if weak else 0.0), weak

    def scores(self, meeting: dict[str, Any], content: dict[str, Any]) -> dict[str, int]:
        """The HD 42 sheet: duration, attendance and results from the minutes, the rest judged."""
        rng = self.rng
        start = dt.datetime.fromisoformat(content["started_at"])
        end = dt.datetime.fromisoformat(content["ended_at"])
        need = 120 if meeting["kind"] == "combined" else 90
        short = need - (end - start).total_seconds() / 60
        duration = (
            5 if short <= 0 else 4 if short <= 15 else 3 if short <= 30 else 2 if short <= need / 2 else 1
        )
        counted = [
            a for a in content["attendance"] if a["status"] not in ("exempt", "elsewhere", "suspended")
        ]
        rate = sum(a["status"] == "present" for a in counted) / len(counted) if counted else 1.0
        unexcused = any(a["status"] == "absent_unexcused" for a in counted)
        attendance = 1 if unexcused or rate < 0.65 else 4 if rate >= 0.9 else 3 if rate >= 0.75 else 2
        attendance += 1 if rng.random() < 0.9 else 0
        verdicts = content["previous_tasks"]
        if verdicts:
            done = sum(
                1.0 if v["status"] == "done" else 0.5 if v["status"] == "partly_done" else 0.0
                for v in verdicts
            )
            share = done / len(verdicts)
            results = next(points for floor, points in RESULT_BANDS if share >= floor)
        else:
            results = rng.choice((24, 27, 27, 30, 30))
        q, weak = self.quality(meeting, content)
        if weak:
            # A weak meeting also followed up last month's resolution poorly.
            results = min(results, rng.choice((10, 15, 15, 20)))

        def judged(maximum: int) -> int:
            share = JUDGED_BASE + JUDGED_SLOPE * q + rng.gauss(0, 0.06)
            return max(0, min(maximum, round(maximum * share)))

        return {
            "duration": duration, "attendance": attendance, "preparation": judged(10), "conduct": judged(30),
            "chairing": judged(10), "principles": judged(5), "results": results, "closing": judged(5),
        }  # fmt: skip

    def review(
        self,
        meeting: dict[str, Any],
        decision: str,
        version: int,
        decided_at: dt.datetime,
        comments: list[tuple[str | None, str]],
        scores: dict[str, int] | None = None,
    ) -> None:
        points = rating = None
        if scores:
            points, level = self.rubric.score(scores)
            rating = level.rating
        review_id = len(self.rows.reviews) + 1
        self.rows.reviews.append(
            {
                "id": review_id, "meeting_id": meeting["id"], "version": version, "decision": decision,
                "rubric": RUBRIC if scores else None, "scores": scores, "points": points, "rating": rating,
                "reason": None, "reviewer_id": self.reviewer_of(meeting), "decided_at": decided_at,
            }
        )  # fmt: skip
        for section, text in comments:
            self.rows.comments.append(
                {
                    "id": len(self.rows.comments) + 1,
                    "review_id": review_id,
                    "section": section,
                    "text": nfc(text),
                }
            )

    def accept(self, meeting: dict[str, Any], decided_at: dt.datetime) -> None:
        content = self.latest(meeting["id"])["content"]
        note: list[tuple[str | None, str]] = []
        if self.rng.random() < ACCEPT_NOTE_SHARE:
            note.append((None, self.rng.choice(ACCEPT_NOTES)))
        self.review(
            meeting, "accept", meeting["minutes_version"], decided_at, note, self.scores(meeting, content)
        )
        meeting["minutes_status"] = "accepted"

    def news_correction(self, meeting: dict[str, Any], text: str) -> str | None:
        """The document passed on, with its number and date (Chỉ thị 35 already has them)."""
        kind = next((code for word, code in DOCUMENT_CODES.items() if f"Phổ biến {word}" in text), None)
        if kind is None or not text.endswith("."):
            return None
        branch = self.unit(meeting["org_unit_id"])
        issuer = "HU" if branch.parent_id == self.district.root_id else "ĐU"
        issued = meeting["scheduled_at"].astimezone(LOCAL).date() - dt.timedelta(days=self.rng.randint(5, 25))
        number = self.rng.randint(12, 240) if issuer == "HU" else self.rng.randint(3, 95)
        return f"{text[:-1]} (số {number}-{kind}/{issuer} ngày {issued.day}/{issued.month}/{issued.year})."

    def comments_for(self, meeting: dict[str, Any], content: dict[str, Any]) -> list[tuple[str, str, str]]:
        """One or two (section, comment, corrected text) on text sections the minutes filled."""
        sections, month = content["sections"], _month_of(meeting)
        options: list[tuple[str, str, str]] = []
        if "news" in sections and (corrected := self.news_correction(meeting, sections["news"])):
            options.append(("news", NEWS_COMMENT, corrected))
        amount = len(content["attendance"]) * self.rng.choice((10_000, 12_000, 15_000, 20_000))
        fields = {"month": f"{month}", "next": _next_label(month), "amount": _vi_amount(amount)}
        for key, choices in CORRECTIONS.items():
            text = sections.get(key)
            if not text or (key == "previous_tasks" and "chưa hoàn thành" not in text):
                continue
            comment, added = self.rng.choice(choices)
            if key == "conclusion" and meeting["kind"] == "thematic":
                comment, added = THEMATIC_CONCLUSION
            joiner = "\n" if key == "previous_tasks" else " "
            options.append((key, comment, f"{text}{joiner}{added.format(**fields)}"))
        if meeting["org_unit_id"] == self.district.na_noong_id:
            options = [option for option in options if option[0] == "news"] or options
            return options[:1]
        count = 2 if self.rng.random() < TWO_COMMENTS_SHARE and len(options) > 1 else 1
        return self.rng.sample(options, count)

    def return_minutes(self, meeting: dict[str, Any], decided_at: dt.datetime) -> list[tuple[str, str, str]]:
        content = self.latest(meeting["id"])["content"]
        chosen = self.comments_for(meeting, content)
        comments: list[tuple[str | None, str]] = [(section, comment) for section, comment, _ in chosen]
        self.review(meeting, "return", meeting["minutes_version"], decided_at, comments)
        meeting["minutes_status"] = "returned"
        return chosen

    def correct(
        self, meeting: dict[str, Any], chosen: list[tuple[str, str, str]], saved_at: dt.datetime
    ) -> dt.datetime:
        """The branch saves the corrected minutes as a new revision and submits it again."""
        latest = self.latest(meeting["id"])
        content = latest["content"]
        sections = {**content["sections"], **{key: nfc(text) for key, _, text in chosen}}
        secretary = meeting["created_by_id"]
        version = meeting["minutes_version"] + 1
        revision = {
            "id": len(self.year.revisions) + 1, "meeting_id": meeting["id"], "version": version,
            "status": "returned", "structure_kind": latest["structure_kind"],
            "structure_version": latest["structure_version"], "content": {**content, "sections": sections},
            "client_save_id": None, "saved_at": saved_at, "saved_by_id": secretary,
        }  # fmt: skip
        self.year.revisions.append(revision)
        self.revisions[meeting["id"]].append(revision)
        submitted_at = saved_at + dt.timedelta(hours=self.rng.randint(1, 20))
        submission = {
            "id": len(self.year.submissions) + 1, "meeting_id": meeting["id"], "version": version,
            "submitted_at": submitted_at, "submitted_by_id": secretary,
        }  # fmt: skip
        self.year.submissions.append(submission)
        meeting.update(minutes_version=version, minutes_status="submitted", submitted_at=submitted_at)
        return submitted_at

    def decide(self, meeting: dict[str, Any]) -> None:
        """The decisions on one submitted minutes, as far as the year goes."""
        outcome = self.outcome(meeting)
        if outcome == "waiting":
            return
        month = _month_of(meeting)
        decided_at = self.office_time(meeting["submitted_at"], (2, 12) if month < 11 else (3, 20))
        if decided_at >= CUTOFF:
            return
        if outcome == "accepted":
            self.accept(meeting, decided_at)
            return
        chosen = self.return_minutes(meeting, decided_at)
        # Corrected within the week, in office hours or that evening; and submitted again within a day.
        saved_at = self.office_time(decided_at, (1, 6))
        if self.rng.random() < 0.35:
            evening = dt.datetime.combine(saved_at.date(), dt.time(19, 0), LOCAL)
            saved_at = evening + dt.timedelta(minutes=self.rng.randint(0, 150))
        if outcome == "returned" or saved_at + dt.timedelta(days=1) >= CUTOFF:
            return
        resubmitted_at = self.correct(meeting, chosen, saved_at)
        accepted_at = self.office_time(resubmitted_at, (1, 8))
        if accepted_at < CUTOFF:
            self.accept(meeting, accepted_at)

    # Model meetings --------------------------------------------------------------------

    def model_meetings(self) -> None:
        """One accepted regular meeting of a village branch per commune, rated good if any was."""
        points = {
            review["meeting_id"]: review["points"] or 0
            for review in self.rows.reviews
            if review["decision"] == "accept"
        }
        by_commune: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for meeting in self.year.meetings:
            branch = self.unit(meeting["org_unit_id"])
            if (
                meeting["kind"] == "regular"
                and meeting["minutes_status"] == "accepted"
                and branch.branch_type in ("rural", "urban")
                and 3 <= _month_of(meeting) <= 10
            ):
                by_commune[branch.parent_id or 0].append(meeting)
        for commune_id in self.district.commune_ids:
            candidates = by_commune.get(commune_id, [])
            if not candidates:
                continue
            good = [m for m in candidates if points[m["id"]] >= 90]
            chosen = (
                self.rng.choice(good) if good else max(candidates, key=lambda m: (points[m["id"]], -m["id"]))
            )
            commune = self.unit(commune_id)
            town = commune.name.startswith("Đảng bộ thị trấn")
            words = {
                "village": "khu phố" if town else "thôn",
                "level": commune.name.removeprefix("Đảng bộ "),
            }
            strengths = self.rng.sample(MODEL_STRENGTHS, self.rng.choice((1, 2)))
            lessons = [*strengths, self.rng.choice(MODEL_LESSONS)]
            chosen.update(
                is_model=True,
                model_observers=nfc(self.rng.choice(MODEL_OBSERVERS).format(**words)),
                model_lessons=nfc(" ".join(text.format(**words) for text in lessons)),
            )
            self.rows.model_meetings.append(chosen["id"])

    # Projections and audit -------------------------------------------------------------

    def delegate_rows(self) -> None:
        """The delegates of every latest revision, as ``save_minutes`` projects them."""
        for meeting in self.year.meetings:
            if not meeting["minutes_version"]:
                continue
            for delegate in self.latest(meeting["id"])["content"]["delegates"]:
                self.rows.delegates.append(
                    {
                        "id": len(self.rows.delegates) + 1, "meeting_id": meeting["id"],
                        "user_id": delegate.get("user_id"), "name": delegate["name"], "post": delegate.get("post"),
                        "level": delegate.get("level"),
                    }
                )  # fmt: skip

    def audit_trail(self) -> None:
        """The year's history in the log, in the order it happened, chained from GENESIS.

        The organisation tree, members and accounts were imported in bulk, not changed
        through the services, so they have no events (no "unit.created", "member.added").
        """
        # (at, rank: what comes first at the same moment, actor id, action, meeting, data)
        events: list[tuple[dt.datetime, int, int | None, str, dict[str, Any], dict[str, Any]]] = []
        for meeting in self.year.meetings:
            if meeting["status"] == "not_held":
                # Recorded by the secretary the day after the meeting was due.
                day = meeting["scheduled_at"].astimezone(LOCAL).date() + dt.timedelta(days=1)
                at = dt.datetime.combine(day, dt.time(8, 0), LOCAL) + dt.timedelta(
                    minutes=self.rng.randint(0, 600)
                )
                data = {"reason": meeting["status_reason"]}
                events.append((at, 0, meeting["created_by_id"], "meeting.not_held", meeting, data))
        for revision in self.year.revisions:
            meeting, saver = self.meetings[revision["meeting_id"]], revision["saved_by_id"]
            data = {"version": revision["version"], "status": revision["status"]}
            events.append((revision["saved_at"], 1, saver, "minutes.saved", meeting, data))
        for submission in self.year.submissions:
            meeting, sender = self.meetings[submission["meeting_id"]], submission["submitted_by_id"]
            data = {"version": submission["version"]}
            events.append((submission["submitted_at"], 2, sender, "minutes.submitted", meeting, data))
        comments = Counter(comment["review_id"] for comment in self.rows.comments)
        for review in self.rows.reviews:
            meeting, action = self.meetings[review["meeting_id"]], f"review.{review['decision']}"
            data = {"version": review["version"], "rating": review["rating"], "points": review["points"]}
            data["comments"] = comments[review["id"]]
            events.append((review["decided_at"], 3, review["reviewer_id"], action, meeting, data))
        events.sort(key=lambda e: (e[0], e[1], e[4]["id"]))
        previous = chain.GENESIS
        for seq, (at, _, actor_id, action, meeting, data) in enumerate(events, start=1):
            fields = {
                "seq": seq, "at": at, "actor_id": actor_id,
                "actor_name": self.usernames[actor_id] if actor_id else SYSTEM_NAME, "action": action,
                "record_type": "meeting", "record_id": str(meeting["id"]), "org_unit_id": meeting["org_unit_id"],
                # chain.plain(data) would give it back unchanged: only numbers, texts and None.
                "data": data, "prev_hash": previous,
            }  # fmt: skip
            previous = chain.link_hash(fields)
            self.rows.audit.append({**fields, "id": seq, "hash": previous})


def plan_reviews(district: DemoDistrict, year: YearRows, seed: int = 2019) -> ReviewRows:
    """Decide on the year's submitted minutes; adjust ``year`` in place and return the new rows.

    The same seed gives the same decisions.
    """
    planner = _Planner(district, year, seed)
    for meeting in year.meetings:
        meeting.update(is_model=False, model_observers=None, model_lessons=None)
    planner.commune_followers()
    planner.district_follower()
    for meeting in sorted(year.meetings, key=lambda m: (m["submitted_at"] or CUTOFF, m["id"])):
        if meeting["minutes_status"] == "submitted":
            planner.decide(meeting)
    planner.model_meetings()
    planner.delegate_rows()
    planner.audit_trail()
    return planner.rows


def insert_reviews(connection: Connection, rows: ReviewRows) -> None:
    """Write the rows with bulk inserts, after the year's (the caller owns the transaction)."""
    for table, batch in (
        (Review, rows.reviews),
        (ReviewComment, rows.comments),
        (Supervision, rows.supervisions),
        (MeetingDelegate, rows.delegates),
        (AuditEvent, rows.audit),
    ):
        if batch:
            connection.execute(insert(table), batch)
