"""The home page: where each person starts, by role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from minutes.orgs import service as orgs_service
from minutes.review import reminders
from minutes.web.deps import CurrentViewer, DbSession, SettingsDep
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)


HOME_DUE = 5  # the most pressing; the to-do page lists them all


@router.get("/")
def home(request: Request, session: DbSession, viewer: CurrentViewer, settings: SettingsDep) -> Response:
    """What is due first (late, then by deadline), then the units the person works on with their role."""
    grants = viewer.actor.grants
    units = orgs_service.units_by_id(session, (grant.org_unit_id for grant in grants if grant.org_unit_id))
    granted = [(grant.role, units.get(grant.org_unit_id or 0)) for grant in grants]
    roots = orgs_service.top_units(session, actor=viewer.actor)
    due, due_total = reminders.most_pressing(session, actor=viewer.actor, settings=settings, limit=HOME_DUE)
    context = {"granted": granted, "roots": roots, "due": due, "due_total": due_total}
    return render(request, "home/home.html", context)
