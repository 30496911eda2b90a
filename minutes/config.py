"""Settings, read from the environment with the MINUTES_ prefix."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
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
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 30
    https: bool = False
    submit_within_days: int = 5
    review_within_days: int = 7
    regular_meeting_by_day: int = 25
    supervision_quota: int = 6
    compliance_grace_days: int = 10
    attendance_bar_percent: int = 85
    default_language: str = "vi"
    office_timezone: str = "Asia/Ho_Chi_Minh"
    # The largest request body taken (a member list's confirmation carries the file as base64).
    max_body_bytes: int = 5_000_000
    # Fixes the office date for a demo or a test (YYYY-MM-DD); real use leaves it unset.
    today: dt.date | None = None

    @property
    def production(self) -> bool:
        """Whether the app runs for real users."""
        return self.environment == "production"

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
