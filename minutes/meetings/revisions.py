"""Writing a revision of minutes: the references check, the version claim, the revision row, and
the tables the reports read (roll-call, tasks, delegates, evaluations), all in the save's transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.config import get_settings
from minutes.db import Base
from minutes.errors import Conflict, Invalid
from minutes.i18n import N_
from minutes.meetings import counts, recorded
from minutes.meetings.facts import VISITING
from minutes.meetings.merge import resolve, three_way
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
from minutes.orgs.models import Member, OrgUnit


def check_references(
    body: MinutesIn,
    *,
    member_ids: set[int],
    text_keys: set[str],
    evaluable: set[int],
    own_tasks: set[int],
    accounts: set[int],
    visitors: Collection[int] = (),
) -> None:
    """Refuse a body that names a member, section, task or account the meeting does not have."""
    details: list[dict[str, Any]] = []
    for i, line in enumerate(body.attendance):
        if line.status == VISITING and line.member_id is not None and line.member_id not in visitors:
            details.append(
                {
                    "field": f"attendance.{i}.member_id",
                    "message": N_(
                        "This visitor is not a member of another branch of the district. Pick another, "
                        "or type the visitor's name and branch."
                    ),
                }
            )
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
        *(
            (f"attendance.{i}.member_id", line.member_id)
            for i, line in enumerate(body.attendance)
            if line.status != VISITING
        ),
        *((f"opinions.{i}.member_id", o.member_id) for i, o in enumerate(body.opinions)),
        *((f"tasks.{i}.assignee_member_id", t.assignee_member_id) for i, t in enumerate(body.tasks)),
        # a vote on a member of the branch (recognition, removal); a candidate is named instead
        *((f"votes.{key}.member_id", vote.member_id) for key, vote in body.votes.items()),
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


def saved_with_id(session: Session, meeting_id: int, save_id: str, saved_by: int) -> list[MinutesRevision]:
    """The revisions one person's device saved under one save id, oldest first (the first carries
    the id itself, later bodies sent under it carry "<id>.<n>")."""
    return list(
        session.scalars(
            select(MinutesRevision)
            .where(
                MinutesRevision.meeting_id == meeting_id,
                MinutesRevision.saved_by_id == saved_by,
                or_(
                    MinutesRevision.client_save_id == save_id,
                    MinutesRevision.client_save_id.startswith(f"{save_id}.", autoescape=True),
                ),
            )
            .order_by(MinutesRevision.version)
        )
    )


def stale(meeting: Meeting) -> Conflict:
    """The refusal of a save made against a version someone else has since saved over."""
    return Conflict(
        N_(
            "Someone saved these minutes after you opened them (version {current}). Compare the two texts and choose what to keep."
        ),
        current=meeting.minutes_version,
    )


def against_current(session: Session, *, meeting: Meeting, body: MinutesIn, merge: bool) -> MinutesIn:
    """The body to save over the current version: itself when it started from it; merged with
    the saves made since when asked to and they changed other parts; else a 409 (stale)."""
    if body.version == meeting.minutes_version:
        return body
    if not merge or body.version > meeting.minutes_version:
        raise stale(meeting)
    base, theirs = (
        version_body(session, meeting.id, body.version),
        version_body(session, meeting.id, meeting.minutes_version),
    )
    mine = body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"})
    merged = three_way(base, mine, theirs)
    if merged is None:
        raise stale(meeting)
    return MinutesIn.model_validate(
        {**merged, "version": meeting.minutes_version, "client_save_id": body.client_save_id}
    )


def resolved(session: Session, *, meeting: Meeting, body: MinutesIn, choices: Mapping[str, str]) -> MinutesIn:
    """What the conflict screen chose: the version it showed (``body.version``) with the parts
    the person kept from their own text. Saved against that version, so a newer save meanwhile
    brings the screen back instead of being overwritten."""
    theirs = version_body(session, meeting.id, body.version)
    mine = body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"})
    return MinutesIn.model_validate({**resolve(mine, theirs, choices), "version": body.version})


def version_body(session: Session, meeting_id: int, version: int) -> dict[str, Any]:
    """A version's content as its writer gave it, in the shape a body is compared in ({} for none)."""
    revision = session.scalar(
        select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting_id, MinutesRevision.version == version
        )
    )
    if revision is None:
        return {}
    written = MinutesIn.model_validate({**recorded.as_written(revision.content), "version": 0})
    return written.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"})


