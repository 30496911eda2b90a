"""Sign-in throttling that holds under any number of workers, and does not lock the owner out.

Each attempt is counted *before* its password is checked, by a compare-and-set on one row
per key: concurrent attempts on the same key queue on the row (PostgreSQL's row lock,
SQLite's single writer), and every one but the first finds the count moved and is refused
unchecked. So at most the limit of attempts is ever evaluated, whatever the burst.

The keys (ASVS V6.3.1, NIST SP 800-63B 5.2.2):
- from a device this account signed in on before (its device cookie): that device and
  account only, a hard limit; nothing an attacker does elsewhere slows the owner there;
- otherwise the account from that address, a hard limit; the address over all accounts,
  a hard limit; and the account over all addresses, growing delays (never a block), which
  slow a guesser spread over many addresses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from minutes.auth.models import KnownDevice, SignInThrottle
from minutes.auth.passwords import token_hash
from minutes.config import Settings
from minutes.db import utcnow


@dataclasses.dataclass(frozen=True)
class Policy:
    """How one key is throttled: a hard limit in a window, or growing delays after some failures."""

    limit: int
    window: dt.timedelta
    growing: bool = False
    max_delay: dt.timedelta = dt.timedelta(0)


@dataclasses.dataclass(frozen=True)
class Refusal:
    """An attempt refused unchecked: how long to wait, and on which key."""

    seconds: int
    key: str

    @property
    def minutes(self) -> int:
        """The wait in whole minutes, rounded up, for the message."""
        return max(1, math.ceil(self.seconds / 60))


def wait_needed(row: SignInThrottle, policy: Policy, now: dt.datetime) -> dt.timedelta:
    """How long the key must wait before another attempt may be checked (zero: go on)."""
    if row.last_failure_at <= now - policy.window:
        return dt.timedelta(0)  # the window has passed: the count starts again
    if row.failures < policy.limit:
        return dt.timedelta(0)
    if not policy.growing:
        return row.first_failure_at + policy.window - now
    delay = min(dt.timedelta(seconds=2 ** min(row.failures - policy.limit, 30)), policy.max_delay)
    return max(dt.timedelta(0), row.last_failure_at + delay - now)


def keys_for(*, username: str, address: str, device: str | None) -> list[str]:
    """The throttle keys an attempt is counted on, in a fixed order (rows are locked in it)."""
    if device is not None:
        return [f"device:{device}:{username}"]
    return [f"account:{username}", f"account-address:{username}@{address}", f"address:{address}"]


def policy_for(key: str, settings: Settings) -> Policy:
    """The policy of a key, from the settings."""
    window = dt.timedelta(minutes=settings.login_window_minutes)
    kind = key.split(":", 1)[0]
    if kind == "account":
        return Policy(
            limit=settings.login_account_delay_after,
            window=window,
            growing=True,
            max_delay=dt.timedelta(seconds=settings.login_max_delay_seconds),
        )
    if kind == "address":
        return Policy(limit=settings.login_max_failures_per_address, window=window)
    return Policy(limit=settings.login_max_failures_per_account, window=window)


def _count_one(session: Session, key: str, policy: Policy, now: dt.datetime) -> Refusal | None:
    """Count an attempt on one key by compare-and-set; a refusal if it must wait or lost the race."""
    row = session.get(SignInThrottle, key, populate_existing=True)
    if row is None:
        try:
            with session.begin_nested():
                session.add(SignInThrottle(key=key, failures=1, first_failure_at=now, last_failure_at=now))
        except IntegrityError:
            return Refusal(seconds=1, key=key)  # a parallel attempt counted first
        return None
    wait = wait_needed(row, policy, now)
    if wait > dt.timedelta(0):
        return Refusal(seconds=math.ceil(wait.total_seconds()), key=key)
    fresh = row.last_failure_at <= now - policy.window
    result = session.execute(
        update(SignInThrottle)
        .where(
            SignInThrottle.key == key,
            SignInThrottle.failures == row.failures,
            SignInThrottle.last_failure_at == row.last_failure_at,
        )
        .values(
            failures=1 if fresh else SignInThrottle.failures + 1,
            first_failure_at=now if fresh else SignInThrottle.first_failure_at,
            last_failure_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if cast("CursorResult[Any]", result).rowcount != 1:
        return Refusal(seconds=1, key=key)
    return None


def count_attempt(
    session: Session, *, username: str, address: str, device: str | None, settings: Settings
) -> Refusal | None:
    """Count an attempt on each of its keys before it is checked; a refusal if any says wait."""
    now = utcnow()
    for key in keys_for(username=username, address=address, device=device):
        refusal = _count_one(session, key, policy_for(key, settings), now)
        if refusal is not None:
            return refusal
    return None


def locked_now(
    session: Session, *, username: str, address: str, device: str | None, settings: Settings
) -> list[str]:
    """The hard-limited keys this failure has just brought to their limit (a lock-out to audit)."""
    keys = keys_for(username=username, address=address, device=device)
    rows = session.scalars(select(SignInThrottle).where(SignInThrottle.key.in_(keys))).all()
    return [
        row.key
        for row in rows
        if not (policy := policy_for(row.key, settings)).growing and row.failures == policy.limit
    ]


def forgive(session: Session, *, username: str, address: str, device: str | None) -> None:
    """After the right password: the owner's own key starts again, and this attempt counts as no failure."""
    keys = keys_for(username=username, address=address, device=device)
    own = keys[0] if device is not None else keys[1]
    session.execute(delete(SignInThrottle).where(SignInThrottle.key == own))
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key.in_([key for key in keys if key != own]), SignInThrottle.failures > 0)
        .values(failures=SignInThrottle.failures - 1)
        .execution_options(synchronize_session=False)
    )


def known_device(session: Session, *, device_token: str | None, user_id: int | None) -> str | None:
    """The device id if this browser's device cookie belongs to a past sign-in of the account."""
    if not device_token or user_id is None:
        return None
    device = token_hash(device_token)
    return session.scalar(
        select(KnownDevice.device_hash).where(
            KnownDevice.device_hash == device, KnownDevice.user_id == user_id
        )
    )


def remember_device(session: Session, *, device_token: str, user_id: int) -> None:
    """Note that the account signed in from this browser."""
    device = token_hash(device_token)
    row = session.get(KnownDevice, (device, user_id))
    if row is None:
        session.add(KnownDevice(device_hash=device, user_id=user_id))
    else:
        row.last_seen_at = utcnow()
