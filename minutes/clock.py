"""The office clock: the one place that knows the offices' time zone and today's date.

Every "today" in the app and its tests comes from here, so a date never depends on the
machine's own time zone (CI runs on UTC, the offices on UTC+7).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from minutes.config import get_settings


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def office_zone() -> ZoneInfo:
    """The offices' time zone (MINUTES_OFFICE_TIMEZONE, Asia/Ho_Chi_Minh by default)."""
    return _zone(get_settings().office_timezone)


def now() -> dt.datetime:
    """The present moment, in UTC (for timestamps)."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date at the offices, or MINUTES_TODAY where a demo or a test fixes it."""
    fixed = get_settings().today
    return fixed if fixed is not None else dt.datetime.now(office_zone()).date()


def at_office(moment: dt.datetime) -> dt.datetime:
    """A moment as the office clock shows it."""
    return moment.astimezone(office_zone())


def office_date(moment: dt.datetime) -> dt.date:
    """The office date of a moment."""
    return at_office(moment).date()


def office_moment(date: dt.date, time: dt.time) -> dt.datetime:
    """A date and a wall-clock time at the offices, as an aware moment."""
    return dt.datetime.combine(date, time, tzinfo=office_zone())


def assume_office(moment: dt.datetime) -> dt.datetime:
    """A moment typed without a zone is the office's wall clock."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=office_zone())
