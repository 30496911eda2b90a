"""HTML routes of meetings: the branch's meetings, the minutes form, submission, documents."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.responses import Response

from minutes.auth.pages import field_errors
from minutes.errors import Conflict, Invalid, InvalidTransition
from minutes.i18n import N_, translate
from minutes.meetings import export, forms, service
from minutes.meetings.api import DOCX, findings_out
from minutes.meetings.findings import Finding
from minutes.meetings.models import MEETING_KINDS
from minutes.meetings.rules import attendance_counts
from minutes.meetings.schemas import MeetingCreate, MinutesIn
from minutes.orgs import service as orgs_service
from minutes.review import supervision
from minutes.web.deps import CurrentViewer, DbSession, Viewer
from minutes.web.responses import see_other
from minutes.web.security import CsrfChecked
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)
# What the form's script says; translated here so the script carries no interface text.
FORM_TEXTS = {
    "saving": N_("Saving…"),
    "saved": N_("Saved as version "),
    "offline": N_(
        "No connection: your draft is kept on this device and will be saved when the network returns."
    ),
    "failed": N_("Not saved yet; your draft is kept on this device."),
    "conflict": N_("Someone else just saved these minutes. Press Save to compare the two versions."),
    "restore": N_("There is an unsaved draft on this device"),
    "restoreYes": N_("Restore the draft"),
    "restoreNo": N_("Discard the draft"),
    "restored": N_("The draft was restored."),
}
Text = Annotated[str, Form()]
LOCAL = dt.timezone(dt.timedelta(hours=7))


@router.get("/units/{unit_id}/meetings")
def branch_meetings(request: Request, session: DbSession, viewer: CurrentViewer, unit_id: int) -> Response:
    """A branch's meetings, newest first, and the form to plan the next one."""
    return _meetings_page(request, session, viewer, unit_id, values={}, errors={})


def _meetings_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    unit_id: int,
    *,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    branch = orgs_service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="meeting.view")
    meetings = service.meetings_of_branch(session, actor=viewer.actor, branch_id=branch.id)
    today = dt.datetime.now(LOCAL)
    defaults = {
        "kind": "regular",
        "period": f"{today:%Y-%m}",
        "date": f"{today:%Y-%m-%d}",
        "time": "19:30",
        "place": "",
    }
    context = {
        "branch": branch,
        "meetings": meetings,
        "kinds": MEETING_KINDS,
        "values": {**defaults, **values},
        "errors": errors,
        "can_plan": branch.is_branch and viewer.actor.can("meeting.record", branch.path),
    }
    return render(request, "meetings/list.html", context, status_code)


@router.post("/units/{unit_id}/meetings")
def plan_meeting(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: int,
    kind: Text = "regular",
    period: Text = "",
    date: Text = "",
    time: Text = "",
    place: Text = "",
) -> Response:
    """Plan a meeting, then open its minutes form."""
    values = {"kind": kind, "period": period, "date": date, "time": time, "place": place}
    try:
        scheduled = dt.datetime.fromisoformat(f"{date}T{time or '19:30'}").replace(tzinfo=LOCAL)
        data = MeetingCreate(
            org_unit_id=unit_id, kind=kind, period=period, scheduled_at=scheduled, place=place or None
        )  # type: ignore[arg-type]
        meeting = service.plan_meeting(session, actor=viewer.actor, data=data)
    except (ValueError, ValidationError):
        errors = {"": translate(N_("Check the kind, the period and the date of the meeting."))}
        return _meetings_page(
            request, session, viewer, unit_id, values=values, errors=errors, status_code=422
        )
    except (Invalid, Conflict) as refused:
        return _meetings_page(
            request, session, viewer, unit_id, values=values, errors=field_errors(refused), status_code=422
        )
    return see_other(
        f"/meetings/{meeting.id}/minutes", N_("The meeting was planned. Record its minutes here.")
    )


def _grouped(findings: list[Finding]) -> dict[str | None, list[Finding]]:
    grouped: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.section].append(finding)
    return grouped


