"""Minutes and branches over time: the versions of minutes, a branch's recent record, the months a report opens on."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Select, String, and_, bindparam, func, select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.auth.models import User
from minutes.db import UTCDateTime
from minutes.errors import NotFound, invalid_field
from minutes.i18n import N_
from minutes.meetings import changes as meeting_changes
from minutes.meetings import compare, merge, recorded, revisions
from minutes.meetings.carried import open_tasks_before
from minutes.meetings.models import REGULAR_KINDS, Attendance, Meeting, MinutesRevision, Submission, Task
from minutes.meetings.schemas import MinutesIn
from minutes.meetings.service import get_meeting
from minutes.meetings.structure import load_structure
from minutes.orgs.models import OrgUnit


@dataclass(frozen=True)
class BranchRecord:
    """A branch's recent record, shown to its reviewers: attendance trend and open tasks."""

    attendance: list[tuple[str, int, int]]  # period, present, expected
    open_tasks: list[Task]


def branch_record(
    session: Session, *, meeting: Meeting, months: int = 6, open_before: list[Task] | None = None
) -> BranchRecord:
    """Attendance at the branch's last regular meetings up to this one, and the tasks still open
    (``open_before``, when the caller has already read them)."""
    parameters = {"branch_id": meeting.org_unit_id, "period": meeting.period, "months": months}
    rows = session.execute(_attendance_by_month(), parameters).all()
    return BranchRecord(
        attendance=[(period, int(present), int(base)) for period, present, base in reversed(rows)],
        open_tasks=open_tasks_before(session, meeting) if open_before is None else open_before,
    )


@functools.cache
def _attendance_by_month() -> Select[str, int, int]:
    """Present and expected at a branch's last regular meetings up to a period (built once: every
    form and review page asks)."""
    expected = Attendance.status.not_in(("exempt", "elsewhere", "suspended"))
    return (
        select(
            Meeting.period, func.count().filter(Attendance.status == "present"), func.count().filter(expected)
        )
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Meeting.org_unit_id == bindparam("branch_id"),
            Meeting.kind.in_(REGULAR_KINDS),
            Meeting.period <= bindparam("period", type_=String),
        )
        .group_by(Meeting.period)
        .order_by(Meeting.period.desc())
        .limit(bindparam("months"))
    )


def default_year_below(session: Session, *, unit: OrgUnit) -> int:
    """The year a report of a unit opens on: that of its latest regular meeting, or this year."""
    latest = latest_month_below(session, unit=unit)
    return int(latest[:4]) if latest else clock.today().year


def latest_month_below(session: Session, *, unit: OrgUnit) -> str | None:
    """The latest month with a regular meeting in a unit's subtree (where a board should open)."""
    return session.scalar(
        select(func.max(Meeting.period))
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(access.in_subtree(OrgUnit.path, unit.path), Meeting.kind.in_(REGULAR_KINDS))
    )


@dataclass(frozen=True)
class VersionLine:
    """A version of the minutes: who saved it, its status, and the parts it changed."""

    revision: MinutesRevision
    saved_by: str | None
    status: str
    changed: list[str]


@dataclass(frozen=True)
class Sitting:
    """One person's sitting at the form: the version it ended with, the working copies the form
    saved by itself on the way, and the parts the whole sitting changed."""

    last: VersionLine
    working: list[VersionLine]
    changed: list[str]


# Working copies further apart than this belong to two sittings.
SITTING_GAP = dt.timedelta(hours=2)


def sittings(lines: list[VersionLine]) -> list[Sitting]:
    """The versions grouped by sitting, oldest first: a run of one person's working copies (within
    two hours of each other, in one status) with the save that ended it, if any."""
    groups: list[list[VersionLine]] = []
    for line in lines:
        group = groups[-1] if groups else []
        if group and _same_sitting(group[-1], line):
            group.append(line)
        else:
            groups.append([line])
    result, before = [], None
    for group in groups:
        last = group[-1]
        changed = last.changed if len(group) == 1 else _changed(before, last.revision)
        result.append(Sitting(last, group[:-1], changed))
        before = last.revision
    return result


def _same_sitting(previous: VersionLine, line: VersionLine) -> bool:
    earlier, later = previous.revision, line.revision
    return (
        earlier.autosave
        and earlier.saved_by_id == later.saved_by_id
        and previous.status == line.status
        and later.saved_at - earlier.saved_at <= SITTING_GAP
    )


