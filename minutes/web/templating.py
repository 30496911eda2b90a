"""Jinja2 templates: the environment, its filters, and rendering with the common context."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from babel.numbers import format_decimal
from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined
from starlette.responses import Response

from minutes import clock, i18n
from minutes.web import flash
from minutes.web.labels import label
from minutes.web.security import ANONYMOUS_CSRF_COOKIE, csrf_token_for

PACKAGE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = PACKAGE_DIR / "static"


def templates_dir() -> Path:
    """The templates: inside the installed package, or at the root of a source checkout."""
    packaged = PACKAGE_DIR / "templates"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates"


@cache
def static_version(name: str) -> str:
    """A short content hash, so that browsers may cache static files for long."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:10]


def static_url(name: str) -> str:
    """The URL of a static file with its version."""
    return f"/static/{name}?v={static_version(name)}"


def _datetime_local(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = clock.at_office(value)
    return f"{local:%H:%M} {i18n.short_date(local.date())}"


def _moment(value: str | None) -> str:
    """An ISO time as stored in the minutes, at the offices' clock: "19:30 05/10/2019"."""
    return _datetime_local(dt.datetime.fromisoformat(value)) if value else "—"


def _short_date(value: dt.date | str | None) -> str:
    """A date as offices write it ("30/11/2019"), from a date or the ISO text the minutes store."""
    if not isinstance(value, str):
        return i18n.short_date(value)
    try:
        return i18n.short_date(dt.date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def _percent(share: float | None) -> str:
    """A share as people read a rate: 0.875 is "87,5%" in Vietnamese, "87.5%" in English."""
    if share is None:
        return "—"
    return format_decimal(share * 100, format="#,##0.#", locale=i18n.current_language()) + "%"


def make_environment(*, strict: bool) -> Environment:
    """The Jinja2 environment; strict (a missing variable fails) in tests."""
    env = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=StrictUndefined if strict else Undefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(
        long_date=i18n.long_date,
        short_date=_short_date,
        period=i18n.period_words,
        percent=_percent,
        datetime_local=_datetime_local,
        moment=_moment,
        urlquote=lambda value: quote(str(value), safe=""),
        label=label,
    )
    env.globals.update(
        static_url=static_url, translate=i18n.translate, current_language=i18n.current_language
    )
    return env


def _common_context(request: Request) -> dict[str, Any]:
    viewer = getattr(request.state, "viewer", None)
    return {
        "viewer": viewer,
        "csrf_token": csrf_token_for(request),
        "flashes": flash.pop(request),
        "lang": i18n.current_language(),
        "nav": _navigation(viewer),
    }


def _navigation(viewer: Any) -> dict[str, bool]:
    actor = viewer.actor if viewer else None
    return {
        "units": actor is not None,
        "users": bool(actor and actor.can_anywhere("user.manage")),
        "review": bool(actor and any(grant.role == "reviewer" for grant in actor.grants)),
        "reports": bool(actor and actor.can_anywhere("report.view")),
    }


def make_templates(*, strict: bool) -> Jinja2Templates:
    """The templates object used by every page."""
    return Jinja2Templates(env=make_environment(strict=strict), context_processors=[_common_context])


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """Render a page with the common context (viewer, CSRF token, flash messages, language)."""
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(request, name, context or {}, status_code=status_code)
    new_token = getattr(request.state, "new_csrf", None)
    if new_token:
        response.set_cookie(ANONYMOUS_CSRF_COOKIE, new_token, httponly=True, samesite="lax", path="/")
    flash.clear_if_shown(request, response)
    return response
