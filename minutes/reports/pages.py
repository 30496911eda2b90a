"""HTML routes of the oversight reports, with their CSV and XLSX exports and charts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from minutes import clock
from minutes.alphabet import sort_key
from minutes.errors import NotFound
from minutes.i18n import N_, translate
from minutes.meetings import history as meetings_history
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit
from minutes.reports import attendance, charts, compliance, exports, model_meetings, overview, quality, tasks
from minutes.review import supervision
from minutes.review.models import RATINGS
from minutes.web.deps import (
    CurrentViewer,
    DbSession,
    IdQuery,
    SettingsDep,
    Viewer,
    YearQuery,
    nth_page,
    page_count,
)
from minutes.web.labels import label
from minutes.web.templating import render

router = APIRouter(include_in_schema=False)
TASKS_PER_PAGE = 100
BOARD_PER_PAGE = 100  # branches: one commune fits on a page, a district takes a few
SYMBOLS = {"accepted": "✓", "submitted": "↑", "returned": "↩", "draft": "✎", "not_held": "−", "missing": "✗"}


def _unit(session: Session, viewer: Viewer, unit_id: int | None) -> OrgUnit:
    """The chosen unit, or the broadest one the person may see."""
    if unit_id is not None:
        return orgs_service.get_unit(session, actor=viewer.actor, unit_id=unit_id)
    units = orgs_service.list_units(session, actor=viewer.actor)
    if not units:
        raise NotFound()
    return min(units, key=lambda unit: (len(unit.ancestor_ids), unit.name))


def _units_to_choose(session: Session, viewer: Viewer, chosen: OrgUnit) -> list[OrgUnit]:
    """The committees the person sees, then the branches of the one chosen: a report's unit filter."""
    committees = orgs_service.open_units_for(
        session, actor=viewer.actor, action="unit.view", kind="committee"
    )
    branches = [c for c in orgs_service.children(session, unit=chosen) if c.kind == "branch"]
    shown = [*committees, *branches]
    return shown if chosen in shown else [chosen, *shown]


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _headings(*message_ids: str) -> list[str]:
    """Column headings of an export, in the reader's language."""
    return [translate(message_id) for message_id in message_ids]


def _export(fmt: str, name: str, headers: list[str], rows: list[list[Any]]) -> Response:
    if fmt == "csv":
        return _download(exports.to_csv(headers, rows), exports.CSV_TYPE, f"{name}.csv")
    return _download(exports.to_xlsx(name, headers, rows), exports.XLSX_TYPE, f"{name}.xlsx")


@router.get("/reports")
def board_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    unit: IdQuery = None,
    first: str | None = None,
    last: str | None = None,
    format: str | None = None,
    only_behind: bool = False,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """The compliance board: branches × months, thematic meetings per quarter, totals per committee
    and per month, chart; ``only_behind`` keeps the branches with a meeting missing, returned or in
    draft. A hundred branches to a page (a district has hundreds); the export has them all."""
    chosen = _unit(session, viewer, unit)
    now = clock.today()
    # Open on the year of the latest meeting: a district's history may stop before this year.
    latest = min(meetings_history.latest_month_below(session, unit=chosen) or f"{now:%Y-%m}", f"{now:%Y-%m}")
    first = first or f"{latest[:4]}-01"
    last = last or (latest if latest[:4] == str(now.year) else f"{latest[:4]}-12")
    board = compliance.board(
        session,
        actor=viewer.actor,
        org_unit_id=chosen.id,
        first=first,
        last=last,
        today=now,
        grace_days=settings.compliance_grace_days,
        submit_days=settings.submit_within_days,
    )
    if only_behind:
        board.rows = [row for row in board.rows if compliance.behind(row)]
    if format in ("csv", "xlsx"):
        headers = [
            *_headings(N_("Committee"), N_("Branch")),
            *board.months,
            *(translate(N_("Thematic {quarter}"), quarter=q) for q in board.quarters),
        ]
        rows = [
            [
                row.committee,
                row.name,
                *(label(c.state, "board_state") + (" *" if c.late else "") for c in row.cells),
                *(translate(N_("yes")) if row.thematic[q] else translate(N_("no")) for q in board.quarters),
            ]
            for row in board.rows
        ]
        return _export(format, f"bang-theo-doi-{first}-{last}", headers, rows)
    states = list(compliance.STATES)
    chart = charts.stacked_bars(
        translate(N_("Regular meetings by month")),
        [m[5:] + "/" + m[2:4] for m in board.months],
        {s: [board.column_totals[m][s] for m in board.months] for s in states},
        {s: label(s, "board_state") for s in states},
    )
    context = {
        "unit": chosen,
        "board": board,
        "rows": nth_page(board.rows, page, BOARD_PER_PAGE),
        "committee_totals": compliance.committee_totals(board.rows),
        "page": page,
        "pages": page_count(len(board.rows), BOARD_PER_PAGE),
        "first": first,
        "last": last,
        "symbols": SYMBOLS,
        "states": states,
        "chart": chart,
        "query": f"unit={chosen.id}&first={first}&last={last}" + ("&only_behind=true" if only_behind else ""),
        "only_behind": only_behind,
        "committees": [
            chosen,
            *(
                c
                for c in orgs_service.open_units_for(
                    session, actor=viewer.actor, action="unit.view", kind="committee"
                )
                if c.id != chosen.id
            ),
        ],
    }
    return render(request, "reports/board.html", context)


