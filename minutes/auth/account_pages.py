"""HTML routes of one's own account ("Tài khoản của tôi"): password, signed-in browsers, API tokens, second factor."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from minutes.auth import factors, own_password, signin
from minutes.auth.models import User
from minutes.errors import Invalid, PermissionDenied, Throttled
from minutes.i18n import N_, translate
from minutes.web.deps import SESSION_COOKIE, CurrentViewer, DbSession, Id, SettingsDep, Viewer
from minutes.web.forms import undone
from minutes.web.responses import retry_after, see_other
from minutes.web.security import CsrfChecked, client_address
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)


def _account_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    settings: SettingsDep,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    user = session.get(User, viewer.actor.user_id)
    assert user is not None
    current = request.cookies.get(SESSION_COOKIE)
    context: dict[str, Any] = {
        "user": user,
        "errors": errors or {},
        "sessions": signin.sessions_of(session, user_id=user.id),
        "current_session": signin.token_hash(current) if current else None,
        "tokens": signin.tokens_of(session, user_id=user.id),
        "factor_in_force": factors.in_force(user),
        "factor_required": factors.required(viewer.actor, settings),
        "recovery_left": factors.recovery_codes_left(session, user=user),
    }
    return render(request, "auth/account.html", context, status_code=status_code)


@router.get("/account")
def account(request: Request, session: DbSession, viewer: CurrentViewer, settings: SettingsDep) -> Response:
    """One's own account: change the password, see and end sessions and tokens, the second factor."""
    return _account_page(request, session, viewer, settings)


@router.post("/account/password")
def change_password(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
) -> Response:
    """Change one's own password with the current one; every other browser and token is signed out."""
    try:
        changed = own_password.change_own_password(
            session,
            actor=viewer.actor,
            current_password=current_password,
            new_password=new_password,
            keep_token=None,
            keep_session=request.cookies.get(SESSION_COOKIE),
            address=client_address(request),
            settings=settings,
        )
    except Invalid as refused:
        errors = undone(session, refused)
        return _account_page(request, session, viewer, settings, errors=errors, status_code=422)
    except Throttled as refused:
        session.rollback()
        errors = {"current_password": refused.message}
        return retry_after(
            _account_page(request, session, viewer, settings, errors=errors, status_code=429), refused
        )
    if not changed:  # the failure counted is committed with this answer
        errors = {"current_password": translate(own_password.WRONG_CURRENT_PASSWORD)}
        return _account_page(request, session, viewer, settings, errors=errors, status_code=403)
    return see_other(
        "/account", N_("Your password was changed. Every other browser and token was signed out.")
    )


@router.post("/account/sessions/end")
def end_session(
    session: DbSession, viewer: CurrentViewer, _csrf: CsrfChecked, session_id: Annotated[str, Form()] = ""
) -> Response:
    """Sign one of one's browsers out."""
    signin.end_own_session(session, actor=viewer.actor, session_id=session_id[:64])
    return see_other("/account", N_("That browser was signed out."))


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(session: DbSession, viewer: CurrentViewer, _csrf: CsrfChecked, token_id: Id) -> Response:
    """End one of one's API tokens."""
    signin.revoke_token(session, actor=viewer.actor, token_id=token_id)
    return see_other("/account", N_("The token was ended: it no longer works."))


@router.get("/account/two-factor")
def two_factor(
    request: Request, session: DbSession, viewer: CurrentViewer, settings: SettingsDep
) -> Response:
    """Set up the second factor: scan the QR code, then type the code the app shows."""
    user = session.get(User, viewer.actor.user_id)
    assert user is not None
    if factors.in_force(user):
        return see_other("/account")
    return _enrolment_page(request, session, user, viewer, settings)


def _enrolment_page(
    request: Request,
    session: DbSession,
    user: User,
    viewer: Viewer,
    settings: SettingsDep,
    *,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    secret = factors.enrolment_secret(session, user=user)
    context = {
        "qr": factors.qr_data_uri(user, secret),
        "secret": factors.grouped(secret),
        "error": error,
        "required": factors.required(viewer.actor, settings),
    }
    return render(request, "auth/two_factor.html", context, status_code=status_code)


@router.post("/account/two-factor")
def confirm_two_factor(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    code: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Put the factor in force with the password and a first code; show the recovery codes once.

    Every other browser and API token of the account is signed out (they were opened without it),
    and this browser's session is renewed.
    """
    user = session.get(User, viewer.actor.user_id)
    if user is None or factors.in_force(user):
        raise PermissionDenied()
    try:
        proven = own_password.proves_own_password(
            session, user=user, password=password, address=client_address(request), settings=settings
        )
    except Throttled as refused:
        session.rollback()
        page = _enrolment_page(
            request, session, user, viewer, settings, error=refused.message, status_code=429
        )
        return retry_after(page, refused)
    if not proven:  # the failure counted is committed with this answer
        error = translate(own_password.WRONG_CURRENT_PASSWORD)
        return _enrolment_page(request, session, user, viewer, settings, error=error, status_code=403)
    try:
        codes = factors.confirm(session, user=user, code=code[:64], actor=viewer.actor)
    except Invalid:
        session.rollback()
        return _enrolment_page(
            request, session, user, viewer, settings, error=translate(factors.WRONG_CODE), status_code=422
        )
    # Every other browser and token was opened without the factor; this one gets a new session (ASVS 7.2.4).
    signin.end_credentials(session, user_id=user.id)
    token, renewed = signin.start_web_session(session, user=user, settings=settings)
    request.state.viewer = dataclasses.replace(viewer, csrf_token=renewed.csrf_token)
    page = render(request, "auth/recovery_codes.html", {"codes": codes})
    page.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/")
    return page
