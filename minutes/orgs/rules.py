"""Pure checks of units and members: names, kinds, statuses and tree moves."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minutes.i18n import N_, nfc
from minutes.orgs.models import BRANCH_TYPES, MEMBER_STATUSES, SEXES, UNIT_KINDS

MAX_NAME_LENGTH = 200


def clean_name(text: str | None) -> str:
    """A name in NFC with its white space collapsed."""
    return " ".join(nfc(text or "").split())


def name_problem(name: str) -> str | None:
    """A message id if a unit's or member's name is empty or too long."""
    if not name:
        return N_("Enter a name.")
    if len(name) > MAX_NAME_LENGTH:
        return N_("The name is too long: at most 200 characters.")
    return None


def unit_problems(*, name: str, kind: str, branch_type: str | None) -> list[dict[str, Any]]:
    """Field problems of a unit's name, kind and branch type."""
    details: list[dict[str, Any]] = []
    if problem := name_problem(name):
        details.append({"field": "name", "message": problem})
    if kind not in UNIT_KINDS:
        details.append(
            {"field": "kind", "message": N_("Choose whether the unit is a committee or a branch.")}
        )
    if branch_type is not None and branch_type not in BRANCH_TYPES:
        details.append({"field": "branch_type", "message": N_("Choose a branch type from the list.")})
    if kind == "committee" and branch_type is not None:
        details.append({"field": "branch_type", "message": N_("Only a branch has a branch type.")})
    return details


def move_problem(*, unit_path: str, new_parent_path: str, new_parent_kind: str) -> str | None:
    """A message id if moving a unit under the new parent is impossible."""
    if new_parent_path.startswith(unit_path):
        return N_("A unit cannot be moved under itself or under one of its own units.")
    if new_parent_kind != "committee":
        return N_("Units can only be placed under a committee, not under a branch.")
    return None


def member_problems(fields: dict[str, Any], *, today: dt.date) -> list[dict[str, Any]]:
    """Field problems of a member's details (only the fields given are checked)."""
    details: list[dict[str, Any]] = []
    if "full_name" in fields and (problem := name_problem(fields["full_name"])):
        details.append({"field": "full_name", "message": problem})
    if "status" in fields and fields["status"] not in MEMBER_STATUSES:
        details.append({"field": "status", "message": N_("Choose official or probationary.")})
    if fields.get("sex") is not None and fields["sex"] not in SEXES:
        details.append({"field": "sex", "message": N_("Choose male or female, or leave it empty.")})
    birth_year = fields.get("birth_year")
    if birth_year is not None and not 1900 <= birth_year <= today.year:
        details.append(
            {
                "field": "birth_year",
                "message": N_("Enter a year of birth between 1900 and this year."),
            }
        )
    for field in ("joined_on", "official_on", "exempt_from"):
        value = fields.get(field)
        if value is not None and value > today:
            details.append({"field": field, "message": N_("This date lies in the future. Please check it.")})
    if fields.get("official_on") and fields.get("joined_on") and fields["official_on"] < fields["joined_on"]:
        details.append(
            {
                "field": "official_on",
                "message": N_("The date of becoming official cannot come before joining."),
            }
        )
    return details
