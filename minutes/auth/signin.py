"""Signing in: throttled password checks, browser sessions with their timeouts, API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.audit import service as audit
from minutes.auth import factors, passwords, rules, throttle
from minutes.auth.models import ApiToken, User, WebSession
from minutes.config import Settings
from minutes.db import utcnow
from minutes.errors import NotFound, Throttled
from minutes.i18n import N_

token_hash = passwords.token_hash


def throttled(refusal: throttle.Refusal) -> Throttled:
    """The refusal as the error a route answers 429 with."""
    return Throttled(minutes=refusal.minutes, seconds=refusal.seconds)


def _audit_sign_in(
    session: Session, *, action: str, user: User | None, username: str, address: str, **data: object
) -> None:
    """Sign-ins, failed ones included, go to the audit log, where nothing is ever erased."""
    audit.record(
        session,
        actor=None if user is None else Actor(user.id, user.username, user.full_name, grants=()),
        action=action,
        record_type="user",
        record_id=user.id if user is not None else username,
        data={"username": username, "address": address, **data},
    )


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    address: str,
    settings: Settings,
    device_token: str | None = None,
) -> User | None:
    """Return the active user with these credentials, or None after recording the failure.

    The attempt is counted before the password is checked (minutes.auth.throttle), so a burst
    of parallel guesses gets at most the limit checked; a refusal raises Throttled. A failure
    is returned rather than raised so that the request commits its count and its audit event.
    """
    username = rules.normalise_username(username)[:64]
    address = address[:64]
    user = session.scalar(select(User).where(User.username == username))
    device = throttle.known_device(session, device_token=device_token, user_id=user.id if user else None)
    refusal = throttle.count_attempt(
        session, username=username, address=address, device=device, settings=settings
    )
    if refusal is not None:
        raise throttled(refusal)
    if user is None:
        passwords.verify_password(password, passwords.DUMMY_HASH)
        reason = "unknown_user"
    elif not passwords.verify_password(password, user.password_hash):
        reason = "wrong_password"
    elif not user.is_active:
        reason = "inactive"
    else:
        throttle.forgive(session, username=username, address=address, device=device)
        action = "sign_in.password_accepted" if factors.in_force(user) else "sign_in.succeeded"
        _audit_sign_in(session, action=action, user=user, username=username, address=address)
        return user
    record_failure(
        session,
        user=user,
        username=username,
        address=address,
        device=device,
        reason=reason,
        settings=settings,
    )
    return None


def record_failure(
    session: Session,
    *,
    user: User | None,
    username: str,
    address: str,
    device: str | None,
    reason: str,
    settings: Settings,
) -> None:
    """Audit a failed attempt, and a lock-out if it brought a key to its limit."""
    _audit_sign_in(
        session, action="sign_in.failed", user=user, username=username, address=address, reason=reason
    )
    for key in throttle.locked_now(
        session, username=username, address=address, device=device, settings=settings
    ):
        _audit_sign_in(
            session,
            action="sign_in.locked",
            user=user,
            username=username,
            address=address,
            key=key.split(":")[0],
        )
    session.flush()


WRONG_CREDENTIALS = N_("Wrong username or password. Please check and try again.")


def attempt(
    session: Session,
    *,
    user: User,
    address: str,
    settings: Settings,
    proves: Callable[[], bool],
    reason: str,
    device: str | None = None,
) -> bool:
    """A signed-in step that proves something of the person (a code, the password again): counted
    before it is checked, like a password; a failure audited under ``reason``, a success forgiven."""
    refusal = throttle.count_attempt(
        session, username=user.username, address=address, device=device, settings=settings
    )
    if refusal is not None:
        raise throttled(refusal)
    if not proves():
        record_failure(
            session,
            user=user,
            username=user.username,
            address=address,
            device=device,
            reason=reason,
            settings=settings,
        )
        return False
    throttle.forgive(session, username=user.username, address=address, device=device)
    return True


def second_step(
    session: Session,
    *,
    user: User,
    code: str,
    address: str,
    settings: Settings,
    device_token: str | None = None,
) -> bool:
    """After the right password: whether the one-time (or a recovery) code is right, throttled like a password."""
    address = address[:64]
    device = throttle.known_device(session, device_token=device_token, user_id=user.id)
    factor: str | None = None

    def proves() -> bool:
        nonlocal factor
        factor = factors.check(session, user=user, code=code)  # "totp" or "recovery_code"
        return factor is not None

    if not attempt(
        session,
        user=user,
        address=address,
        settings=settings,
        proves=proves,
        reason="wrong_code",
        device=device,
    ):
        return False
    _audit_sign_in(
        session,
        action="sign_in.succeeded",
        user=user,
        username=user.username,
        address=address,
        factor=factor,
    )
    return True


def start_web_session(
    session: Session, *, user: User, settings: Settings | None = None
) -> tuple[str, WebSession]:
    """Open a server-side session; return the cookie token and the record (the account's timed-out ones go)."""
    if settings is not None:
        now = utcnow()
        idle = now - dt.timedelta(minutes=settings.session_idle_minutes)
        old = now - dt.timedelta(hours=settings.session_absolute_hours)
        session.execute(
            delete(WebSession).where(
                WebSession.user_id == user.id,
                (WebSession.last_seen_at < idle) | (WebSession.created_at < old),
            )
        )
    token = secrets.token_urlsafe(32)
    record = WebSession(id=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32))
    session.add(record)
    session.flush()
    return token, record


