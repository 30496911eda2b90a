"""The members of the demo district: about 5,500 people with dates consistent with admission rules.

``draw_members`` fills one branch; the benchmarks' generator fills its branches with it too.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from minutes.demo.corpus import FixedRow
from minutes.demo.dates import AS_OF, one_year_later, random_day
from minutes.demo.names import Names
from minutes.demo.tree import Unit
from minutes.i18n import nfc

MEMBER_TARGET = (5450, 5560)
# Share of women by branch type.
FEMALE_SHARE = {
    "rural": 0.4, "urban": 0.5, "agency": 0.45, "school": 0.7, "armed_forces": 0.05, "enterprise": 0.2,
    "students": 0.5,
}  # fmt: skip
# Birth years of the members who still work, by branch type.
BIRTH_YEARS = {
    "rural": (1945, 2000), "urban": (1945, 2000), "agency": (1960, 1996), "school": (1962, 1996),
    "armed_forces": (1968, 1998), "enterprise": (1962, 1997), "students": (1997, 2000),
}  # fmt: skip
PROBATIONARY_SHARE = 0.05
# Admissions cluster on the anniversaries of the Party (3/2), of Hồ Chí Minh (19/5) and of the nation (2/9).
ANNIVERSARIES = ((2, 3), (5, 19), (9, 2))


@dataclass(frozen=True)
class Person:
    """A planned member, listed in one branch."""

    id: int
    full_name: str
    sex: str
    birth_year: int
    joined_on: dt.date
    official_on: dt.date | None
    status: str
    exempt: bool
    exempt_from: dt.date | None
    org_unit_id: int


def _draw_size(rng: random.Random, low: int, high: int, mean: float) -> int:
    """A branch size skewed towards small branches, with a few large ones."""
    return min(high, low + round(rng.gammavariate(2, (mean - low) / 2)))


def _branch_sizes(rng: random.Random, units: list[Unit], fixed: dict[int, int]) -> dict[int, int]:
    """Members per branch within each branch's range, adjusted so the total lands on a target."""
    sizes = {
        unit.id: fixed[unit.id] if unit.id in fixed else _draw_size(rng, *unit.sizes)
        for unit in units
        if unit.sizes is not None
    }
    target = rng.randint(*MEMBER_TARGET)
    adjustable = [unit for unit in units if unit.sizes is not None and unit.id not in fixed]
    total = sum(sizes.values())
    while total != target:
        unit = rng.choice(adjustable)
        low, high, _ = unit.sizes or (0, 0, 0.0)
        step = 1 if total < target else -1
        if low <= sizes[unit.id] + step <= high:
            sizes[unit.id] += step
            total += step
    return sizes


def _joined_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day of admission, often on a Party or national anniversary."""
    day = random_day(rng, first, last)
    month, dom = rng.choice(ANNIVERSARIES)
    anniversary = dt.date(day.year, month, dom)
    if rng.random() < 0.4 and first <= anniversary <= last:
        return anniversary
    return day


def _person(
    rng: random.Random,
    member_id: int,
    branch: Unit,
    name: str,
    sex: str,
    *,
    elderly_exempt: bool,
    may_be_probationary: bool,
    as_of: dt.date,
) -> Person:
    """One invented member of a branch, with dates consistent with the rules of admission."""
    branch_type = branch.branch_type or "agency"
    last_official_join = as_of - dt.timedelta(days=366)
    birth_years = (1935, 1954) if elderly_exempt else BIRTH_YEARS[branch_type]
    birth_year = rng.randint(*birth_years)
    probationary = not elderly_exempt and may_be_probationary and rng.random() < PROBATIONARY_SHARE
    if probationary:
        birth_year = min(birth_year, as_of.year - 19)
        joined_on = _joined_day(rng, dt.date(as_of.year, 1, 15), as_of - dt.timedelta(days=16))
    else:
        birth_year = min(birth_year, last_official_join.year - 19)
        join_age = 19 + min(int(rng.expovariate(1 / 7)), 30)
        first = min(dt.date(birth_year + join_age, 1, 1), last_official_join - dt.timedelta(days=365))
        first = max(first, dt.date(birth_year + 19, 1, 1))
        joined_on = _joined_day(rng, first, min(first + dt.timedelta(days=364), last_official_join))
    exempt_from = None
    if elderly_exempt:
        exempt_from = random_day(rng, max(dt.date(birth_year + 65, 1, 1), dt.date(2010, 1, 1)), as_of)
    return Person(
        id=member_id,
        full_name=name,
        sex=sex,
        birth_year=birth_year,
        joined_on=joined_on,
        official_on=None if probationary else one_year_later(joined_on),
        status="probationary" if probationary else "official",
        exempt=elderly_exempt,
        exempt_from=exempt_from,
        org_unit_id=branch.id,
    )


def _fixed_person(member_id: int, branch_id: int, row: FixedRow) -> Person:
    """A member written out by hand (the sample minutes' branch)."""
    name, sex, birth_year, joined_on, exempt_from = row
    probationary = joined_on > AS_OF - dt.timedelta(days=366)
    return Person(
        id=member_id,
        full_name=nfc(name),
        sex=sex,
        birth_year=birth_year,
        joined_on=joined_on,
        official_on=None if probationary else one_year_later(joined_on),
        status="probationary" if probationary else "official",
        exempt=exempt_from is not None,
        exempt_from=exempt_from,
        org_unit_id=branch_id,
    )


def draw_members(
    rng: random.Random,
    names: Names,
    branch: Unit,
    size: int,
    first_id: int,
    *,
    taken: set[str] | None = None,
    listed: int = 0,
    as_of: dt.date = AS_OF,
) -> list[Person]:
    """Invented members of a branch of ``size`` of whom ``listed`` are already listed, ids from ``first_id``.

    Names differ within the branch (``taken`` holds those already used). In village branches the
    last few are elderly members exempt from meetings; nobody among the first three may be
    probationary. Members are official or probationary as of ``as_of``.
    """
    count = size - listed
    if count <= 0:
        return []
    taken = set() if taken is None else taken
    exempt = 0
    if branch.branch_type in ("rural", "urban"):
        exempt = max(1, round(size * rng.uniform(0.05, 0.30)))
    people = []
    for index in range(count):
        sex = "female" if rng.random() < FEMALE_SHARE[branch.branch_type or "agency"] else "male"
        person = _person(
            rng,
            first_id + index,
            branch,
            names.draw(sex, taken),
            sex,
            elderly_exempt=index >= count - exempt,
            may_be_probationary=listed + index >= 3,
            as_of=as_of,
        )
        people.append(person)
    return people


def members(
    rng: random.Random,
    units: list[Unit],
    fixed: dict[int, list[FixedRow]],
    complete: frozenset[int] = frozenset(),
) -> list[Person]:
    """About 5,500 members; ``fixed`` lists hand-written members first, alone in ``complete`` branches."""
    names = Names(rng)
    sizes = _branch_sizes(rng, units, {unit_id: len(fixed[unit_id]) for unit_id in complete})
    people: list[Person] = []
    for branch in units:
        if branch.sizes is None:
            continue
        rows = fixed.get(branch.id, [])
        taken = {nfc(row[0]) for row in rows}
        for row in rows:
            people.append(_fixed_person(len(people) + 1, branch.id, row))
        people += draw_members(
            rng, names, branch, sizes[branch.id], len(people) + 1, taken=taken, listed=len(rows)
        )
    return people
