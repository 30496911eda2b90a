"""Pydantic shapes of the organisation API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

Status = Literal["official", "probationary"]
Sex = Literal["male", "female"]


class UnitCreate(BaseModel):
    """A new unit under a committee."""

    name: str
    kind: str
    parent_id: int | None = None
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
