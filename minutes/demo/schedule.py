"""When the branches meet in 2019, and who misses which meeting.

Every open branch meets monthly (a few months missing or not held) and holds a thematic
meeting in most quarters; Nà Noong's meetings follow the sample minutes. Members have
attendance habits, and a few are absent without reason again and again.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from minutes.demo.branches import Branch, Slot, is_official_voter
from minutes.demo.corpus import HCM_2019, NA_NOONG_ROLL, NOT_HELD_REASONS, THEMATIC, Topic
from minutes.demo.dates import LOCAL, YEAR, weekday_on_or_after
from minutes.demo.people import Person
from minutes.i18n import nfc

MISSING_SHARE = 0.03
NOT_HELD_SHARE = 0.02
THEMATIC_SHARE = 0.85
COMBINED_SHARE = 0.08
# Tết Nguyên đán Kỷ Hợi: the holiday ran 2–10 February 2019, so February meetings come after it.
FEBRUARY_DAYS = (11, 15)
NA_NOONG_OCTOBER = dt.datetime(YEAR, 10, 5, 19, 30, tzinfo=LOCAL)
NA_NOONG_OCTOBER_END = dt.datetime(YEAR, 10, 5, 21, 15, tzinfo=LOCAL)
NA_NOONG_Q4 = dt.datetime(YEAR, 12, 14, 19, 30, tzinfo=LOCAL)


def _meeting_day(rng: random.Random, branch: Branch, month: int, days: tuple[int, int]) -> dt.date:
    """A plausible day: villages meet any day, offices on a weekday; February after Tết."""
    low, high = FEBRUARY_DAYS if month == 2 and days[0] < 11 else days
    day = dt.date(YEAR, month, rng.randint(low, high))
    return day if branch.category == "village" else weekday_on_or_after(day)


def _start(rng: random.Random, branch: Branch, day: dt.date) -> dt.datetime:
    evening = branch.evening if rng.random() < 0.92 else not branch.evening
    hour, minute = (19, 30) if evening else (14, 0)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL)


def _not_held_reason(rng: random.Random, category: str, month: int) -> str:
    fitting = [text for text, months in NOT_HELD_REASONS[category] if not months or month in months]
    return rng.choice(fitting)


def _regular_slots(rng: random.Random, branch: Branch, fixed: bool) -> list[Slot]:
    """One regular meeting a month, a few missing or not held (never in a scripted branch)."""
    slots = []
    for month in range(1, 13):
        draw = 1.0 if fixed else rng.random()
        if draw < MISSING_SHARE:
            continue
        start = _start(rng, branch, _meeting_day(rng, branch, month, (4, 10)))
        slot = Slot(branch, "regular", f"{YEAR}-{month:02d}", month, start)
        if draw < MISSING_SHARE + NOT_HELD_SHARE:
            slot.held, slot.reason = False, _not_held_reason(rng, branch.category, month)
        slots.append(slot)
    return slots


def _topic(rng: random.Random, quarter: int, category: str) -> Topic:
    options = THEMATIC[quarter]["all"] + THEMATIC[quarter].get(category, ())
    return rng.choice(options)


def _thematic_slots(rng: random.Random, branch: Branch, regular: list[Slot], fixed: bool) -> list[Slot]:
    """A thematic meeting in most quarters; now and then combined with that month's regular one."""
    slots = []
    by_month = {slot.month: slot for slot in regular if slot.held}
    for quarter in range(1, 5):
        if not fixed and rng.random() >= THEMATIC_SHARE:
            continue
        topic = _topic(rng, quarter, branch.category)
        months = [quarter * 3 - 2, quarter * 3 - 1, quarter * 3]
        held_months = [m for m in months if m in by_month]
        if not fixed and held_months and rng.random() < COMBINED_SHARE:
            combined = by_month[rng.choice(held_months)]
            combined.kind, combined.topic = "combined", topic
            continue
        month = rng.choices(months, weights=(0.2, 0.35, 0.45))[0]
        start = _start(rng, branch, _meeting_day(rng, branch, month, (15, 25)))
        slots.append(Slot(branch, "thematic", f"{YEAR}-Q{quarter}", month, start, topic=topic))
    return slots


def schedule(rng: random.Random, branch: Branch, fixed: bool) -> list[Slot]:
    """The branch's meetings of the year in the order they took place."""
    regular = _regular_slots(rng, branch, fixed)
    thematic = _thematic_slots(rng, branch, regular, fixed)
    return sorted(regular + thematic, key=lambda slot: slot.start)