def versions(session: Session, *, actor: Actor, meeting_id: int) -> list[VersionLine]:
    """Every version, oldest first, with who saved it, its status (submitted if it was), and the
    parts it changed from the one before."""
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id)
    submitted = set(session.scalars(select(Submission.version).where(Submission.meeting_id == meeting.id)))
    rows = session.execute(
        select(MinutesRevision, User.full_name)
        .outerjoin(User, User.id == MinutesRevision.saved_by_id)
        .where(MinutesRevision.meeting_id == meeting.id)
        .order_by(MinutesRevision.version)
    ).all()
    lines, before = [], None
    for revision, name in rows:
        status = "submitted" if revision.version in submitted else revision.status
        lines.append(VersionLine(revision, name, status, _changed(before, revision)))
        before = revision
    return lines


def _changed(before: MinutesRevision | None, revision: MinutesRevision) -> list[str]:
    if before is None:
        return []
    names = {**recorded.names_of(before.content), **recorded.names_of(revision.content)}
    titles = {t["task_id"]: t["title"] for t in revision.content.get("open_tasks") or []}
    parts = compare.differences(
        recorded.as_written(before.content),
        recorded.as_written(revision.content),
        structure=load_structure(revision.structure_kind, revision.structure_version),
        names=names,
        task_titles=titles,
    )
    return [part.title for part in parts]


def get_version(session: Session, *, actor: Actor, meeting_id: int, version: int) -> MinutesRevision:
    """One revision of a meeting's minutes."""
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id)
    revision = session.scalar(
        select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting.id, MinutesRevision.version == version
        )
    )
    if revision is None:
        raise NotFound()
    return revision


def proposed_choices(
    session: Session, *, actor: Actor, meeting_id: int, body: dict[str, Any], parts: list[str]
) -> dict[str, str]:
    """The conflict screen's proposal for each differing part: her text where she changed it since
    the version her form started from, the saved one where only the colleague did."""
    try:
        mine = MinutesIn.model_validate(body).model_dump(
            mode="json", by_alias=True, exclude={"version", "client_save_id"}
        )
    except ValidationError:
        return dict.fromkeys(parts, "mine")  # counts not yet numbers: nothing to compare, keep hers
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id)
    base = revisions.version_body(session, meeting.id, int(body.get("version") or 0))
    return merge.default_choices(base, mine, parts)


def previous_tasks(session: Session, *, actor: Actor, meeting_id: int) -> list[Task]:
    """The open tasks the meeting must evaluate (API `previous-tasks`)."""
    return open_tasks_before(session, get_meeting(session, actor=actor, meeting_id=meeting_id))


def changes(
    session: Session, *, actor: Actor, meeting_id: int, first: int | None = None, last: int | None = None
) -> dict[str, Any]:
    """What changed from one version to another, part by part (by default, in the last save)."""
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id)
    last = last or meeting.minutes_version
    first = first or last - 1
    if first < 1 or first >= last:
        raise invalid_field("from", N_("Choose two versions, the earlier one first."))
    before = get_version(session, actor=actor, meeting_id=meeting_id, version=first)
    after = get_version(session, actor=actor, meeting_id=meeting_id, version=last)
    structure = load_structure(after.structure_kind, after.structure_version)
    return meeting_changes.between(before.content, after.content, structure=structure)


FIRST_NUMBER = "01-BB/CB"  # minutes (BB) of a branch (CB), numbered from 01 in a term (B.5.2)


def next_number(session: Session, *, meeting: Meeting) -> str:
    """The number to suggest for a meeting's minutes: one more than the branch's latest numbered
    minutes before it (a secretary starts again at 01 when a new term begins)."""
    parameters = {"branch_id": meeting.org_unit_id, "meeting_id": meeting.id, "at": meeting.scheduled_at}
    latest = session.scalars(_numbers_before(), parameters)
    for number in latest:
        if match := re.match(r"^(\d+)(.*)$", str(number or "")):
            digits, rest = match.groups()
            return f"{int(digits) + 1:0{len(digits)}d}{rest}"
    return FIRST_NUMBER


@functools.cache
def _numbers_before() -> Select[str]:
    """The numbers of a branch's latest minutes before a meeting, newest first (built once: every
    form and review page asks). The number alone is read inside the stored JSON: the contents
    themselves are tens of KB each."""
    return (
        select(MinutesRevision.content["number"].as_string())
        .join(
            Meeting,
            and_(
                Meeting.id == MinutesRevision.meeting_id, Meeting.minutes_version == MinutesRevision.version
            ),
        )
        .where(
            Meeting.org_unit_id == bindparam("branch_id"),
            Meeting.id != bindparam("meeting_id"),
            Meeting.scheduled_at < bindparam("at", type_=UTCDateTime),
        )
        .order_by(Meeting.scheduled_at.desc())
        .limit(24)
    )
