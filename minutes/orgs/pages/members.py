"""HTML routes of a branch's members: adding, editing, transferring, importing a member list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from starlette.responses import Response

from minutes.errors import Invalid
from minutes.i18n import N_
from minutes.orgs import importer, service
from minutes.orgs import members as orgs_members
from minutes.orgs.models import Member, OrgUnit
from minutes.web.deps import CurrentViewer, DbSession, Id, Viewer
from minutes.web.forms import undone
from minutes.web.responses import see_other
from minutes.web.security import CsrfChecked
from minutes.web.templating import render
from minutes.web.upload import brought_back, received

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]


MEMBER_FORM_FIELDS = (
    "full_name",
    "status",
    "sex",
    "birth_year",
    "joined_on",
    "official_on",
    "exempt",
    "exempt_from",
    "exempt_until",
)


def member_form_values(
    full_name: Text = "",
    status: Text = "",
    sex: Text = "",
    birth_year: Text = "",
    joined_on: Text = "",
    official_on: Text = "",
    exempt: Text = "",
    exempt_from: Text = "",
    exempt_until: Text = "",
) -> dict[str, str]:
    """The member form's fields as submitted."""
    return {
        "full_name": full_name,
        "status": status,
        "sex": sex,
        "birth_year": birth_year,
        "joined_on": joined_on,
        "official_on": official_on,
        "exempt": exempt,
        "exempt_from": exempt_from,
        "exempt_until": exempt_until,
    }


MemberForm = Annotated[dict[str, str], Depends(member_form_values)]


def member_fields(form: dict[str, str]) -> dict[str, Any]:
    """A member's fields from a submitted form; a malformed value raises Invalid."""
    details = []
    fields: dict[str, Any] = {
        "full_name": form["full_name"],
        "status": form["status"],
        "sex": form["sex"] or None,
        "exempt": form["exempt"] == "1",
    }
    year = form["birth_year"].strip()
    if year and not year.isdigit():
        details.append(
            {"field": "birth_year", "message": N_("Enter a year of birth between 1900 and this year.")}
        )
    fields["birth_year"] = int(year) if year.isdigit() else None
    for name in ("joined_on", "official_on", "exempt_from", "exempt_until"):
        raw = form[name].strip()
        try:
            fields[name] = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            details.append({"field": name, "message": N_("Enter the date as day/month/year.")})
    if details:
        raise Invalid(details=details)
    return fields


def _member_values(member: Member) -> dict[str, str]:
    return {
        field: ("1" if value is True else "" if value in (None, False) else str(value))
        for field in MEMBER_FORM_FIELDS
        for value in [getattr(member, field)]
    }


def _member_page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    *,
    unit: OrgUnit,
    member: Member | None,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    branches, history = [], []
    if member is not None:
        branches = [
            b
            for b in service.open_units_for(session, actor=viewer.actor, kind="branch", action="unit.manage")
            if b.id != unit.id
        ]
        history = orgs_members.membership_history(session, actor=viewer.actor, member_id=member.id)
    context = {
        "unit": unit,
        "member": member,
        "values": values,
        "errors": errors,
        "branches": branches,
        "history": history,
        "can_edit": viewer.actor.can("member.edit", unit.path),
    }
    return render(request, "orgs/member_form.html", context, status_code)


@router.get("/units/{unit_id}/members/new")
def new_member_form(request: Request, session: DbSession, viewer: CurrentViewer, unit_id: Id) -> Response:
    """The form for a new member of a branch."""
    unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="member.edit")
    values = dict.fromkeys(MEMBER_FORM_FIELDS, "") | {"status": "official"}
    return _member_page(request, session, viewer, unit=unit, member=None, values=values, errors={})


@router.post("/units/{unit_id}/members/new")
def add_member(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    form: MemberForm,
) -> Response:
    """Add a member to the branch."""
    try:
        member = orgs_members.add_member(
            session, actor=viewer.actor, unit_id=unit_id, fields=member_fields(form)
        )
    except Invalid as refused:
        errors = undone(session, refused)
        unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="member.edit")
        return _member_page(
            request,
            session,
            viewer,
            unit=unit,
            member=None,
            values=form,
            errors=errors,
            status_code=422,
        )
    return see_other(f"/units/{unit_id}", N_("{name} was added to the branch."), name=member.full_name)


