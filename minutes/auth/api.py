"""JSON routes of accounts: tokens, the caller, users and their roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import JSONResponse

from minutes.auth import factors, own_password, service, signin
from minutes.auth.models import ApiToken, WebSession
from minutes.auth.schemas import (
    ApiTokenOut,
    MeOut,
    OwnPasswordChange,
    PasswordReset,
    RoleGrantIn,
    RoleOut,
    TokenOut,
    TokenRequest,
    UserCreate,
    UserOut,
    WebSessionOut,
)
from minutes.errors import PermissionDenied, Unauthenticated
from minutes.i18n import N_
from minutes.web.deps import ApiActor, BearerToken, DbSession, Id, SettingsDep
from minutes.web.errors import json_error
from minutes.web.security import client_address

router = APIRouter(tags=["auth"])
CODE_NEEDED = N_("This account signs in with a second factor: send the app's 6-digit code as otp.")


@router.post("/auth/token", response_model=TokenOut, responses={401: {}, 429: {}})
def create_token(
    body: TokenRequest, request: Request, session: DbSession, settings: SettingsDep
) -> TokenOut | JSONResponse:
    """Exchange a username and password for a bearer token."""
    user = signin.authenticate(
        session,
        username=body.username,
        password=body.password,
        address=client_address(request),
        settings=settings,
    )
    if user is None:
        return json_error(Unauthenticated(signin.WRONG_CREDENTIALS))
    if factors.in_force(user):
        if not body.otp:
            return json_error(
                Unauthenticated(CODE_NEEDED, details=[{"field": "otp", "message": CODE_NEEDED}])
            )
        right = signin.second_step(
            session, user=user, code=body.otp, address=client_address(request), settings=settings
        )
        if not right:  # answered, not raised: the failure counted must be committed
            return json_error(
                Unauthenticated(factors.WRONG_CODE, details=[{"field": "otp", "message": factors.WRONG_CODE}])
            )
    token, record = signin.issue_api_token(session, user=user, settings=settings)
    return TokenOut(access_token=token, expires_at=record.expires_at)


@router.get("/me", response_model=MeOut)
def me(actor: ApiActor) -> MeOut:
    """Who the caller is and which roles they hold."""
    roles = [RoleOut(role=grant.role, org_unit_id=grant.org_unit_id) for grant in actor.grants]
    return MeOut(id=actor.user_id, username=actor.username, full_name=actor.full_name, roles=roles)


@router.post("/me/password", status_code=204, responses={403: {}, 422: {}, 429: {}}, response_model=None)
def change_own_password(
    body: OwnPasswordChange,
    request: Request,
    session: DbSession,
    settings: SettingsDep,
    actor: ApiActor,
    token: BearerToken,
) -> Response:
    """Change one's own password with the current one; every other session and token ends."""
    changed = own_password.change_own_password(
        session,
        actor=actor,
        current_password=body.current_password,
        new_password=body.new_password,
        keep_token=token,
        address=client_address(request),
        settings=settings,
    )
    if not changed:  # answered, not raised: the failure counted must be committed
        return json_error(PermissionDenied(own_password.WRONG_CURRENT_PASSWORD))
    return Response(status_code=204)


@router.get("/me/tokens", response_model=list[ApiTokenOut])
def my_tokens(session: DbSession, actor: ApiActor, token: BearerToken) -> list[ApiTokenOut]:
    """The caller's API tokens in force, the one of this request marked current."""
    current = signin.token_hash(token) if token else None
    return _tokens_out(signin.tokens_of(session, user_id=actor.user_id), current)


def _tokens_out(tokens: list[ApiToken], current: str | None = None) -> list[ApiTokenOut]:
    return [
        ApiTokenOut(
            id=t.id,
            created_at=t.created_at,
            expires_at=t.expires_at,
            last_used_at=t.last_used_at,
            current=t.token_hash == current,
        )
        for t in tokens
    ]


SessionId = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]


def _sessions_out(sessions: list[WebSession], current: str | None = None) -> list[WebSessionOut]:
    return [
        WebSessionOut(id=s.id, created_at=s.created_at, last_seen_at=s.last_seen_at, current=s.id == current)
        for s in sessions
    ]


