"""Use cases of meetings and minutes: plan, save a revision, check, submit, read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.audit import service as audit
from minutes.auth import service as auth_service
from minutes.auth.models import User
from minutes.config import get_settings
from minutes.errors import Conflict, Invalid, NotFound, invalid_field
from minutes.i18n import N_
from minutes.meetings import counts, events, facts, periods, recorded, revisions, roll, workflow
from minutes.meetings import rules as checks
from minutes.meetings.carried import open_tasks_before
from minutes.meetings.findings import Finding
from minutes.meetings.models import REGULAR_KINDS, Meeting, MinutesRevision, Submission, Task
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.meetings.structure import Structure, load_structure, structure_in_force
from minutes.orgs import service as orgs_service
from minutes.orgs import then as orgs_then
from minutes.orgs.models import OrgUnit


@dataclass(frozen=True)
class MinutesState:
    """A meeting with its branch, current revision, structure and branch members."""

    meeting: Meeting
    branch: OrgUnit
    revision: MinutesRevision | None
    structure: Structure
    # The branch's members now, with anyone the last revision recorded who has left since.
    members: list[recorded.Person]


def _branch_of(session: Session, meeting: Meeting) -> OrgUnit:
    branch = session.get(OrgUnit, meeting.org_unit_id)
    assert branch is not None
    return branch


def get_meeting(session: Session, *, actor: Actor, meeting_id: int, action: str = "meeting.view") -> Meeting:
    """A meeting of a branch in the actor's part (404 outside, 403 without the role)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound()
    branch = _branch_of(session, meeting)
    path = branch.path
    if action == "meeting.view" and not actor.can_see(path):  # the committee of the day keeps reading
        # The month's committee, as the reports count it (a month belongs to the committee the
        # branch was under when it began); a meeting planned after the move knew of it.
        day = clock.office_date(meeting.scheduled_at).replace(day=1)
        path = orgs_then.path_on(session, unit=branch, day=day, known_at=meeting.created_at)
    access.require(actor, action, path)
    return meeting


def plan_meeting(session: Session, *, actor: Actor, data: MeetingCreate) -> Meeting:
    """Plan a meeting of a branch; at most one regular meeting per branch per month."""
    branch = orgs_service.get_unit(session, actor=actor, unit_id=data.org_unit_id, action="meeting.record")
    if not branch.is_branch or branch.closed_on:
        raise invalid_field("org_unit_id", N_("Meetings are held by an open branch. Choose a branch."))
    if problem := periods.period_problem(data.kind, data.period):
        raise invalid_field("period", problem)
    months_ahead = get_settings().plan_ahead_months
    if periods.period_out_of_range(data.period, today=clock.today(), months_ahead=months_ahead):
        raise invalid_field(
            "period",
            N_("Plan a meeting for a period from 1930 to {months} months after this one."),
            months=months_ahead,
        )
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
    limit: int | None = None,
    offset: int = 0,
) -> list[Meeting]:
    """Meetings the actor may see, optionally below a unit, of a period or a status; newest first,
    a page of them when ``limit`` is given."""
    query = select(Meeting).join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
    query = query.where(access.visible_condition(actor, OrgUnit.path))
    if org_unit_id is not None:
        unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id)
        query = query.where(access.in_subtree(OrgUnit.path, unit.path))
    if period:
        query = query.where(Meeting.period == period)
    if status:
        query = query.where(Meeting.status == status)
    query = query.order_by(Meeting.scheduled_at.desc(), Meeting.id.desc()).offset(offset)
    return list(session.scalars(query.limit(limit) if limit is not None else query))


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
    frozen = revision is not None and meeting.minutes_status in workflow.SENT
    people = recorded.people_of(revision.content) if frozen and revision else []  # as they were recorded
    day = clock.office_date(meeting.scheduled_at)
    members = people or roll.people_now(roll.branch_members(session, meeting.org_unit_id), revision, day)
    return MinutesState(meeting, _branch_of(session, meeting), revision, structure, members)


