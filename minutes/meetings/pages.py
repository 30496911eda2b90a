"""HTML routes of meetings: the branch's meetings, the minutes form, submission, documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.responses import Response

from minutes import clock
from minutes.db import MAX_ID
from minutes.errors import Conflict, Invalid, InvalidTransition
from minutes.i18n import N_, translate
from minutes.meetings import (
    export,
    form_answers,
    forms,
    history,
    layout,
    merge,
    periods,
    refusals,
    screen,
    service,
)
from minutes.meetings.export import DOCX
from minutes.meetings.models import MEETING_KINDS
from minutes.meetings.schemas import FormSaveOut, MeetingCreate, MinutesIn, findings_out
from minutes.orgs import service as orgs_service
from minutes.web.deps import CurrentViewer, DbSession, Id, Viewer
from minutes.web.forms import PostedForm, undone
from minutes.web.responses import see_other
from minutes.web.security import CsrfChecked
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)
MERGED = N_(
    "Saved as version {version}, together with what a colleague saved meanwhile in other parts. Check the minutes."
)
Text = Annotated[str, Form()]


PERIOD_AS_SAID = N_(
    "Write the period as a month, for example 12/2026, or a quarter, for example quý IV/2026."
)


@router.get("/units/{unit_id}/meetings")
def branch_meetings(request: Request, session: DbSession, viewer: CurrentViewer, unit_id: Id) -> Response:
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
    today = clock.today()
    defaults = {
        "kind": "regular",
        "period": f"{today:%m/%Y}",
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
    unit_id: Id,
    kind: Text = "regular",
    period: Text = "",
    date: Text = "",
    time: Text = "",
    place: Text = "",
) -> Response:
    """Plan a meeting, then open its minutes form."""
    values = {"kind": kind, "period": period, "date": date, "time": time, "place": place}
    written = periods.parse_period(period)  # "12/2026", "tháng 12/2026", "quý IV/2026", "2026-12"
    if written is None:
        errors = {"period": translate(PERIOD_AS_SAID)}
        return _meetings_page(
            request, session, viewer, unit_id, values=values, errors=errors, status_code=422
        )
    try:
        scheduled = clock.assume_office(dt.datetime.fromisoformat(f"{date}T{time or '19:30'}"))
        data = MeetingCreate(
            org_unit_id=unit_id,
            kind=kind,
            period=written,
            scheduled_at=scheduled,
            place=place or None,
        )
        meeting = service.plan_meeting(session, actor=viewer.actor, data=data)
    except (ValueError, ValidationError):
        errors = {"": translate(N_("Check the kind, the period and the date of the meeting."))}
        return _meetings_page(
            request, session, viewer, unit_id, values=values, errors=errors, status_code=422
        )
    except (Invalid, Conflict) as refused:
        errors = undone(session, refused)
        return _meetings_page(
            request, session, viewer, unit_id, values=values, errors=errors, status_code=422
        )
    return see_other(
        f"/meetings/{meeting.id}/minutes", N_("The meeting was planned. Record its minutes here.")
    )


@router.get("/meetings/{meeting_id}")
def meeting_page(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: Id) -> Response:
    """A meeting: its minutes form when it may be edited, otherwise the minutes to read, laid out as
    the document with the committee's comments of its acceptance at their sections."""
    context = screen.form_context(session, viewer.actor, meeting_id)
    if not context["editable"] and context["meeting"].minutes_version:
        context.update(screen.readable_record(session, viewer.actor, meeting_id))
    return render(request, "meetings/minutes.html", {**context, "conflict": None, "errors": {}})


@router.get("/meetings/{meeting_id}/minutes")
def minutes_form(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: Id) -> Response:
    """The minutes form (the same page as the meeting)."""
    return meeting_page(request, session, viewer, meeting_id)


@router.post("/meetings/{meeting_id}/minutes")
def save_minutes(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: Id,
    form: PostedForm,
) -> Response:
    """Save the posted minutes: merged with a colleague's save made meanwhile when they changed other
    parts; otherwise a stale save shows both side by side, never overwriting."""
    minutes = service.minutes_state(
        session, actor=viewer.actor, meeting_id=meeting_id, action="meeting.record"
    )
    keys = [section.key for section in minutes.structure.text_sections()]
    accounts = {user.id: user.full_name for user in service.linkable_accounts(session, branch=minutes.branch)}
    body = forms.body_from_form(form, minutes.members, keys, accounts)
    refused_fields: list[refusals.Refusal] = []
    try:
        data = MinutesIn.model_validate(body)
    except ValidationError as invalid:
        refused_fields = refusals.refusals_of(invalid)
        if form_answers.wants_json(request):  # the script then sends the form as a page, which saves the rest
            return form_answers.refused(
                request, session, viewer, meeting_id, body, form_answers.as_invalid(refused_fields)
            )
        saved = minutes.revision.content if minutes.revision else {}
        try:
            data = MinutesIn.model_validate(
                refusals.keep_saved(body, saved, [r.part for r in refused_fields])
            )
        except ValidationError:
            return form_answers.refused(
                request, session, viewer, meeting_id, body, form_answers.as_invalid(refused_fields)
            )
    try:
        revision, findings = service.save_minutes(
            session,
            actor=viewer.actor,
            meeting_id=meeting_id,
            body=data,
            merge=True,
            autosave=form.get("autosave") == "1",  # sent by the form's script when it saves by itself
        )
    except (Conflict, Invalid, InvalidTransition) as refused:
        return form_answers.refused(request, session, viewer, meeting_id, body, refused)
    if refused_fields:
        return form_answers.saved_but(
            request, session, viewer, meeting_id, form, body, refused_fields, revision.version
        )
    merged = revision.merged
    if form_answers.wants_json(request):
        answer = FormSaveOut(
            version=revision.version,
            status=revision.status,
            findings=findings_out(findings),
            findings_html=form_answers.finding_items(request, findings, minutes.structure),
            sent_html=form_answers.sent_items(request, revision.content, minutes, revision.version),
            merged=merged,
        )
        return JSONResponse(answer.model_dump())
    message = MERGED if merged else N_("Saved as version {version}.")
    return see_other(f"/meetings/{meeting_id}/minutes#saved", message, version=revision.version)


