"""The district's yearly classification of 2018, the year before the demo's (DOMAIN A.12, B.7).

The district committee rates the organisations directly below it, 25 of them "excellent" as in
the source article; each of those with branches of its own rates them; every member is rated.
So the report reads differently at each depth, and every figure shows its denominator.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from minutes.classification.models import MemberClassification, UnitClassification
from minutes.demo.district import DemoDistrict
from minutes.demo.store import bulk_insert

YEAR = 2018
# Points drawn inside each level's band (QĐ 366: ≥ 90, 70–89, 50–69, below 50).
BAND_POINTS = {"excellent": (90, 97), "good": (72, 89), "completed": (55, 69), "not_completed": (38, 49)}
VILLAGE_WEIGHTS = {"excellent": 28, "good": 55, "completed": 15, "not_completed": 2}
MEMBER_WEIGHTS = {"excellent": 14, "good": 72, "completed": 12, "not_completed": 2}


def insert_ratings(connection: Any, district: DemoDistrict, seed: int, decided_at: dt.datetime) -> int:
    """Write the 2018 classification of the district's units and members; return the rows written."""
    rng = random.Random(seed + YEAR)
    units = _unit_rows(district, rng, decided_at)
    members = _member_rows(district, rng, decided_at)
    bulk_insert(connection, [(UnitClassification, units), (MemberClassification, members)])
    return len(units) + len(members)


def _row(rng: random.Random, level: str, decided_at: dt.datetime, **fields: Any) -> dict[str, Any]:
    low, high = BAND_POINTS[level]
    return {"year": YEAR, "level": level, "points": rng.randint(low, high), "note": None,
            "decided_by_id": None, "decided_at": decided_at, **fields}  # fmt: skip


def _unit_rows(district: DemoDistrict, rng: random.Random, decided_at: dt.datetime) -> list[dict[str, Any]]:
    top = [unit for unit in district.units if unit.parent_id == district.root_id]
    rest = len(top) - 25
    levels = (
        ["excellent"] * 25
        + ["good"] * (rest - rest // 4 - 2)
        + ["completed"] * (rest // 4)
        + ["not_completed"] * 2
    )
    rng.shuffle(levels)
    rows = [
        _row(rng, level, decided_at, org_unit_id=unit.id, legacy_label=None)
        for unit, level in zip(top, levels, strict=True)
    ]
    rating_committees = {unit.id for unit in top}  # communes and grassroots committees rate theirs
    villages = [unit for unit in district.units if unit.parent_id in rating_committees]
    rows += [
        _row(rng, rng.choices(list(VILLAGE_WEIGHTS), weights=list(VILLAGE_WEIGHTS.values()))[0], decided_at,
             org_unit_id=unit.id, legacy_label=None)
        for unit in villages
    ]  # fmt: skip
    return rows


def _member_rows(district: DemoDistrict, rng: random.Random, decided_at: dt.datetime) -> list[dict[str, Any]]:
    year_end = dt.date(YEAR, 12, 31)
    return [
        _row(rng, rng.choices(list(MEMBER_WEIGHTS), weights=list(MEMBER_WEIGHTS.values()))[0], decided_at,
             member_id=person.id, org_unit_id=person.org_unit_id, legacy_label=None)
        for person in district.members
        if person.joined_on <= year_end
    ]  # fmt: skip
