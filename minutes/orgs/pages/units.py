"""HTML routes of the organisation tree: the units, and creating, renaming, moving and merging them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from minutes.errors import Invalid, invalid_field
from minutes.i18n import N_
from minutes.orgs import members as orgs_members
from minutes.orgs import service
from minutes.orgs.models import BRANCH_TYPES, OrgUnit
from minutes.web.deps import CurrentViewer, DbSession, Id, Viewer
from minutes.web.forms import undone
from minutes.web.responses import see_other
from minutes.web.security import CsrfChecked
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)
# Registered after every other router, so that /units/{id}/import and /members reach their own routes.
unit_forms = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
UnitForm = Literal["new", "rename", "move", "merge"]


def _unit_context(session: DbSession, viewer: Viewer, unit: OrgUnit) -> dict[str, Any]:
    actor = viewer.actor
    members = orgs_members.list_members(session, actor=actor, unit_id=unit.id) if unit.is_branch else []
    return {
        "unit": unit,
        "trail": service.ancestor_names(session, [unit])[unit.id][:-1],
        "trail_ids": unit.ancestor_ids[:-1],
        "children": service.children(session, unit=unit),
        "members": members,
        "counts": {
            "official": sum(1 for m in members if m.status == "official"),
            "probationary": sum(1 for m in members if m.status == "probationary"),
            "exempt": sum(1 for m in members if m.exempt),
        },
        "history": service.history(session, unit=unit),
        "can_manage": actor.can("unit.manage", unit.path),
        "can_edit_members": unit.is_branch and not unit.closed_on and actor.can("member.edit", unit.path),
    }


@router.get("/units")
def tree_page(request: Request, session: DbSession, viewer: CurrentViewer) -> Response:
    """The organisation tree the person may see."""
    units = service.list_units(session, actor=viewer.actor)
    top_depth = min((len(u.ancestor_ids) for u in units), default=1)
    rows = [(unit, len(unit.ancestor_ids) - top_depth) for unit in units]
    return render(request, "orgs/tree.html", {"rows": rows})


@router.get("/units/{unit_id}")
def unit_page(request: Request, session: DbSession, viewer: CurrentViewer, unit_id: Id) -> Response:
    """A unit: where it sits, what is below it, its members and its history."""
    unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id)
    return render(request, "orgs/unit.html", _unit_context(session, viewer, unit))


def _unit_form(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    unit: OrgUnit,
    form: str,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    context = {
        "unit": unit,
        "form": form,
        "values": values,
        "errors": errors,
        "branch_types": BRANCH_TYPES,
        "committees": [
            c
            for c in service.open_units_for(session, actor=viewer.actor, kind="committee")
            if not c.path.startswith(unit.path)
        ],
        "same_kind": [
            u for u in service.open_units_for(session, actor=viewer.actor, kind=unit.kind) if u.id != unit.id
        ],
    }
    return render(request, "orgs/unit_form.html", context, status_code)


@unit_forms.get("/units/{unit_id}/{form}")
def unit_form(
    request: Request, session: DbSession, viewer: CurrentViewer, unit_id: Id, form: UnitForm
) -> Response:
    """The forms that change a unit: add a unit below, rename, move, merge."""
    unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="unit.manage")
    values = {
        "name": unit.name if form == "rename" else "",
        "place_name": unit.place_name or "",
        "kind": "branch",
        "branch_type": "rural",
    }
    return _unit_form(request, session, viewer, unit, form, values, {})


@unit_forms.post("/units/{unit_id}/{form}")
def change_unit(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    form: UnitForm,
    name: Text = "",
    kind: Text = "",
    branch_type: Text = "",
    target_id: Text = "",
    place_name: Text = "",
    on: Text = "",
) -> Response:
    """Carry out a unit form; on a problem show it again with the message."""
    actor = viewer.actor
    target = int(target_id) if target_id.isdigit() else 0
    try:
        if form == "new":
            created = service.create_unit(
                session,
                actor=actor,
                name=name,
                kind=kind,
                parent_id=unit_id,
                branch_type=branch_type if kind == "branch" else None,
            )
            return see_other(f"/units/{created.id}", N_("The unit {name} was created."), name=created.name)
        if form == "rename":
            service.update_unit(session, actor=actor, unit_id=unit_id, name=name, place_name=place_name)
            return see_other(
                f"/units/{unit_id}", N_("The unit was renamed; the old name is kept in its history.")
            )
        if form == "merge":
            merged = service.merge_units(
                session, actor=actor, source_id=unit_id, target_id=target, on=_day(on)
            )
            return see_other(
                f"/units/{merged.id}", N_("The units were merged. Records of the merged unit stay with it.")
            )
        service.move_unit(session, actor=actor, unit_id=unit_id, new_parent_id=target, on=_day(on))
        return see_other(f"/units/{unit_id}", N_("The unit was moved."))
    except Invalid as refused:
        errors = undone(session, refused)
        unit = service.get_unit(session, actor=actor, unit_id=unit_id, action="unit.manage")
        values = {
            "name": name[:200],
            "place_name": place_name[:200],
            "kind": kind,
            "branch_type": branch_type,
            "target_id": target_id,
            "on": on[:10],
        }
        return _unit_form(request, session, viewer, unit, form, values, errors, 422)


def _day(text: str) -> dt.date | None:
    """The day a change took effect, as the form's date field sends it (empty: today)."""
    try:
        return dt.date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        raise invalid_field(
            "on", N_("Write the day the change took effect, for example 2019-11-01.")
        ) from None
