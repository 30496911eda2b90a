"""The points of HD 42's rating sheet that the minutes themselves measure (DOMAIN B.6.2): the
reviewer starts from them and may change them. Pure: no I/O.

- duration: the meeting's length against the shortest a meeting of its kind may last;
- attendance: the attendance rate of DOMAIN A.5, and 1 point when anyone was absent without
  a reason (the extra point for no repeated excused absence needs the year's record: the
  reviewer adds it);
- results: the share of the previous meeting's tasks the minutes evaluate as done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from minutes.i18n import N_

RUBRIC = "hd42"  # the bands below are HD 42's; another province's sheet is scored by hand


@dataclass(frozen=True)
class Measured:
    """Points for one criterion, with what they were measured from (a message and its values)."""

    points: int
    reason: str
    params: dict[str, object]


def duration_points(started: dt.datetime | None, ended: dt.datetime | None, shortest: int) -> Measured | None:
    """Full length 5; up to 15 minutes short 4; 15 to 30 short 3; at least half 2; less 1."""
    if started is None or ended is None or ended <= started or shortest <= 0:
        return None
    lasted = int((ended - started).total_seconds() // 60)
    short = shortest - lasted
    points = (
        5 if short <= 0 else 4 if short <= 15 else 3 if short <= 30 else 2 if lasted * 2 >= shortest else 1
    )
    return Measured(
        points, N_("Lasted {lasted} minutes; at least {shortest}."), {"lasted": lasted, "shortest": shortest}
    )


def attendance_points(rate: float | None, absent_unexcused: int) -> Measured | None:
    """From 90% 4; 75% to 90% 3; 65% to 75% 2; under 65% or anyone absent without reason 1."""
    if rate is None:
        return None
    percent = rate * 100
    if absent_unexcused:
        points = 1
    else:
        points = 4 if percent >= 90 else 3 if percent >= 75 else 2 if percent >= 65 else 1
    return Measured(
        points,
        N_(
            "Attendance {percent}, {absent} absent without reason; add 1 point if no one was absent "
            "with reason more than 3 times in a row this year."
        ),
        {"rate": rate, "absent": absent_unexcused},  # the page writes the rate the reader's way
    )


def results_points(verdicts: Sequence[str]) -> Measured | None:
    """The share of the previous tasks done: from 90% 30; 80% 27; 70% 24; 60% 20; 50% 15; less 10."""
    if not verdicts:
        return None
    done = sum(verdict == "done" for verdict in verdicts)
    share = done / len(verdicts)
    bands = ((0.9, 30), (0.8, 27), (0.7, 24), (0.6, 20), (0.5, 15))
    points = next((points for floor, points in bands if share >= floor), 10)
    return Measured(
        points,
        N_("{done} of {total} tasks of the previous meeting done."),
        {"done": done, "total": len(verdicts)},
    )


def measured(
    rubric_key: str,
    *,
    started: dt.datetime | None,
    ended: dt.datetime | None,
    shortest: int,
    rate: float | None,
    absent_unexcused: int,
    verdicts: Sequence[str],
) -> dict[str, Measured]:
    """The criteria of the sheet the minutes measure, by key (none on a sheet other than HD 42's)."""
    if rubric_key != RUBRIC:
        return {}
    found = {
        "duration": duration_points(started, ended, shortest),
        "attendance": attendance_points(rate, absent_unexcused),
        "results": results_points(verdicts),
    }
    return {key: value for key, value in found.items() if value is not None}
