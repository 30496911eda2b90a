"""The rating sheet as data, and scoring against it (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from minutes.config import get_settings
from minutes.errors import Invalid, NotFound
from minutes.i18n import N_

RUBRICS_DIR = Path(__file__).resolve().parent.parent / "structures" / "rubrics"


@dataclass(frozen=True)
class Criterion:
    """One line of the sheet."""

    key: str
    title: str
    max: int
    guidance: str


@dataclass(frozen=True)
class Level:
    """A rating and the points it starts at."""

    rating: str
    min: int
    title: str


@dataclass(frozen=True)
class Rubric:
    """A rating sheet: criteria with their maximum points, and the levels."""

    key: str
    title: str
    criteria: tuple[Criterion, ...]
    levels: tuple[Level, ...]

    @property
    def total(self) -> int:
        """The most points the sheet gives."""
        return sum(criterion.max for criterion in self.criteria)

    def level_of(self, points: int) -> Level:
        """The level a number of points reaches."""
        return next(level for level in sorted(self.levels, key=lambda lv: -lv.min) if points >= level.min)

    def score(self, scores: dict[str, Any]) -> tuple[int, Level]:
        """Check each criterion's points and return the total and its level."""
        maxima = {criterion.key: criterion.max for criterion in self.criteria}
        details: list[dict[str, Any]] = []
        for key, value in scores.items():
            if key not in maxima:
                details.append(
                    {"field": f"scores.{key}", "message": N_("This criterion is not on the rating sheet.")}
                )
            elif not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= maxima[key]:
                details.append(
                    {
                        "field": f"scores.{key}",
                        "message": N_("Give between 0 and {max} points."),
                        "params": {"max": maxima[key]},
                    }
                )
        missing = [key for key in maxima if key not in scores]
        for key in missing:
            details.append({"field": f"scores.{key}", "message": N_("Score every criterion of the sheet.")})
        if details:
            raise Invalid(details=details)
        points = sum(int(scores[key]) for key in maxima)
        return points, self.level_of(points)


@cache
def load_rubric(key: str = "hd42") -> Rubric:
    """A rating sheet by its key (the files under structures/rubrics)."""
    path = RUBRICS_DIR / f"{key}.yaml"
    if not key.replace("_", "").isalnum() or not path.is_file():
        raise NotFound()
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Rubric(
        key=data["key"],
        title=data["title"],
        criteria=tuple(Criterion(**item) for item in data["criteria"]),
        levels=tuple(Level(**item) for item in data["levels"]),
    )


def rubric_in_force() -> Rubric:
    """The rating sheet the settings name (MINUTES_RUBRIC, HD 42's by default)."""
    return load_rubric(get_settings().rubric)
