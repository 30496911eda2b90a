"""Small response helpers shared by the pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi.responses import RedirectResponse
from starlette.responses import Response

from minutes.errors import Throttled
from minutes.web import flash


def see_other(
    url: str,
    message: str | None = None,
    category: str = "success",
    *,
    undo: str | None = None,
    **params: object,
) -> RedirectResponse:
    """Redirect after a successful form post (303), with an optional flash message (and the path a
    button beside it posts to, to take the change back)."""
    response = RedirectResponse(url, status_code=303)
    if message:
        flash.add(response, message, category, undo=undo, **params)
    return response


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to continue to after signing in (never another site)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def retry_after(page: Response, refused: Throttled) -> Response:
    """A page refused for throttling, saying how many seconds to wait (every 429 carries it)."""
    page.headers["Retry-After"] = str(refused.retry_after)
    return page
