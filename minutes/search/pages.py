"""HTML route of the search over the minutes: a GET form that works without JS."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from minutes.errors import Invalid
from minutes.orgs import service as orgs_service
from minutes.search import service as search
from minutes.web.deps import CurrentViewer, DbSession, Offset
from minutes.web.errors import translated_details
from minutes.web.forms import undone
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/search")
def search_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    q: str = "",
    unit: str = "",
    offset: Offset = 0,
) -> Response:
    """The search box and, once something was typed, the matching minutes with their extracts."""
    unit_id = int(unit) if unit.isdigit() else None
    context: dict[str, Any] = {
        "q": q,
        "unit_id": unit_id,
        "units": orgs_service.list_units(session, actor=viewer.actor),
        "hits": [],
        "error": None,
        "offset": max(0, offset),
        "page_size": PAGE_SIZE,
    }
    if not q.strip():
        return render(request, "reports/search.html", context)
    try:
        context["hits"] = search.search(
            session, actor=viewer.actor, q=q, org_unit_id=unit_id, limit=PAGE_SIZE, offset=max(0, offset)
        )
    except Invalid as refused:
        undone(session, refused)
        context["error"] = translated_details(refused.details)[0]["message"]
        return render(request, "reports/search.html", context, status_code=422)
    return render(request, "reports/search.html", context)
