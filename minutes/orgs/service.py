"""Use cases of the organisation tree: units, moves, merges and renames (members: members.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.alphabet import COLLATION
from minutes.audit import service as audit
from minutes.errors import Invalid, NotFound, invalid_field
from minutes.i18n import N_, short_date
from minutes.orgs import rules
from minutes.orgs.models import Member, Membership, OrgUnit, OrgUnitHistory

# Nobody joined, moved or merged anything before the Party existed.
PARTY_FOUNDED = dt.date(1930, 2, 3)


def list_units(session: Session, *, actor: Actor) -> list[OrgUnit]:
    """The units the actor may see, in tree order."""
    return list(
        session.scalars(
            select(OrgUnit).where(access.visible_condition(actor, OrgUnit.path)).order_by(OrgUnit.path)
        )
    )


def units_by_id(session: Session, ids: Iterable[int]) -> dict[int, OrgUnit]:
    """The units with these ids (one query; access is the caller's to check)."""
    wanted = set(ids)
    return (
        {unit.id: unit for unit in session.scalars(select(OrgUnit).where(OrgUnit.id.in_(wanted)))}
        if wanted
        else {}
    )


def top_units(session: Session, *, actor: Actor) -> list[OrgUnit]:
    """The highest units the actor may see: the roots of their part of the organisation."""
    if any(grant.org_unit_id is None for grant in actor.grants):
        query = select(OrgUnit).where(OrgUnit.parent_id.is_(None))
    else:
        paths = {grant.path for grant in actor.grants}
        tops = {
            path for path in paths if not any(path.startswith(other) and path != other for other in paths)
        }
        query = select(OrgUnit).where(OrgUnit.path.in_(tops))
    return list(session.scalars(query.order_by(OrgUnit.path)))


def open_units_for(
    session: Session, *, actor: Actor, action: str = "unit.manage", kind: str | None = None
) -> list[OrgUnit]:
    """The open units (of a kind) where the actor may do an action: the choices a form offers."""
    query = select(OrgUnit).where(access.visible_condition(actor, OrgUnit.path), OrgUnit.closed_on.is_(None))
    if kind is not None:
        query = query.where(OrgUnit.kind == kind)
    return [unit for unit in session.scalars(query.order_by(OrgUnit.path)) if actor.can(action, unit.path)]


def get_unit(session: Session, *, actor: Actor, unit_id: int, action: str = "unit.view") -> OrgUnit:
    """A unit the actor may act on; NotFound outside their part, PermissionDenied otherwise."""
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound()
    access.require(actor, action, unit.path)
    return unit


def ancestor_names(session: Session, units: Iterable[OrgUnit]) -> dict[int, list[str]]:
    """For each unit, the names of its ancestors and itself, root first (one query)."""
    return names_along(session, {unit.id: unit.path for unit in units})


def names_along(session: Session, paths: dict[int, str]) -> dict[int, list[str]]:
    """For each unit id with its tree path, the names along the path, root first (one query)."""
    along = {
        unit_id: [int(part) for part in path.strip("/").split("/") if part] for unit_id, path in paths.items()
    }
    ids = {ancestor for ancestors in along.values() for ancestor in ancestors}
    names = (
        dict(session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids))).all())
        if ids
        else {}
    )
    return {unit_id: [names[i] for i in ancestors if i in names] for unit_id, ancestors in along.items()}


def names_that_identify(
    session: Session, actor: Actor, units: Iterable[tuple[int, str, str]]
) -> dict[int, str]:
    """For each unit (id, name, path), its name as the actor can tell it apart: with its committee
    ("Chi bộ Công an xã — Đảng bộ xã Tú Đoạn") when the actor sees above that committee, where
    many branches share a name; the name alone within one committee's part (one query at most)."""
    units = list(units)
    above = {
        unit_id: path
        for unit_id, _, path in units
        if any(grant.covers_strictly_above(_committee_path(path)) for grant in actor.grants)
    }
    along = names_along(session, above) if above else {}
    return {
        unit_id: f"{name} — {along[unit_id][-2]}" if len(along.get(unit_id, [])) >= 2 else name
        for unit_id, name, _ in units
    }


def _committee_path(path: str) -> str:
    """The path of the committee directly above a unit ("/1/202/203/" is under "/1/202/")."""
    return path.rstrip("/").rsplit("/", 1)[0] + "/"


def children(session: Session, *, unit: OrgUnit) -> list[OrgUnit]:
    """The units directly below a unit, open ones first."""
    return list(
        session.scalars(
            select(OrgUnit)
            .where(OrgUnit.parent_id == unit.id)
            .order_by(OrgUnit.closed_on.is_not(None), OrgUnit.name.collate(COLLATION), OrgUnit.id)
        )
    )


