"""Settings, read from the environment with the MINUTES_ prefix."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Literal
from zoneinfo import available_timezones

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "development"}
DEV_SECRET = "dev-only-secret-not-for-production"


class Settings(BaseSettings):
    """Everything the app reads from its environment."""

    model_config = SettingsConfigDict(env_prefix="MINUTES_", env_file=".env", extra="ignore")

    database_url: str = Field(default_factory=lambda: f"sqlite:///{Path.cwd() / 'minutes.db'}")
    environment: str = "development"
    secret_key: str = DEV_SECRET
    session_idle_minutes: int = 120
    session_absolute_hours: int = 12
    api_token_days: int = 30
    login_window_minutes: int = 15
    # Sign-in throttling (minutes.auth.throttle): hard limits per account from one address or
    # device and per address; over all addresses, delays doubling from 1 s up to the maximum.
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=30, ge=1)
    login_account_delay_after: int = Field(default=10, ge=1)
    login_max_delay_seconds: int = Field(default=900, ge=1)
    # The roles whose holders must sign in with a second factor (TOTP), comma-separated; empty: nobody.
    totp_required_roles: str = "admin,reviewer"
    # The proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
    trusted_proxies: str = ""
    https: bool = False
    # The audit chain's HMAC key, kept out of the database: a file's contents, or the value
    # itself; unset, it is derived from the secret key (then changing that breaks the check).
    audit_key: str = ""
    audit_key_file: Path | None = None
    # Where `minutes audit anchor` appends the log's head, and where else it sends it (HTTP POST).
    audit_anchor_file: Path = Field(default_factory=lambda: Path.cwd() / "audit-anchors.jsonl")
    audit_anchor_url: str = ""
    submit_within_days: int = 5
    review_within_days: int = 7
    regular_meeting_by_day: int = 25
    supervision_quota: int = 6
    # B.6.3: quotas by the level of the committee a supervisor serves, from the top of the tree,
    # e.g. "2,6,6" (province 2, district 6, commune 6); unset, everyone has supervision_quota.
    supervision_quotas: str = ""
    compliance_grace_days: int = 10
    # DOMAIN Part A's bars, each with its default (the README lists them with their sources).
    attendance_bar_percent: int = Field(default=85, ge=0, le=100)  # A.5, HD 12: a rate above it
    min_minutes_regular: int = Field(default=90, ge=0)  # A.3
    min_minutes_thematic: int = Field(default=90, ge=0)
    min_minutes_combined: int = Field(default=120, ge=0)
    min_minutes_extraordinary: int = Field(default=0, ge=0)  # the rules set none
    # A meeting dated after today is an error, beyond this grace (a secretary a time zone or a
    # midnight away); a period may be planned at most this many months ahead.
    meeting_date_grace_days: int = Field(default=1, ge=0, le=31)
    plan_ahead_months: int = Field(default=12, ge=1, le=60)
    removal_review_months: int = Field(default=3, ge=1, le=12)  # A.8, QĐ 24 item 8.1
    task_carry_months: int = Field(default=12, ge=1, le=120)  # A.9: how far back open tasks are carried
    vote_pass_share: str = "1/2"  # A.6: a resolution passes with votes for above this share
    special_vote_share: str = "2/3"  # A.6, B.3: admission, recognition, removal need at least this
    # A.6's denominator ("a6"), or QĐ 24 item 9.3.2 as B.3 reads it ("b3": also less the excused).
    vote_denominator: Literal["a6", "b3"] = "a6"
    quorum_percent: int | None = Field(default=None, ge=1, le=100)  # A.7: none unless a province sets one
    classification_bands: str = "90,70,50"  # A.12: the lowest points of excellent, good, completed
    rubric: str = "hd42"  # A.10: the review sheet in force (minutes/structures/rubrics/<name>.yaml)
    default_language: str = "vi"
    office_timezone: str = "Asia/Ho_Chi_Minh"
    # Database connections per process; as many requests are served at once (one connection
    # each), a stated number more wait their turn, and the rest are answered 503 at once.
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    max_waiting_requests: int = Field(default=200, ge=0)
    # The largest request body taken (a member list's confirmation carries the file as base64).
    max_body_bytes: int = 5_000_000
    # Fixes the office date for a demo or a test (YYYY-MM-DD); real use leaves it unset.
    today: dt.date | None = None

    @property
    def production(self) -> bool:
        """Whether the app runs for real users."""
        return self.environment == "production"

    @field_validator("vote_pass_share", "special_vote_share")
    @classmethod
    def _share(cls, value: str) -> str:
        try:
            share = Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{value!r} is not a share: write it as 1/2, 2/3 or 0.5") from None
        if not 0 < share <= 1:
            raise ValueError(f"{value!r}: a share lies above 0 and at most 1")
        return value.strip()

    @field_validator("classification_bands")
    @classmethod
    def _bands(cls, value: str) -> str:
        parts = [part.strip() for part in value.split(",")]
        if len(parts) != 3 or not all(part.isdigit() for part in parts):
            raise ValueError(f"{value!r}: write three whole numbers, best band first, e.g. 90,70,50")
        numbers = [int(part) for part in parts]
        if not 100 >= numbers[0] > numbers[1] > numbers[2] > 0:
            raise ValueError(f"{value!r}: the three bands fall from at most 100 to above 0, e.g. 90,70,50")
        return ",".join(parts)

    @field_validator("supervision_quotas")
    @classmethod
    def _quotas(cls, value: str) -> str:
        parts = [part.strip() for part in value.split(",")] if value.strip() else []
        if not all(part.isdigit() for part in parts):
            raise ValueError(
                f"{value!r}: write the quotas as whole numbers from the top level down, e.g. 2,6,6"
            )
        return ",".join(parts)

    def supervision_quotas_by_level(self) -> tuple[int, ...]:
        """The yearly quotas by committee level, from the top of the tree (empty: one quota for all)."""
        return (
            tuple(int(part) for part in self.supervision_quotas.split(",")) if self.supervision_quotas else ()
        )

    def audit_chain_key(self) -> bytes:
        """The key of the audit chain's HMAC: MINUTES_AUDIT_KEY_FILE, MINUTES_AUDIT_KEY, or from the secret."""
        if self.audit_key_file is not None:
            return self.audit_key_file.read_bytes().strip()
        if self.audit_key:
            return self.audit_key.encode()
        return hmac.new(self.secret_key.encode(), b"minutes audit chain", hashlib.sha256).digest()

    def bands(self) -> tuple[int, int, int]:
        """The lowest points of the excellent, good and completed bands."""
        excellent, good, completed = (int(part) for part in self.classification_bands.split(","))
        return excellent, good, completed

    @field_validator("totp_required_roles")
    @classmethod
    def _roles(cls, value: str) -> str:
        roles = [role.strip() for role in value.split(",") if role.strip()]
        unknown = [
            role for role in roles if role not in ("admin", "reviewer", "secretary", "clerk", "viewer")
        ]
        if unknown:
            raise ValueError(
                f"MINUTES_TOTP_REQUIRED_ROLES: unknown roles {unknown} (admin, reviewer, secretary, clerk, viewer)"
            )
        return ",".join(roles)

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for part in filter(None, (part.strip() for part in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(f"MINUTES_TRUSTED_PROXIES: {part!r} is not an address or network") from None
        return value

    def trusted_proxy_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The networks of the proxies whose forwarded address is believed."""
        parts = filter(None, (part.strip() for part in self.trusted_proxies.split(",")))
        return tuple(ipaddress.ip_network(part, strict=False) for part in parts)

    @field_validator("office_timezone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        if value not in available_timezones():
            raise ValueError(f"MINUTES_OFFICE_TIMEZONE: unknown time zone {value!r} (e.g. Asia/Ho_Chi_Minh)")
        return value

    @model_validator(mode="after")
    def _refuse_placeholder_secret_in_production(self) -> Settings:
        if self.production and (
            self.secret_key.lower() in PLACEHOLDER_SECRETS
            or self.secret_key == DEV_SECRET
            or len(self.secret_key) < 32
        ):
            raise ValueError(
                "MINUTES_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (for example: python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')."
            )
        return self


@cache
def get_settings() -> Settings:
    """Return the settings of this process."""
    return Settings()
