"""The home page: where each person starts, by role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from minutes.orgs import service as orgs_service
from minutes.web.deps import CurrentViewer, DbSession
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, session: DbSession, viewer: CurrentViewer) -> Response:
    """The units the person works on, each with their role there."""
    grants = viewer.actor.grants
    units = orgs_service.units_by_id(session, (grant.org_unit_id for grant in grants if grant.org_unit_id))
    granted = [(grant.role, units.get(grant.org_unit_id or 0)) for grant in grants]
    roots = orgs_service.top_units(session, actor=viewer.actor)
    return render(request, "home/home.html", {"granted": granted, "roots": roots})