@router.get("/reports/attendance")
def attendance_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    unit: IdQuery = None,
    year: YearQuery = None,
    format: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Attendance rates by branch (a hundred branches to a page), members' absences, and the
    removal-review list; the export has every member."""
    chosen = _unit(session, viewer, unit)
    year = year or meetings_history.default_year_below(session, unit=chosen)
    result = attendance.report(
        session,
        actor=viewer.actor,
        org_unit_id=chosen.id,
        year=year,
        bar_percent=settings.attendance_bar_percent,
        removal_months=settings.removal_review_months,
    )
    if format in ("csv", "xlsx"):
        committee_of = {b.branch_id: b.committee for b in result.branches}
        headers = _headings(
            N_("Committee"),
            N_("Branch"),
            N_("Full name"),
            N_("Present"),
            N_("Absent, reason"),
            N_("Absent, no reason"),
            N_("Months absent without a reason"),
            N_("Longest run without a reason"),
            N_("Removal review"),
        )
        rows = [
            [
                committee_of.get(m.branch_id, ""),
                m.branch_name,
                m.full_name,
                m.present,
                m.absent_excused,
                m.absent_unexcused,
                m.unexcused_months,
                m.unexcused_longest_run,
                translate(N_("yes")) if m.removal_review else "",
            ]
            for m in result.members
        ]
        return _export(format, f"chuyen-can-{year}", headers, rows)
    context = {
        "unit": chosen,
        "year": year,
        "report": result,
        "branches": nth_page(result.branches, page, BOARD_PER_PAGE),
        "page": page,
        "pages": page_count(len(result.branches), BOARD_PER_PAGE),
        "bar": settings.attendance_bar_percent,
        "flagged": [m for m in result.members if m.removal_review],
        **_most_absent(result.members),
        "committee_of": {b.branch_id: b.committee for b in result.branches},
        "trend": _trend_chart(year, settings.attendance_bar_percent, session, viewer, chosen),
    }
    return render(request, "reports/attendance.html", context)


ABSENT_SHOWN = 50


def _most_absent(members: list[attendance.MemberAttendance]) -> dict[str, Any]:
    """The members absent most often, first those without a reason: a district has thousands with
    an absence, too many for a page read on a phone; the Excel file has them all."""
    absent = [m for m in members if m.absent_unexcused or m.absent_excused]
    absent.sort(
        key=lambda m: (
            -m.absent_unexcused,
            -m.absent_excused,
            sort_key(m.branch_name),
            sort_key(m.full_name or ""),
        )
    )
    return {"absent": absent[:ABSENT_SHOWN], "absent_count": len(absent)}


def _trend_chart(year: int, bar: int, session: Session, viewer: Viewer, unit: OrgUnit) -> str:
    monthly = attendance.monthly_rates(session, actor=viewer.actor, org_unit_id=unit.id, year=year)
    labels = [f"{m:02d}" for m in range(1, 13)]
    values = [None if (rate := monthly.get(m)) is None else round(100 * rate, 1) for m in range(1, 13)]
    return charts.line(translate(N_("Attendance rate by month, {year}"), year=year), labels, values, bar=bar)


@router.get("/reports/overview")
def overview_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    unit: IdQuery = None,
    month: str | None = None,
) -> Response:
    """Which unit below is behind, and on what: one line each, worst first, each number a link."""
    chosen = _unit(session, viewer, unit)
    today = clock.today()
    month = month or overview.last_month(today)
    lines = overview.overview(
        session,
        actor=viewer.actor,
        org_unit_id=chosen.id,
        month=month,
        today=today,
        bars=overview.bars_from(settings),
    )
    return render(request, "reports/overview.html", {"unit": chosen, "month": month, "lines": lines})


@router.get("/reports/tasks")
def tasks_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    unit: IdQuery = None,
    format: str | None = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """Resolution tasks past their deadline and not done, oldest first; a hundred to a page
    (a district has thousands), the export has them all."""
    chosen = _unit(session, viewer, unit)
    items = tasks.overdue(session, actor=viewer.actor, org_unit_id=chosen.id, today=clock.today())
    if format in ("csv", "xlsx"):
        headers = _headings(
            N_("Committee"),
            N_("Branch"),
            N_("Meeting"),
            N_("Task"),
            N_("Assigned to"),
            N_("Deadline"),
            N_("Days overdue"),
            N_("Carried forward"),
            N_("Status"),
        )
        rows = [
            [
                t.committee_name,
                t.branch_name,
                t.period,
                t.title,
                t.assignee_name or "",
                t.due_on,
                t.age_days,
                t.carried,
                label(t.status, "task_status"),
            ]
            for t in items
        ]
        return _export(format, "nhiem-vu-qua-han", headers, rows)
    pages = page_count(len(items), TASKS_PER_PAGE)
    shown = nth_page(items, page, TASKS_PER_PAGE)
    context = {
        "unit": chosen,
        "items": shown,
        "total": len(items),
        "page": page,
        "pages": pages,
        "units": _units_to_choose(session, viewer, chosen),
    }
    return render(request, "reports/tasks.html", context)


@router.get("/reports/quality")
def quality_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    settings: SettingsDep,
    unit: IdQuery = None,
    year: YearQuery = None,
    format: str | None = None,
) -> Response:
    """Review ratings by committee and month, and supervisors' attendance against the quota."""
    chosen = _unit(session, viewer, unit)
    year = year or meetings_history.default_year_below(session, unit=chosen)
    rows = quality.ratings(session, actor=viewer.actor, org_unit_id=chosen.id, year=year)
    if format in ("csv", "xlsx"):
        headers = [*_headings(N_("Committee"), N_("Month")), *(label(r, "rating") for r in RATINGS)]
        return _export(
            format,
            f"xep-loai-buoi-sinh-hoat-{year}",
            headers,
            [[r.committee, r.month, *(r.counts.get(k, 0) for k in RATINGS)] for r in rows],
        )
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    by_month = {m: quality.totals([r for r in rows if r.month == m]) for m in months}
    chart = charts.stacked_bars(
        translate(N_("Ratings of accepted minutes by month, {year}"), year=year),
        [m[5:] for m in months],
        {k: [by_month[m][k] for m in months] for k in RATINGS},
        {k: label(k, "rating") for k in RATINGS},
    )
    supervisors = supervision.year_report(
        session,
        actor=viewer.actor,
        unit_id=chosen.id,
        year=year,
        quota=settings.supervision_quota,
        quotas=settings.supervision_quotas_by_level(),
    )
    context = {
        "unit": chosen,
        "year": year,
        "rows": rows,
        "totals": quality.totals(rows),
        "ratings": RATINGS,
        "chart": chart,
        "supervisors": supervisors,
    }
    return render(request, "reports/quality.html", context)


@router.get("/reports/model-meetings")
def model_meetings_page(
    request: Request,
    session: DbSession,
    viewer: CurrentViewer,
    unit: IdQuery = None,
    year: YearQuery = None,
) -> Response:
    """The model meetings held below a unit in a year, with their observers and lessons."""
    chosen = _unit(session, viewer, unit)
    year = year or meetings_history.default_year_below(session, unit=chosen)
    items = model_meetings.model_meetings(session, actor=viewer.actor, org_unit_id=chosen.id, year=year)
    return render(request, "reports/model_meetings.html", {"unit": chosen, "year": year, "items": items})
