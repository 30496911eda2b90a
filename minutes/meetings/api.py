"""JSON routes of meetings, minutes, their checks, versions and documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from minutes.db import MAX_ID
from minutes.meetings import export, history, service
from minutes.meetings.export import DOCX
from minutes.meetings.models import Meeting
from minutes.meetings.schemas import (
    FindingOut,
    MeetingCreate,
    MeetingOut,
    MeetingStatusIn,
    MinutesIn,
    SaveOut,
    SubmitOut,
    TaskOut,
    VersionOut,
    findings_out,
)
from minutes.meetings.structure import structure_in_force
from minutes.web.deps import ApiActor, DbSession, Id, IdQuery, Offset

router = APIRouter(tags=["meetings"])


def meeting_out(session: Session, meeting: Meeting) -> MeetingOut:
    """A meeting with its current minutes."""
    revision = service.current_revision(session, meeting)
    minutes: dict[str, Any] | None = None
    if revision is not None:
        minutes = {
            **revision.content,
            "version": revision.version,
            "status": meeting.minutes_status,
            "structure": {"kind": revision.structure_kind, "version": revision.structure_version},
            "saved_at": revision.saved_at.isoformat(),
        }
    return MeetingOut(
        id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        kind=meeting.kind,
        period=meeting.period,
        status=meeting.status,
        scheduled_at=meeting.scheduled_at,
        place=meeting.place,
        topic=meeting.topic,
        status_reason=meeting.status_reason,
        minutes=minutes,
    )


@router.get("/structures/{kind}")
def get_structure(kind: str, _actor: ApiActor) -> dict[str, Any]:
    """The standard structure in force for a meeting kind."""
    return structure_in_force(kind).to_dict()


@router.post("/meetings", response_model=MeetingOut, status_code=201)
def plan_meeting(body: MeetingCreate, session: DbSession, actor: ApiActor) -> MeetingOut:
    """Plan a meeting of a branch (its secretary or clerk)."""
    return meeting_out(session, service.plan_meeting(session, actor=actor, data=body))


@router.get("/meetings", response_model=list[MeetingOut])
def list_meetings(
    session: DbSession,
    actor: ApiActor,
    org_unit_id: IdQuery = None,
    period: str | None = None,
    status: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[MeetingOut]:
    """Meetings the caller may see, newest first; `org_unit_id` includes the units below it;
    paged (`limit` at most 500, 100 by default)."""
    meetings = service.list_meetings(
        session,
        actor=actor,
        org_unit_id=org_unit_id,
        period=period,
        status=status,
        limit=limit,
        offset=offset,
    )
    return [meeting_out(session, meeting) for meeting in meetings]


@router.get("/meetings/{meeting_id}", response_model=MeetingOut)
def get_meeting(meeting_id: Id, session: DbSession, actor: ApiActor) -> MeetingOut:
    """One meeting with its current minutes."""
    return meeting_out(session, service.get_meeting(session, actor=actor, meeting_id=meeting_id))


@router.post("/meetings/{meeting_id}/status", response_model=MeetingOut)
def set_status(meeting_id: Id, body: MeetingStatusIn, session: DbSession, actor: ApiActor) -> MeetingOut:
    """Record that the meeting was not held, or was cancelled, with the reason."""
    meeting = service.set_meeting_status(
        session, actor=actor, meeting_id=meeting_id, status=body.status, reason=body.reason
    )
    return meeting_out(session, meeting)


@router.put("/meetings/{meeting_id}/minutes", response_model=SaveOut)
def save_minutes(meeting_id: Id, body: MinutesIn, session: DbSession, actor: ApiActor) -> SaveOut:
    """Save the whole minutes as a new version (409 if `version` is stale)."""
    revision, findings = service.save_minutes(session, actor=actor, meeting_id=meeting_id, body=body)
    return SaveOut(version=revision.version, status=revision.status, findings=findings_out(findings))


@router.get("/meetings/{meeting_id}/findings", response_model=list[FindingOut])
def get_findings(meeting_id: Id, session: DbSession, actor: ApiActor) -> list[FindingOut]:
    """The checks of the current minutes."""
    return findings_out(service.findings(session, actor=actor, meeting_id=meeting_id))


@router.post("/meetings/{meeting_id}/submit", response_model=SubmitOut)
def submit(meeting_id: Id, session: DbSession, actor: ApiActor) -> SubmitOut:
    """Submit the minutes to the committee above (422 with the findings while errors remain)."""
    meeting = service.submit(session, actor=actor, meeting_id=meeting_id)
    return SubmitOut(status=meeting.minutes_status or "", version=meeting.minutes_version)


@router.get("/meetings/{meeting_id}/versions", response_model=list[VersionOut])
def list_versions(meeting_id: Id, session: DbSession, actor: ApiActor) -> list[VersionOut]:
    """Every saved version of the minutes."""
    rows = history.versions(session, actor=actor, meeting_id=meeting_id)
    return [
        VersionOut(
            version=line.revision.version,
            status=line.status,
            saved_at=line.revision.saved_at,
            saved_by=line.saved_by,
            changed=line.changed,
            autosave=line.revision.autosave,
        )
        for line in rows
    ]


@router.get("/meetings/{meeting_id}/changes")
def version_changes(
    meeting_id: Id,
    session: DbSession,
    actor: ApiActor,
    first: Annotated[int | None, Query(alias="from", ge=1, le=MAX_ID)] = None,
    last: Annotated[int | None, Query(alias="to", ge=1, le=MAX_ID)] = None,
) -> dict[str, Any]:
    """What changed between two versions, part by part (by default, in the last save)."""
    return history.changes(session, actor=actor, meeting_id=meeting_id, first=first, last=last)


@router.get("/meetings/{meeting_id}/versions/{version}")
def get_version(meeting_id: Id, version: Id, session: DbSession, actor: ApiActor) -> dict[str, Any]:
    """One version of the minutes, as it was saved."""
    revision = history.get_version(session, actor=actor, meeting_id=meeting_id, version=version)
    return {
        **revision.content,
        "version": revision.version,
        "status": revision.status,
        "saved_at": revision.saved_at.isoformat(),
    }


@router.get("/meetings/{meeting_id}/previous-tasks", response_model=list[TaskOut])
def previous_tasks(meeting_id: Id, session: DbSession, actor: ApiActor) -> list[TaskOut]:
    """The branch's earlier tasks not yet done or dropped, each with its latest evaluation: what this
    meeting evaluates first."""
    tasks = history.previous_tasks(session, actor=actor, meeting_id=meeting_id)
    return [
        TaskOut(
            id=t.id,
            meeting_id=t.meeting_id,
            title=t.title,
            assignee_member_id=t.assignee_member_id,
            due_on=t.due_on,
            status=t.latest_status or t.status,
            note=t.note,
        )
        for t in tasks
    ]


@router.get("/meetings/{meeting_id}/minutes.docx")
def minutes_docx(meeting_id: Id, session: DbSession, actor: ApiActor) -> Response:
    """The minutes as a Word document in the Party document layout."""
    document, filename = export.minutes_docx(session, actor=actor, meeting_id=meeting_id)
    return Response(
        document, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
