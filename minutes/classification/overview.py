"""What the classification pages show: the units and members of a year with their levels, and the report.

The report's denominators are explained in service.py (DOMAIN B.7: always shown).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.classification import rules, service
from minutes.classification.models import MemberClassification, UnitClassification
from minutes.errors import invalid_field
from minutes.i18n import N_
from minutes.orgs import service as orgs_service
from minutes.orgs import then as orgs_then
from minutes.orgs.models import Member, OrgUnit


@dataclass(frozen=True)
class UnitLine:
    """A unit directly below, its classification for the year, and whether the actor decides it."""

    unit: OrgUnit
    classification: UnitClassification | None
    can_decide: bool


def units_below(session: Session, *, actor: Actor, org_unit_id: int, year: int) -> list[UnitLine]:
    """The units directly below a unit with their level for the year (units closed earlier left out)."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id)
    then = orgs_then.subtree_on(session, unit=unit, days=[year_end(year)])
    children = [child for child in orgs_service.children(session, unit=unit) if child.id not in then.came]
    if then.gone_children:  # the units below it at the end of that year, though moved since
        children += session.scalars(select(OrgUnit).where(OrgUnit.id.in_(then.gone_children))).all()
    stored = service.unit_rows(session, year, [child.id for child in children])
    return [
        UnitLine(child, stored.get(child.id), actor.can_decide_level(child.path))
        for child in children
        if service.existed_in(child, year) or child.id in stored
    ]


def members_of(session: Session, *, actor: Actor, org_unit_id: int, year: int) -> list[service.MemberLine]:
    """A branch's members (those listed there now, or classified there that year) with their level."""
    branch = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="member.view")
    return service.member_lines(session, branch, year) if branch.is_branch else []


# The report.


MAX_DEPTH = 10


def report(
    session: Session, *, actor: Actor, org_unit_id: int, year: int, depth: int = 1
) -> dict[str, rules.Tally]:
    """Counts per level of the units ``depth`` levels below a unit (its direct children by
    default, never a mix of levels) and of the members below it, for a year, with their
    denominators."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id)
    if not 1 <= depth <= MAX_DEPTH:
        raise invalid_field("depth", N_("Choose how many levels below: from 1 to 10."))
    then = orgs_then.subtree_on(session, unit=unit, days=[year_end(year)])
    below = then.condition(OrgUnit.id, OrgUnit.path, unit.path)
    return {
        "org_units": _unit_tally(session, unit, year, below, depth, then.depth_then),
        "members": _member_tally(session, year, below),
    }


def year_end(year: int) -> dt.date:
    """The day whose tree a year's classification follows: the first of its last month, when
    the year is reviewed (a unit moved later is classified for that year where it was)."""
    return dt.date(year, 12, 1)


def _unit_tally(
    session: Session,
    unit: OrgUnit,
    year: int,
    below: ColumnElement[bool],
    depth: int,
    depth_then: dict[int, int],
) -> rules.Tally:
    """The units of one level below the unit: their levels, and those open in the year without one."""
    on_year = and_(UnitClassification.org_unit_id == OrgUnit.id, UnitClassification.year == year)
    rows = session.execute(
        select(OrgUnit.id, OrgUnit.path, UnitClassification.level, OrgUnit.closed_on)
        .select_from(OrgUnit)
        .outerjoin(UnitClassification, on_year)
        .where(below, OrgUnit.id != unit.id)
    ).all()
    levels_below = unit.path.count("/") - 1
    start = dt.date(year, 1, 1)
    levels, without = [], 0
    for unit_id, path, level, closed_on in rows:
        if depth_then.get(unit_id, path.count("/") - 1 - levels_below) != depth:
            continue
        if level is not None:
            levels.append(level)
        elif closed_on is None or closed_on >= start:
            without += 1
    return rules.tally(levels, without_entry=without)


def _member_tally(session: Session, year: int, in_subtree: ColumnElement[bool]) -> rules.Tally:
    levels = session.scalars(
        select(MemberClassification.level)
        .join(OrgUnit, OrgUnit.id == MemberClassification.org_unit_id)
        .where(MemberClassification.year == year, in_subtree)
    )
    has_row = (
        select(MemberClassification.id)
        .where(MemberClassification.member_id == Member.id, MemberClassification.year == year)
        .exists()
    )
    without = session.scalar(
        select(func.count(Member.id))
        .join(OrgUnit, OrgUnit.id == Member.org_unit_id)
        .where(in_subtree, ~has_row)
    )
    return rules.tally(list(levels), without_entry=without or 0)
