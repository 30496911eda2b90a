"""The demo's own calendar: the year it covers, the day it stands on, its clock, and day arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from zoneinfo import ZoneInfo

YEAR = 2019
AS_OF = dt.date(YEAR, 12, 31)
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")  # the demo district's own clock


def one_year_later(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 2, 28)


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day between two days, included."""
    return first + dt.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def last_day(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def next_month(year: int, month: int) -> tuple[int, int]:
    """The (year, month) after this one."""
    return (year + 1, 1) if month == 12 else (year, month + 1)


def weekday_on_or_after(day: dt.date) -> dt.date:
    """The day itself, or the Monday after a weekend day."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def month_label(month: int) -> str:
    """The month as minutes name it: "tháng 9", or "tháng 12 năm 2018" before January."""
    return f"tháng {month}" if month >= 1 else f"tháng 12 năm {YEAR - 1}"


def short_date(day: dt.date) -> str:
    """A day as minutes write it: 05/10/2019."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
