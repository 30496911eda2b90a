"""Attendance over a year: each branch's rate against HD 12's bar, each member's absences."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import Session, aliased

from minutes import access, alphabet
from minutes.access import Actor
from minutes.errors import invalid_field
from minutes.i18n import N_
from minutes.meetings.events import MinutesSaved
from minutes.meetings.models import Attendance, Meeting
from minutes.orgs import service as orgs_service
from minutes.orgs import then as orgs_then
from minutes.orgs.models import Member, OrgUnit
from minutes.reports.models import AttendanceTally

REGULAR = ("regular", "combined")
REMOVAL_MONTHS = 3  # DOMAIN A.8's default; MINUTES_REMOVAL_REVIEW_MONTHS sets another


@dataclass(frozen=True)
class BranchAttendance:
    """A branch's year: meetings, rate by DOMAIN's formula, and HD 12's bar."""

    branch_id: int
    name: str
    committee: str  # the committee above the branch; empty when asked without names
    meetings: int
    present: int
    expected: int
    unexcused: int
    rate: float | None
    meets_bar: bool


class MemberAttendance(NamedTuple):
    """A member's year: how often present, excused, unexcused, and the longest unexcused run.

    A named tuple rather than a dataclass: a province's report makes fifty thousand of them.
    """

    member_id: int
    full_name: str | None  # None when the report was asked without names
    branch_id: int
    branch_name: str
    present: int
    absent_excused: int
    absent_unexcused: int
    unexcused_months: int
    unexcused_longest_run: int
    excused_longest_run: int

    # Absent without reason in this many months of the year (A.8): the branch must consider removal.
    removal_review: bool


@dataclass(frozen=True)
class AttendanceReport:
    """The year's attendance below a unit."""

    year: int
    branches: list[BranchAttendance]
    members: list[MemberAttendance]


def report(
    session: Session,
    *,
    actor: Actor,
    org_unit_id: int,
    year: int,
    bar_percent: int = 85,
    removal_months: int = REMOVAL_MONTHS,
    names: bool = True,
) -> AttendanceReport:
    """Attendance at the regular meetings of a year, for the branches and members below a unit.

    Branches come by committee and name; members by branch and name, or, with ``names=False``
    (the API, which shows ids), without names and in no set order: at province scale, reading
    and sorting fifty thousand names takes a quarter of the time.
    """
    unit = _unit_in_view(session, actor, org_unit_id, year)
    # The driver's plain tuples: a province has fifty thousand tallies, and making a Row of
    # each costs as much as reading them.
    parameters: dict[str, Any] = {"year": year, "prefix": f"{unit.path}%"}
    moved = _moved_in_year(session, unit, year)
    rows = _year_rows(session, parameters, moved, names=names)
    members, branches = _tally(rows, removal_months)
    committees = _committee_names(session, parameters, moved) if names else {}
    # HD 12: nobody absent with a reason more than three times in a row in the year.
    long_excused = {m.branch_id for m in members if m.excused_longest_run > 3}
    return AttendanceReport(year, _branches(branches, committees, bar_percent, long_excused), members)


def _moved_in_year(session: Session, unit: OrgUnit, year: int) -> dict[int, orgs_then.BelowThen]:
    """The branches that were below the unit in some months of the year and not in others."""
    return orgs_then.below_on(session, unit=unit, days=[dt.date(year, month, 1) for month in range(1, 13)])


def _year_rows(
    session: Session, parameters: dict[str, Any], moved: dict[int, orgs_then.BelowThen], *, names: bool
) -> list[Any]:
    """The year's tallies of the branches below the unit, each cut to the months it was there."""
    with session.connection().execute(_tallies_below(names, by_id=False), parameters) as result:
        rows = list(result.cursor.fetchall())
    return _months_below(session, rows, moved, {**parameters, "names": names}) if moved else rows