def _review_comments(session: DbSession, viewer: Viewer, meeting: Any) -> dict[str | None, list[str]]:
    """The comments of the latest return, by section, for the branch correcting its minutes."""
    from minutes.review import service as review_service

    if meeting.minutes_status != "returned":
        return {}
    records = review_service.reviews_of(session, actor=viewer.actor, meeting_id=meeting.id)
    return review_service.comments_by_section(review_service.last_return(records))


def form_context(session: DbSession, viewer: Viewer, meeting_id: int) -> dict[str, Any]:
    state = service.minutes_state(session, actor=viewer.actor, meeting_id=meeting_id)
    content = state.revision.content if state.revision else {}
    findings = service.findings_of(session, state) if state.revision else []
    actor, path = viewer.actor, state.branch.path
    return {
        "state": state,
        "meeting": state.meeting,
        "branch": state.branch,
        "structure": state.structure,
        "members": state.members,
        "values": forms.form_values(
            content, scheduled_at=state.meeting.scheduled_at, place=state.meeting.place
        ),
        "member_totals": {
            "total": len(state.members),
            "official": sum(m.status == "official" for m in state.members),
            "probationary": sum(m.status == "probationary" for m in state.members),
            "exempt": sum(m.exempt for m in state.members),
        },
        "findings": _grouped(findings),
        "finding_count": {
            "error": sum(f.severity == "error" for f in findings),
            "warning": sum(f.severity == "warning" for f in findings),
        },
        "counts": attendance_counts(service.facts_of(session, state)),
        "previous_tasks": service.open_tasks_before(session, state.meeting),
        "member_names": {m.id: m.full_name for m in state.members},
        "editable": actor.can("meeting.record", path)
        and state.meeting.minutes_status in (None, "draft", "returned"),
        "can_submit": actor.can("meeting.submit", path)
        and state.meeting.minutes_status in ("draft", "returned"),
        "review_comments": _review_comments(session, viewer, state.meeting),
        "supervisors": supervision.supervisors_of(session, branch=state.branch),
        "save_id": uuid.uuid4().hex,
        "form_texts": {key: translate(text) for key, text in FORM_TEXTS.items()},
        "statuses": ("present", "absent_excused", "absent_unexcused", "exempt", "elsewhere", "suspended"),
    }


@router.get("/meetings/{meeting_id}")
def meeting_page(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: int) -> Response:
    """A meeting: its minutes form when it may be edited, otherwise the minutes to read."""
    context = form_context(session, viewer, meeting_id)
    return render(request, "meetings/minutes.html", {**context, "conflict": None, "errors": {}})


@router.get("/meetings/{meeting_id}/minutes")
def minutes_form(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: int) -> Response:
    """The minutes form (the same page as the meeting)."""
    return meeting_page(request, session, viewer, meeting_id)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def posted_form(request: Request) -> dict[str, str]:
    """The fields of a posted form whose names vary (the roll-call has one per member)."""
    return {key: value for key, value in (await request.form()).items() if isinstance(value, str)}


PostedForm = Annotated[dict[str, str], Depends(posted_form)]


@router.post("/meetings/{meeting_id}/minutes")
def save_minutes(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: int,
    form: PostedForm,
) -> Response:
    """Save the posted minutes; a stale save shows both texts side by side, never overwriting."""
    minutes = service.minutes_state(
        session, actor=viewer.actor, meeting_id=meeting_id, action="meeting.record"
    )
    keys = [section.key for section in minutes.structure.text_sections()]
    accounts = {
        user.id: user.full_name for user in supervision.supervisors_of(session, branch=minutes.branch)
    }
    body = forms.body_from_form(form, minutes.members, keys, accounts)
    try:
        revision, findings = service.save_minutes(
            session, actor=viewer.actor, meeting_id=meeting_id, body=MinutesIn.model_validate(body)
        )
    except ValidationError:
        return _refused(
            request,
            session,
            viewer,
            meeting_id,
            body,
            Invalid(N_("Some of the information is not valid. Please correct it.")),
        )
    except (Conflict, Invalid, InvalidTransition) as refused:
        return _refused(request, session, viewer, meeting_id, body, refused)
    if _wants_json(request):
        return JSONResponse(
            {
                "version": revision.version,
                "status": revision.status,
                "findings": [f.model_dump() for f in findings_out(findings)],
            }
        )
    return see_other(
        f"/meetings/{meeting_id}/minutes#saved", N_("Saved as version {version}."), version=revision.version
    )


