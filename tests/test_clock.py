"""The office clock: dates are the offices' dates, whatever the machine's zone or hour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from minutes import clock
from minutes.config import Settings, get_settings


@pytest.fixture
def office_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Settings read afresh from the environment for one test."""
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_an_evening_in_utc_is_already_tomorrow_at_the_office() -> None:
    evening_utc = dt.datetime(2026, 12, 5, 20, 30, tzinfo=dt.UTC)
    assert clock.office_date(evening_utc) == dt.date(2026, 12, 6)
    assert clock.at_office(evening_utc).strftime("%H:%M") == "03:30"


def test_a_time_typed_without_a_zone_is_the_office_wall_clock() -> None:
    typed = clock.assume_office(dt.datetime(2019, 10, 5, 19, 30))
    assert typed.astimezone(dt.UTC) == dt.datetime(2019, 10, 5, 12, 30, tzinfo=dt.UTC)
    assert clock.office_moment(dt.date(2019, 10, 5), dt.time(19, 30)) == typed


def test_today_is_the_office_date_of_now() -> None:
    before = clock.office_date(clock.now())
    today = clock.today()
    assert today in (before, clock.office_date(clock.now()))


def test_a_demo_fixes_today_with_minutes_today(office_settings: pytest.MonkeyPatch) -> None:
    office_settings.setenv("MINUTES_TODAY", "2019-12-31")
    assert clock.today() == dt.date(2019, 12, 31)


def test_another_office_time_zone_moves_the_date(office_settings: pytest.MonkeyPatch) -> None:
    office_settings.setenv("MINUTES_OFFICE_TIMEZONE", "UTC")
    assert clock.office_date(dt.datetime(2026, 12, 5, 20, 30, tzinfo=dt.UTC)) == dt.date(2026, 12, 5)


def test_an_unknown_time_zone_is_refused_with_an_example() -> None:
    with pytest.raises(ValidationError, match="Asia/Ho_Chi_Minh"):
        Settings(office_timezone="Asia/Hanoi_City")
