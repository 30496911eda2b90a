"""The compliance board: for each branch and month, where its regular meeting stands."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session, aliased

from minutes.access import Actor
from minutes.alphabet import sort_key
from minutes.errors import invalid_field
from minutes.i18n import N_
from minutes.meetings.models import Meeting
from minutes.meetings.periods import MONTH, quarter_of
from minutes.orgs import service as orgs_service
from minutes.orgs import then as orgs_then
from minutes.orgs.models import OrgUnit

STATES = ("accepted", "submitted", "returned", "draft", "not_held", "missing")
REGULAR = ("regular", "combined")
THEMATIC = ("thematic", "combined")


class Cell(NamedTuple):
    """One branch-month: the state of its regular meeting (None: not due yet)."""

    month: str
    state: str | None
    meeting_id: int | None = None
    late: bool = False
    away: bool = False  # the branch was under another committee that month


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


BEHIND = ("missing", "returned", "draft")


def behind(row: BranchRow) -> bool:
    """Whether a branch's line needs someone to act: a meeting missing, returned or still in draft."""
    return any(cell.state in BEHIND for cell in row.cells)


@dataclass(frozen=True)
class CommitteeTotals:
    """A committee's lines on the board summed: its branches, those behind, and each state's months."""

    branches: int
    behind: int
    states: Counter[str]


def committee_totals(rows: list[BranchRow]) -> dict[str, CommitteeTotals]:
    """Each committee's totals over all its lines, as its group heading shows them on every page."""
    grouped: dict[str, list[BranchRow]] = {}
    for row in rows:
        grouped.setdefault(row.committee, []).append(row)
    return {
        committee: CommitteeTotals(
            branches=len(lines),
            behind=sum(1 for line in lines if behind(line)),
            states=sum((line.totals for line in lines), Counter()),
        )
        for committee, lines in grouped.items()
    }


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last, inclusive (both "YYYY-MM")."""
    if not MONTH.match(first) or not MONTH.match(last) or first > last:
        raise invalid_field("from", N_("Choose a first and a last month, for example 2019-01 and 2019-12."))
    year, month = (int(x) for x in first.split("-"))
    months: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 240:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def is_due(month: str, *, today: dt.date, grace_days: int) -> bool:
    """Whether a month without a meeting counts as missing: its end plus the grace period has passed."""
    year, number = (int(x) for x in month.split("-"))
    first_of_next = dt.date(year + (number == 12), number % 12 + 1, 1)
    return today >= first_of_next + dt.timedelta(days=grace_days)


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
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    months = months_between(first, last)
    quarters = sorted({quarter_of(m) for m in months})
    since = dt.date.fromisoformat(f"{months[0]}-01")
    first_days = {m: dt.date.fromisoformat(f"{m}-01") for m in months}
    moved = orgs_then.below_on(session, unit=unit, days=first_days.values())
    parameters = {"prefix": f"{unit.path}%", "since": since}
    branches: list[tuple[int, str, str | None]] = [
        (branch_id, name, committee)
        for branch_id, name, committee in session.connection().execute(_branches(), parameters)
    ]
    gone = [branch_id for branch_id, then in moved.items() if then.gone]
    branches = sorted(
        [*branches, *_branches_gone(session, gone, moved)],
        key=lambda b: (sort_key(b[2] or ""), sort_key(b[1]), b[0]),
    )
    regular, thematic = _meetings(session, unit.path, gone, months, submit_days)
    # A month without a meeting looks the same on every row: one shared cell per month.
    empty = {m: Cell(m, "missing" if is_due(m, today=today, grace_days=grace_days) else None) for m in months}
    away = {m: Cell(m, None, away=True) for m in months}
    rows = []
    for branch_id, name, committee in branches:
        then = moved.get(branch_id)
        if then is not None and not then.days:
            continue  # under another committee all through the months asked
        row = _row(branch_id, name, committee or "", months, quarters, regular, thematic, empty)
        if then is not None:
            row = _only_months_below(row, {m for m in months if first_days[m] in then.days}, away)
        rows.append(row)
    columns: dict[str, Counter[str]] = {m: Counter() for m in months}
    for row in rows:
        for cell in row.cells:
            if cell.state:
                columns[cell.month][cell.state] += 1
    return Board(months=months, quarters=quarters, rows=rows, column_totals=columns)


# The statements are built once, with their values as parameters: building them anew took as
# long as running them at district scale.


@functools.cache
def _branches() -> Select[int, str, str | None]:
    """The branches below a unit (``prefix``) not closed before a day (``since``), with their
    committee's name (the board sorts them, with those gone since, in Vietnamese order)."""
    parent = aliased(OrgUnit)
    return (
        select(OrgUnit.id, OrgUnit.name, parent.name)
        .outerjoin(parent, parent.id == OrgUnit.parent_id)
        .where(OrgUnit.path.like(bindparam("prefix", type_=String)), OrgUnit.kind == "branch")
        .where((OrgUnit.closed_on.is_(None)) | (OrgUnit.closed_on >= bindparam("since", type_=Date)))
    )


