"""Pydantic shapes of the accounts API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from minutes.db import DbId


class TokenRequest(BaseModel):
    """Credentials exchanged for a bearer token."""

    username: str
    password: str
    # The authenticator app's code (or a recovery code), for an account with a second factor.
    otp: str | None = Field(default=None, max_length=64)


class TokenOut(BaseModel):
    """A bearer token and when it expires."""

    access_token: str
    token_type: str = "bearer"
    expires_at: dt.datetime


class RoleOut(BaseModel):
    """A role on a unit (no unit: the whole tree)."""

    role: str
    org_unit_id: int | None


class MeOut(BaseModel):
    """The caller."""

    id: int
    username: str
    full_name: str
    roles: list[RoleOut]


class UserCreate(BaseModel):
    """A new account."""

    username: str
    password: str
    full_name: str
    member_id: DbId | None = None


class UserOut(BaseModel):
    """An account."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str
    member_id: int | None
    is_active: bool


class RoleGrantIn(BaseModel):
    """A role to give on a unit."""

    role: str
    org_unit_id: DbId | None = None


class OwnPasswordChange(BaseModel):
    """One's own new password, with the current one as proof."""

    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class PasswordReset(BaseModel):
    """A new password set by an administrator."""

    password: str = Field(max_length=256)


class ApiTokenOut(BaseModel):
    """One of the caller's API tokens (never the token itself)."""

    id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    current: bool


class WebSessionOut(BaseModel):
    """A signed-in browser of an account (its id is the hash of the cookie, never the cookie)."""

    id: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    current: bool
