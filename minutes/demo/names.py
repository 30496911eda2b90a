"""Invented Vietnamese names: local surnames by weight, middle and given names by sex.

Shared by the demo and the benchmarks' generator (``bench.generate``).
"""

from __future__ import annotations

import random

from minutes.demo.corpus import AVOIDED_NAMES, GIVEN, MIDDLE, SURNAMES
from minutes.i18n import nfc

_SURNAMES = list(SURNAMES)
_WEIGHTS = list(SURNAMES.values())


def full_name(rng: random.Random, sex: str) -> str:
    """A surname drawn by its weight, a middle and a given name for the sex ("male", "female")."""
    surname = rng.choices(_SURNAMES, _WEIGHTS)[0]
    return f"{surname} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"


class Names:
    """Full names distinct within a group (a branch) and never a real official's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def draw(self, sex: str, taken: set[str]) -> str:
        """A new name, added to ``taken``."""
        while True:
            name = nfc(full_name(self.rng, sex))
            if name not in taken and name not in AVOIDED_NAMES:
                taken.add(name)
                return name
