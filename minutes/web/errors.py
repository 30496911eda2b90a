"""One translation of errors per channel: JSON for /api, a Vietnamese page for the rest."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from minutes.errors import DomainError, Invalid, NotFound, PermissionDenied, Throttled, Unauthenticated
from minutes.i18n import N_, translate
from minutes.web.deps import ENROLMENT_PATH, EnrolmentRequired, LoginRequired
from minutes.web.security import secured
from minutes.web.templating import render

log = logging.getLogger("minutes")


class ErrorOut(BaseModel):
    """Every error answer of the API (API.md, Conventions)."""

    error: str
    message: str
    details: list[dict[str, Any]]


def _answer(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


# The error answers any API route can give, declared in /openapi.json for other systems.
API_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _answer("Missing, bad or expired token"),
    403: _answer("Not allowed on a unit the caller can see"),
    404: _answer("Not found, or outside the caller's part of the organisation"),
    409: _answer("A stale write (conflict) or a write the record's state forbids (invalid_state)"),
    413: _answer("The body is larger than the app accepts"),
    422: _answer("Invalid input: details name each field"),
    429: _answer("Too many failed sign-ins: wait Retry-After seconds"),
    503: _answer("Too busy: try again after Retry-After seconds"),
}


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API."""
    return request.url.path.startswith("/api/")


def translated_details(details: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Field problems with their messages in the current language."""
    return [
        {
            **{k: v for k, v in item.items() if k not in ("params", "text")},
            # Findings come with their text already composed; other details carry a message id.
            "message": item["text"]
            if "text" in item
            else translate(item["message"], **item.get("params", {})),
        }
        for item in details
    ]


def json_error(error: DomainError) -> JSONResponse:
    """The JSON body of a refused API request."""
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, Unauthenticated) else None
    if isinstance(error, Throttled):
        headers = {"Retry-After": str(error.retry_after)}
    body = {"error": error.code, "message": error.message, "details": translated_details(error.details)}
    return JSONResponse(body, status_code=error.status_code, headers=headers)


def error_page(request: Request, *, status_code: int, message: str) -> Response:
    """A Vietnamese error page chosen by status (404.html before error.html)."""
    name = f"errors/{status_code}.html" if status_code in (403, 404) else "errors/error.html"
    return render(request, name, {"message": message, "status_code": status_code}, status_code=status_code)


async def on_domain_error(request: Request, error: Exception) -> Response:
    """Turn a refused use case into a JSON error or an error page."""
    assert isinstance(error, DomainError)
    if isinstance(error, NotFound | PermissionDenied):
        # Refused access is a security event (ASVS 16.3.2): who asked for what, in the server's log.
        viewer = getattr(request.state, "viewer", None)
        actor = viewer.actor if viewer is not None else getattr(request.state, "api_actor", None)
        who = actor.username if actor is not None else "?"
        log.warning("refused %s %s %r for %s", error.status_code, request.method, request.url.path, who)
    if is_api(request):
        return json_error(error)
    if isinstance(error, Unauthenticated):
        return RedirectResponse("/login", status_code=303)
    return error_page(request, status_code=error.status_code, message=error.message)


async def on_login_required(request: Request, error: Exception) -> Response:
    """Send a browser to the sign-in page, remembering where it was going."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _detail(item: Any) -> dict[str, str]:
    """One problem of a request, named by its field (a body that is not JSON at all: "body")."""
    if item.get("type") == "json_invalid":
        return {
            "field": "body",
            "message": N_("The request body is not valid JSON: check its quotes, commas and brackets."),
        }
    return {
        "field": ".".join(str(part) for part in item["loc"][1:]) or str(item["loc"][0]),
        "message": N_("This value is not valid."),
    }


async def on_validation_error(request: Request, error: Exception) -> Response:
    """Malformed input: 422 with each field named."""
    assert isinstance(error, RequestValidationError)
    details = [_detail(item) for item in error.errors()]
    refused = Invalid(details=details)
    if is_api(request):
        return json_error(refused)
    return error_page(request, status_code=422, message=refused.message)


async def on_http_error(request: Request, error: Exception) -> Response:
    """Unknown paths and methods get the same answers as refused use cases."""
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 404:
        return await on_domain_error(request, NotFound())
    if is_api(request):
        body = {
            "error": "http_error",
            "message": translate(N_("The request could not be carried out.")),
            "details": [],
        }
        return JSONResponse(body, status_code=error.status_code, headers=error.headers)
    page = error_page(
        request, status_code=error.status_code, message=translate(N_("The request could not be carried out."))
    )
    page.headers.update(error.headers or {})  # a 405 says which methods it takes (Allow)
    return page


async def on_unexpected_error(request: Request, error: Exception) -> Response:
    """A bug: log it, and tell the person plainly that nothing was saved."""
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    message = translate(
        N_("Something went wrong on our side and nothing was saved. Please try again in a moment.")
    )
    if is_api(request):
        answer: Response = JSONResponse(
            {"error": "internal_error", "message": message, "details": []}, status_code=500
        )
    else:
        answer = error_page(request, status_code=500, message=message)
    # This answer is sent from outside every middleware, so it gets its headers here.
    answer.raw_headers = secured(request.url.path, answer.raw_headers, https=request.app.state.settings.https)
    return answer


async def on_enrolment_required(request: Request, error: Exception) -> Response:
    """Send the person to set up the second factor their role requires."""
    return RedirectResponse(ENROLMENT_PATH, status_code=303)


def install(app: FastAPI) -> None:
    """Register every handler on the app."""
    app.add_exception_handler(EnrolmentRequired, on_enrolment_required)
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(LoginRequired, on_login_required)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)