def _months_below(
    session: Session, rows: list[Any], moved: dict[int, orgs_then.BelowThen], parameters: dict[str, Any]
) -> list[Any]:
    """The tallies with the branches that have left the unit since added, and every moved
    branch's year cut to the months it spent below the unit."""
    if gone := [branch_id for branch_id, then in moved.items() if then.gone]:
        statement = _tallies_below(parameters["names"], by_id=True)
        rows.extend(
            tuple(row) for row in session.connection().execute(statement, {**parameters, "ids": gone})
        )
    cut = []
    for branch_name, name, branch_id, member_id, packed in rows:
        if (then := moved.get(branch_id)) is not None:
            months = sum(1 << day.month for day in then.days)
            packed &= months << LINES | months << PRESENT | months << UNEXCUSED | months << EXCUSED
            if not packed:
                continue
        cut.append((branch_name, name, branch_id, member_id, packed))
    return cut


def _committee_names(
    session: Session, parameters: dict[str, Any], moved: dict[int, orgs_then.BelowThen]
) -> dict[int, str]:
    """The committee above each branch of the report: for a branch that has left, the one it had then."""
    committees = dict(session.connection().execute(_committees(), parameters).all())
    then = {branch_id: b.committee_id for branch_id, b in moved.items() if b.gone and b.committee_id}
    if then:
        names = dict(
            session.execute(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(then.values()))).all()
        )
        committees.update({branch_id: names[committee_id] for branch_id, committee_id in then.items()})
    return committees


# Statements are built once, with parameters: building them anew took a third of the time.


@functools.cache
def _committees() -> Select[int, str]:
    """The name of the committee above each branch below a unit (many villages share a name)."""
    committee = aliased(OrgUnit)
    return (
        select(OrgUnit.id, committee.name)
        .join(committee, committee.id == OrgUnit.parent_id)
        .where(OrgUnit.path.like(bindparam("prefix", type_=String)), OrgUnit.kind == "branch")
    )


def _unit_in_view(session: Session, actor: Actor, org_unit_id: int, year: int) -> OrgUnit:
    """The unit whose members the actor may see, for a sensible year."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    if not 1990 <= year <= 2100:
        raise invalid_field("year", N_("Choose a year from 1990 to 2100, for example 2019."))
    return unit


# A member's year of roll-calls in a branch is kept as one number, ``AttendanceTally.months``,
# made of four sets of months of 13 bits each (month m is bit m of its set, bit 0 unused):
#   LINES: the months with a roll-call line for the member, whatever its status;
#   PRESENT, UNEXCUSED, EXCUSED: the months the member was present, absent without or with reason.
# A branch holds one regular meeting a month (``uq_meeting_one_regular_per_month``) and a
# roll-call has one line per member (``uq_attendance_meeting_id_member_id``), so each line adds a
# distinct set of bits and the database builds the number with one SUM per member and branch
# (the highest bit is 51: it fits a 64-bit integer).
LINES, PRESENT, UNEXCUSED, EXCUSED = 0, 13, 26, 39
MONTHS_MASK = 0b1_1111_1111_1110  # bits 1 to 12
LINE_BITS = {
    "present": 1 | 1 << PRESENT,
    "absent_unexcused": 1 | 1 << UNEXCUSED,
    "absent_excused": 1 | 1 << EXCUSED,
}


def _packed_lines() -> ColumnElement[int]:
    """The sum of a member's roll-call lines in the meetings selected, packed as described above."""
    month = cast(func.substr(Meeting.period, 6, 2), Integer)
    bits = case(
        {status: literal_column(str(value)) for status, value in LINE_BITS.items()},
        value=Attendance.status,
        else_=literal_column("1"),
    )
    return cast(func.sum(cast(bits, BigInteger).op("<<")(month)), BigInteger)


def _tally_lines(*conditions: ColumnElement[bool]) -> Select[int, int, int, int]:
    """Per year, branch and member: the packed roll-calls of the held regular meetings chosen."""
    year = cast(func.substr(Meeting.period, 1, 4), Integer)
    return (
        select(year, Meeting.org_unit_id, Attendance.member_id, _packed_lines())
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(Meeting.kind.in_(REGULAR), Meeting.status == "held", *conditions)
        .group_by(year, Meeting.org_unit_id, Attendance.member_id)
    )