def saved_again(body: MinutesIn, family: list[MinutesRevision], meeting: Meeting) -> MinutesIn:
    """A new body under a save id already used: the same device typed on after its answer was
    lost. It is saved over that device's own versions, never answered with the old text."""
    if family[-1].version != meeting.minutes_version or family[0].version != body.version + 1:
        raise stale(meeting)
    return body.model_copy(
        update={"version": meeting.minutes_version, "client_save_id": f"{body.client_save_id}.{len(family)}"}
    )


def same_body(revision: MinutesRevision, body: MinutesIn) -> bool:
    """Whether a body is the one a revision stored (task ids aside: the save gives them)."""

    def comparable(content: dict[str, Any]) -> dict[str, Any]:
        tasks = [{k: v for k, v in task.items() if k != "id"} for task in content.get("tasks", [])]
        return {**content, "tasks": tasks}

    sent = _canonical(body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"}))
    stored = _canonical(revision.content)
    return comparable(stored) == comparable(sent)


def _canonical(content: Mapping[str, Any]) -> dict[str, Any]:
    """A body in one shape whatever it carried: without recorded names (a client may send back
    what it read), each field as the schema gives it."""
    body = MinutesIn.model_validate({**recorded.as_written(content), "version": 0})
    return recorded.compact(
        body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"})
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
    content: dict[str, Any],
    status: str,
    version: int,
    autosave: bool = False,
) -> MinutesRevision:
    """Write the new revision row (a simultaneous save of the same version loses with a 409)."""
    revision = MinutesRevision(
        meeting_id=meeting.id,
        version=version,
        status=status,
        structure_kind=structure.kind,
        structure_version=structure.version,
        content=content,
        client_save_id=body.client_save_id,
        saved_by_id=actor.user_id or None,
        autosave=autosave,
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
    _insert_all(
        session,
        Attendance,
        [
            {
                "meeting_id": meeting.id,
                "member_id": line.member_id,
                "status": line.status,
                "reason": line.reason,
            }
            for line in {line.member_id: line for line in body.attendance if line.status != VISITING}.values()
            if line.member_id is not None  # a visitor is counted in their own branch, not here
        ],
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
    _insert_all(
        session,
        MeetingDelegate,
        [
            {"meeting_id": meeting.id, "user_id": d.user_id, "name": d.name, "post": d.post, "level": d.level}
            for d in body.delegates
        ],
    )
    session.execute(delete(TaskEvaluation).where(TaskEvaluation.meeting_id == meeting.id))
    _insert_all(
        session,
        TaskEvaluation,
        [
            {"meeting_id": meeting.id, "task_id": e.task_id, "status": e.status, "note": e.note}
            for e in body.previous_tasks
        ],
    )
    return body.model_copy(update={"tasks": tasks})


def _insert_all(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert rows in one executemany without RETURNING (a save wrote 60 single-row INSERTs)."""
    if rows:
        session.execute(insert(model), rows)


def recorded_content(
    session: Session,
    *,
    meeting: Meeting,
    branch: OrgUnit,
    body: MinutesIn,
    people: list[recorded.Person],
    open_tasks: list[recorded.OpenTask],
    visitors: Mapping[int, recorded.Visitor] | None = None,
) -> dict[str, Any]:
    """The body as the revision stores it: with the names, statuses and units of the moment."""
    committee = session.get(OrgUnit, branch.parent_id) if branch.parent_id else None
    committee_name = committee.name if committee else ""
    return recorded.record(
        body.model_dump(mode="json", by_alias=True, exclude={"version", "client_save_id"}),
        kind=meeting.kind,
        roll=people,
        org_unit_name=branch.name,
        committee_name=committee_name,
        place_name=recorded.place_of(
            branch.place_name, committee.place_name if committee else None, committee_name
        ),
        open_tasks=open_tasks,
        visitors=visitors,
        thresholds=counts.thresholds_from(get_settings()),
    )


def open_tasks_as_recorded(session: Session, open_before: Sequence[Task]) -> list[recorded.OpenTask]:
    """The tasks a meeting must evaluate, with their titles and owners' names of today."""
    owners = {task.assignee_member_id for task in open_before} - {None}
    query = select(Member.id, Member.full_name).where(Member.id.in_(owners))
    owner_names: dict[int, str] = (
        {member_id: name for member_id, name in session.execute(query)} if owners else {}
    )
    return [
        recorded.OpenTask(task.id, task.title, owner_names.get(task.assignee_member_id or 0))
        for task in open_before
    ]
