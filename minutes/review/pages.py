"""HTML routes of review: the queue and the review page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from minutes import clock
from minutes.auth import service as auth_service
from minutes.db import MAX_ID
from minutes.errors import Conflict, Invalid, InvalidTransition, NotFound, PermissionDenied
from minutes.i18n import N_
from minutes.meetings import export, screen
from minutes.meetings import history as meetings_history
from minutes.meetings.models import MEETING_KINDS
from minutes.orgs import service as orgs_service
from minutes.review import queue as waiting
from minutes.review import reminders, service, supervision
from minutes.review.rubric import rubric_in_force
from minutes.web.deps import CurrentViewer, DbSession, Id, IdQuery, SettingsDep, Viewer, YearQuery, page_count
from minutes.web.forms import PostedForm, field_errors, undone
from minutes.web.responses import see_other
from minutes.web.security import CsrfChecked
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)


QUEUE_PER_PAGE = 100


QUEUE_FILTERS = ("unit", "branch", "period", "kind", "resubmitted", "sort")


def _queue_filters(values: Mapping[str, Any]) -> dict[str, Any]:
    """The queue's filters as the service takes them, from the page's query or the review form."""
    sort = str(values.get("sort") or "oldest")
    branch, unit = _as_id(values.get("branch")), _as_id(values.get("unit"))
    return {
        "org_unit_id": branch or unit,
        "period": str(values.get("period") or "") or None,
        "kind": str(values.get("kind") or "") or None,
        "resubmitted": values.get("resubmitted") in (True, "1", "true", "on"),
        "sort": sort if sort in waiting.QUEUE_SORTS else "oldest",
    }


def _kept_filters(form: Mapping[str, str]) -> dict[str, str]:
    """The queue's filters the review form carried (its hidden ``queue_…`` fields)."""
    return {key: form[f"queue_{key}"] for key in QUEUE_FILTERS if form.get(f"queue_{key}")}