def _branches_gone(
    session: Session, gone: list[int], moved: dict[int, orgs_then.BelowThen]
) -> list[tuple[int, str, str | None]]:
    """The branches that have left the unit since, with the committee they were under then."""
    if not gone:
        return []
    committee_ids = {moved[branch_id].committee_id for branch_id in gone}
    names = dict(
        session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_([*gone, *committee_ids]))).all()
    )
    return [
        (branch_id, names[branch_id], names.get(moved[branch_id].committee_id or 0)) for branch_id in gone
    ]


def _meetings(
    session: Session, path: str, gone: list[int], months: list[str], submit_days: int
) -> tuple[dict[tuple[int, str], Cell], set[tuple[int, str]]]:
    """The cells of the regular meetings below a unit (and of the branches that have left it) in
    the months' years, and the quarters with a thematic one.

    Only the columns the board shows are read, and the lateness is worked out by the database:
    at province scale (tens of thousands of meetings) building ORM objects and parsing their
    timestamps cost more than the query.
    """
    parameters = {
        "prefix": f"{path}%",
        "from_year": months[0][:4],
        "to_year": str(int(months[-1][:4]) + 1),
        "allowed_days": int(submit_days),
    }
    dialect = session.get_bind().dialect.name
    # The driver's plain tuples: the ORM's result handling, even Row objects, would double the cost.
    with session.connection().execute(_meetings_statement(dialect, False), parameters) as result:
        rows = list(result.cursor.fetchall())
    if gone:
        by_id = session.connection().execute(_meetings_statement(dialect, True), {**parameters, "ids": gone})
        rows.extend(tuple(row) for row in by_id)
    regular: dict[tuple[int, str], Cell] = {}
    thematic: set[tuple[int, str]] = set()
    for unit_id, period, kind, status, minutes_status, meeting_id, late in rows:
        if kind in REGULAR and status != "cancelled":
            state = "not_held" if status == "not_held" else minutes_status or "draft"
            regular[(unit_id, period)] = Cell(period, state, meeting_id, bool(late))
        if kind in THEMATIC and status == "held":
            thematic.add((unit_id, quarter_of(period)))
    return regular, thematic


@functools.cache
def _meetings_statement(
    dialect: str, by_id: bool
) -> Select[int, str, str, str, str | None, int, bool | None]:
    """The meetings from one year to another, with their lateness, of the branches below a unit
    (``prefix``) or, ``by_id``, of the branches named (``ids``)."""
    columns = (Meeting.org_unit_id, Meeting.period, Meeting.kind, Meeting.status, Meeting.minutes_status)
    where = (
        Meeting.org_unit_id.in_(bindparam("ids", expanding=True))
        if by_id
        else OrgUnit.path.like(bindparam("prefix", type_=String))
    )
    return (
        select(*columns, Meeting.id, _late_clause(dialect))
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(
            where,
            Meeting.period >= bindparam("from_year", type_=String),
            Meeting.period < bindparam("to_year", type_=String),
        )
    )


def _late_clause(dialect: str) -> ColumnElement[bool]:
    """Whether the minutes were submitted more than ``allowed_days`` days after the meeting, in SQL.

    Exactly ``submitted_at > scheduled_at + timedelta(days=allowed_days)``: PostgreSQL adds hours
    (a day of 24 hours whatever the session's time zone); SQLite compares the stored UTC texts
    ("YYYY-MM-DD HH:MM:SS.ffffff"), adding the days to the whole seconds and keeping the fraction.
    """
    days = bindparam("allowed_days", type_=Integer)
    # Judged on the first submission: a returned and corrected minutes was not late for it.
    first = func.coalesce(Meeting.first_submitted_at, Meeting.submitted_at)
    if dialect == "sqlite":
        scheduled = type_coerce(Meeting.scheduled_at, String)
        shift = literal("+", String).concat(cast(days, String)).concat(" days")
        whole = func.strftime("%Y-%m-%d %H:%M:%S", func.substr(scheduled, 1, 19), shift)
        deadline = whole.concat(func.substr(scheduled.concat(".000000"), 20, 7))
        return type_coerce(first, String) > deadline
    deadline = Meeting.scheduled_at.op("+")((days * 24).op("*")(literal_column("interval '1 hour'")))
    return first > deadline


def _row(
    branch_id: int,
    name: str,
    committee: str,
    months: list[str],
    quarters: list[str],
    regular: dict[tuple[int, str], Cell],
    thematic: set[tuple[int, str]],
    empty: dict[str, Cell],
) -> BranchRow:
    """A branch's line: its meetings' cells, the shared empty cell of the other months, its totals."""
    cells = [regular.get((branch_id, month)) or empty[month] for month in months]
    row = BranchRow(branch_id, name, committee, cells, {q: (branch_id, q) in thematic for q in quarters})
    row.totals.update(cell.state for cell in cells if cell.state)
    return row


def _only_months_below(row: BranchRow, months: set[str], away: dict[str, Cell]) -> BranchRow:
    """A branch's line with the months it spent under another committee left blank."""
    cells = [cell if cell.month in months else away[cell.month] for cell in row.cells]
    kept = BranchRow(row.branch_id, row.name, row.committee, cells, row.thematic)
    kept.totals.update(cell.state for cell in cells if cell.state)
    return kept
