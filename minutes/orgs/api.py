"""JSON routes of the organisation tree and its members."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session

from minutes.orgs import members, service
from minutes.orgs.models import OrgUnit
from minutes.orgs.schemas import (
    HistoryOut,
    MemberCreate,
    MemberOut,
    MemberPatch,
    MemberTransfer,
    UnitCreate,
    UnitMerge,
    UnitMove,
    UnitOut,
    UnitPatch,
)
from minutes.web.deps import ApiActor, DbSession, Id, Limit, Offset, page_of

router = APIRouter(tags=["organisation"])


def units_out(session: Session, units: list[OrgUnit]) -> list[UnitOut]:
    """Units with their ancestors' names."""
    paths = service.ancestor_names(session, units)
    return [
        UnitOut(
            id=unit.id,
            name=unit.name,
            kind=unit.kind,
            branch_type=unit.branch_type,
            parent_id=unit.parent_id,
            path=paths[unit.id][:-1],
            closed_on=unit.closed_on,
            merged_into_id=unit.merged_into_id,
            place_name=unit.place_name,
        )
        for unit in units
    ]


@router.get("/org-units", response_model=list[UnitOut])
def list_units(session: DbSession, actor: ApiActor, limit: Limit = None, offset: Offset = 0) -> list[UnitOut]:
    """The units the caller may see (``limit`` of them from ``offset`` when asked)."""
    return units_out(session, page_of(service.list_units(session, actor=actor), limit, offset))


@router.post("/org-units", response_model=UnitOut, status_code=201)
def create_unit(body: UnitCreate, session: DbSession, actor: ApiActor) -> UnitOut:
    """Create a unit under a committee (administrators of the parent)."""
    unit = service.create_unit(session, actor=actor, **body.model_dump())
    return units_out(session, [unit])[0]


@router.get("/org-units/{unit_id}", response_model=UnitOut)
def get_unit(unit_id: Id, session: DbSession, actor: ApiActor) -> UnitOut:
    """One unit."""
    return units_out(session, [service.get_unit(session, actor=actor, unit_id=unit_id)])[0]


@router.patch("/org-units/{unit_id}", response_model=UnitOut)
def update_unit(unit_id: Id, body: UnitPatch, session: DbSession, actor: ApiActor) -> UnitOut:
    """Rename a unit or set the place its documents print (records made before keep the old name)."""
    unit = service.update_unit(
        session, actor=actor, unit_id=unit_id, name=body.name, place_name=body.place_name
    )
    return units_out(session, [unit])[0]


@router.post("/org-units/{unit_id}/move", response_model=UnitOut)
def move_unit(unit_id: Id, body: UnitMove, session: DbSession, actor: ApiActor) -> UnitOut:
    """Move a unit and everything below it under another committee (administrators of both)."""
    unit = service.move_unit(session, actor=actor, unit_id=unit_id, new_parent_id=body.parent_id, on=body.on)
    return units_out(session, [unit])[0]


@router.post("/org-units/{unit_id}/merge", response_model=UnitOut)
def merge_unit(unit_id: Id, body: UnitMerge, session: DbSession, actor: ApiActor) -> UnitOut:
    """Merge a unit into another of its kind: members move, records stay; answers the unit merged into."""
    target = service.merge_units(session, actor=actor, source_id=unit_id, target_id=body.into_id, on=body.on)
    return units_out(session, [target])[0]


@router.get("/org-units/{unit_id}/history", response_model=list[HistoryOut])
def unit_history(unit_id: Id, session: DbSession, actor: ApiActor) -> list[HistoryOut]:
    """The unit's renames, moves and mergers, oldest first."""
    unit = service.get_unit(session, actor=actor, unit_id=unit_id)
    return [
        HistoryOut(
            on=event.effective_on or event.changed_at.date(),
            change=event.change,
            from_=event.old_value,
            to=event.new_value,
        )
        for event in reversed(service.history(session, unit=unit))
    ]


@router.post("/members/{member_id}/transfer", response_model=MemberOut)
def transfer_member(member_id: Id, body: MemberTransfer, session: DbSession, actor: ApiActor) -> MemberOut:
    """Move a member to another branch; the meetings they attended keep them as recorded."""
    member = members.transfer_member(
        session, actor=actor, member_id=member_id, to_unit_id=body.to_unit_id, on=body.on
    )
    return MemberOut.model_validate(member)


@router.get("/org-units/{unit_id}/members", response_model=list[MemberOut])
def list_members(
    unit_id: Id, session: DbSession, actor: ApiActor, limit: Limit = None, offset: Offset = 0
) -> list[MemberOut]:
    """The branch's current members (``limit`` of them from ``offset`` when asked)."""
    found = members.list_members(session, actor=actor, unit_id=unit_id)
    return [MemberOut.model_validate(m) for m in page_of(found, limit, offset)]


@router.post("/org-units/{unit_id}/members", response_model=MemberOut, status_code=201)
def add_member(unit_id: Id, body: MemberCreate, session: DbSession, actor: ApiActor) -> MemberOut:
    """Add a member to the branch (its administrators and secretaries)."""
    member = members.add_member(session, actor=actor, unit_id=unit_id, fields=body.model_dump())
    return MemberOut.model_validate(member)


@router.patch("/members/{member_id}", response_model=MemberOut)
def update_member(member_id: Id, body: MemberPatch, session: DbSession, actor: ApiActor) -> MemberOut:
    """Change a member's details."""
    fields = body.model_dump(exclude_unset=True)
    member = members.update_member(session, actor=actor, member_id=member_id, fields=fields)
    return MemberOut.model_validate(member)
