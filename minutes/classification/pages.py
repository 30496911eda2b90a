"""HTML routes of the yearly classification: the report, the level forms, the sheet import."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from babel.numbers import format_decimal
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from starlette.responses import Response

from minutes import clock
from minutes.classification import overview, rules, service, sheet
from minutes.errors import Invalid
from minutes.i18n import N_, current_language, translate
from minutes.orgs import service as orgs_service
from minutes.web.deps import CurrentViewer, DbSession, Id, Viewer, YearQuery
from minutes.web.forms import PostedForm, undone
from minutes.web.responses import see_other
from minutes.web.security import CsrfChecked
from minutes.web.templating import render
from minutes.web.upload import brought_back, received

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form()]
ROW_FIELDS = ("level", "points", "note")
# The denominator is always written out: "25/68 tổ chức (36,76%)" (DOMAIN A.12).
SHARE_TEXTS = {
    "org_units": (N_("{count}/{total} organisations ({percent}%)"), N_("{count}/{total} organisations")),
    "members": (N_("{count}/{total} members ({percent}%)"), N_("{count}/{total} members")),
}


def _level_titles() -> dict[str, str]:
    return {level: rules.level_title(level) for level in rules.LEVELS}


def default_year() -> int:
    """The year whose classification is being made: this one in December, else the last one."""
    today = clock.today()
    return today.year if today.month == 12 else today.year - 1


def _year(text: str) -> int:
    return int(text) if text.strip().isdigit() else 0


def percent_text(value: Decimal | None) -> str:
    """A percent with two decimals, written with a decimal comma in Vietnamese (36,76)."""
    if value is None:
        return "—"
    return format_decimal(value, format="0.00", locale=current_language())


def _tally_view(tally: rules.Tally, kind: str) -> dict[str, Any]:
    """Each level with its count over the denominator: "25/68 tổ chức (36,76%)"."""
    with_percent, without_percent = SHARE_TEXTS[kind]
    lines = [
        {
            "level": level,
            "text": translate(
                with_percent, count=share.count, total=tally.evaluated, percent=percent_text(share.percent)
            )
            if share.percent is not None
            else translate(without_percent, count=share.count, total=tally.evaluated),
        }
        for level, share in tally.levels.items()
    ]
    return {"lines": lines, "tally": tally}


def _values(lines: list[Any]) -> dict[str, str]:
    """The form's fields as stored: level_<id>, points_<id>, note_<id>."""
    values: dict[str, str] = {}
    for line in lines:
        record_id = line.unit.id if isinstance(line, overview.UnitLine) else line.member.id
        stored = line.classification
        values[f"level_{record_id}"] = stored.level if stored else ""
        values[f"points_{record_id}"] = "" if stored is None or stored.points is None else str(stored.points)
        values[f"note_{record_id}"] = (stored.note or "") if stored else ""
    return values


def _page(
    request: Request,
    session: DbSession,
    viewer: Viewer,
    unit_id: int,
    year: int,
    *,
    depth: int = 1,
    posted: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    actor = viewer.actor
    unit = orgs_service.get_unit(session, actor=actor, unit_id=unit_id)
    tallies = overview.report(session, actor=actor, org_unit_id=unit_id, year=year, depth=depth)
    unit_lines = (
        [] if unit.is_branch else overview.units_below(session, actor=actor, org_unit_id=unit_id, year=year)
    )
    member_lines = overview.members_of(session, actor=actor, org_unit_id=unit_id, year=year)
    context = {
        "unit": unit,
        "year": year,
        "depth": depth,
        "org_units": _tally_view(tallies["org_units"], "org_units"),
        "members": _tally_view(tallies["members"], "members"),
        "unit_lines": unit_lines,
        "member_lines": member_lines,
        "values": _values(unit_lines) | _values(member_lines) | (posted or {}),
        "errors": errors or {},
        "levels": rules.LEVELS,
        "level_titles": _level_titles(),
        "can_decide_units": any(line.can_decide for line in unit_lines),
        "can_decide_members": unit.is_branch and actor.can_decide_level(unit.path),
        "can_import": actor.can_decide_levels_within(unit.path, is_branch=unit.is_branch),
    }
    return render(request, "reports/classification.html", context, status_code)


@router.get("/units/{unit_id}/classification")
def classification_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    unit_id: Id,
    year: YearQuery = None,
    depth: Annotated[int, Query(ge=1, le=overview.MAX_DEPTH)] = 1,
) -> Response:
    """The yearly classification of the units and members below a unit, and the forms to set it."""
    return _page(request, session, viewer, unit_id, year or default_year(), depth=depth)


