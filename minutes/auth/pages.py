"""HTML routes of accounts: sign-in, sign-out, language, and the administrator's user pages."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from minutes.auth import factors, service, signin
from minutes.auth.models import ROLES, User
from minutes.errors import Conflict, Invalid, Throttled
from minutes.i18n import LANGUAGES, N_, translate
from minutes.orgs import service as orgs_service
from minutes.web.deps import SESSION_COOKIE, CurrentViewer, DbSession, Id, OptionalViewer, SettingsDep
from minutes.web.forms import undone
from minutes.web.responses import retry_after, safe_next, see_other
from minutes.web.security import LANGUAGE_COOKIE, CsrfChecked, client_address
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)
# A browser that signed in before keeps this: an attacker's failures elsewhere never slow it.
DEVICE_COOKIE = "minutes_device"
DEVICE_COOKIE_DAYS = 365
# Between the right password and the code: the account, signed and dated (minutes.auth.factors).
PENDING_COOKIE = "minutes_pending"


@router.get("/login")
def login_form(request: Request, viewer: OptionalViewer, next: str = "/") -> Response:
    """The sign-in page ("Đăng nhập")."""
    if viewer is not None:
        return see_other(safe_next(next))
    return render(request, "auth/login.html", {"next": safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the credentials and open a session."""
    context = {"next": safe_next(next), "username": username[:64]}
    try:
        user = signin.authenticate(
            session,
            username=username,
            password=password,
            address=client_address(request),
            settings=settings,
            device_token=request.cookies.get(DEVICE_COOKIE),
        )
    except Throttled as refused:
        return retry_after(
            render(request, "auth/login.html", {**context, "error": refused.message}, status_code=429),
            refused,
        )
    if user is None:
        return render(
            request, "auth/login.html", {**context, "error": translate(signin.WRONG_CREDENTIALS)}, 401
        )
    if factors.in_force(user):
        response = see_other(f"/login/code?next={quote(safe_next(next), safe='')}")
        pending = factors.pending_token(user.id, settings)
        response.set_cookie(
            PENDING_COOKIE, pending, max_age=factors.PENDING_SECONDS, httponly=True, samesite="lax", path="/"
        )
        return response
    return _signed_in(request, session, settings, user=user, next=next)


def _signed_in(
    request: Request, session: DbSession, settings: SettingsDep, *, user: User, next: str
) -> Response:
    """Open the session: end any earlier one in this browser, and remember the browser."""
    earlier = request.cookies.get(SESSION_COOKIE)
    if earlier:
        signin.end_web_session(session, token=earlier)  # one person at a time in a browser
    token, _ = signin.start_web_session(session, user=user, settings=settings)
    device_token = request.cookies.get(DEVICE_COOKIE) or secrets.token_urlsafe(32)
    signin.remember_device(session, device_token=device_token, user_id=user.id)
    response = see_other(safe_next(next))
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/")
    response.set_cookie(
        DEVICE_COOKIE,
        device_token,
        max_age=DEVICE_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="lax",
        path="/",
    )
    response.delete_cookie(PENDING_COOKIE, path="/")
    return response


def _pending_user(request: Request, session: DbSession, settings: SettingsDep) -> User | None:
    token = request.cookies.get(PENDING_COOKIE)
    user_id = factors.pending_user_id(token, settings) if token else None
    user = session.get(User, user_id) if user_id is not None else None
    return user if user is not None and user.is_active and factors.in_force(user) else None


@router.get("/login/code")
def code_form(request: Request, session: DbSession, settings: SettingsDep, next: str = "/") -> Response:
    """The second step of signing in: the code from the authenticator app ("Mã xác thực")."""
    if _pending_user(request, session, settings) is None:
        return see_other("/login")
    return render(request, "auth/login_code.html", {"next": safe_next(next), "error": None})


