"""A year (2019) of meetings and minutes for the demo district, seeded and written in bulk.

Every open branch meets monthly (a few months missing or not held) and holds a thematic
meeting in most quarters. Each held meeting gets one or two minutes revisions shaped as
``MinutesIn`` dumps them, and the rows ``save_minutes`` would leave: the roll-call of the
latest revision, its tasks, and its verdicts on the previous regular meeting's open tasks.
Nà Noong's October meeting is the sample minutes (shared/data/sample-minutes-regular.md).
A few minutes carry a deliberate error the checks catch; those stay drafts.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import Connection

from minutes.demo.branches import Minutes, Slot, YearRows, plan_branches
from minutes.demo.corpus import (
    DOCUMENTS,
    NA_NOONG_DELEGATE,
    NA_NOONG_OPINIONS,
    NA_NOONG_SAMPLE_VOTES,
    NA_NOONG_SECTIONS,
    NA_NOONG_SELF_SCORE,
    Delegate,
)
from minutes.demo.dates import LOCAL, YEAR
from minutes.demo.district import DemoDistrict
from minutes.demo.ledger import Roll
from minutes.demo.schedule import (
    NA_NOONG_OCTOBER_END,
    chronic_absences,
    na_noong_forced,
    schedule,
    script_na_noong,
)
from minutes.demo.store import bulk_insert
from minutes.demo.wording import Wording
from minutes.i18n import nfc
from minutes.meetings.models import Attendance, Meeting, MinutesRevision, Submission, Task, TaskEvaluation

ERROR_SHARE = 0.03
SHORT_SHARE = 0.04
TWO_REVISIONS_SHARE = 0.28
REQUIRED_TEXT = {
    "regular": ("agenda", "news", "ideology", "previous_tasks", "conclusion"),
    "combined": ("agenda", "news", "ideology", "previous_tasks", "presentation", "conclusion"),
    "thematic": ("agenda", "presentation", "conclusion"),
}
ERROR_KINDS = ("probationary_vote", "empty_section", "missing_member", "reason_missing")


class Year(Wording):
    """Writes the year's meetings branch by branch, keeping each branch's open tasks."""

    def pick_error(self, slot: Slot) -> str | None:
        """Now and then a deliberate error the checks catch (never in the sample branch)."""
        if slot.branch.unit.id == self.na_noong_id or self.rng.random() >= ERROR_SHARE:
            return None
        return self.rng.choice(ERROR_KINDS)

    def spoil_roll_call(self, slot: Slot, error: str | None, lines: list[dict[str, Any]]) -> str | None:
        """Leave a member out of the roll-call, or an excused absence without its reason."""
        if error not in ("missing_member", "reason_missing"):
            return error
        branch = slot.branch
        ordinary = [
            line for line in lines
            if line["status"] == "present"
            and line["member_id"] not in (branch.chair.id, branch.recorder.id)
            and (slot.meeting_id, line["member_id"]) not in self.forced
        ]  # fmt: skip
        if error == "missing_member" and ordinary:
            lines.remove(self.rng.choice(ordinary))
            return error
        excused = [line for line in lines if line["status"] == "absent_excused"] or ordinary
        if error == "reason_missing" and excused:
            line = self.rng.choice(excused)
            line["status"], line["reason"] = "absent_excused", None
            return error
        return "empty_section"

    def votes(self, roll: Roll) -> dict[str, dict[str, int]]:
        """Official members present vote; now and then one abstains on the resolution."""
        voters = roll.voters
        abstain = 1 if voters >= 4 and self.rng.random() < 0.04 else 0
        return {
            "resolution": {"for": voters - abstain, "against": 0, "abstain": abstain},
            "minutes": {"for": voters, "against": 0, "abstain": 0},
        }

    def duration(self, slot: Slot) -> dt.timedelta:
        """95–150 minutes (125–165 for a combined session), a few too short."""
        short = self.rng.random() < SHORT_SHARE
        if slot.kind == "combined":
            minutes = self.rng.randrange(100, 116, 5) if short else self.rng.randrange(125, 166, 5)
        else:
            minutes = self.rng.randrange(70, 86, 5) if short else self.rng.randrange(95, 151, 5)
        return dt.timedelta(minutes=minutes)

    def compose(self, slot: Slot) -> tuple[Minutes, str | None]:
        """The final minutes of a held meeting, and the deliberate error it carries, if any."""
        branch = slot.branch
        lines = self.roll_call(slot)
        error = self.spoil_roll_call(slot, self.pick_error(slot), lines)
        roll = self.counted(slot, lines)
        for person in roll.unexcused:
            self.unexcused[person.id] += 1
        verdicts = self.evaluate(slot) if slot.kind != "thematic" else []
        duration = self.duration(slot)
        delegate = branch.follower if branch.follower and self.rng.random() < 0.25 else None
        score = (
            self.rng.randint(80, 96)
            - (6 if duration.total_seconds() < 5400 else 0)
            - (4 if roll.unexcused else 0)
        )
        documents = [DOCUMENTS[slot.month].format(upper=branch.upper)] if slot.kind != "thematic" else []
        documents += [slot.topic.document] if slot.topic and slot.kind != "regular" else []
        minutes = Minutes(
            start=slot.start,
            end=slot.start + duration,
            place=branch.place,
            chair_id=branch.chair.id,
            recorder_id=branch.recorder.id,
            attendance=lines,
            delegates=[_delegate(delegate)] if delegate else [],
            documents=nfc("; ".join(documents)),
            tasks=self.new_tasks(slot, roll),
            previous_tasks=verdicts,
            votes=self.votes(roll),
            self_score=score,
        )
        if error == "probationary_vote" and roll.probationary_present:
            for vote in minutes.votes.values():
                vote["for"] += roll.probationary_present
        elif error == "probationary_vote":
            error = "empty_section"
        minutes.sections = self.sections(slot, roll, minutes, delegate)
        if error == "empty_section":
            minutes.sections[self.rng.choice(REQUIRED_TEXT[slot.kind])] = ""
        minutes.opinions = self.opinions(slot, roll, minutes.tasks, delegate)
        if slot.kind != "thematic":
            self.last_unexcused[branch.unit.id] = bool(roll.unexcused)
        return minutes, error

    def as_in_the_sample(self, slot: Slot, minutes: Minutes) -> list[dict[str, Any]]:
        """Nà Noong, October 2019: the paper minutes (13/13, counting a probationary member), then corrected."""
        ids = {person.full_name: person.id for person in slot.branch.roster}
        voters = self.counted(slot, minutes.attendance).voters
        minutes.end = NA_NOONG_OCTOBER_END
        minutes.delegates = [_delegate(NA_NOONG_DELEGATE)]
        minutes.documents = "Kế hoạch của Đảng ủy xã về tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025"
        minutes.opinions = [
            {
                "section": "opinions",
                "member_id": ids[nfc(name)] if name else None,
                "speaker_name": None if name else NA_NOONG_DELEGATE.name,
                "content": nfc(text),
            }
            for name, text in NA_NOONG_OPINIONS
        ]
        minutes.self_score = NA_NOONG_SELF_SCORE
        minutes.sections = {key: nfc(text) for key, text in NA_NOONG_SECTIONS.items()}
        contents = []
        for votes in (NA_NOONG_SAMPLE_VOTES, voters):
            minutes.votes = {
                name: {"for": votes, "against": 0, "abstain": 0} for name in ("resolution", "minutes")
            }
            contents.append(minutes.content())
        return contents

    def revision_contents(self, slot: Slot, minutes: Minutes) -> list[dict[str, Any]]:
        """One revision, or a draft saved at the end of the meeting and the finished minutes."""
        final = minutes.content()
        if self.rng.random() >= TWO_REVISIONS_SHARE:
            return [final]
        early = {**final, "ended_at": None, "tasks": [], "votes": {}, "self_score": None}
        early["sections"] = {
            k: v
            for k, v in final["sections"].items()
            if k not in ("conclusion", "self_assessment", "closing")
        }
        early["opinions"] = final["opinions"][: max(1, len(final["opinions"]) // 2)]
        return [early, final]

    def save_times(self, slot: Slot, end: dt.datetime, count: int) -> list[dt.datetime]:
        """When each revision was saved: that evening or the next days."""
        next_morning = dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time(8, 0), LOCAL)
        if count == 1:
            if self.rng.random() < 0.4:
                return [end + dt.timedelta(minutes=self.rng.randint(20, 80))]
            return [next_morning + dt.timedelta(minutes=self.rng.randint(0, 300))]
        later = next_morning + dt.timedelta(days=self.rng.randint(0, 2), minutes=self.rng.randint(0, 420))
        return [end + dt.timedelta(minutes=self.rng.randint(5, 25)), later]

    def is_submitted(self, slot: Slot, error: str | None) -> bool:
        """Jan–Sep submitted, Oct–Nov mostly, December mostly still drafts; never with an error."""
        if error:
            return False
        month = slot.start.month
        if slot.branch.unit.id == self.na_noong_id:
            return month <= 11
        if month <= 9:
            return True
        return self.rng.random() < (0.8 if month <= 11 else 0.15)

    def write(self, slot: Slot) -> None:
        """Append the rows of one meeting: the meeting, its revisions and its projections."""
        assert slot.meeting_id == len(self.rows.meetings) + 1
        branch = slot.branch
        na_noong = branch.unit.id == self.na_noong_id
        meeting = {
            "id": slot.meeting_id, "org_unit_id": branch.unit.id, "kind": slot.kind, "period": slot.period,
            "scheduled_at": slot.start, "place": branch.place, "topic": slot.topic.title if slot.topic else None,
            "status": "held" if slot.held else "not_held", "status_reason": slot.reason, "minutes_status": None,
            "minutes_version": 0, "submitted_at": None,
            "created_at": slot.start - dt.timedelta(days=self.rng.randint(5, 12), hours=10),
            "created_by_id": branch.secretary_id,
        }  # fmt: skip
        self.rows.meetings.append(meeting)
        if not slot.held:
            return
        minutes, error = self.compose(slot)
        task_ids = self.carry_forward(slot, minutes.tasks, minutes.previous_tasks)
        if na_noong and slot.kind == "regular" and slot.month == 10:
            contents = self.as_in_the_sample(slot, minutes)
        else:
            contents = self.revision_contents(slot, minutes)
        # As save_minutes does: the stored tasks carry their ids, so a later save keeps them.
        contents[-1] = {
            **contents[-1],
            "tasks": [
                {**task, "id": task_id} for task, task_id in zip(contents[-1]["tasks"], task_ids, strict=True)
            ],
        }
        saved = self.save_times(slot, minutes.end or slot.start, len(contents))
        savers = [branch.clerk_id] + [branch.secretary_id] * (len(contents) - 1)
        for version, (content, saved_at, saver) in enumerate(
            zip(contents, saved, savers, strict=True), start=1
        ):
            self.rows.revisions.append(
                {
                    "id": len(self.rows.revisions) + 1, "meeting_id": slot.meeting_id, "version": version,
                    "status": "draft", "structure_kind": slot.kind, "structure_version": 1, "content": content,
                    "client_save_id": None, "saved_at": saved_at, "saved_by_id": saver,
                }
            )  # fmt: skip
        meeting["minutes_version"], meeting["minutes_status"] = len(contents), "draft"
        if self.is_submitted(slot, error):
            submitted_at = saved[-1] + dt.timedelta(hours=self.rng.randint(1, 30))
            meeting["minutes_status"], meeting["submitted_at"] = "submitted", submitted_at
            self.rows.submissions.append(
                {
                    "id": len(self.rows.submissions) + 1, "meeting_id": slot.meeting_id, "version": len(contents),
                    "submitted_at": submitted_at, "submitted_by_id": branch.secretary_id,
                }
            )  # fmt: skip
        self.project(slot.meeting_id, contents[-1], task_ids)
        if slot.kind != "thematic":
            self.last_regular[branch.unit.id] = slot.month

    def project(self, meeting_id: int, content: dict[str, Any], task_ids: list[int]) -> None:
        """The rows ``save_minutes`` leaves for the latest revision: roll-call, tasks, verdicts."""
        rows = self.rows
        for line in content["attendance"]:
            rows.attendance.append(
                {"id": len(rows.attendance) + 1, "meeting_id": meeting_id, "member_id": line["member_id"],
                 "status": line["status"], "reason": line["reason"]}
            )  # fmt: skip
        for position, (task_id, task) in enumerate(zip(task_ids, content["tasks"], strict=True)):
            rows.tasks.append(
                {"id": task_id, "meeting_id": meeting_id, "position": position, "title": task["title"],
                 "assignee_member_id": task["assignee_member_id"], "due_on": dt.date.fromisoformat(task["due_on"]),
                 "status": task["status"], "note": task["note"], "carried_from_id": None}
            )  # fmt: skip
        for verdict in content["previous_tasks"]:
            rows.evaluations.append(
                {"id": len(rows.evaluations) + 1, "meeting_id": meeting_id, "task_id": verdict["task_id"],
                 "status": verdict["status"], "note": verdict["note"]}
            )  # fmt: skip


def _delegate(delegate: Delegate) -> dict[str, Any]:
    return {"name": delegate.name, "post": delegate.post, "level": delegate.level}


# --- The year ------------------------------------------------------------------------------


def plan_year(district: DemoDistrict, seed: int = 2019) -> YearRows:
    """Every meeting of 2019 with its minutes and projections, as rows; the same seed gives the same year."""
    rng = random.Random(seed * 7919 + YEAR)
    branches = plan_branches(district)
    schedules: dict[int, list[Slot]] = {}
    next_id = 1
    for branch in branches:
        scripted = branch.unit.id == district.na_noong_id
        slots = schedule(rng, branch, scripted)
        if scripted:
            script_na_noong(slots)
        for slot in slots:
            slot.meeting_id, next_id = next_id, next_id + 1
        schedules[branch.unit.id] = slots
    year = Year(rng, branches, district.na_noong_id)
    na_noong = next(b for b in branches if b.unit.id == district.na_noong_id)
    year.forced = chronic_absences(rng, schedules, branches, district.na_noong_id)
    year.forced.update(na_noong_forced(na_noong, schedules[na_noong.unit.id]))
    for branch in branches:
        for slot in schedules[branch.unit.id]:
            year.write(slot)
    return year.rows


def insert_year(connection: Connection, rows: YearRows) -> None:
    """Write the year's rows with bulk inserts, parents first (the caller owns the transaction)."""
    bulk_insert(
        connection,
        [
            (Meeting, rows.meetings),
            (MinutesRevision, rows.revisions),
            (Attendance, rows.attendance),
            (Task, rows.tasks),
            (TaskEvaluation, rows.evaluations),
            (Submission, rows.submissions),
        ],
    )
