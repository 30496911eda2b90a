"""Who holds a session cookie or an API token: the person and their grants, in one statement.

Every request asks this first, so it reads plain rows (the session or token, the account, each
grant with its unit's path) and builds no ORM objects.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, select
from sqlalchemy.orm import Session

from minutes.access import Actor, Grant
from minutes.auth.models import ApiToken, RoleGrant, User, WebSession
from minutes.auth.passwords import token_hash
from minutes.auth.signin import SEEN_EVERY
from minutes.config import Settings
from minutes.db import UTCDateTime, utcnow
from minutes.orgs.models import OrgUnit


@dataclass(frozen=True)
class Holder:
    """The active person behind a session or token, as plain values."""

    actor: Actor
    has_factor: bool
    csrf_token: str
    use_due: bool


def of_web_session(session: Session, *, token: str, settings: Settings) -> Holder | None:
    """The holder of a browser's session, or None once it timed out or ended (nothing is written)."""
    rows = session.connection().execute(_session_holder(), {"hash": token_hash(token)}).all()
    if not rows:
        return None
    first, now = rows[0], utcnow()
    idle = now - first.last_seen_at > dt.timedelta(minutes=settings.session_idle_minutes)
    if idle or now - first.created_at > dt.timedelta(hours=settings.session_absolute_hours):
        return None
    return _holder(rows, csrf_token=first.csrf_token, last_used=first.last_seen_at)


def of_api_token(session: Session, *, token: str) -> Holder | None:
    """The holder of an unexpired, unrevoked bearer token, or None."""
    parameters = {"hash": token_hash(token), "now": utcnow()}
    rows = session.connection().execute(_token_holder(), parameters).all()
    return _holder(rows, csrf_token="", last_used=rows[0].last_used_at) if rows else None


# Built once and run on the session's connection: every request asks, and building the statement
# and passing it through the ORM cost ten times what the database takes to answer it.
@functools.cache
def _session_holder() -> Select[*tuple[Any, ...]]:
    query = select(WebSession.csrf_token, WebSession.created_at, WebSession.last_seen_at)
    query = _with_account(query.join(User, User.id == WebSession.user_id))
    return query.where(WebSession.id == bindparam("hash"))


@functools.cache
def _token_holder() -> Select[*tuple[Any, ...]]:
    query = _with_account(select(ApiToken.last_used_at).join(User, User.id == ApiToken.user_id))
    return query.where(
        ApiToken.token_hash == bindparam("hash"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now", type_=UTCDateTime),
    )


def _with_account(query: Select[*tuple[Any, ...]]) -> Select[*tuple[Any, ...]]:
    """The account's columns (the query joins the account) and one row per grant, or one without any."""
    has_factor = and_(User.totp_secret.is_not(None), User.totp_confirmed_at.is_not(None))
    return (
        query.add_columns(
            User.id.label("user_id"),
            User.username,
            User.full_name,
            User.is_active,
            has_factor.label("has_factor"),
            RoleGrant.role,
            RoleGrant.org_unit_id,
            OrgUnit.path,
        )
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_unit_id)
        .order_by(RoleGrant.id)
    )


def _holder(
    rows: Sequence[Row[*tuple[Any, ...]]], *, csrf_token: str, last_used: dt.datetime | None
) -> Holder | None:
    first = rows[0]
    if not first.is_active:
        return None
    grants = tuple(
        Grant(role=row.role, org_unit_id=row.org_unit_id, path=row.path or "")
        for row in rows
        if row.role is not None
    )
    return Holder(
        actor=Actor(user_id=first.user_id, username=first.username, full_name=first.full_name, grants=grants),
        has_factor=bool(first.has_factor),
        csrf_token=csrf_token,
        use_due=last_used is None or utcnow() - last_used > SEEN_EVERY,
    )