def history(session: Session, *, unit: OrgUnit) -> list[OrgUnitHistory]:
    """The renames, moves and merges of a unit, newest first."""
    return list(
        session.scalars(
            select(OrgUnitHistory)
            .where(OrgUnitHistory.org_unit_id == unit.id)
            .order_by(OrgUnitHistory.id.desc())
        )
    )


def effective_date(on: dt.date | None, *, not_before: dt.date | None = None) -> dt.date:
    """The day a change took effect: the one given, or today; never a day still to come, and never
    before the last change it follows (the order of a unit's history cannot be rewritten)."""
    today = clock.today()
    if on is not None and on > today:
        raise invalid_field(
            "on", N_("A change cannot take effect on a day still to come. Write the day it took effect.")
        )
    earliest = max(PARTY_FOUNDED, not_before or PARTY_FOUNDED)
    if on is not None and on < earliest:
        raise invalid_field(
            "on", N_("A change cannot take effect before {day}: write a later day."), day=short_date(earliest)
        )
    return on or today


def last_change_on(session: Session, unit: OrgUnit) -> dt.date | None:
    """The day the unit's latest recorded change took effect."""
    return session.scalar(
        select(func.max(OrgUnitHistory.effective_on)).where(OrgUnitHistory.org_unit_id == unit.id)
    )


def _record(
    session: Session,
    unit: OrgUnit,
    change: str,
    old: str | None,
    new: str | None,
    actor: Actor | None,
    *,
    on: dt.date | None = None,
    between: tuple[int | None, int | None] = (None, None),
) -> None:
    effective = on or clock.today()
    session.add(
        OrgUnitHistory(
            org_unit_id=unit.id,
            change=change,
            old_value=old,
            new_value=new,
            effective_on=effective,
            from_unit_id=between[0],
            to_unit_id=between[1],
            changed_by_id=actor.user_id if actor and actor.user_id else None,  # the console is no user
        )
    )
    audit.record(
        session,
        actor=actor,
        action=f"unit.{change}",
        record_type="org_unit",
        record_id=unit.id,
        org_unit_id=unit.id,
        data={"old": old, "new": new, "on": effective.isoformat()},
    )


def _new_unit(
    session: Session, *, name: str, kind: str, branch_type: str | None, parent: OrgUnit | None
) -> OrgUnit:
    name = rules.clean_name(name)
    branch_type = branch_type or None
    if details := rules.unit_problems(name=name, kind=kind, branch_type=branch_type):
        raise Invalid(details=details)
    if parent is not None and parent.kind != "committee":
        raise invalid_field(
            "parent_id", N_("Units can only be placed under a committee, not under a branch.")
        )
    unit = OrgUnit(name=name, kind=kind, branch_type=branch_type, parent_id=parent.id if parent else None)
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    return unit


def create_root(session: Session, *, name: str, kind: str) -> OrgUnit:
    """Create a unit at the top of the tree (from the command line)."""
    unit = _new_unit(session, name=name, kind=kind, branch_type=None, parent=None)
    audit.record(
        session,
        actor=None,
        action="unit.created",
        record_type="org_unit",
        record_id=unit.id,
        org_unit_id=unit.id,
        data={"name": unit.name, "kind": unit.kind, "parent_id": None},
    )
    return unit


def create_unit(
    session: Session,
    *,
    actor: Actor,
    name: str,
    kind: str,
    parent_id: int | None,
    branch_type: str | None = None,
) -> OrgUnit:
    """Create a unit under a committee the actor administers."""
    parent = session.get(OrgUnit, parent_id) if parent_id is not None else None
    if parent is None or not actor.can_see(parent.path):
        raise invalid_field("parent_id", N_("The parent unit was not found. Choose one from the list."))
    access.require(actor, "unit.manage", parent.path)
    unit = _new_unit(session, name=name, kind=kind, branch_type=branch_type, parent=parent)
    audit.record(
        session,
        actor=actor,
        action="unit.created",
        record_type="org_unit",
        record_id=unit.id,
        org_unit_id=unit.id,
        data={"name": unit.name, "kind": unit.kind, "parent_id": parent.id},
    )
    return unit


def rename_unit(session: Session, *, actor: Actor, unit_id: int, name: str) -> OrgUnit:
    """Rename a unit, keeping the old name in its history (records made before keep it)."""
    return update_unit(session, actor=actor, unit_id=unit_id, name=name)