def _refused(
    request: Request, session: Any, viewer: Viewer, meeting_id: int, body: dict[str, Any], refused: Exception
) -> Response:
    assert isinstance(refused, (Conflict, Invalid, InvalidTransition))
    session.rollback()  # whatever the refused save touched is undone before anything is shown
    if _wants_json(request):
        return JSONResponse(
            {"error": refused.code, "message": refused.message}, status_code=refused.status_code
        )
    context = form_context(session, viewer, meeting_id)
    conflict = None
    if isinstance(refused, Conflict) and not isinstance(refused, InvalidTransition):
        conflict = {
            "mine": body,
            "theirs": context["state"].revision.content if context["state"].revision else {},
        }
    context["values"] = forms.form_values(
        {**body, "votes": {k: v for k, v in body["votes"].items() if min(v.values()) >= 0}}
    )
    return render(
        request,
        "meetings/minutes.html",
        {**context, "conflict": conflict, "errors": {"": refused.message}},
        status_code=refused.status_code,
    )


@router.post("/meetings/{meeting_id}/submit")
def submit(
    request: Request, session: DbSession, viewer: CurrentViewer, _csrf: CsrfChecked, meeting_id: int
) -> Response:
    """Submit the minutes to the committee above; while errors remain, show them."""
    try:
        service.submit(session, actor=viewer.actor, meeting_id=meeting_id)
    except (Invalid, InvalidTransition) as refused:
        context = form_context(session, viewer, meeting_id)
        return render(
            request,
            "meetings/minutes.html",
            {**context, "conflict": None, "errors": {"": refused.message}},
            status_code=refused.status_code,
        )
    return see_other(f"/meetings/{meeting_id}", N_("The minutes were submitted to the committee above."))


@router.post("/meetings/{meeting_id}/status")
def not_held(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: int,
    status: Text = "not_held",
    reason: Text = "",
) -> Response:
    """Record that the meeting was not held or was cancelled, with the reason."""
    try:
        service.set_meeting_status(
            session,
            actor=viewer.actor,
            meeting_id=meeting_id,
            status="cancelled" if status == "cancelled" else "not_held",
            reason=reason,
        )
    except Invalid as refused:
        context = form_context(session, viewer, meeting_id)
        return render(
            request,
            "meetings/minutes.html",
            {**context, "conflict": None, "errors": field_errors(refused)},
            422,
        )
    return see_other(f"/meetings/{meeting_id}", N_("The reason was recorded."))


@router.get("/meetings/{meeting_id}/print")
def print_view(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: int) -> Response:
    """The minutes laid out as the document, for the browser's print or PDF."""
    view = export.minutes_view(session, actor=viewer.actor, meeting_id=meeting_id)
    meeting = service.get_meeting(session, actor=viewer.actor, meeting_id=meeting_id)
    return render(request, "meetings/print.html", {"view": view, "meeting": meeting})


@router.get("/meetings/{meeting_id}/minutes.docx")
def docx_file(session: DbSession, viewer: CurrentViewer, meeting_id: int) -> Response:
    """The minutes as a Word document."""
    document, filename = export.minutes_docx(session, actor=viewer.actor, meeting_id=meeting_id)
    return Response(
        document, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.get("/meetings/{meeting_id}/versions")
def versions_page(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: int) -> Response:
    """Every saved version of the minutes."""
    meeting = service.get_meeting(session, actor=viewer.actor, meeting_id=meeting_id)
    rows = service.versions(session, actor=viewer.actor, meeting_id=meeting_id)
    return render(request, "meetings/versions.html", {"meeting": meeting, "rows": rows})


@router.get("/meetings/{meeting_id}/versions/{version}")
def version_page(
    request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: int, version: int
) -> Response:
    """One saved version, as it was written."""
    state = service.minutes_state(session, actor=viewer.actor, meeting_id=meeting_id)
    revision = service.get_version(session, actor=viewer.actor, meeting_id=meeting_id, version=version)
    names = {m.id: m.full_name for m in state.members}
    return render(
        request,
        "meetings/version.html",
        {"meeting": state.meeting, "revision": revision, "structure": state.structure, "names": names},
    )
