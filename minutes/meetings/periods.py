"""Periods of meetings: a month "YYYY-MM" or, for a thematic meeting, a quarter "YYYY-Qn"."""

from __future__ import annotations

import datetime as dt
import re

from minutes.i18n import N_, fold

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_problem(kind: str, period: str) -> str | None:
    """A message id if the period does not fit the meeting kind."""
    if kind == "thematic":
        return (
            None
            if QUARTER.match(period) or MONTH.match(period)
            else N_("Write the period as a quarter, for example 2026-Q4, or as a month, for example 2026-10.")
        )
    return None if MONTH.match(period) else N_("Write the period as a month, for example 2026-10.")


FIRST_YEAR = 1930  # the Party's records begin with it


def period_out_of_range(period: str, *, today: dt.date, months_ahead: int) -> bool:
    """Whether a well-written period lies before the Party's records or too far after today."""
    year, month, quarter = year_month_quarter(period)
    if year < FIRST_YEAR:
        return True
    first_month = month or (quarter or 1) * 3 - 2
    return (year - today.year) * 12 + first_month - today.month > months_ahead


# How people write a period: "2019-11", "11/2019", "tháng 11/2019", "T11/2019", "quý IV/2019", "Q4/2019".
_MONTH_WRITTEN = re.compile(r"^(?:thang|t)?\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_QUARTER_WRITTEN = re.compile(r"^(?:quy|q)\s*([1-4]|i{1,3}|iv)\s*[/.-]\s*(\d{4})$")
_ROMAN_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def parse_period(text: str) -> str | None:
    """A period as the app writes it ("2019-11", "2019-Q4") from the ways people write one; None if
    it is not one."""
    written = fold(text).strip()
    if MONTH.match(written) or QUARTER.match(written.upper()):
        return written.upper()
    if (month := _MONTH_WRITTEN.match(written)) and 1 <= int(month.group(1)) <= 12:
        return f"{month.group(2)}-{int(month.group(1)):02d}"
    if quarter := _QUARTER_WRITTEN.match(written):
        number = quarter.group(1)
        return f"{quarter.group(2)}-Q{_ROMAN_NUMBER.get(number, number)}"
    return None


def month_of(day: dt.date) -> str:
    """The month period of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def quarter_of(period: str) -> str:
    """The quarter a month or quarter period falls in."""
    if QUARTER.match(period):
        return period
    year, month = (int(part) for part in period.split("-"))
    return f"{year:04d}-Q{(month - 1) // 3 + 1}"


def contains(period: str, day: dt.date) -> bool:
    """Whether a day falls in a month or quarter period."""
    month = month_of(day)
    return period in (month, quarter_of(month))


def year_month_quarter(period: str) -> tuple[int, int | None, int | None]:
    """The year, month (if a month) and quarter of a period."""
    if match := QUARTER.match(period):
        return int(match.group(1)), None, int(match.group(2))
    year, month = (int(part) for part in period.split("-"))
    return year, month, (month - 1) // 3 + 1


def roman(quarter: int) -> str:
    """A quarter in Roman numerals, as Vietnamese documents write it."""
    return ROMAN[quarter]