@router.post("/meetings/{meeting_id}/minutes/resolve")
def resolve_conflict(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: Id,
    form: PostedForm,
) -> Response:
    """Save what the conflict screen chose, part by part: the person's text, the saved one, or both."""
    choices = {
        key.removeprefix("choice."): value
        for key, value in form.items()
        if key.startswith("choice.") and value in merge.CHOICES
    }
    try:
        mine = json.loads(form.get("mine", ""))
        body = MinutesIn.model_validate({**mine, "version": form.get("version"), "client_save_id": None})
    except (ValueError, ValidationError):
        raise Invalid(N_("The page was incomplete. Open the minutes again and make your choice.")) from None
    try:
        revision, _ = service.save_minutes(
            session, actor=viewer.actor, meeting_id=meeting_id, body=body, choices=choices
        )
    except (Conflict, Invalid, InvalidTransition) as refused:
        return form_answers.refused(
            request, session, viewer, meeting_id, {**mine, "version": body.version}, refused
        )
    return see_other(
        f"/meetings/{meeting_id}/minutes#saved", N_("Saved as version {version}."), version=revision.version
    )


@router.post("/meetings/{meeting_id}/submit")
def submit(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: Id,
    version: Annotated[int | None, Form(ge=0, le=MAX_ID)] = None,
) -> Response:
    """Submit the version the page showed to the committee above; while errors remain, or when
    someone saved since, show the form again and say why."""
    try:
        service.submit(session, actor=viewer.actor, meeting_id=meeting_id, version=version)
    except (Invalid, InvalidTransition, Conflict) as refused:
        undone(session, refused)
        context = screen.form_context(session, viewer.actor, meeting_id)
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
    meeting_id: Id,
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
        errors = undone(session, refused)
        context = screen.form_context(session, viewer.actor, meeting_id)
        return render(
            request,
            "meetings/minutes.html",
            {**context, "conflict": None, "errors": errors},
            422,
        )
    return see_other(f"/meetings/{meeting_id}", N_("The reason was recorded."))


@router.get("/meetings/{meeting_id}/print")
def print_view(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: Id) -> Response:
    """The minutes laid out as the document, for the browser's print or PDF."""
    view = export.minutes_view(session, actor=viewer.actor, meeting_id=meeting_id)
    meeting = service.get_meeting(session, actor=viewer.actor, meeting_id=meeting_id)
    context = {"view": view, "body": layout.document_body(view), "meeting": meeting, "comments": {}}
    return render(request, "meetings/print.html", context)


@router.get("/meetings/{meeting_id}/minutes.docx")
def docx_file(session: DbSession, viewer: CurrentViewer, meeting_id: Id) -> Response:
    """The minutes as a Word document."""
    document, filename = export.minutes_docx(session, actor=viewer.actor, meeting_id=meeting_id)
    return Response(
        document, media_type=DOCX, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.get("/meetings/{meeting_id}/versions")
def versions_page(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: Id) -> Response:
    """Every saved version of the minutes."""
    meeting = service.get_meeting(session, actor=viewer.actor, meeting_id=meeting_id)
    rows = history.versions(session, actor=viewer.actor, meeting_id=meeting_id)
    return render(request, "meetings/versions.html", {"meeting": meeting, "sittings": history.sittings(rows)})


@router.get("/meetings/{meeting_id}/versions/{version}")
def version_page(
    request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: Id, version: Id
) -> Response:
    """One saved version, as it was written."""
    state = service.minutes_state(session, actor=viewer.actor, meeting_id=meeting_id)
    revision = history.get_version(session, actor=viewer.actor, meeting_id=meeting_id, version=version)
    names = {m.id: m.full_name for m in state.members}
    return render(
        request,
        "meetings/version.html",
        {"meeting": state.meeting, "revision": revision, "structure": state.structure, "names": names},
    )