TALLY_COLUMNS = ("year", "org_unit_id", "member_id", "months")


def retally_branch_year(session: Session, *, branch_id: int, period: str) -> None:
    """Count again a branch's roll-calls of the year of a period, after its minutes changed."""
    year = period[:4]
    session.flush()
    # Two saves in one branch at once would each count the year again from what it sees; the
    # second waits here for the first to commit, then counts both (SQLite has one writer anyway).
    # FOR NO KEY UPDATE leaves the rows that refer to the branch free to be written meanwhile.
    session.execute(select(OrgUnit.id).where(OrgUnit.id == branch_id).with_for_update(key_share=True))
    session.execute(
        delete(AttendanceTally).where(
            AttendanceTally.year == int(year), AttendanceTally.org_unit_id == branch_id
        )
    )
    lines = _tally_lines(
        Meeting.org_unit_id == branch_id, Meeting.period >= f"{year}-01", Meeting.period <= f"{year}-12"
    )
    session.execute(insert(AttendanceTally).from_select(TALLY_COLUMNS, lines))


def retally(session: Session) -> int:
    """Rebuild every tally from the roll-calls; return how many members' years were counted."""
    session.execute(delete(AttendanceTally))
    session.execute(insert(AttendanceTally).from_select(TALLY_COLUMNS, _tally_lines()))
    return session.scalar(select(func.count()).select_from(AttendanceTally)) or 0


@functools.cache
def _tallies_below(names: bool, *, by_id: bool) -> Select[str, str | None, int, int, int]:
    """Per branch below the unit (``prefix``), or named (``ids``), and member: names, ids and the
    year's tally; by branch and name if named."""
    where = (
        AttendanceTally.org_unit_id.in_(bindparam("ids", expanding=True))
        if by_id
        else OrgUnit.path.like(bindparam("prefix", type_=String))
    )
    statement = (
        select(
            OrgUnit.name,
            Member.full_name if names else null(),
            AttendanceTally.org_unit_id,
            AttendanceTally.member_id,
            AttendanceTally.months,
        )
        .join(OrgUnit, OrgUnit.id == AttendanceTally.org_unit_id)
        .where(AttendanceTally.year == bindparam("year", type_=Integer), where)
    )
    if not names:
        return statement
    vi = alphabet.COLLATION  # members in Vietnamese order, branch by branch
    in_order = (OrgUnit.name.collate(vi), OrgUnit.id, Member.full_name.collate(vi))
    return statement.join(Member, Member.id == AttendanceTally.member_id).order_by(*in_order)


def _tally(
    rows: Sequence[tuple[str, str | None, int, int, int]], removal_months: int
) -> tuple[list[MemberAttendance], dict[int, list[Any]]]:
    """The members expected at meetings, and each branch's [name, present, expected, unexcused, months held].

    A member's months of absence are counted across all the branches they sat in that year.
    """
    absences: dict[int, int] = {}
    for _, _, _, member_id, packed in rows:
        if packed >> UNEXCUSED:
            absences[member_id] = absences.get(member_id, 0) | packed
    members: list[MemberAttendance] = []
    branches: dict[int, list[Any]] = {}
    for branch_name, name, branch_id, member_id, packed in rows:
        present = (packed >> PRESENT & MONTHS_MASK).bit_count()
        unexcused = (packed >> UNEXCUSED & MONTHS_MASK).bit_count()
        excused = (packed >> EXCUSED & MONTHS_MASK).bit_count()
        if (total := branches.get(branch_id)) is None:
            total = branches[branch_id] = [branch_name, 0, 0, 0, 0]
        total[1] += present
        total[2] += present + excused + unexcused
        total[3] += unexcused
        total[4] |= packed
        if not present + excused + unexcused:
            continue  # exempt, elsewhere or suspended all year: not expected at meetings
        months = absences.get(member_id, 0)
        unexcused_months = months >> UNEXCUSED & MONTHS_MASK
        members.append(
            MemberAttendance(
                member_id,
                name,
                branch_id,
                branch_name,
                present,
                excused,
                unexcused,
                unexcused_months.bit_count(),
                LONGEST_RUN[unexcused_months],
                LONGEST_RUN[months >> EXCUSED & MONTHS_MASK],
                unexcused_months.bit_count() >= removal_months,
            )
        )
    return members, branches


