"""Pydantic shapes of the classification API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from minutes.classification import rules


class ClassificationIn(BaseModel):
    """A level for a year; points and note where given ("not evaluated" needs the note)."""

    level: str = Field(max_length=40)
    points: int | None = None
    note: str | None = Field(default=None, max_length=rules.MAX_NOTE)


class UnitClassificationIn(ClassificationIn):
    """A unit's level; an older label ("trong sạch vững mạnh") is kept beside today's level."""

    legacy_label: str | None = Field(default=None, max_length=100)


class MemberClassificationIn(ClassificationIn):
    """A member's level; an older label ("đủ tư cách hoàn thành tốt nhiệm vụ") is kept beside it."""

    legacy_label: str | None = Field(default=None, max_length=100)


class ClassificationOut(BaseModel):
    """A stored level."""

    model_config = ConfigDict(from_attributes=True)

    year: int
    org_unit_id: int
    level: str
    points: int | None
    note: str | None
    decided_by_id: int | None
    decided_at: dt.datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def level_title(self) -> str:
        """The level's official name in the caller's language."""
        return rules.level_title(self.level)


class UnitClassificationOut(ClassificationOut):
    """A unit's stored level."""

    legacy_label: str | None


class MemberClassificationOut(ClassificationOut):
    """A member's stored level; ``org_unit_id`` is their branch that year."""

    member_id: int
    legacy_label: str | None


class ShareOut(BaseModel):
    """How many got a level and their percent of those evaluated (null when nobody was)."""

    count: int
    percent: float | None


class TallyOut(BaseModel):
    """Counts per level; percents are of ``evaluated``; ``without_entry``: below, with no row yet."""

    levels: dict[str, ShareOut]
    evaluated: int
    not_evaluated: int
    without_entry: int

    @classmethod
    def of(cls, tally: rules.Tally) -> TallyOut:
        """The JSON shape of a tally (percents as numbers with two decimals)."""
        return cls(
            levels={
                level: ShareOut(count=share.count, percent=_number(share.percent))
                for level, share in tally.levels.items()
            },
            evaluated=tally.evaluated,
            not_evaluated=tally.not_evaluated,
            without_entry=tally.without_entry,
        )


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class ClassificationReportOut(BaseModel):
    """The classification report of the units and members below a unit."""

    org_units: TallyOut
    members: TallyOut
