"""Use cases of a branch's members: list, add, edit, transfer, import a member list, history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.alphabet import COLLATION
from minutes.audit import service as audit
from minutes.errors import Invalid, NotFound, invalid_field
from minutes.i18n import N_
from minutes.orgs import rules, service
from minutes.orgs.models import Member, Membership, OrgUnit

MEMBER_FIELDS = (
    "full_name",
    "status",
    "exempt",
    "exempt_from",
    "exempt_until",
    "joined_on",
    "official_on",
    "birth_year",
    "sex",
)


def list_members(session: Session, *, actor: Actor, unit_id: int) -> list[Member]:
    """The current members of a branch, by name."""
    unit = service.get_unit(session, actor=actor, unit_id=unit_id, action="member.view")
    return list(
        session.scalars(
            select(Member)
            .where(Member.org_unit_id == unit.id)
            .order_by(Member.full_name.collate(COLLATION), Member.id)
        )
    )


def get_member(session: Session, *, actor: Actor, member_id: int, action: str = "member.view") -> Member:
    """A member of a branch within the actor's part of the organisation."""
    member = session.get(Member, member_id)
    unit = session.get(OrgUnit, member.org_unit_id) if member and member.org_unit_id else None
    if member is None or unit is None:
        raise NotFound()
    access.require(actor, action, unit.path)
    return member


def _clean_member_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = {key: value for key, value in fields.items() if key in MEMBER_FIELDS}
    if "full_name" in fields:
        fields["full_name"] = rules.clean_name(fields["full_name"])
    if details := rules.member_problems(fields, today=clock.today()):
        raise Invalid(details=details)
    return fields


def add_member(session: Session, *, actor: Actor, unit_id: int, fields: dict[str, Any]) -> Member:
    """Add a member to a branch."""
    unit = service.get_unit(session, actor=actor, unit_id=unit_id, action="member.edit")
    member = _insert_members(session, unit=unit, rows=[fields])[0]
    audit.record(
        session,
        actor=actor,
        action="member.added",
        record_type="member",
        record_id=member.id,
        org_unit_id=unit.id,
        data={"full_name": member.full_name, "status": member.status},
    )
    return member


def _insert_members(session: Session, *, unit: OrgUnit, rows: list[dict[str, Any]]) -> list[Member]:
    if not unit.is_branch or unit.closed_on:
        raise Invalid(N_("Members can only be added to an open branch."))
    cleaned = [_clean_member_fields({"status": "official", **row}) for row in rows]
    members = [Member(org_unit_id=unit.id, **fields) for fields in cleaned]
    session.add_all(members)
    session.flush()
    session.add_all(
        Membership(member_id=member.id, org_unit_id=unit.id, start_on=member.joined_on or clock.today())
        for member in members
    )
    session.flush()
    return members


def update_member(session: Session, *, actor: Actor, member_id: int, fields: dict[str, Any]) -> Member:
    """Change a member's details."""
    member = get_member(session, actor=actor, member_id=member_id, action="member.edit")
    current = {field: getattr(member, field) for field in MEMBER_FIELDS}
    changes = _clean_member_fields(fields)
    if details := rules.member_problems({**current, **changes}, today=clock.today()):
        raise Invalid(details=details)
    for field, value in changes.items():
        setattr(member, field, value)
    if changes.get("exempt") is False:
        member.exempt_from = member.exempt_until = None
    audit.record(
        session,
        actor=actor,
        action="member.updated",
        record_type="member",
        record_id=member.id,
        org_unit_id=member.org_unit_id,
        data=changes,
    )
    session.flush()
    return member


def transfer_member(
    session: Session, *, actor: Actor, member_id: int, to_unit_id: int, on: dt.date | None = None
) -> Member:
    """Move a member to another branch from a day (today by default); past meetings keep them."""
    member = get_member(session, actor=actor, member_id=member_id, action="member.edit")
    stay = session.scalar(
        select(func.max(Membership.start_on)).where(
            Membership.member_id == member.id, Membership.end_on.is_(None)
        )
    )
    on = service.effective_date(on, not_before=stay)  # never before the stay it ends began
    target = session.get(OrgUnit, to_unit_id)
    if target is None or not actor.can_see(target.path):
        raise invalid_field("to_unit_id", N_("The branch was not found. Choose one from the list."))
    access.require(actor, "unit.manage", target.path)  # and an administrator of the target's (API.md)
    if not target.is_branch or target.closed_on or target.id == member.org_unit_id:
        raise invalid_field("to_unit_id", N_("Choose another open branch."))
    origin = member.org_unit_id
    service.transfer_membership(session, member=member, to_unit=target, reason=N_("transfer"), on=on)
    audit.record(
        session,
        actor=actor,
        action="member.transferred",
        record_type="member",
        record_id=member.id,
        org_unit_id=target.id,
        data={"from": origin, "to": target.id},
    )
    return member


def membership_history(session: Session, *, actor: Actor, member_id: int) -> list[tuple[Membership, str]]:
    """A member's stays in branches with the branch names, oldest first."""
    member = get_member(session, actor=actor, member_id=member_id)
    return list(
        session.execute(
            select(Membership, OrgUnit.name)
            .join(OrgUnit, OrgUnit.id == Membership.org_unit_id)
            .where(Membership.member_id == member.id)
            .order_by(Membership.start_on, Membership.id)
        )
    )


def import_members(
    session: Session, *, actor: Actor, unit_id: int, rows: list[dict[str, Any]]
) -> list[Member]:
    """Add many members to a branch at once: all of them, or none if any is invalid."""
    unit = service.get_unit(session, actor=actor, unit_id=unit_id, action="member.import")
    members = _insert_members(session, unit=unit, rows=rows)
    audit.record(
        session,
        actor=actor,
        action="members.imported",
        record_type="org_unit",
        record_id=unit.id,
        org_unit_id=unit.id,
        data={"member_ids": [member.id for member in members]},
    )
    return members
