"""Use cases of meetings and minutes: plan, save a revision, check, submit, read back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.audit import service as audit
from minutes.auth import service as auth_service
from minutes.auth.models import User
from minutes.errors import Conflict, Invalid, NotFound, invalid_field
from minutes.i18n import N_
from minutes.meetings import events, periods, workflow
from minutes.meetings import rules as checks
from minutes.meetings.findings import Finding
from minutes.meetings.models import (
    Attendance,
    Meeting,
    MeetingDelegate,
    MinutesRevision,
    Submission,
    Task,
    TaskEvaluation,
)
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.meetings.structure import Structure, load_structure, structure_in_force
from minutes.orgs.models import Member, OrgUnit

REGULAR_KINDS = ("regular", "combined")


@dataclass(frozen=True)
class MinutesState:
    """A meeting with its branch, current revision, structure and branch members."""

    meeting: Meeting
    branch: OrgUnit
    revision: MinutesRevision | None
    structure: Structure
    members: list[Member]


def _branch_of(session: Session, meeting: Meeting) -> OrgUnit:
    branch = session.get(OrgUnit, meeting.org_unit_id)
    assert branch is not None
    return branch


def get_meeting(session: Session, *, actor: Actor, meeting_id: int, action: str = "meeting.view") -> Meeting:
    """A meeting of a branch in the actor's part (404 outside, 403 without the role)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    access.require(actor, action, _branch_of(session, meeting).path)
    return meeting


def plan_meeting(session: Session, *, actor: Actor, data: MeetingCreate) -> Meeting:
    """Plan a meeting of a branch; at most one regular meeting per branch per month."""
    branch = session.get(OrgUnit, data.org_unit_id)
    if branch is None or not actor.can_see(branch.path):
        raise NotFound()
    access.require(actor, "meeting.record", branch.path)
    if not branch.is_branch or branch.closed_on:
        raise invalid_field("org_unit_id", N_("Meetings are held by an open branch. Choose a branch."))
    if problem := periods.period_problem(data.kind, data.period):
        raise invalid_field("period", problem)
    if data.kind in REGULAR_KINDS and _regular_meeting_of(session, branch.id, data.period) is not None:
        raise Conflict(
            N_(
                "The branch already has a regular meeting for {period}. Open that meeting instead of planning a new one."
            ),
            period=data.period,
        )
    meeting = Meeting(
        org_unit_id=branch.id,
        kind=data.kind,
        period=data.period,
        scheduled_at=data.scheduled_at,
        place=data.place,
        topic=data.topic,
        created_by_id=actor.user_id or None,
    )
    session.add(meeting)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="meeting.planned",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=branch.id,
        data={"kind": meeting.kind, "period": meeting.period},
    )
    return meeting


def _regular_meeting_of(session: Session, branch_id: int, period: str) -> Meeting | None:
    return session.scalar(
        select(Meeting).where(
            Meeting.org_unit_id == branch_id,
            Meeting.period == period,
            Meeting.kind.in_(REGULAR_KINDS),
            Meeting.status != "cancelled",
        )
    )


def list_meetings(
    session: Session,
    *,
    actor: Actor,
    org_unit_id: int | None = None,
    period: str | None = None,
    status: str | None = None,
) -> list[Meeting]:
    """Meetings the actor may see, optionally below a unit, of a period or a status."""
    query = select(Meeting).join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
    query = query.where(access.visible_condition(actor, OrgUnit.path))
    if org_unit_id is not None:
        unit = session.get(OrgUnit, org_unit_id)
        if unit is None or not actor.can_see(unit.path):
            raise NotFound()
        query = query.where(access.in_subtree(OrgUnit.path, unit.path))
    if period:
        query = query.where(Meeting.period == period)
    if status:
        query = query.where(Meeting.status == status)
    return list(session.scalars(query.order_by(Meeting.scheduled_at.desc(), Meeting.id.desc())))


