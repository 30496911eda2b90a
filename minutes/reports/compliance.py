"""The compliance board: for each branch and month, where its regular meeting stands."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from minutes.auth import policy
from minutes.auth.policy import Actor
from minutes.errors import NotFound, invalid_field
from minutes.i18n import N_
from minutes.meetings.models import Meeting
from minutes.meetings.periods import MONTH, quarter_of
from minutes.orgs.models import OrgUnit

STATES = ("accepted", "submitted", "returned", "draft", "not_held", "missing")
REGULAR = ("regular", "combined")
THEMATIC = ("thematic", "combined")


@dataclass(frozen=True)
class Cell:
    """One branch-month: the state of its regular meeting (None: not due yet)."""

    month: str
    state: str | None
    meeting_id: int | None = None
    late: bool = False


@dataclass
class BranchRow:
    """A branch's line on the board."""

    branch_id: int
    name: str
    committee: str
    cells: list[Cell]
    thematic: dict[str, bool]
    totals: Counter[str] = field(default_factory=Counter)


@dataclass
class Board:
    """The whole board: months, quarters, rows grouped by committee, and column totals."""

    months: list[str]
    quarters: list[str]
    rows: list[BranchRow]
    column_totals: dict[str, Counter[str]]


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last, inclusive (both "YYYY-MM")."""
    if not MONTH.match(first) or not MONTH.match(last) or first > last:
        raise invalid_field("from", N_("Choose a first and a last month, for example 2019-01 and 2019-12."))
    year, month = (int(x) for x in first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 240:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def is_due(month: str, *, today: dt.date, grace_days: int) -> bool:
    """Whether a month without a meeting counts as missing: its end plus the grace period has passed."""
    year, number = (int(x) for x in month.split("-"))
    first_of_next = dt.date(year + (number == 12), number % 12 + 1, 1)
    return today >= first_of_next + dt.timedelta(days=grace_days)


def state_of(meeting: Meeting | None) -> str | None:
    """The state a meeting gives its month (None if there is no meeting)."""
    if meeting is None:
        return None
    if meeting.status in ("not_held", "cancelled"):
        return "not_held"
    return meeting.minutes_status or "draft"


def _late(meeting: Meeting, submit_days: int) -> bool:
    if meeting.submitted_at is None:
        return False
    return meeting.submitted_at > meeting.scheduled_at + dt.timedelta(days=submit_days)


def board(
    session: Session,
    *,
    actor: Actor,
    org_unit_id: int,
    first: str,
    last: str,
    today: dt.date,
    grace_days: int,
    submit_days: int,
) -> Board:
    """The board for the branches below a unit over a range of months."""
    unit = session.get(OrgUnit, org_unit_id)
    if unit is None:
        raise NotFound()
    policy.require(actor, "meeting.view", unit.path)
    months = months_between(first, last)
    quarters = sorted({quarter_of(m) for m in months})
    parent = aliased(OrgUnit)
    branches = session.execute(
        select(OrgUnit.id, OrgUnit.name, parent.name)
        .outerjoin(parent, parent.id == OrgUnit.parent_id)
        .where(OrgUnit.path.like(f"{unit.path}%"), OrgUnit.kind == "branch")
        .where(
            (OrgUnit.closed_on.is_(None)) | (OrgUnit.closed_on >= dt.date.fromisoformat(f"{months[0]}-01"))
        )
        .order_by(parent.name, OrgUnit.name)
    ).all()
    meetings = session.scalars(
        select(Meeting)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(
            OrgUnit.path.like(f"{unit.path}%"),
            Meeting.period >= months[0][:4],
            Meeting.period < str(int(months[-1][:4]) + 1),
        )
    ).all()
    regular: dict[tuple[int, str], Meeting] = {}
    thematic: set[tuple[int, str]] = set()
    for meeting in meetings:
        if meeting.kind in REGULAR and meeting.status != "cancelled":
            regular[(meeting.org_unit_id, meeting.period)] = meeting
        if meeting.kind in THEMATIC and meeting.status == "held":
            thematic.add((meeting.org_unit_id, quarter_of(meeting.period)))
    rows = [
        _row(
            branch_id,
            name,
            committee or "",
            months,
            quarters,
            regular,
            thematic,
            today,
            grace_days,
            submit_days,
        )
        for branch_id, name, committee in branches
    ]
    columns = {
        m: Counter(row.cells[i].state for row in rows if row.cells[i].state) for i, m in enumerate(months)
    }
    return Board(months=months, quarters=quarters, rows=rows, column_totals=columns)


def _row(
    branch_id: int,
    name: str,
    committee: str,
    months: list[str],
    quarters: list[str],
    regular: dict[tuple[int, str], Meeting],
    thematic: set[tuple[int, str]],
    today: dt.date,
    grace_days: int,
    submit_days: int,
) -> BranchRow:
    cells = []
    for month in months:
        meeting = regular.get((branch_id, month))
        state = state_of(meeting) or (
            "missing" if is_due(month, today=today, grace_days=grace_days) else None
        )
        late = bool(meeting and _late(meeting, submit_days))
        cells.append(Cell(month, state, meeting.id if meeting else None, late))
    row = BranchRow(branch_id, name, committee, cells, {q: (branch_id, q) in thematic for q in quarters})
    row.totals.update(cell.state for cell in cells if cell.state)
    return row