def _rows(form: dict[str, str]) -> dict[int, dict[str, str]]:
    """The posted rows by id, from fields named level_<id>, points_<id>, note_<id>."""
    rows: dict[int, dict[str, str]] = {}
    for name, value in form.items():
        field, _, record_id = name.rpartition("_")
        if field in ROW_FIELDS and record_id.isdigit():
            rows.setdefault(int(record_id), dict.fromkeys(ROW_FIELDS, ""))[field] = value
    return rows


def _import_page(
    request: Request,
    unit_id: int,
    session: DbSession,
    viewer: Viewer,
    *,
    year: int,
    preview: sheet.ImportPreview | None = None,
    content: str = "",
    filename: str = "",
    status_code: int = 200,
) -> Response:
    unit = orgs_service.get_unit(session, actor=viewer.actor, unit_id=unit_id)
    context = {
        "unit": unit,
        "year": year,
        "preview": preview,
        "content": content,
        "filename": filename,
        "level_titles": _level_titles(),
    }
    return render(request, "reports/classification_import.html", context, status_code)


@router.get("/units/{unit_id}/classification/import")
def import_form(
    request: Request, session: DbSession, viewer: CurrentViewer, unit_id: Id, year: YearQuery = None
) -> Response:
    """Upload a sheet of member classifications (CSV or Excel) for the members of a unit."""
    service.import_unit(session, actor=viewer.actor, org_unit_id=unit_id)
    return _import_page(request, unit_id, session, viewer, year=year or default_year())


@router.post("/units/{unit_id}/classification/import")
def import_preview(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    file: Annotated[UploadFile, File()],
    year: Text = "",
) -> Response:
    """Read the sheet and show every row, naming each bad one; nothing is written yet."""
    service.import_unit(session, actor=viewer.actor, org_unit_id=unit_id)
    upload = received(file)
    preview = (
        sheet.too_large()
        if upload.too_large
        else service.preview_csv(
            session,
            actor=viewer.actor,
            org_unit_id=unit_id,
            year=_year(year),
            content=upload.data,
            filename=upload.filename,
        )
    )
    return _import_page(
        request, unit_id, session, viewer, year=_year(year), preview=preview,
        content=upload.carried() if preview.ok else "", filename=upload.filename,
        status_code=200 if preview.ok else 422,
    )  # fmt: skip


@router.post("/units/{unit_id}/classification/import/confirm")
def import_confirm(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    content: Text = "",
    filename: Text = "",
    year: Text = "",
) -> Response:
    """Write the previewed sheet: every row, or none."""
    upload = brought_back(content, filename)
    preview = service.import_csv(
        session,
        actor=viewer.actor,
        org_unit_id=unit_id,
        year=_year(year),
        content=upload.data,
        filename=filename,
    )
    if not preview.ok:
        return _import_page(
            request,
            unit_id,
            session,
            viewer,
            year=_year(year),
            preview=preview,
            filename=filename,
            status_code=422,
        )
    url = f"/units/{unit_id}/classification?year={_year(year)}"
    return see_other(url, N_("{count} levels were saved."), count=len(preview.lines))


# After the import routes, so that /classification/import reaches its own.
@router.post("/units/{unit_id}/classification/{kind}")
def save_levels(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    _csrf: CsrfChecked,
    unit_id: Id,
    kind: Literal["units", "members"],
    form: PostedForm,
) -> Response:
    """Save the levels of the units below (kind "units") or of the branch's members ("members")."""
    year, rows = _year(form.get("year", "")), _rows(form)
    classify = service.classify_units if kind == "units" else service.classify_members
    try:
        changed = classify(session, actor=viewer.actor, year=year, org_unit_id=unit_id, rows=rows)
    except Invalid as refused:
        errors = undone(session, refused)
        return _page(
            request,
            session,
            viewer,
            unit_id,
            year or default_year(),
            posted=form,
            errors=errors,
            status_code=422,
        )
    url = f"/units/{unit_id}/classification?year={year}"
    return see_other(url, N_("{count} levels were saved."), count=changed)
