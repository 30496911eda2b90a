"""Writing the facts of the moment into revisions that were stored without them.

Revisions saved through ``service.save_minutes`` record their facts as they are saved.
Revisions written in bulk (the demo, the benchmarks' generator) get theirs here, from the
records as they stand, once; ``minutes db record-facts`` runs it on any database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from minutes import clock
from minutes.alphabet import COLLATION
from minutes.meetings import carried, recorded, revisions, roll
from minutes.meetings.models import Meeting, MinutesRevision, Submission
from minutes.meetings.schemas import MinutesIn
from minutes.orgs.models import Member, OrgUnit


def record_missing(session: Session) -> int:
    """Record the facts of every revision stored without them, and each meeting's first
    submission; return how many revisions were completed."""
    first = select(func.min(Submission.submitted_at)).where(Submission.meeting_id == Meeting.id)
    session.execute(
        update(Meeting)
        .where(Meeting.first_submitted_at.is_(None), Meeting.submitted_at.is_not(None))
        .values(first_submitted_at=func.coalesce(first.scalar_subquery(), Meeting.submitted_at))
    )
    pending = list(session.scalars(select(MinutesRevision).order_by(MinutesRevision.meeting_id)))
    pending = [revision for revision in pending if "roll" not in revision.content]
    if not pending:
        return 0
    units = {unit.id: unit for unit in session.scalars(select(OrgUnit))}
    members_by_branch: dict[int | None, list[Member]] = defaultdict(list)
    for member in session.scalars(select(Member).order_by(Member.full_name.collate(COLLATION), Member.id)):
        members_by_branch[member.org_unit_id].append(member)
    by_meeting: dict[int, list[MinutesRevision]] = defaultdict(list)
    for revision in pending:
        by_meeting[revision.meeting_id].append(revision)
    meetings = {m.id: m for m in session.scalars(select(Meeting).where(Meeting.id.in_(by_meeting)))}
    with session.no_autoflush:  # each lookup below would otherwise flush the contents changed so far
        for meeting_id, revisions_of_meeting in by_meeting.items():
            _record_meeting(session, meetings[meeting_id], revisions_of_meeting, units, members_by_branch)
    session.flush()
    return len(pending)


def _record_meeting(
    session: Session,
    meeting: Meeting,
    revisions_of_meeting: list[MinutesRevision],
    units: dict[int, OrgUnit],
    members_by_branch: dict[int | None, list[Member]],
) -> None:
    """Record the facts of one meeting's revisions: its branch's roll and its open tasks of today."""
    branch = units[meeting.org_unit_id]
    day = clock.office_date(meeting.scheduled_at)
    people = _people_of(session, members_by_branch[branch.id], revisions_of_meeting, day)
    open_tasks = revisions.open_tasks_as_recorded(session, carried.open_tasks_before(session, meeting))
    for revision in revisions_of_meeting:
        body = MinutesIn.model_validate({**revision.content, "version": 0})
        revision.content = revisions.recorded_content(
            session, meeting=meeting, branch=branch, body=body, people=people, open_tasks=open_tasks
        )


def _people_of(
    session: Session, members: list[Member], revisions_of_meeting: list[MinutesRevision], day: dt.date
) -> list[recorded.Person]:
    """The roll the meeting's roll-calls name (who was there as a member then), or the branch's
    members as they stand when no roll-call was written: someone who joined later is no part
    of an old meeting's record."""
    named = {
        line["member_id"]
        for r in revisions_of_meeting
        for line in r.content.get("attendance", [])
        if line.get("member_id") is not None and line.get("status") != "visiting"
    }
    if not named:
        return roll.people_now(members, None, day)
    people = roll.people_now([m for m in members if m.id in named], None, day)
    others = named - {person.id for person in people}
    if others:
        left = session.scalars(
            select(Member).where(Member.id.in_(others)).order_by(Member.full_name.collate(COLLATION))
        )
        people += roll.people_now(list(left), None, day)
    return people