def save_minutes(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    body: MinutesIn,
    merge: bool = False,
    choices: Mapping[str, str] | None = None,
    autosave: bool = False,
) -> tuple[MinutesRevision, list[Finding]]:
    """Save the whole minutes as a new revision; a stale version is refused, never overwritten
    (the form asks to merge with the saves made since when they changed other parts; the
    conflict screen sends, part by part, whether to keep the person's text, the saved one or both;
    ``autosave`` marks a working copy the form saved by itself)."""
    state = minutes_state(session, actor=actor, meeting_id=meeting_id, action="meeting.record")
    meeting = state.meeting
    if choices is not None:
        body = revisions.resolved(session, meeting=meeting, body=body, choices=choices)
    save_id = body.client_save_id
    if save_id and (family := revisions.saved_with_id(session, meeting.id, save_id, actor.user_id)):
        if repeat := next((r for r in reversed(family) if revisions.same_body(r, body)), None):
            return repeat, findings_of(session, state)  # a repeat (late or out of order): never saved again
        body = revisions.saved_again(body, family, meeting)
    new_status = workflow.next_status(meeting.minutes_status, "save")
    started_from = body.version
    body = revisions.against_current(session, meeting=meeting, body=body, merge=merge)
    own_tasks = set(session.scalars(select(Task.id).where(Task.meeting_id == meeting.id)))
    open_before = open_tasks_before(session, meeting)
    evaluable = {task.id for task in open_before}
    accounts = {user.id for user in linkable_accounts(session, branch=state.branch)}
    people = state.members
    revisions.check_references(
        body,
        member_ids={person.id for person in people},
        text_keys={section.key for section in state.structure.text_sections()},
        evaluable=evaluable,
        own_tasks=own_tasks,
        accounts=accounts,
        visitors=set(visitors := roll.visitors_of(session, branch=state.branch, body=body)),
    )
    version = meeting.minutes_version + 1
    revisions.claim_next_version(session, meeting=meeting, status=new_status)
    body = revisions.project(session, meeting=meeting, body=body)
    open_tasks = revisions.open_tasks_as_recorded(session, open_before)
    content = revisions.recorded_content(
        session,
        meeting=meeting,
        branch=state.branch,
        body=body,
        people=people,
        open_tasks=open_tasks,
        visitors=visitors,
    )
    revision = revisions.insert_revision(
        session,
        actor=actor,
        meeting=meeting,
        structure=state.structure,
        body=body,
        content=content,
        status=new_status,
        version=version,
        autosave=autosave,
    )
    revision.merged = body.version != started_from
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
    # The state just written: the same branch, members and open tasks, with the new revision.
    return revision, findings_with(replace(state, revision=revision), open_before)


def facts_of(session: Session, state: MinutesState) -> facts.MinutesFacts:
    """The plain facts the pure checks read, from the current revision."""
    return facts_with(state, open_tasks_before(session, state.meeting))


def facts_with(state: MinutesState, open_before: list[Task], *, sending: bool = False) -> facts.MinutesFacts:
    """The facts the checks read: as recorded once the minutes leave the branch (being submitted,
    submitted or accepted), else against the branch's roll as it stands (a new member shows there)."""
    content = state.revision.content if state.revision else {}
    frozen = sending or state.meeting.minutes_status in workflow.SENT
    found = recorded.facts_recorded(state.meeting.kind, content) if frozen else None
    if found is None:
        found = facts.facts_of(
            kind=state.meeting.kind,
            content=content,
            members=facts.members_of(state.members),
            open_task_ids=[task.id for task in open_before],
        )
    held_on = clock.office_date(found.started_at) if found.started_at else None
    return replace(found, period=state.meeting.period, held_on=held_on, today=clock.today())


def _thresholds() -> counts.Thresholds:
    return counts.thresholds_from(get_settings())


def findings_of(session: Session, state: MinutesState) -> list[Finding]:
    """The checks of DOMAIN Part A on the current minutes."""
    return findings_with(state, open_tasks_before(session, state.meeting))


def findings_with(state: MinutesState, open_before: list[Task]) -> list[Finding]:
    """The findings of the current revision, given the open tasks of the meeting before."""
    return checks.check_minutes(facts_with(state, open_before), state.structure, _thresholds())


def findings(session: Session, *, actor: Actor, meeting_id: int) -> list[Finding]:
    """The findings of a meeting's current minutes."""
    return findings_of(session, minutes_state(session, actor=actor, meeting_id=meeting_id))


def submit(session: Session, *, actor: Actor, meeting_id: int, version: int | None = None) -> Meeting:
    """Send the minutes to the committee above; refused while any error remains, and refused when
    ``version`` (the one her screen showed) is no longer the latest: only what she saw is sent."""
    state = minutes_state(session, actor=actor, meeting_id=meeting_id, action="meeting.submit")
    meeting = state.meeting
    if version is not None and version != meeting.minutes_version:
        raise Conflict(
            N_(
                "These minutes were saved again after you looked at them: version {version} is now the "
                "latest. Read it, then submit again."
            ),
            version=meeting.minutes_version,
        )
    new_status = workflow.next_status(meeting.minutes_status, "submit")
    facts_sent = facts_with(state, open_tasks_before(session, meeting), sending=True)  # what will be frozen
    found = checks.check_minutes(facts_sent, state.structure, _thresholds())
    errors = [f for f in found if f.severity == "error"]
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
    meeting.minutes_status, meeting.submitted_at = new_status, clock.now()
    meeting.first_submitted_at = meeting.first_submitted_at or meeting.submitted_at
    meeting.submitted_warnings = len(found)  # none of them errors: those refuse the submission
    session.add(
        Submission(
            meeting_id=meeting.id,
            version=meeting.minutes_version,
            submitted_at=meeting.submitted_at,
            submitted_by_id=actor.user_id or None,
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


def linkable_accounts(session: Session, *, branch: OrgUnit) -> list[User]:
    """The accounts a delegate of the branch's meetings may be linked to: its supervisors."""
    return auth_service.supervisors_of(session, branch=branch)
