"""The minutes as a document: the view that the print page and the Word file share.

Built from the revision alone: the names, the units and the counts it recorded when it was
saved, so that an old record prints the same whatever happened to members and units since.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.i18n import language
from minutes.meetings import docx, recorded, service
from minutes.meetings.models import Task
from minutes.meetings.view import MinutesView, build_view
from minutes.orgs.models import Member, OrgUnit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def minutes_view(session: Session, *, actor: Actor, meeting_id: int) -> MinutesView:
    """The current minutes of a meeting as the document shows them (always in Vietnamese)."""
    return view_of(session, service.minutes_state(session, actor=actor, meeting_id=meeting_id))


def view_of(session: Session, state: service.MinutesState) -> MinutesView:
    """The minutes of a state already read (with its access checked) as the document shows them."""
    content = state.revision.content if state.revision else {}
    as_recorded = recorded.facts_recorded(state.meeting.kind, content)
    if as_recorded is None:  # nothing saved yet: the branch as it stands
        return _view_as_it_stands(session, state)
    with language("vi"):
        return build_view(
            structure=state.structure,
            content=content,
            facts=as_recorded,
            period=state.meeting.period,
            branch_name=content["org_unit_name"],
            superior_name=content["committee_name"],
            place_name=content["place_name"],
            names=recorded.names_of(content),
            previous=recorded.evaluated_titles(content),
        )


def _view_as_it_stands(session: Session, state: service.MinutesState) -> MinutesView:
    content = state.revision.content if state.revision else {}
    superior = session.get(OrgUnit, state.branch.parent_id) if state.branch.parent_id else None
    evaluated = [e["task_id"] for e in content.get("previous_tasks", [])]
    previous: dict[int, tuple[str, str | None]] = {}
    if evaluated:
        rows = session.execute(
            select(Task.id, Task.title, Member.full_name)
            .outerjoin(Member, Member.id == Task.assignee_member_id)
            .where(Task.id.in_(evaluated))
        ).all()
        previous = {task_id: (title, assignee) for task_id, title, assignee in rows}
    with language("vi"):
        return build_view(
            structure=state.structure,
            content=content,
            facts=service.facts_of(session, state),
            period=state.meeting.period,
            branch_name=state.branch.name,
            superior_name=superior.name if superior else "",
            place_name=recorded.place_of(
                state.branch.place_name,
                superior.place_name if superior else None,
                superior.name if superior else "",
            ),
            names={member.id: member.full_name for member in state.members},
            previous=previous,
        )


def minutes_docx(session: Session, *, actor: Actor, meeting_id: int) -> tuple[bytes, str]:
    """The Word file of the minutes and its file name."""
    view = minutes_view(session, actor=actor, meeting_id=meeting_id)
    meeting = service.get_meeting(session, actor=actor, meeting_id=meeting_id)
    return docx.render(view), f"bien-ban-{meeting.period}-{meeting.id}.docx"