def set_meeting_status(
    session: Session, *, actor: Actor, meeting_id: int, status: str, reason: str
) -> Meeting:
    """Record that a planned meeting was not held, or was cancelled, with the reason."""
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id, action="meeting.record")
    if meeting.minutes_version:
        raise Invalid(N_("Minutes were already recorded for this meeting, so it was held."))
    if not reason.strip():
        raise invalid_field("reason", N_("Write why the meeting did not take place."))
    meeting.status, meeting.status_reason = status, reason.strip()
    audit.record(
        session,
        actor=actor,
        action=f"meeting.{status}",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"reason": meeting.status_reason},
    )
    session.flush()
    return meeting


def current_revision(session: Session, meeting: Meeting) -> MinutesRevision | None:
    """The latest saved revision of the meeting's minutes."""
    if not meeting.minutes_version:
        return None
    return session.scalar(
        select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting.id, MinutesRevision.version == meeting.minutes_version
        )
    )


def branch_members(session: Session, branch_id: int) -> list[Member]:
    """The branch's current members, by name."""
    return list(
        session.scalars(
            select(Member).where(Member.org_unit_id == branch_id).order_by(Member.full_name, Member.id)
        )
    )


def minutes_state(
    session: Session, *, actor: Actor, meeting_id: int, action: str = "meeting.view"
) -> MinutesState:
    """Everything a page, a check or an export needs about one meeting's minutes."""
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id, action=action)
    revision = current_revision(session, meeting)
    structure = (
        load_structure(revision.structure_kind, revision.structure_version)
        if revision
        else structure_in_force(meeting.kind)
    )
    return MinutesState(
        meeting,
        _branch_of(session, meeting),
        revision,
        structure,
        branch_members(session, meeting.org_unit_id),
    )


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The branch's last regular meeting before this one that has minutes."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.org_unit_id == meeting.org_unit_id,
            Meeting.kind.in_(REGULAR_KINDS),
            Meeting.period < meeting.period,
            Meeting.minutes_version > 0,
        )
        .order_by(Meeting.period.desc())
        .limit(1)
    )


def open_tasks_before(session: Session, meeting: Meeting) -> list[Task]:
    """What this meeting must evaluate first: the previous regular meeting's tasks not done.

    Those are the tasks it assigned that are not marked done, and the tasks it carried over
    (evaluated there as partly done or not done).
    """
    if meeting.kind not in REGULAR_KINDS:
        return []  # a thematic or extraordinary meeting does not evaluate last month's tasks
    previous = previous_meeting(session, meeting)
    if previous is None:
        return []
    assigned = select(Task).where(Task.meeting_id == previous.id, Task.status != "done")
    carried = (
        select(Task)
        .join(TaskEvaluation, TaskEvaluation.task_id == Task.id)
        .where(TaskEvaluation.meeting_id == previous.id, TaskEvaluation.status != "done")
    )
    tasks = {task.id: task for task in session.scalars(assigned)}
    tasks.update({task.id: task for task in session.scalars(carried)})
    return sorted(tasks.values(), key=lambda task: (task.meeting_id, task.position))


def previous_tasks(session: Session, *, actor: Actor, meeting_id: int) -> list[Task]:
    """The open tasks the meeting must evaluate (API `previous-tasks`)."""
    return open_tasks_before(session, get_meeting(session, actor=actor, meeting_id=meeting_id))


def _check_references(
    state: MinutesState, body: MinutesIn, evaluable: set[int], own_tasks: set[int], accounts: set[int]
) -> None:
    member_ids = {member.id for member in state.members}
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
    text_keys = {section.key for section in state.structure.text_sections()}
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


