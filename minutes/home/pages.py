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
    units = {unit.id: unit for unit in orgs_service.list_units(session, actor=viewer.actor)}
    granted = [(grant.role, units.get(grant.org_unit_id or 0)) for grant in viewer.actor.grants]
    roots = [unit for unit in units.values() if unit.parent_id is None or unit.parent_id not in units]
    return render(request, "home/home.html", {"granted": granted, "roots": roots})