SEEN_EVERY = dt.timedelta(minutes=1)  # a use is news once a minute, not on every request


def note_web_session_use(session: Session, *, token: str) -> None:
    """Note that a session was used now (its own short transaction, after the request)."""
    session.execute(
        update(WebSession)
        .where(WebSession.id == token_hash(token), WebSession.last_seen_at < utcnow() - SEEN_EVERY)
        .values(last_seen_at=utcnow())
    )


def note_api_token_use(session: Session, *, token: str) -> None:
    """Note that an API token was used now (its own short transaction, after the request)."""
    stale = utcnow() - SEEN_EVERY
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == token_hash(token))
        .where((ApiToken.last_used_at.is_(None)) | (ApiToken.last_used_at < stale))
        .values(last_used_at=utcnow())
    )


def remember_device(session: Session, *, device_token: str, user_id: int) -> None:
    """Note that the account signed in from this browser (minutes.auth.throttle spares it)."""
    throttle.remember_device(session, device_token=device_token, user_id=user_id)


def end_web_session(session: Session, *, token: str) -> None:
    """Sign a browser out."""
    session.execute(delete(WebSession).where(WebSession.id == token_hash(token)))


def issue_api_token(session: Session, *, user: User, settings: Settings) -> tuple[str, ApiToken]:
    """Create a bearer token for the JSON API."""
    token = secrets.token_urlsafe(32)
    record = ApiToken(
        user_id=user.id,
        token_hash=token_hash(token),
        expires_at=utcnow() + dt.timedelta(days=settings.api_token_days),
    )
    session.add(record)
    session.flush()
    return token, record


def tokens_of(session: Session, *, user_id: int) -> list[ApiToken]:
    """An account's API tokens still in force, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == user_id,
                ApiToken.revoked_at.is_(None),
                ApiToken.expires_at > utcnow(),
            )
            .order_by(ApiToken.id.desc())
        )
    )


def revoke_token(session: Session, *, actor: Actor, token_id: int) -> None:
    """End one of the caller's own API tokens (someone else's does not exist for them: 404)."""
    record = session.get(ApiToken, token_id)
    if record is None or record.user_id != actor.user_id or record.revoked_at is not None:
        raise NotFound()
    record.revoked_at = utcnow()
    audit.record(
        session, actor=actor, action="user.token_revoked", record_type="user", record_id=actor.user_id
    )
    session.flush()


def sessions_of(session: Session, *, user_id: int) -> list[WebSession]:
    """An account's signed-in browsers, the most recently seen first."""
    return list(
        session.scalars(
            select(WebSession).where(WebSession.user_id == user_id).order_by(WebSession.last_seen_at.desc())
        )
    )


def credentials_in_force(session: Session, *, user_id: int) -> tuple[int, int]:
    """How many browser sessions and unexpired, unrevoked API tokens an account has."""
    sessions = session.scalar(
        select(func.count()).select_from(WebSession).where(WebSession.user_id == user_id)
    )
    tokens = session.scalar(
        select(func.count())
        .select_from(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow())
    )
    return sessions or 0, tokens or 0


def end_own_session(session: Session, *, actor: Actor, session_id: str) -> None:
    """Sign one of one's own browsers out (someone else's does not exist for them: 404)."""
    record = session.get(WebSession, session_id)
    if record is None or record.user_id != actor.user_id:
        raise NotFound()
    session.delete(record)
    audit.record(
        session, actor=actor, action="user.session_ended", record_type="user", record_id=actor.user_id
    )
    session.flush()


def end_everyones_credentials(session: Session) -> tuple[int, int]:
    """End every browser session and API token there is: (sessions, tokens) ended."""
    sessions = session.scalar(select(func.count()).select_from(WebSession)) or 0
    tokens = (
        session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.revoked_at.is_(None))) or 0
    )
    session.execute(delete(WebSession))
    session.execute(update(ApiToken).where(ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    return sessions, tokens


def end_credentials(
    session: Session, *, user_id: int, keep_token: str | None = None, keep_session: str | None = None
) -> None:
    """End every browser session and API token of an account (but the token or session the caller uses)."""
    ended_sessions = delete(WebSession).where(WebSession.user_id == user_id)
    if keep_session is not None:
        ended_sessions = ended_sessions.where(WebSession.id != token_hash(keep_session))
    session.execute(ended_sessions)
    ended = update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    if keep_token is not None:
        ended = ended.where(ApiToken.token_hash != token_hash(keep_token))
    session.execute(ended.values(revoked_at=utcnow()))