@router.get("/me/sessions", response_model=list[WebSessionOut])
def my_sessions(session: DbSession, actor: ApiActor) -> list[WebSessionOut]:
    """The caller's signed-in browsers, the most recently seen first."""
    return _sessions_out(signin.sessions_of(session, user_id=actor.user_id))


@router.delete("/me/sessions/{session_id}", status_code=204, responses={404: {}})
def end_my_session(session_id: SessionId, session: DbSession, actor: ApiActor) -> Response:
    """Sign one of the caller's browsers out."""
    signin.end_own_session(session, actor=actor, session_id=session_id)
    return Response(status_code=204)


@router.get("/users/{user_id}/sessions", response_model=list[WebSessionOut], responses={404: {}})
def user_sessions(user_id: Id, session: DbSession, actor: ApiActor) -> list[WebSessionOut]:
    """An administrator's view of the signed-in browsers of an account they manage."""
    user = service.get_user(session, actor=actor, user_id=user_id)
    return _sessions_out(signin.sessions_of(session, user_id=user.id))


@router.get("/users/{user_id}/tokens", response_model=list[ApiTokenOut], responses={404: {}})
def user_tokens(user_id: Id, session: DbSession, actor: ApiActor) -> list[ApiTokenOut]:
    """An administrator's view of the API tokens in force of an account they manage."""
    user = service.get_user(session, actor=actor, user_id=user_id)
    return _tokens_out(signin.tokens_of(session, user_id=user.id))


@router.delete("/me/tokens/{token_id}", status_code=204, responses={404: {}})
def revoke_my_token(token_id: Id, session: DbSession, actor: ApiActor) -> Response:
    """End one of the caller's own tokens: it no longer works."""
    signin.revoke_token(session, actor=actor, token_id=token_id)
    return Response(status_code=204)


@router.post("/users/{user_id}/password", status_code=204, responses={403: {}, 404: {}, 422: {}})
def reset_password(user_id: Id, body: PasswordReset, session: DbSession, actor: ApiActor) -> Response:
    """An administrator above the account sets its password; its every session and token ends."""
    service.set_password(session, actor=actor, user_id=user_id, password=body.password)
    return Response(status_code=204)


@router.post("/users/{user_id}/second-factor/reset", status_code=204, responses={403: {}, 404: {}})
def reset_second_factor(user_id: Id, session: DbSession, actor: ApiActor) -> Response:
    """An administrator above the account takes its second factor away (a lost phone); it is signed out."""
    service.reset_factor(session, actor=actor, user_id=user_id)
    return Response(status_code=204)


@router.post("/users/{user_id}/sign-out", status_code=204, responses={403: {}, 404: {}})
def sign_out_everywhere(user_id: Id, session: DbSession, actor: ApiActor) -> Response:
    """An administrator above the account ends its every session and API token."""
    service.sign_out_everywhere(session, actor=actor, user_id=user_id)
    return Response(status_code=204)


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: UserCreate, session: DbSession, actor: ApiActor) -> UserOut:
    """Create an account (administrators)."""
    user = service.create_user(session, actor=actor, **body.model_dump())
    return UserOut.model_validate(user)


@router.post("/users/{user_id}/roles", response_model=RoleOut, status_code=201)
def grant_role(user_id: Id, body: RoleGrantIn, session: DbSession, actor: ApiActor) -> RoleOut:
    """Give an account a role on a unit (administrators of that unit)."""
    grant = service.grant_role(
        session, actor=actor, user_id=user_id, role=body.role, org_unit_id=body.org_unit_id
    )
    return RoleOut(role=grant.role, org_unit_id=grant.org_unit_id)


@router.delete("/users/{user_id}/roles/{role}/{org_unit_id}", status_code=204)
def revoke_role(user_id: Id, role: str, org_unit_id: Id, session: DbSession, actor: ApiActor) -> Response:
    """Take a role on a unit away from an account."""
    service.revoke_role(session, actor=actor, user_id=user_id, role=role, org_unit_id=org_unit_id)
    return Response(status_code=204)
