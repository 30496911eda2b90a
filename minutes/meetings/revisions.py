"""Writing a revision of minutes: the references check, the version claim, the revision row, and
the tables the reports read (roll-call, tasks, delegates, evaluations), all in the save's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.errors import Conflict, Invalid
from minutes.i18n import N_
from minutes.meetings.models import (
    Attendance,
    Meeting,
    MeetingDelegate,
    MinutesRevision,
    Task,
    TaskEvaluation,
)
from minutes.meetings.schemas import MinutesIn
from minutes.meetings.structure import Structure


def check_references(
    body: MinutesIn,
    *,
    member_ids: set[int],
    text_keys: set[str],
    evaluable: set[int],
    own_tasks: set[int],
    accounts: set[int],
) -> None:
    """Refuse a body that names a member, section, task or account the meeting does not have."""
    details: list[dict[str, Any]] = []
    for i, delegate in enumerate(body.delegates):
        if delegate.user_id is not None and delegate.user_id not in accounts:
            details.append(
                {
                    "field": f"delegates.{i}.user_id",
                    "message": N_("Link a delegate only to an account assigned to follow this branch."),
                }
            )
    referenced = [
        ("chair_member_id", body.chair_member_id),
        ("recorder_member_id", body.recorder_member_id),
        *((f"attendance.{i}.member_id", line.member_id) for i, line in enumerate(body.attendance)),
        *((f"opinions.{i}.member_id", o.member_id) for i, o in enumerate(body.opinions)),
        *((f"tasks.{i}.assignee_member_id", t.assignee_member_id) for i, t in enumerate(body.tasks)),
    ]
    for field, member_id in referenced:
        if member_id is not None and member_id not in member_ids:
            details.append(
                {
                    "field": field,
                    "message": N_("This member is not in the branch. Choose a member from the list."),
                }
            )
    for key in body.sections:
        if key not in text_keys:
            details.append(
                {
                    "field": f"sections.{key}",
                    "message": N_("This section is not part of the standard structure."),
                }
            )
    for i, evaluation in enumerate(body.previous_tasks):
        if evaluation.task_id not in evaluable:
            details.append(
                {
                    "field": f"previous_tasks.{i}.task_id",
                    "message": N_("This task is not among last month's open tasks."),
                }
            )
    for i, task in enumerate(body.tasks):
        if task.id is not None and task.id not in own_tasks:
            details.append({"field": f"tasks.{i}.id", "message": N_("This task belongs to another meeting.")})
    if details:
        raise Invalid(details=details)


def revision_with_save_id(session: Session, meeting_id: int, save_id: str) -> MinutesRevision | None:
    return session.scalar(
        select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting_id, MinutesRevision.client_save_id == save_id
        )
    )


def claim_next_version(session: Session, *, meeting: Meeting, status: str) -> None:
    """Take the next version number; of two simultaneous saves of one version only one wins."""
    old = meeting.minutes_version
    claimed = session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.minutes_version == old)
        .values(minutes_version=old + 1, minutes_status=status, status="held", status_reason=None)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(N_("Someone saved these minutes at the same moment. Reload the page and try again."))


def insert_revision(
    session: Session,
    *,
    actor: Actor,
    meeting: Meeting,
    structure: Structure,
    body: MinutesIn,
    status: str,
    version: int,
) -> MinutesRevision:
    """Write the new revision row (a simultaneous save of the same version loses with a 409)."""
    revision = MinutesRevision(
        meeting_id=meeting.id,
        version=version,
        status=status,
        structure_kind=structure.kind,
        structure_version=structure.version,
        content=body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"}),
        client_save_id=body.client_save_id,
        saved_by_id=actor.user_id or None,
    )
    session.add(revision)
    try:
        session.flush()
    except IntegrityError as clash:
        raise Conflict(
            N_("Someone saved these minutes at the same moment. Reload the page and try again.")
        ) from clash
    return revision


def _with_task_ids(session: Session, *, meeting: Meeting, body: MinutesIn) -> MinutesIn:
    """Give each task its identity: sent back with its id, or recognised by its title.

    Later meetings evaluate tasks by id, so a task saved again must stay the same row.
    """
    existing = {
        task.title: task.id for task in session.scalars(select(Task).where(Task.meeting_id == meeting.id))
    }
    claimed = {task.id for task in body.tasks if task.id is not None}
    tasks = []
    for task in body.tasks:
        match = existing.get(task.title)
        if task.id is None and match is not None and match not in claimed:
            claimed.add(match)
            task = task.model_copy(update={"id": match})
        tasks.append(task)
    return body.model_copy(update={"tasks": tasks})


def project(session: Session, *, meeting: Meeting, body: MinutesIn) -> MinutesIn:
    """Keep the tables the reports read in step with the new revision; return it with task ids."""
    body = _with_task_ids(session, meeting=meeting, body=body)
    session.execute(delete(Attendance).where(Attendance.meeting_id == meeting.id))
    session.add_all(
        Attendance(meeting_id=meeting.id, member_id=line.member_id, status=line.status, reason=line.reason)
        for line in {line.member_id: line for line in body.attendance}.values()
    )
    kept = {task.id for task in body.tasks if task.id is not None}
    session.execute(
        delete(Task).where(Task.meeting_id == meeting.id, Task.id.not_in(kept) if kept else true())
    )
    tasks = []
    for position, task in enumerate(body.tasks):
        fields = {
            "position": position,
            "title": task.title,
            "assignee_member_id": task.assignee_member_id,
            "due_on": task.due_on,
            "status": task.status,
            "note": task.note,
        }
        if task.id is not None:
            session.execute(update(Task).where(Task.id == task.id).values(**fields))
            tasks.append(task)
        else:
            row = Task(meeting_id=meeting.id, **fields)
            session.add(row)
            session.flush()
            tasks.append(task.model_copy(update={"id": row.id}))
    session.execute(delete(MeetingDelegate).where(MeetingDelegate.meeting_id == meeting.id))
    session.add_all(
        MeetingDelegate(meeting_id=meeting.id, user_id=d.user_id, name=d.name, post=d.post, level=d.level)
        for d in body.delegates
    )
    session.execute(delete(TaskEvaluation).where(TaskEvaluation.meeting_id == meeting.id))
    session.add_all(
        TaskEvaluation(meeting_id=meeting.id, task_id=e.task_id, status=e.status, note=e.note)
        for e in body.previous_tasks
    )
    return body.model_copy(update={"tasks": tasks})
