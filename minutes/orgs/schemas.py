"""Pydantic shapes of the organisation API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from minutes.db import DbId

Status = Literal["official", "probationary"]
Sex = Literal["male", "female"]


class UnitCreate(BaseModel):
    """A new unit under a committee."""

    name: str
    kind: str
    parent_id: DbId | None = None
    branch_type: str | None = None


class UnitOut(BaseModel):
    """A unit with the names of its ancestors."""

    id: int
    name: str
    kind: str
    branch_type: str | None
    parent_id: int | None
    path: list[str]  # the names of the ancestors, root first; the unit itself is `name`
    closed_on: dt.date | None = None
    merged_into_id: int | None = None
    place_name: str | None = None


class UnitPatch(BaseModel):
    """A new name, or the place its documents print; absent fields stay as they are."""

    name: str | None = Field(default=None, max_length=200)
    place_name: str | None = Field(default=None, max_length=200)


class UnitMove(BaseModel):
    """A move under another committee, from a day (today by default)."""

    parent_id: DbId
    on: dt.date | None = None


class UnitMerge(BaseModel):
    """A merger into another unit of the same kind, from a day (today by default)."""

    into_id: DbId
    on: dt.date | None = None


class MemberTransfer(BaseModel):
    """A member's move to another branch, from a day (today by default)."""

    to_unit_id: DbId
    on: dt.date | None = None


class HistoryOut(BaseModel):
    """A rename, move or merge of a unit: the day it took effect, what it was and became."""

    model_config = ConfigDict(populate_by_name=True)

    on: dt.date
    change: str
    from_: str | None = Field(alias="from")
    to: str | None


class MemberCreate(BaseModel):
    """A new member of a branch."""

    full_name: str
    status: Status
    exempt: bool = False
    joined_on: dt.date | None = None
    birth_year: int | None = None
    sex: Sex | None = None


class MemberPatch(BaseModel):
    """Changes to a member; absent fields stay as they are."""

    full_name: str | None = None
    status: Status | None = None
    exempt: bool = False  # only sent fields are applied (exclude_unset); null is refused with 422
    joined_on: dt.date | None = None
    birth_year: int | None = None
    sex: Sex | None = None


class MemberOut(BaseModel):
    """A member of a branch."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str
    status: str
    exempt: bool
    joined_on: dt.date | None
    birth_year: int | None
    sex: str | None
    org_unit_id: int | None
