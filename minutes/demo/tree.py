"""The organisation tree of the demo district: the district, its communes and towns, their branches.

``Tree`` hands out ids and materialised paths in insertion order; the benchmarks' generator
builds its own, larger trees with it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from minutes.demo.corpus import (
    COMMUNES,
    DISTRICT_BRANCHES,
    DISTRICT_COMMITTEES,
    TOWNS,
    VILLAGE_PREFIXES,
    VILLAGE_SYLLABLES,
)
from minutes.i18n import nfc

DISTRICT_NAME = "Đảng bộ huyện Lộc Bình"
DISTRICT_COMMITTEE = "Huyện ủy Lộc Bình"
COMMUNE_PREFIXES = ("Đảng bộ xã", "Đảng bộ thị trấn")

# Members per branch (DOMAIN B.9.2): the allowed range and the mean to draw around.
SIZES: dict[str, tuple[int, int, float]] = {
    "village": (8, 40, 14.5),
    "commune_agency": (10, 25, 14),
    "commune_school": (8, 20, 11),
    "commune_armed": (5, 15, 8),
    "district_agency": (8, 25, 12),
    "district_school": (15, 29, 20),
    "district_enterprise": (10, 29, 15),
    "committee_enterprise": (15, 45, 28),
    "committee_armed_forces": (10, 20, 13),
    "committee_agency": (8, 20, 11),
}


@dataclass(frozen=True)
class Unit:
    """A planned org unit; ``sizes`` is (min, max, mean) of its members for a branch."""

    id: int
    name: str
    kind: str
    branch_type: str | None
    parent_id: int | None
    path: str
    sizes: tuple[int, int, float] | None = None


class Tree:
    """Hands out ids 1..N in insertion order, so parents come first and paths are known."""

    def __init__(self) -> None:
        self.units: list[Unit] = []

    def add(
        self,
        name: str,
        kind: str,
        parent: Unit | None,
        branch_type: str | None = None,
        size: str | None = None,
    ) -> Unit:
        """A new unit under ``parent``; ``size`` names its members' range in ``SIZES``."""
        unit_id = len(self.units) + 1
        path = f"{parent.path if parent else '/'}{unit_id}/"
        sizes = SIZES[size] if size else None
        unit = Unit(unit_id, nfc(name), kind, branch_type, parent.id if parent else None, path, sizes)
        self.units.append(unit)
        return unit


def is_commune(unit: Unit) -> bool:
    """A commune or town committee (directly under the district)."""
    return unit.parent_id is not None and unit.name.startswith(COMMUNE_PREFIXES)


def upper_name(committee: Unit) -> str:
    """A committee as documents name it: "Đảng ủy xã Minh Phát", "Huyện ủy Lộc Bình"."""
    if committee.parent_id is None:
        return DISTRICT_COMMITTEE
    return committee.name.replace("Đảng bộ ", "Đảng ủy ", 1)


def _village_names(rng: random.Random, count: int, reserved: Iterable[str] = ()) -> list[str]:
    """Distinct fictional Tày/Nùng-style place names ("Nà Khun", "Pò Mèo")."""
    names = list(reserved)
    while len(names) < count:
        name = f"{rng.choice(VILLAGE_PREFIXES)} {rng.choice(VILLAGE_SYLLABLES)}"
        if name not in names:
            names.append(name)
    return names


def _commune(rng: random.Random, tree: Tree, root: Unit, place: str, *, town: bool) -> Unit:
    """A commune or town committee with its village, agency, school and armed-forces branches."""
    level = "thị trấn" if town else "xã"
    committee = tree.add(f"Đảng bộ {level} {place}", "committee", root)
    reserved = ["Nà Noong"] if place == "Minh Phát" else []
    villages = _village_names(rng, rng.randint(8, 16), reserved)
    for village in sorted(villages, key=lambda name: name != "Nà Noong"):
        if town:
            tree.add(f"Chi bộ khu phố {village}", "branch", committee, "urban", "village")
        else:
            tree.add(f"Chi bộ thôn {village}", "branch", committee, "rural", "village")
    tree.add(f"Chi bộ cơ quan {level}", "branch", committee, "agency", "commune_agency")
    schools = rng.sample(("Trường Mầm non", "Trường Tiểu học", "Trường THCS"), rng.randint(1, 2))
    for school in sorted(schools):
        school_place = f"thị trấn {place}" if town else place
        tree.add(f"Chi bộ {school} {school_place}", "branch", committee, "school", "commune_school")
    tree.add(f"Chi bộ Công an {level}", "branch", committee, "armed_forces", "commune_armed")
    tree.add(f"Chi bộ Quân sự {level}", "branch", committee, "armed_forces", "commune_armed")
    return committee


def units(rng: random.Random) -> list[Unit]:
    """The organisation tree: the district, its 21 communes and towns, and 46 other organisations."""
    tree = Tree()
    root = tree.add(DISTRICT_NAME, "committee", None)
    for town in TOWNS:
        _commune(rng, tree, root, town, town=True)
    for commune in COMMUNES:
        _commune(rng, tree, root, commune, town=False)
    for name, branch_type, branches in DISTRICT_COMMITTEES:
        committee = tree.add(name, "committee", root)
        for branch in branches:
            tree.add(branch, "branch", committee, branch_type, f"committee_{branch_type}")
    for name, branch_type in DISTRICT_BRANCHES:
        tree.add(name, "branch", root, branch_type, f"district_{branch_type}")
    return tree.units
