"""JSON routes of the oversight reports."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Query, Response

from minutes import clock
from minutes.meetings.periods import quarter_of
from minutes.reports import attendance, compliance, model_meetings, overview, quality, tasks
from minutes.web.deps import (
    ApiActor,
    DbSession,
    Limit,
    Offset,
    RequiredIdQuery,
    RequiredYearQuery,
    SettingsDep,
    page_of,
)

router = APIRouter(tags=["reports"])


def json_body(value: Any) -> Response:
    """Plain values straight to JSON by orjson: a province's report has tens of thousands of
    rows, too many to pass through response-model validation or the standard encoder."""
    return Response(orjson.dumps(value), media_type="application/json")


@router.get("/reports/compliance")
def compliance_report(
    session: DbSession,
    actor: ApiActor,
    settings: SettingsDep,
    org_unit_id: RequiredIdQuery,
    first: str = Query(alias="from"),
    last: str = Query(alias="to"),
    limit: Limit = None,
    offset: Offset = 0,
) -> Response:
    """Per branch below the unit and per month, where its regular meeting stands (months not yet due are left out)."""
    board = compliance.board(
        session,
        actor=actor,
        org_unit_id=org_unit_id,
        first=first,
        last=last,
        today=clock.today(),
        grace_days=settings.compliance_grace_days,
        submit_days=settings.submit_within_days,
    )
    quarters = {month: quarter_of(month) for month in board.months}
    cells = [
        {
            "branch_id": row.branch_id,
            "month": cell.month,
            "regular": cell.state,
            "thematic_in_quarter": row.thematic[quarters[cell.month]],
            "late": cell.late,
            "meeting_id": cell.meeting_id,
        }
        for row in board.rows
        for cell in row.cells
        if cell.state is not None
    ]
    return json_body(page_of(cells, limit, offset))


@router.get("/reports/attendance")
def attendance_report(
    session: DbSession,
    actor: ApiActor,
    settings: SettingsDep,
    org_unit_id: RequiredIdQuery,
    year: RequiredYearQuery,
) -> Response:
    """Each branch's attendance rate and each member's absences in a year."""
    result = attendance.report(
        session,
        actor=actor,
        org_unit_id=org_unit_id,
        year=year,
        bar_percent=settings.attendance_bar_percent,
        removal_months=settings.removal_review_months,
        names=False,
    )
    return json_body(
        {
            "branches": [
                {
                    "branch_id": b.branch_id,
                    "rate": None if b.rate is None else round(b.rate, 4),
                    "meetings": b.meetings,
                    "meets_bar": b.meets_bar,
                }
                for b in result.branches
            ],
            "members": [
                {
                    "member_id": m.member_id,
                    "present": m.present,
                    "absent_excused": m.absent_excused,
                    "absent_unexcused": m.absent_unexcused,
                    "unexcused_longest_run": m.unexcused_longest_run,
                    "unexcused_months": m.unexcused_months,
                    "removal_review": m.removal_review,
                }
                for m in result.members
            ],
        }
    )


@router.get("/reports/tasks")
def tasks_report(
    session: DbSession,
    actor: ApiActor,
    org_unit_id: RequiredIdQuery,
    overdue: bool = True,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """Resolution tasks not done: past their due date (``overdue=true``), or every open one
    (``limit`` of them from ``offset`` when asked)."""
    found = tasks.overdue(
        session,
        actor=actor,
        org_unit_id=org_unit_id,
        today=clock.today(),
        only_overdue=overdue,
        limit=limit,
        offset=offset,
    )
    return [
        {
            "meeting_id": t.meeting_id,
            "org_unit_id": t.org_unit_id,
            "org_unit_name": t.branch_name,
            "committee_name": t.committee_name,
            "title": t.title,
            "assignee_member_id": t.assignee_member_id,
            "due_on": t.due_on.isoformat() if t.due_on else None,
            "status": t.status,
            "age_days": t.age_days,
            "carried": t.carried,
        }
        for t in found
    ]


@router.get("/reports/ratings")
def ratings_report(
    session: DbSession, actor: ApiActor, org_unit_id: RequiredIdQuery, year: RequiredYearQuery
) -> list[dict[str, Any]]:
    """Review ratings of accepted minutes by committee and month."""
    return [
        {"committee": r.committee, "month": r.month, "ratings": dict(r.counts)}
        for r in quality.ratings(session, actor=actor, org_unit_id=org_unit_id, year=year)
    ]


@router.get("/reports/overview")
def overview_report(
    session: DbSession,
    actor: ApiActor,
    settings: SettingsDep,
    org_unit_id: RequiredIdQuery,
    month: str | None = Query(default=None, max_length=7),
    limit: Limit = None,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """One line per unit directly below, worst first: the month's meetings by state, overdue
    tasks, members flagged for removal review, supervision quota met, last rating."""
    today = clock.today()
    lines = overview.overview(
        session,
        actor=actor,
        org_unit_id=org_unit_id,
        month=month or overview.last_month(today),
        today=today,
        bars=overview.bars_from(settings),
    )
    return [
        {
            "org_unit_id": line.org_unit_id,
            "name": line.name,
            "missing": line.states["missing"],
            "late": line.late,
            "returned": line.states["returned"],
            "waiting_review": line.states["submitted"],
            "accepted": line.states["accepted"],
            "overdue_tasks": line.overdue_tasks,
            "removal_review": line.removal_review,
            "supervision_met": line.supervision_met,
            "last_rating": line.last_rating,
        }
        for line in page_of(lines, limit, offset)
    ]


@router.get("/reports/model-meetings")
def model_meetings_report(
    session: DbSession,
    actor: ApiActor,
    org_unit_id: RequiredIdQuery,
    year: RequiredYearQuery,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[dict[str, Any]]:
    """The model meetings held below a unit in a year, in the order they were held, with their
    observers and the lessons drawn."""
    return [
        {
            "meeting_id": m.meeting_id,
            "org_unit_id": m.org_unit_id,
            "org_unit_name": m.branch_name,
            "kind": m.kind,
            "period": m.period,
            "held_on": m.held_on.isoformat(),
            "observers": m.observers,
            "lessons": m.lessons,
            "minutes_status": m.minutes_status,
        }
        for m in page_of(
            model_meetings.model_meetings(session, actor=actor, org_unit_id=org_unit_id, year=year),
            limit,
            offset,
        )
    ]