def _as_id(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID else None


@router.get("/review")
def queue_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    unit: IdQuery = None,
    branch: IdQuery = None,
    period: str | None = None,
    kind: str | None = None,
    resubmitted: bool = False,
    sort: str = "oldest",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The reviewer's queue: submitted minutes below their committees, longest waiting first or as
    she sorts them, filtered by committee, branch, period, kind or resubmission, a hundred to a page
    (a district's month-end holds hundreds)."""
    errors: dict[str, str] = {}
    asked = {
        "unit": unit,
        "branch": branch,
        "period": period,
        "kind": kind,
        "resubmitted": resubmitted,
        "sort": sort,
    }
    chosen = _queue_filters(asked)
    try:
        queue = waiting.review_queue(
            session, actor=viewer.actor, limit=QUEUE_PER_PAGE, offset=(page - 1) * QUEUE_PER_PAGE, **chosen
        )
    except Invalid as refused:
        queue, errors = waiting.Queue(items=[], by_kind={}), field_errors(refused)
    filters = {
        "unit": unit,
        "branch": branch,
        "period": period or "",
        "kind": kind or "",
        "resubmitted": "1" if resubmitted else "",
        "sort": chosen["sort"] if chosen["sort"] != "oldest" else "",
    }
    committee = orgs_service.get_unit(session, actor=viewer.actor, unit_id=unit) if unit else None
    context = {
        "items": queue.items,
        "total": queue.total,
        "page": page,
        "pages": page_count(queue.total, QUEUE_PER_PAGE),
        "query": urlencode({key: value for key, value in filters.items() if value}),
        "unsorted": urlencode({key: value for key, value in filters.items() if value and key != "sort"}),
        "errors": errors,
        "today": clock.today(),
        "committees": orgs_service.open_units_for(
            session, actor=viewer.actor, action="unit.view", kind="committee"
        ),
        "branches": orgs_service.children(session, unit=committee) if committee else [],
        "filters": filters,
        "kinds": MEETING_KINDS,
        "by_kind": queue.by_kind,
    }
    return render(request, "review/queue.html", context)


def _review_context(session: DbSession, viewer: Viewer, meeting_id: int) -> dict[str, Any]:
    context = screen.form_context(session, viewer.actor, meeting_id)
    rubric = rubric_in_force()
    meeting, records = (
        context["meeting"],
        service.reviews_of(session, actor=viewer.actor, meeting_id=meeting_id),
    )
    return {
        **context,
        "records": records,
        "changes": service.changes_since_return(
            session, meeting=meeting, records=records, structure=context["structure"]
        ),
        "rubric": rubric,
        "measured": service.measured_points(context["state"], context["facts"], rubric.key),
        "view": export.view_of(session, context["state"]),
        "can_review": viewer.actor.can_review(context["branch"].path)
        and meeting.minutes_status == "submitted",
        "can_mark_model": viewer.actor.can_review(context["branch"].path),
        "undoable": service.undoable(records, meeting=meeting, actor=viewer.actor),
        "record": meetings_history.branch_record(
            session, meeting=meeting, open_before=context["previous_tasks"]
        ),
    }


@router.get("/meetings/{meeting_id}/review")
def review_page(request: Request, session: DbSession, viewer: CurrentViewer, meeting_id: Id) -> Response:
    """The minutes in the structure's order with findings, the branch's record, changes and the
    decision form (which keeps the queue's filters, so that the next minutes opened is the next in
    the queue as she filtered it)."""
    context = _review_context(session, viewer, meeting_id)
    kept = {key: request.query_params[key] for key in QUEUE_FILTERS if request.query_params.get(key)}
    return render(
        request, "review/review.html", {**context, "errors": {}, "posted": {}, "queue_filters": kept}
    )


@router.post("/meetings/{meeting_id}/review")
def decide(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: Id,
    form: PostedForm,
) -> Response:
    """Accept or return the minutes with the comments and scores written on the page."""
    comments = [
        {"section": name.removeprefix("comment_") or None, "text": text}
        for name, text in form.items()
        if name.startswith("comment_") and text.strip()
    ]
    if form.get("comment_general", "").strip():
        comments = [c for c in comments if c["section"] != "general"] + [
            {"section": None, "text": form["comment_general"]}
        ]
    scores = {
        name.removeprefix("score_"): int(value) if value.strip().isdigit() else -1
        for name, value in form.items()
        if name.startswith("score_") and value.strip()
    }
    if scores and service.only_prefilled(session, actor=viewer.actor, meeting_id=meeting_id, scores=scores):
        scores = {}  # the sheet is optional: points the page filled in and she left alone are no rating
    try:
        service.decide(
            session,
            actor=viewer.actor,
            meeting_id=meeting_id,
            decision=form.get("decision", ""),
            comments=comments,
            scores=scores or None,
        )
    except (Invalid, InvalidTransition) as refused:
        errors = undone(session, refused)
        context = _review_context(session, viewer, meeting_id)
        return render(
            request,
            "review/review.html",
            {**context, "errors": errors, "posted": form, "queue_filters": _kept_filters(form)},
            status_code=refused.status_code,
        )
    message = (
        N_("The minutes were accepted.")
        if form.get("decision") == "accept"
        else N_("The minutes were returned to the branch with your comments.")
    )
    # On to the next minutes waiting (oldest first), as a reviewer works through a month.
    kept = _kept_filters(form)
    try:
        following = waiting.next_waiting(
            session, actor=viewer.actor, after=meeting_id, **_queue_filters(kept)
        )
    except (NotFound, PermissionDenied):  # her filters name a unit outside her part: the whole queue goes on
        kept = {}
        following = waiting.next_waiting(session, actor=viewer.actor, after=meeting_id)
    query = f"?{urlencode(kept)}" if kept else ""
    return see_other(
        f"/meetings/{following}/review{query}" if following else f"/review{query}",
        message,
        undo=f"/meetings/{meeting_id}/review/undo",  # a wrong click is taken back from the next page
    )


@router.post("/meetings/{meeting_id}/review/undo")
def undo_decision(
    request: Request, session: DbSession, viewer: CurrentViewer, _csrf: CsrfChecked, meeting_id: Id
) -> Response:
    """Take back her own latest decision, until the branch acts on it: the minutes wait for review again."""
    try:
        service.undo(session, actor=viewer.actor, meeting_id=meeting_id)
    except (Conflict, InvalidTransition) as refused:
        session.rollback()
        return see_other(f"/meetings/{meeting_id}/review", refused.message_id, "error")  # no parameters
    return see_other(
        f"/meetings/{meeting_id}/review",
        N_("Your decision was taken back: the minutes wait for review again."),
    )


@router.post("/meetings/{meeting_id}/model")
def mark_model(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    meeting_id: Id,
    form: PostedForm,
) -> Response:
    """Mark the meeting as a model meeting with its observers and lessons learned."""
    service.set_model_meeting(
        session,
        actor=viewer.actor,
        meeting_id=meeting_id,
        is_model=form.get("is_model") == "1",
        observers=form.get("observers", ""),
        lessons=form.get("lessons", ""),
    )
    return see_other(f"/meetings/{meeting_id}/review", N_("Saved."))


@router.get("/reminders")
def reminders_page(
    request: Request, session: DbSession, viewer: CurrentViewer, settings: SettingsDep
) -> Response:
    """What is due or late for the person: minutes to write or submit, minutes to review."""
    items = reminders.reminders_for(session, actor=viewer.actor, settings=settings)
    return render(request, "review/reminders.html", {"items": items})


def _supervision_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    unit_id: int,
    year: int,
    settings: Any,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    unit = orgs_service.get_unit(session, actor=viewer.actor, unit_id=unit_id)
    rows = supervision.year_report(
        session,
        actor=viewer.actor,
        unit_id=unit_id,
        year=year,
        quota=settings.supervision_quota,
        quotas=settings.supervision_quotas_by_level(),
    )
    can_assign = any(g.role == "admin" and g.covers(unit.path) for g in viewer.actor.grants)
    context = {
        "unit": unit,
        "year": year,
        "rows": rows,
        "errors": errors,
        "can_assign": can_assign,
        "assignments": supervision.assignments_below(session, unit=unit) if can_assign else [],
        "accounts": [user for user, _ in auth_service.list_users(session, actor=viewer.actor)]
        if can_assign
        else [],
        "units": [
            u
            for u in orgs_service.list_units(session, actor=viewer.actor)
            if u.path.startswith(unit.path) and u.id != unit.id and viewer.actor.can("unit.manage", u.path)
        ]
        if can_assign
        else [],
    }
    return render(request, "review/supervision.html", context, status_code)


@router.get("/units/{unit_id}/supervision")
def supervision_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    unit_id: Id,
    year: YearQuery = None,
) -> Response:
    """Who follows which unit, and each supervisor's attendance against the yearly quota."""
    if year is None:
        year = _default_year(session, viewer, unit_id)
    return _supervision_page(request, session, viewer, unit_id, year, settings, {})


@router.post("/units/{unit_id}/supervision")
def assign_supervisor(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    unit_id: Id,
    form: PostedForm,
) -> Response:
    """Assign a committee member to follow a unit, or end an assignment."""
    try:
        if form.get("remove", "").isdigit():
            supervision.unassign(session, actor=viewer.actor, supervision_id=int(form["remove"]))
        else:
            supervision.assign(
                session,
                actor=viewer.actor,
                user_id=int(form.get("user_id") or 0),
                unit_id=int(form.get("followed_id") or 0),
            )
    except (Invalid, Conflict) as refused:
        errors = undone(session, refused)
        return _supervision_page(
            request,
            session,
            viewer,
            unit_id,
            _default_year(session, viewer, unit_id),
            settings,
            errors,
            422,
        )
    return see_other(f"/units/{unit_id}/supervision", N_("Saved."))


def _default_year(session: Session, viewer: Viewer, unit_id: int) -> int:
    """The year the supervision page opens on (the same after a refused change)."""
    unit = orgs_service.get_unit(session, actor=viewer.actor, unit_id=unit_id)
    return meetings_history.default_year_below(session, unit=unit)