def save_minutes(
    session: Session, *, actor: Actor, meeting_id: int, body: MinutesIn
) -> tuple[MinutesRevision, list[Finding]]:
    """Save the whole minutes as a new revision; a stale version is refused, never overwritten."""
    state = minutes_state(session, actor=actor, meeting_id=meeting_id, action="meeting.record")
    meeting = state.meeting
    if body.client_save_id and (repeat := _revision_with_save_id(session, meeting.id, body.client_save_id)):
        return repeat, findings_of(session, state)
    new_status = workflow.next_status(meeting.minutes_status, "save")
    if body.version != meeting.minutes_version:
        raise Conflict(
            N_(
                "Someone saved these minutes after you opened them (version {current}). Compare the two texts and choose what to keep."
            ),
            current=meeting.minutes_version,
        )
    own_tasks = set(session.scalars(select(Task.id).where(Task.meeting_id == meeting.id)))
    evaluable = {task.id for task in open_tasks_before(session, meeting)}
    accounts = {user.id for user in linkable_accounts(session, branch=state.branch)}
    _check_references(state, body, evaluable, own_tasks, accounts)
    version = meeting.minutes_version + 1
    _claim_next_version(session, meeting=meeting, status=new_status)
    body = _project(session, meeting=meeting, body=body)
    revision = _insert_revision(
        session, actor=actor, state=state, body=body, status=new_status, version=version
    )
    events.minutes_saved(
        session,
        events.MinutesSaved(
            meeting_id=meeting.id,
            branch_id=meeting.org_unit_id,
            period=meeting.period,
            content=revision.content,
        ),
    )
    audit.record(
        session,
        actor=actor,
        action="minutes.saved",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"version": version, "status": new_status},
    )
    session.flush()
    session.expire(meeting)
    return revision, findings_of(session, minutes_state(session, actor=actor, meeting_id=meeting_id))


def _revision_with_save_id(session: Session, meeting_id: int, save_id: str) -> MinutesRevision | None:
    return session.scalar(
        select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting_id, MinutesRevision.client_save_id == save_id
        )
    )


def _claim_next_version(session: Session, *, meeting: Meeting, status: str) -> None:
    """Take the next version number; of two simultaneous saves of one version only one wins."""
    old = meeting.minutes_version
    claimed = session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.minutes_version == old)
        .values(minutes_version=old + 1, minutes_status=status, status="held", status_reason=None)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(N_("Someone saved these minutes at the same moment. Reload the page and try again."))


def _insert_revision(
    session: Session, *, actor: Actor, state: MinutesState, body: MinutesIn, status: str, version: int
) -> MinutesRevision:
    revision = MinutesRevision(
        meeting_id=state.meeting.id,
        version=version,
        status=status,
        structure_kind=state.structure.kind,
        structure_version=state.structure.version,
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


def _project(session: Session, *, meeting: Meeting, body: MinutesIn) -> MinutesIn:
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


def facts_of(session: Session, state: MinutesState) -> checks.MinutesFacts:
    """The plain facts the pure checks read, from the current revision."""
    content = state.revision.content if state.revision else {}
    evaluated = {e["task_id"] for e in content.get("previous_tasks", [])}
    unevaluated = sum(1 for task in open_tasks_before(session, state.meeting) if task.id not in evaluated)
    votes = {
        key: checks.VoteFacts(for_=v["for"], against=v.get("against", 0), abstain=v.get("abstain", 0))
        for key, v in content.get("votes", {}).items()
    }
    return checks.MinutesFacts(
        kind=state.meeting.kind,
        started_at=_datetime(content.get("started_at")),
        ended_at=_datetime(content.get("ended_at")),
        place=content.get("place"),
        chair_member_id=content.get("chair_member_id"),
        recorder_member_id=content.get("recorder_member_id"),
        members=tuple(checks.MemberFacts(m.id, m.full_name, m.status) for m in state.members),  # type: ignore[arg-type]
        attendance=tuple(
            checks.AttendanceFacts(a["member_id"], a["status"], a.get("reason"))
            for a in content.get("attendance", [])
        ),
        sections=dict(content.get("sections", {})),
        opinions=tuple(
            checks.OpinionFacts(o["section"], o.get("member_id"), o.get("speaker_name"), o.get("content", ""))
            for o in content.get("opinions", [])
        ),
        tasks=tuple(
            checks.TaskFacts(
                t["title"], t.get("assignee_member_id"), _date(t.get("due_on")), t.get("status", "open")
            )
            for t in content.get("tasks", [])
        ),
        votes=votes,
        previous_tasks_unevaluated=unevaluated,
    )


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def findings_of(session: Session, state: MinutesState) -> list[Finding]:
    """The checks of DOMAIN Part A on the current minutes."""
    return checks.check_minutes(facts_of(session, state), state.structure)


def findings(session: Session, *, actor: Actor, meeting_id: int) -> list[Finding]:
    """The findings of a meeting's current minutes."""
    return findings_of(session, minutes_state(session, actor=actor, meeting_id=meeting_id))


def submit(session: Session, *, actor: Actor, meeting_id: int) -> Meeting:
    """Send the minutes to the committee above; refused while any error remains."""
    state = minutes_state(session, actor=actor, meeting_id=meeting_id, action="meeting.submit")
    meeting = state.meeting
    new_status = workflow.next_status(meeting.minutes_status, "submit")
    errors = [finding for finding in findings_of(session, state) if finding.severity == "error"]
    if errors:
        raise Invalid(
            N_("The minutes still have {count} errors. Correct them, then submit again."),
            count=len(errors),
            details=[
                {
                    "field": f.section or "",
                    "code": f.code,
                    "severity": f.severity,
                    "section": f.section,
                    "text": f.text,
                }
                for f in errors
            ],
        )
    meeting.minutes_status, meeting.submitted_at = new_status, dt.datetime.now(dt.UTC)
    session.add(
        Submission(
            meeting_id=meeting.id, version=meeting.minutes_version, submitted_by_id=actor.user_id or None
        )
    )
    audit.record(
        session,
        actor=actor,
        action="minutes.submitted",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"version": meeting.minutes_version},
    )
    session.flush()
    return meeting


