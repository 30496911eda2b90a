"""The offline layer's own routes: the service worker at the site's root, and the page it shows
when there is no connection and no kept copy of the page asked for."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.responses import Response

from minutes.web.templating import STATIC_DIR, render

router = APIRouter(include_in_schema=False)


@router.get("/sw.js")
def service_worker() -> FileResponse:
    """The service worker, served from the root so that it may serve every page (its scope)."""
    # Checked at each visit: a new version of the worker reaches phones at their next visit.
    headers = {"Cache-Control": "no-cache"}
    return FileResponse(STATIC_DIR / "sw.js", media_type="text/javascript", headers=headers)


@router.get("/offline")
def offline_page(request: Request) -> Response:
    """What a page opened with no connection shows when this phone has no copy of it."""
    return render(request, "web/offline.html")