@router.post("/login/code")
def check_code(
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    _csrf: CsrfChecked,
    code: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the one-time or recovery code and open the session."""
    user = _pending_user(request, session, settings)
    if user is None:
        return see_other(
            "/login", N_("Sign in again: the time to type the code has run out."), category="error"
        )
    context = {"next": safe_next(next)}
    try:
        right = signin.second_step(
            session,
            user=user,
            code=code[:64],
            address=client_address(request),
            settings=settings,
            device_token=request.cookies.get(DEVICE_COOKIE),
        )
    except Throttled as refused:
        return retry_after(
            render(request, "auth/login_code.html", {**context, "error": refused.message}, status_code=429),
            refused,
        )
    if not right:
        return render(
            request, "auth/login_code.html", {**context, "error": translate(factors.WRONG_CODE)}, 401
        )
    return _signed_in(request, session, settings, user=user, next=next)


@router.post("/logout")
def logout(request: Request, session: DbSession, _csrf: CsrfChecked) -> Response:
    """End the browser's session."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        signin.end_web_session(session, token=token)
    response = see_other("/login", N_("You have signed out."))
    response.delete_cookie(SESSION_COOKIE, path="/")
    # A shared phone: whatever the browser kept of the pages goes too (ASVS 14.3.1): its cache, and
    # the storage where the offline layer keeps pages and unsent work (the page warned of that first).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'

    return response


@router.get("/language/{code}")
def choose_language(code: str, next: str = "/") -> Response:
    """Switch the interface language (Vietnamese or English)."""
    response = see_other(safe_next(next))
    if code in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", path="/")
    return response


@router.get("/admin/users")
def users_page(request: Request, session: DbSession, viewer: CurrentViewer) -> Response:
    """The accounts an administrator manages, with their roles."""
    users = service.list_users(session, actor=viewer.actor)
    return render(request, "auth/users.html", {"users": users})


def _user_form(
    request: Request, *, values: dict[str, str], errors: dict[str, str], status_code: int = 200
) -> Response:
    return render(request, "auth/user_new.html", {"values": values, "errors": errors}, status_code)


@router.get("/admin/users/new")
def new_user_form(request: Request, session: DbSession, viewer: CurrentViewer) -> Response:
    """The form for a new account."""
    service.list_users(session, actor=viewer.actor)
    return _user_form(request, values={"username": "", "full_name": ""}, errors={})


@router.post("/admin/users/new")
def create_user(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    username: Annotated[str, Form()] = "",
    full_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Create an account, then go to its page to give it roles."""
    values = {"username": username[:64], "full_name": full_name[:200]}
    try:
        user = service.create_user(
            session, actor=viewer.actor, username=username, password=password, full_name=full_name
        )
    except (Invalid, Conflict) as refused:
        errors = undone(session, refused)
        return _user_form(request, values=values, errors=errors, status_code=422)
    return see_other(
        f"/admin/users/{user.id}", N_("The account {username} was created."), username=user.username
    )


def _user_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    user_id: int,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    user = service.get_user(session, actor=viewer.actor, user_id=user_id)
    grants = service.user_grants(session, actor=viewer.actor, user_id=user.id)
    units = [
        unit
        for unit in orgs_service.list_units(session, actor=viewer.actor)
        if viewer.actor.can("user.manage", unit.path)
    ]
    sessions, tokens = signin.credentials_in_force(session, user_id=user.id)
    context = {
        "user": user,
        "grants": grants,
        "units": units,
        "roles": ROLES,
        "errors": errors,
        "factor_in_force": factors.in_force(user),
        "session_count": sessions,
        "token_count": tokens,
    }
    return render(request, "auth/user.html", context, status_code)


@router.get("/admin/users/{user_id}")
def user_page(request: Request, session: DbSession, viewer: CurrentViewer, user_id: Id) -> Response:
    """One account: its roles, state and password reset."""
    return _user_page(request, session, viewer, user_id, errors={})


@router.post("/admin/users/{user_id}/roles")
def grant_role(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    user_id: Id,
    role: Annotated[str, Form()] = "",
    org_unit_id: Annotated[str, Form()] = "",
) -> Response:
    """Give the account a role on a unit."""
    unit_id = int(org_unit_id) if org_unit_id.isdigit() else None
    try:
        service.grant_role(session, actor=viewer.actor, user_id=user_id, role=role, org_unit_id=unit_id)
    except (Invalid, Conflict) as refused:
        errors = undone(session, refused)
        return _user_page(request, session, viewer, user_id, errors=errors, status_code=422)
    return see_other(f"/admin/users/{user_id}", N_("The role was granted."))


@router.post("/admin/users/{user_id}/roles/remove")
def revoke_role(
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    user_id: Id,
    role: Annotated[str, Form()] = "",
    org_unit_id: Annotated[str, Form()] = "",
) -> Response:
    """Take a role away from the account."""
    unit_id = int(org_unit_id) if org_unit_id.isdigit() else None
    service.revoke_role(session, actor=viewer.actor, user_id=user_id, role=role, org_unit_id=unit_id)
    return see_other(f"/admin/users/{user_id}", N_("The role was removed."))


@router.post("/admin/users/{user_id}/active")
def set_active(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    user_id: Id,
    active: Annotated[str, Form()] = "",
) -> Response:
    """Disable an account (ending its sessions and tokens) or enable it again."""
    try:
        service.set_user_active(session, actor=viewer.actor, user_id=user_id, active=active == "1")
    except Invalid as refused:
        errors = undone(session, refused)
        return _user_page(request, session, viewer, user_id, errors=errors, status_code=422)
    message = (
        N_("The account was enabled.")
        if active == "1"
        else N_("The account was disabled and signed out everywhere.")
    )
    return see_other(f"/admin/users/{user_id}", message)


@router.post("/admin/users/{user_id}/password")
def reset_password(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    user_id: Id,
    password: Annotated[str, Form()] = "",
) -> Response:
    """Set a new password for the account."""
    try:
        service.set_password(session, actor=viewer.actor, user_id=user_id, password=password)
    except Invalid as refused:
        errors = undone(session, refused)
        return _user_page(request, session, viewer, user_id, errors=errors, status_code=422)
    return see_other(f"/admin/users/{user_id}", N_("The password was changed."))


@router.post("/admin/users/{user_id}/two-factor/reset")
def reset_factor(session: DbSession, viewer: CurrentViewer, _csrf: CsrfChecked, user_id: Id) -> Response:
    """Take the account's second factor away (a lost phone): it sets one up again at its next sign-in."""
    service.reset_factor(session, actor=viewer.actor, user_id=user_id)
    return see_other(f"/admin/users/{user_id}", N_("The second factor was reset and the account signed out."))


@router.post("/admin/users/{user_id}/sign-out")
def sign_out_everywhere(
    session: DbSession, viewer: CurrentViewer, _csrf: CsrfChecked, user_id: Id
) -> Response:
    """End the account's every session and API token."""
    service.sign_out_everywhere(session, actor=viewer.actor, user_id=user_id)
    return see_other(f"/admin/users/{user_id}", N_("The account was signed out everywhere."))