def versions(
    session: Session, *, actor: Actor, meeting_id: int
) -> list[tuple[MinutesRevision, str | None, str]]:
    """Every revision, oldest first, with who saved it and its status (submitted if it was)."""
    meeting = get_meeting(session, actor=actor, meeting_id=meeting_id)
    submitted = set(session.scalars(select(Submission.version).where(Submission.meeting_id == meeting.id)))
    rows = session.execute(
        select(MinutesRevision, User.full_name)
        .outerjoin(User, User.id == MinutesRevision.saved_by_id)
        .where(MinutesRevision.meeting_id == meeting.id)
        .order_by(MinutesRevision.version)
    ).all()
    return [(rev, name, "submitted" if rev.version in submitted else rev.status) for rev, name in rows]


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


def meetings_of_branch(session: Session, *, actor: Actor, branch_id: int) -> list[Meeting]:
    """A branch's meetings, newest first."""
    branch = session.get(OrgUnit, branch_id)
    if branch is None:
        raise NotFound()
    access.require(actor, "meeting.view", branch.path)
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.org_unit_id == branch.id)
            .order_by(Meeting.period.desc(), Meeting.id.desc())
        )
    )


def count_meetings(session: Session) -> int:
    """How many meetings exist (for the demo's summary)."""
    return session.scalar(select(func.count()).select_from(Meeting)) or 0


@dataclass(frozen=True)
class BranchRecord:
    """A branch's recent record, shown to its reviewers: attendance trend and open tasks."""

    attendance: list[tuple[str, int, int]]  # period, present, expected
    open_tasks: list[Task]


def branch_record(session: Session, *, meeting: Meeting, months: int = 6) -> BranchRecord:
    """Attendance at the branch's last regular meetings up to this one, and the tasks still open."""
    expected = Attendance.status.not_in(("exempt", "elsewhere", "suspended"))
    rows = session.execute(
        select(
            Meeting.period, func.count().filter(Attendance.status == "present"), func.count().filter(expected)
        )
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Meeting.org_unit_id == meeting.org_unit_id,
            Meeting.kind.in_(REGULAR_KINDS),
            Meeting.period <= meeting.period,
        )
        .group_by(Meeting.period)
        .order_by(Meeting.period.desc())
        .limit(months)
    ).all()
    return BranchRecord(
        attendance=[(period, int(present), int(base)) for period, present, base in reversed(rows)],
        open_tasks=open_tasks_before(session, meeting),
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


def linkable_accounts(session: Session, *, branch: OrgUnit) -> list[User]:
    """The accounts a delegate of the branch's meetings may be linked to: its supervisors."""
    return auth_service.supervisors_of(session, branch=branch)