def update_unit(
    session: Session, *, actor: Actor, unit_id: int, name: str | None = None, place_name: str | None = None
) -> OrgUnit:
    """Rename a unit or set the place its documents print; the old name stays in its history."""
    unit = get_unit(session, actor=actor, unit_id=unit_id)
    access.require_admin_above(actor, unit.path)  # a unit is renamed from above (API.md)
    if name is not None:
        name = rules.clean_name(name)
        if problem := rules.name_problem(name):
            raise invalid_field("name", problem)
        if name != unit.name:
            _record(session, unit, "renamed", unit.name, name, actor)
            unit.name = name
    if place_name is not None:
        place = rules.clean_name(place_name) or None
        if place != unit.place_name:
            _record(session, unit, "place", unit.place_name, place, actor)
            unit.place_name = place
    session.flush()
    return unit


def move_unit(
    session: Session, *, actor: Actor, unit_id: int, new_parent_id: int, on: dt.date | None = None
) -> OrgUnit:
    """Move a unit and everything below it under another committee, from a day (today by default)."""
    unit = get_unit(session, actor=actor, unit_id=unit_id, action="unit.manage")
    on = effective_date(on, not_before=last_change_on(session, unit))
    parent = session.get(OrgUnit, new_parent_id)
    if parent is None or not actor.can_see(parent.path):
        raise invalid_field("parent_id", N_("The new parent unit was not found. Choose one from the list."))
    access.require(actor, "unit.manage", parent.path)
    if unit.parent_id is None:
        raise invalid_field("parent_id", N_("The top unit of the tree cannot be moved."))
    if problem := rules.move_problem(
        unit_path=unit.path, new_parent_path=parent.path, new_parent_kind=parent.kind
    ):
        raise invalid_field("parent_id", problem)
    old_parent = session.get(OrgUnit, unit.parent_id)
    if old_parent is not None:
        access.require(actor, "unit.manage", old_parent.path)  # administrators of both parents
    old_name = old_parent.name if old_parent else None
    _record(session, unit, "moved", old_name, parent.name, actor, on=on, between=(unit.parent_id, parent.id))
    _reparent(session, unit=unit, parent=parent)
    return unit


def _reparent(session: Session, *, unit: OrgUnit, parent: OrgUnit) -> None:
    old_path, new_path = unit.path, f"{parent.path}{unit.id}/"
    descendants = session.scalars(select(OrgUnit).where(access.in_subtree(OrgUnit.path, old_path))).all()
    for descendant in descendants:
        descendant.path = new_path + descendant.path[len(old_path) :]
    unit.parent_id = parent.id
    session.flush()


def merge_units(
    session: Session, *, actor: Actor, source_id: int, target_id: int, on: dt.date | None = None
) -> OrgUnit:
    """Merge a unit into another of the same kind: its units and members move, its records stay."""
    source = get_unit(session, actor=actor, unit_id=source_id)
    on = effective_date(on, not_before=last_change_on(session, source))
    access.require_admin_above(actor, source.path)
    target = session.get(OrgUnit, target_id)
    if target is None or not actor.can_see(target.path):
        raise invalid_field(
            "target_id", N_("The unit to merge into was not found. Choose one from the list.")
        )
    access.require_admin_above(actor, target.path)  # an administrator above both (API.md)
    if details := _merge_problems(source, target):
        raise Invalid(details=details)
    for child in children(session, unit=source):
        _record(
            session, child, "moved", source.name, target.name, actor, on=on, between=(source.id, target.id)
        )
        _reparent(session, unit=child, parent=target)
    for member in session.scalars(select(Member).where(Member.org_unit_id == source.id)):
        transfer_membership(session, member=member, to_unit=target, reason=N_("merger"), on=on)
    source.closed_on, source.merged_into_id = on, target.id
    _record(session, source, "merged", source.name, target.name, actor, on=on, between=(source.id, target.id))
    session.flush()
    return target


def _merge_problems(source: OrgUnit, target: OrgUnit) -> list[dict[str, Any]]:
    if source.id == target.id or target.path.startswith(source.path):
        return [
            {
                "field": "target_id",
                "message": N_("A unit cannot be merged into itself or into one of its own units."),
            }
        ]
    if source.kind != target.kind:
        return [
            {
                "field": "target_id",
                "message": N_("Only units of the same kind can be merged: two committees or two branches."),
            }
        ]
    if source.closed_on or target.closed_on:
        return [{"field": "target_id", "message": N_("This unit was closed or merged already.")}]
    return []


def transfer_membership(
    session: Session, *, member: Member, to_unit: OrgUnit, reason: str, on: dt.date | None = None
) -> None:
    """Close a member's membership of their branch and open one in another (a transfer or a merger)."""
    on = on or clock.today()
    session.execute(
        update(Membership)
        .where(Membership.member_id == member.id, Membership.end_on.is_(None))
        .values(end_on=on, reason=reason)
    )
    session.add(Membership(member_id=member.id, org_unit_id=to_unit.id, start_on=on))
    member.org_unit_id = to_unit.id
    session.flush()