@router.get("/members/{member_id}")
def member_page(request: Request, session: DbSession, viewer: CurrentViewer, member_id: Id) -> Response:
    """A member: details, the form to change them, transfer, and the branches they were in."""
    member = orgs_members.get_member(session, actor=viewer.actor, member_id=member_id)
    unit = service.get_unit(session, actor=viewer.actor, unit_id=member.org_unit_id or 0)
    return _member_page(
        request, session, viewer, unit=unit, member=member, values=_member_values(member), errors={}
    )


@router.post("/members/{member_id}")
def update_member(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    member_id: Id,
    form: MemberForm,
) -> Response:
    """Save changes to a member."""
    try:
        member = orgs_members.update_member(
            session, actor=viewer.actor, member_id=member_id, fields=member_fields(form)
        )
    except Invalid as refused:
        errors = undone(session, refused)
        member = orgs_members.get_member(session, actor=viewer.actor, member_id=member_id)
        unit = service.get_unit(session, actor=viewer.actor, unit_id=member.org_unit_id or 0)
        return _member_page(
            request,
            session,
            viewer,
            unit=unit,
            member=member,
            values=form,
            errors=errors,
            status_code=422,
        )
    return see_other(f"/members/{member.id}", N_("The changes were saved."))


@router.post("/members/{member_id}/transfer")
def transfer_member(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    member_id: Id,
    to_unit_id: Text = "",
) -> Response:
    """Transfer a member to another branch."""
    try:
        member = orgs_members.transfer_member(
            session,
            actor=viewer.actor,
            member_id=member_id,
            to_unit_id=int(to_unit_id) if to_unit_id.isdigit() else 0,
        )
    except Invalid as refused:
        errors = undone(session, refused)
        member = orgs_members.get_member(session, actor=viewer.actor, member_id=member_id)
        unit = service.get_unit(session, actor=viewer.actor, unit_id=member.org_unit_id or 0)
        return _member_page(
            request,
            session,
            viewer,
            unit=unit,
            member=member,
            values=_member_values(member),
            errors=errors,
            status_code=422,
        )
    return see_other(
        f"/members/{member.id}",
        N_("The member was transferred. Past meetings stay with the branch that held them."),
    )


def _import_page(
    request: Request,
    unit: OrgUnit,
    *,
    preview: importer.ImportPreview | None,
    content: str,
    filename: str,
    status_code: int = 200,
) -> Response:
    context = {"unit": unit, "preview": preview, "content": content, "filename": filename}
    return render(request, "orgs/import.html", context, status_code)


@router.get("/units/{unit_id}/import")
def import_form(request: Request, session: DbSession, viewer: CurrentViewer, unit_id: Id) -> Response:
    """Upload a member list (CSV or Excel) for a branch."""
    unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="member.import")
    return _import_page(request, unit, preview=None, content="", filename="")


@router.post("/units/{unit_id}/import")
def import_preview(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Read the file and show every row, naming each bad one; nothing is written yet."""
    unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="member.import")
    upload = received(file)
    preview = (
        importer.too_large() if upload.too_large else importer.parse_member_file(upload.data, upload.filename)
    )
    return _import_page(
        request,
        unit,
        preview=preview,
        content=upload.carried() if preview.ok else "",
        filename=upload.filename,
        status_code=200 if preview.ok else 422,
    )


@router.post("/units/{unit_id}/import/confirm")
def import_confirm(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    content: Text = "",
    filename: Text = "",
) -> Response:
    """Write the previewed rows, all or none."""
    unit = service.get_unit(session, actor=viewer.actor, unit_id=unit_id, action="member.import")
    preview = importer.parse_member_file(brought_back(content, filename).data, filename)
    if not preview.ok:
        return _import_page(request, unit, preview=preview, content="", filename=filename, status_code=422)
    members = orgs_members.import_members(
        session, actor=viewer.actor, unit_id=unit_id, rows=importer.as_fields(preview)
    )
    return see_other(f"/units/{unit_id}", N_("{count} members were imported."), count=len(members))