def _branches(
    branches: dict[int, list[Any]], committees: dict[int, str], bar_percent: int, long_excused: set[int]
) -> list[BranchAttendance]:
    """Each branch's year, by committee and name (in Vietnamese order)."""
    result = []
    for branch_id, (name, present, expected, unexcused, held) in branches.items():
        rate = present / expected if expected else None
        meets = (
            rate is not None and rate * 100 > bar_percent and unexcused == 0 and branch_id not in long_excused
        )
        meetings = (held >> LINES & MONTHS_MASK).bit_count()
        committee = committees.get(branch_id, "")
        result.append(
            BranchAttendance(branch_id, name, committee, meetings, present, expected, unexcused, rate, meets)
        )
    return sorted(result, key=lambda b: (*map(alphabet.sort_key, (b.committee, b.name)), b.branch_id))


def longest_bit_run(months: int) -> int:
    """The longest run of consecutive months in a set of months held as bits (bit m for month m)."""
    run = 0
    while months:
        months &= months << 1
        run += 1
    return run


LONGEST_RUN = [longest_bit_run(months) for months in range(MONTHS_MASK + 1)]


def monthly_rates(session: Session, *, actor: Actor, org_unit_id: int, year: int) -> dict[int, float | None]:
    """The attendance rate of all regular meetings below a unit, month by month."""
    unit = _unit_in_view(session, actor, org_unit_id, year)
    if moved := _moved_in_year(session, unit, year):
        parameters = {"year": year, "prefix": f"{unit.path}%"}
        return _rates_of(_year_rows(session, parameters, moved, names=False))

    def lines(kind: int, month: int) -> ColumnElement[int]:
        return func.sum(
            AttendanceTally.months.op(">>")(literal_column(str(kind + month))).op("&")(literal_column("1"))
        )

    row = session.execute(
        select(
            *(lines(PRESENT, month) for month in range(1, 13)),
            *(lines(UNEXCUSED, month) + lines(EXCUSED, month) for month in range(1, 13)),
        )
        .join(OrgUnit, OrgUnit.id == AttendanceTally.org_unit_id)
        .where(AttendanceTally.year == year, access.in_subtree(OrgUnit.path, unit.path))
    ).one()
    return _rates([int(row[m - 1] or 0) for m in range(1, 13)], [int(row[m + 11] or 0) for m in range(1, 13)])


def _rates_of(rows: list[Any]) -> dict[int, float | None]:
    """The monthly rates of some tallies, counted here (when moved branches had their years cut)."""
    present = [sum(packed >> (PRESENT + m) & 1 for *_, packed in rows) for m in range(1, 13)]
    absent = [
        sum((p >> (UNEXCUSED + m) & 1) + (p >> (EXCUSED + m) & 1) for *_, p in rows) for m in range(1, 13)
    ]
    return _rates(present, absent)


def _rates(present: list[int], absent: list[int]) -> dict[int, float | None]:
    """Each month's rate from its present and absent lines (PostgreSQL sums them as numeric)."""
    return {
        m: p / (p + a) if p + a else None for m, (p, a) in enumerate(zip(present, absent, strict=True), 1)
    }


def on_minutes_saved(session: Session, event: MinutesSaved) -> None:
    """Keep the branch's yearly tallies in step with a save of its minutes."""
    retally_branch_year(session, branch_id=event.branch_id, period=event.period)
