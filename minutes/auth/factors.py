"""The second factor: time-based one-time codes (TOTP, RFC 6238) and recovery codes.

A person enrols by scanning a QR code into an authenticator app and typing one code back;
from then on signing in asks for a code after the password. Ten recovery codes, shown once,
each stand in for a code when the phone is lost. No code works twice (ASVS V6.5.1).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.audit import service as audit
from minutes.auth import passwords
from minutes.auth.models import RecoveryCode, User
from minutes.config import Settings
from minutes.db import utcnow
from minutes.errors import invalid_field
from minutes.i18n import N_

ISSUER = "Sổ biên bản chi bộ"
RECOVERY_CODES = 10
PENDING_SECONDS = 300  # between the right password and the code
WRONG_CODE = N_("The code is not right or has expired. Type the 6 digits the app shows now.")


def in_force(user: User) -> bool:
    """Whether signing in as this person asks for a code."""
    return user.totp_secret is not None and user.totp_confirmed_at is not None


def required(actor: Actor, settings: Settings) -> bool:
    """Whether this person's roles oblige them to have a second factor (MINUTES_TOTP_REQUIRED_ROLES)."""
    wanted = {role.strip() for role in settings.totp_required_roles.split(",") if role.strip()}
    return any(grant.role in wanted for grant in actor.grants)


def enrolment_secret(session: Session, *, user: User) -> str:
    """The secret to scan: a new one unless enrolment has begun and is not yet confirmed."""
    if user.totp_secret is None or user.totp_confirmed_at is not None:
        user.totp_secret = pyotp.random_base32()
        user.totp_confirmed_at = None
        session.flush()
    return user.totp_secret


def qr_data_uri(user: User, secret: str) -> str:
    """The QR code of the secret, as an SVG data URI an authenticator app scans."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it in by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return re.sub(r"[\s-]+", "", code)


def _accept_totp(user: User, code: str, now: float) -> bool:
    """Whether the code is the one of this step or a neighbour, and newer than the last accepted."""
    if user.totp_secret is None or not re.fullmatch(r"\d{6}", code):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = int(now // totp.interval)
    for step in (current - 1, current, current + 1):  # a phone's clock may be 30 s off
        if step > (user.totp_last_step or -1) and hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def confirm(session: Session, *, user: User, code: str, actor: Actor) -> list[str]:
    """Put the factor in force with a first code; return the recovery codes to show once."""
    if user.totp_secret is None or not _accept_totp(user, _digits(code), time.time()):
        raise invalid_field("code", WRONG_CODE)
    user.totp_confirmed_at = utcnow()
    codes = _new_recovery_codes(session, user)
    audit.record(session, actor=actor, action="user.factor_enrolled", record_type="user", record_id=user.id)
    session.flush()
    return codes


def _new_recovery_codes(session: Session, user: User) -> list[str]:
    """Ten codes of 48 random bits, stored as Argon2id hashes (ASVS 6.5.2: under 112 bits, a password hash)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=passwords.hash_password(code)) for code in codes)
    return codes


def check(session: Session, *, user: User, code: str) -> str | None:
    """Which factor the code proves ("totp" or "recovery_code"), or None; a used code is spent."""
    typed = _digits(code).lower()
    if _accept_totp(user, typed, time.time()):
        return "totp"
    if re.fullmatch(r"[0-9a-f]{12}", typed):
        written = f"{typed[:6]}-{typed[6:]}"
        unused = session.scalars(
            select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        for spare in unused:
            if passwords.verify_password(written, spare.code_hash):
                spare.used_at = utcnow()
                return "recovery_code"
    return None


def recovery_codes_left(session: Session, *, user: User) -> int:
    """How many recovery codes are still unused."""
    return len(
        session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        ).all()
    )


def remove(session: Session, *, user: User) -> None:
    """Take the factor away (an administrator's reset): the person enrols again."""
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def pending_token(user_id: int, settings: Settings, *, now: float | None = None) -> str:
    """What the browser keeps between the right password and the code: the account, signed and dated."""
    issued = int(now if now is not None else time.time())
    body = f"{user_id}.{issued}"
    return f"{body}.{_sign(body, settings)}"


def pending_user_id(token: str, settings: Settings, *, now: float | None = None) -> int | None:
    """The account a pending token names, if it is genuine and recent."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    body = f"{parts[0]}.{parts[1]}"
    age = (now if now is not None else time.time()) - int(parts[1])
    if not hmac.compare_digest(parts[2], _sign(body, settings)) or not 0 <= age <= PENDING_SECONDS:
        return None
    return int(parts[0])


def _sign(body: str, settings: Settings) -> str:
    key = hashlib.sha256(b"minutes second factor" + settings.secret_key.encode()).digest()
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def enrolled_since(user: User) -> dt.datetime | None:
    """When the factor was put in force."""
    return user.totp_confirmed_at
