"""Flash messages: one-time notices carried to the next page in a short-lived cookie."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from fastapi import Request
from starlette.responses import Response

from minutes.i18n import translate

COOKIE = "minutes_flash"
SHOWN_HEADER = "Minutes-Flash-Shown"  # read by static/sw.js
# The only paths a notice's "take back" button may post to (never "/\\other.site", nor another form).
UNDOABLE = re.compile(r"/meetings/\d+/review/undo")


@dataclass(frozen=True)
class Flash:
    """A one-time notice, translated, with the local path its "take back" button posts to, if any."""

    category: str
    message: str
    undo: str | None = None


def add(
    response: Response, message: str, category: str = "success", *, undo: str | None = None, **params: object
) -> None:
    """Show a message (an English id, translated when shown) on the next page, with a button that
    posts to ``undo`` when the change can be taken back."""
    fields = [category, message, {k: str(v) for k, v in params.items()}, undo]
    payload = json.dumps(fields, ensure_ascii=False)
    response.set_cookie(COOKIE, quote(payload), httponly=True, samesite="lax", max_age=120, path="/")


def pop(request: Request) -> list[Flash]:
    """The messages waiting for this page, translated."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    request.state.flash_shown = True
    try:
        category, message, params, undo = json.loads(unquote(raw))
        ours = isinstance(undo, str) and UNDOABLE.fullmatch(undo) is not None
        return [Flash(str(category), translate(str(message), **params), undo if ours else None)]
    except (ValueError, TypeError, KeyError, IndexError):
        return []


def clear_if_shown(request: Request, response: Response) -> None:
    """Forget the messages once a page has shown them (and tell the offline layer not to keep that
    page: a copy would show the one-time message at every opening)."""
    if getattr(request.state, "flash_shown", False):
        response.delete_cookie(COOKIE, path="/")
        response.headers[SHOWN_HEADER] = "1"
