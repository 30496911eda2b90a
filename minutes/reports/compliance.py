"""The compliance board: for each branch and month, where its regular meeting stands."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    Subquery,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    select,
    true,
    type_coerce,
    union_all,
)
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


class Cell(NamedTuple):
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
    unit = session.get(OrgUnit, org_unit_id)
    if unit is None:
        raise NotFound()
    policy.require(actor, "meeting.view", unit.path)
    months = months_between(first, last)
    quarters = {month: quarter_of(month) for month in months}
    due = {month: is_due(month, today=today, grace_days=grace_days) for month in months}
    statement = _cells(session.get_bind().dialect.name, len(months))
    parameters = {
        "prefix": f"{unit.path}%",
        "since": dt.date.fromisoformat(f"{months[0]}-01"),
        "from_year": months[0][:4],
        "to_year": str(int(months[-1][:4]) + 1),
        "allowed_days": int(submit_days),
        **{f"month_{i}": month for i, month in enumerate(months)},
        **{f"quarter_{i}": quarters[month] for i, month in enumerate(months)},
        **{f"due_{i}": due[month] for i, month in enumerate(months)},
    }
    # The driver's plain tuples: a province's board has tens of thousands of cells.
    with session.connection().execute(statement, parameters) as result:
        cells = result.cursor.fetchall()
    rows: list[BranchRow] = []
    columns: dict[str, Counter[str]] = {month: Counter() for month in months}
    row = None
    for branch_id, name, committee, month, state, meeting_id, late, thematic in cells:
        if row is None or row.branch_id != branch_id:
            row = BranchRow(branch_id, name, committee or "", [], {})
            rows.append(row)
        row.cells.append(Cell(month, state, meeting_id, bool(late)))
        row.thematic[quarters[month]] = bool(thematic)
        if state is not None:
            row.totals[state] += 1
            columns[month][state] += 1
    return Board(months=months, quarters=sorted(set(quarters.values())), rows=rows, column_totals=columns)


@functools.cache
def _cells(
    dialect: str, month_count: int
) -> Select[int, str, str | None, str, str | None, int | None, bool | None, bool]:
    """Each branch below a unit (not closed before the first month) by each month, in board order:
    the state of its regular meeting, the meeting, whether it was late, and whether a thematic
    meeting was held in the month's quarter.

    The database pairs branches, months and meetings in one pass: at province scale (36
    thousand cells) that is half the time of pairing them in Python. Built once per dialect and
    number of months, with every value a parameter (see ``board``): building the statement
    anew cost as much as running it at district scale.
    """
    months = union_all(
        *(
            select(
                bindparam(f"month_{i}", type_=String).label("month"),
                bindparam(f"quarter_{i}", type_=String).label("quarter"),
                bindparam(f"due_{i}", type_=Boolean).label("due"),
            )
            for i in range(month_count)
        )
    ).cte("months")
    committee = aliased(OrgUnit)
    regular = aliased(Meeting)
    thematic = _thematic_quarters()
    state = case(
        (regular.id.is_(None), case((months.c.due, literal("missing", String)))),
        (regular.status.in_(("not_held", "cancelled")), literal("not_held", String)),
        else_=func.coalesce(regular.minutes_status, literal("draft", String)),
    )
    return (
        select(
            OrgUnit.id,
            OrgUnit.name,
            committee.name,
            months.c.month,
            state,
            regular.id,
            _late_clause(dialect, regular),
            thematic.c.org_unit_id.is_not(None),
        )
        .select_from(OrgUnit)
        .outerjoin(committee, committee.id == OrgUnit.parent_id)
        .join(months, true())
        .outerjoin(
            regular,
            and_(
                regular.org_unit_id == OrgUnit.id,
                regular.period == months.c.month,
                regular.kind.in_(REGULAR),
                regular.status != "cancelled",
            ),
        )
        .outerjoin(
            thematic, and_(thematic.c.org_unit_id == OrgUnit.id, thematic.c.quarter == months.c.quarter)
        )
        .where(OrgUnit.path.like(bindparam("prefix", type_=String)), OrgUnit.kind == "branch")
        .where(OrgUnit.closed_on.is_(None) | (OrgUnit.closed_on >= bindparam("since", type_=Date)))
        .order_by(committee.name, OrgUnit.name, OrgUnit.id, months.c.month)
    )


def _thematic_quarters() -> Subquery:
    """The branches and quarters ("YYYY-Qn") with a thematic meeting held, from one year to another."""
    month = cast(func.substr(Meeting.period, 6, 2), Integer)
    quarter = case(
        (func.substr(Meeting.period, 6, 1) == "Q", Meeting.period),
        else_=func.substr(Meeting.period, 1, 5).concat("Q").concat(cast((month + 2) // 3, String)),
    )
    return (
        select(Meeting.org_unit_id, quarter.label("quarter"))
        .where(
            Meeting.kind.in_(THEMATIC),
            Meeting.status == "held",
            Meeting.period >= bindparam("from_year", type_=String),
            Meeting.period < bindparam("to_year", type_=String),
        )
        .distinct()
        .subquery("thematic")
    )


def _late_clause(dialect: str, meeting: Any) -> ColumnElement[bool]:
    """Whether the minutes were submitted more than ``allowed_days`` days after the meeting, in SQL.

    Exactly ``submitted_at > scheduled_at + timedelta(days=allowed_days)``: PostgreSQL adds hours
    (a day of 24 hours whatever the session's time zone); SQLite compares the stored UTC texts
    ("YYYY-MM-DD HH:MM:SS.ffffff"), adding the days to the whole seconds and keeping the fraction.
    """
    days = bindparam("allowed_days", type_=Integer)
    if dialect == "sqlite":
        scheduled = type_coerce(meeting.scheduled_at, String)
        shift = literal("+", String).concat(cast(days, String)).concat(" days")
        whole = func.strftime("%Y-%m-%d %H:%M:%S", func.substr(scheduled, 1, 19), shift)
        deadline = whole.concat(func.substr(scheduled.concat(".000000"), 20, 7))
        return type_coerce(meeting.submitted_at, String) > deadline
    deadline = meeting.scheduled_at.op("+")((days * 24).op("*")(literal_column("interval '1 hour'")))
    return meeting.submitted_at > deadline