# --- Attendance habits and chronic absences ------------------------------------------------


@dataclass(frozen=True)
class Habit:
    """How often a member misses meetings, and a stretch of months away with its reason."""

    excused: float
    unexcused: float
    away: tuple[int, int] | None = None
    away_reason: str = ""


def habit(rng: random.Random, person: Person, category: str) -> Habit:
    """A member's likelihood of absence: most rarely miss, some often, a few are away for months."""
    draw = rng.random()
    excused = 0.035 if draw < 0.6 else 0.08 if draw < 0.9 else 0.16
    if person.birth_year < 1955:
        excused += 0.05
    age = YEAR - person.birth_year
    away, reason = None, ""
    if category == "village" and age < 45 and rng.random() < 0.06:
        first = rng.randint(1, 10)
        away, reason = (first, min(12, first + rng.randint(1, 3))), "Đi làm ăn xa"
    elif person.sex == "female" and age < 38 and category in ("agency", "school") and rng.random() < 0.03:
        first = rng.randint(1, 8)
        away, reason = (first, min(12, first + rng.randint(3, 5))), "Nghỉ thai sản"
    return Habit(excused, 0.003, away, reason)


def _regular_held(slots: list[Slot]) -> list[Slot]:
    return [slot for slot in slots if slot.held and slot.kind in ("regular", "combined")]


def _absence_indexes(rng: random.Random, pattern: str, count: int) -> list[int]:
    """Which of a branch's held regular meetings a member skips: a run, or spread through the year."""
    if pattern == "run":
        length = rng.choice((3, 3, 4))
        first = rng.randint(0, count - length)
        return list(range(first, first + length))
    times = 2 if pattern == "pair" else 3
    while True:
        picks = sorted(rng.sample(range(count), times))
        if all(b - a >= 2 for a, b in itertools.pairwise(picks)):
            return picks


def chronic_absences(
    rng: random.Random, schedules: dict[int, list[Slot]], branches: list[Branch], skip: int
) -> dict[tuple[int, int], tuple[str, str | None]]:
    """Members absent without reason three times or more (runs and spread), and a few twice."""
    candidates: dict[bool, list[tuple[Branch, Person]]] = {True: [], False: []}
    for branch in branches:
        if branch.unit.id == skip or len(_regular_held(schedules[branch.unit.id])) < 10:
            continue
        for person in branch.roster:
            leader = person.id in (branch.chair.id, branch.recorder.id)
            if (
                is_official_voter(person)
                and not person.exempt
                and person.joined_on.year < YEAR
                and not leader
            ):
                candidates[branch.category == "village"].append((branch, person))
    picks = rng.sample(candidates[True], 10) + rng.sample(candidates[False], 5)
    patterns = ("run",) * 5 + ("spread",) * 4 + ("pair",) * 6
    forced: dict[tuple[int, int], tuple[str, str | None]] = {}
    for (branch, person), pattern in zip(picks, patterns, strict=True):
        held = _regular_held(schedules[branch.unit.id])
        for index in _absence_indexes(rng, pattern, len(held)):
            forced[(held[index].meeting_id, person.id)] = ("absent_unexcused", None)
    return forced


def na_noong_forced(branch: Branch, slots: list[Slot]) -> dict[tuple[int, int], tuple[str, str | None]]:
    """The scripted roll-call lines of Nà Noong (Lăng Văn Cường's absences, the October roll-call)."""
    ids = {person.full_name: person.id for person in branch.roster}
    forced: dict[tuple[int, int], tuple[str, str | None]] = {}
    for slot in _regular_held(slots):
        for name, line in NA_NOONG_ROLL.get(slot.month, {}).items():
            forced[(slot.meeting_id, ids[nfc(name)])] = line
    return forced


def script_na_noong(slots: list[Slot]) -> None:
    """Nà Noong's October meeting as in the sample; its fourth-quarter topic in December."""
    for slot in slots:
        if slot.kind == "regular" and slot.month == 10:
            slot.start = NA_NOONG_OCTOBER
        if slot.kind == "thematic" and slot.period.endswith("Q4"):
            slot.month, slot.start, slot.topic = 12, NA_NOONG_Q4, HCM_2019
    slots.sort(key=lambda slot: slot.start)
