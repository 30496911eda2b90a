"""Attendance over a year: each branch's rate against HD 12's bar, each member's absences."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Row, Select, case, cast, exists, func, literal_column, select
from sqlalchemy.orm import Session, aliased

from minutes.auth import policy
from minutes.auth.policy import Actor
from minutes.errors import NotFound, invalid_field
from minutes.i18n import N_
from minutes.meetings.models import Attendance, Meeting
from minutes.orgs.models import Member, OrgUnit

REGULAR = ("regular", "combined")
NOT_EXPECTED = ("exempt", "elsewhere", "suspended")
REMOVAL_MONTHS = 3


@dataclass(frozen=True)
class BranchAttendance:
    """A branch's year: meetings, rate by DOMAIN's formula, and HD 12's bar."""

    branch_id: int
    name: str
    meetings: int
    present: int
    expected: int
    unexcused: int
    rate: float | None
    meets_bar: bool


@dataclass(frozen=True)
class MemberAttendance:
    """A member's year: how often present, excused, unexcused, and the longest unexcused run."""

    member_id: int
    full_name: str
    branch_id: int
    branch_name: str
    present: int
    absent_excused: int
    absent_unexcused: int
    unexcused_months: int
    unexcused_longest_run: int
    excused_longest_run: int

    @property
    def removal_review(self) -> bool:
        """Absent without reason in three months of the year: the branch must consider removal."""
        return self.unexcused_months >= REMOVAL_MONTHS


@dataclass(frozen=True)
class AttendanceReport:
    """The year's attendance below a unit."""

    year: int
    branches: list[BranchAttendance]
    members: list[MemberAttendance]


def longest_run(months: list[int]) -> int:
    """The longest run of consecutive month numbers (year * 12 + month) in a sorted list."""
    best = run = 0
    previous = None
    for month in months:
        run = run + 1 if previous is not None and month == previous + 1 else 1
        best, previous = max(best, run), month
    return best


def report(
    session: Session, *, actor: Actor, org_unit_id: int, year: int, bar_percent: int = 85
) -> AttendanceReport:
    """Attendance at the regular meetings of a year, for the branches and members below a unit."""
    unit = session.get(OrgUnit, org_unit_id)
    if unit is None:
        raise NotFound()
    policy.require(actor, "member.view", unit.path)
    if not 1990 <= year <= 2100:
        raise invalid_field("year", N_("Choose a year."))
    scope = _in_scope(unit.path, year)
    # Plain rows through the connection: the ORM's result handling would double the cost of the
    # tens of thousands of lines at province scale.
    connection = session.connection()
    members, branches = _tally(connection.execute(_tallies(scope)).all())
    meetings = {branch_id: count for branch_id, count in connection.execute(_meetings_with_roll_call(scope))}
    # HD 12: nobody absent with a reason more than three times in a row in the year.
    long_excused = {m.branch_id for m in members if m.excused_longest_run > 3}
    return AttendanceReport(year, _branches(branches, meetings, bar_percent, long_excused), members)


# The year's counting is done by the database in one grouped pass over the roll-calls with a
# single SUM per member and branch (at province scale, several hundred thousand lines, each
# aggregate costs about as much as reading the lines). A member has at most one line a month in
# a branch (one regular meeting a month: ``uq_meeting_one_regular_per_month``), so the sum of
#   1 for a line "present",
#   1 << (UNEXCUSED_SHIFT + m) for an unexcused absence in month m (1 to 12),
#   1 << (EXCUSED_SHIFT + m) for an excused one,
# keeps apart the count of lines present (at most 12, below bit UNEXCUSED_SHIFT) and the sets of
# months of each kind of absence (bits that never carry); the counts of absences are the sizes of
# those sets. The highest bit is 30: the sum fits the databases' plain integers.
UNEXCUSED_SHIFT = 5
EXCUSED_SHIFT = 18
PRESENT_MASK = (1 << UNEXCUSED_SHIFT) - 1
MONTHS_MASK = 0b1_1111_1111_1110  # bits 1 to 12


def _in_scope(unit_path: str, year: int) -> list[ColumnElement[bool]]:
    """The conditions of the held regular meetings of the year below a unit."""
    return [
        OrgUnit.path.like(f"{unit_path}%"),
        Meeting.kind.in_(REGULAR),
        Meeting.period >= f"{year}-01",
        Meeting.period <= f"{year}-12",
        Meeting.status == "held",
    ]


def _tallies(scope: list[ColumnElement[bool]]) -> Select[str, str, int, int, int]:
    """Per branch and member: branch name, member name, ids and the packed sum; by branch, then name."""
    month = cast(func.substr(Meeting.period, 6, 2), Integer)
    packed = case(  # a simple CASE, "present" first: most lines stop at the first comparison
        {
            "present": literal_column("1"),
            "absent_unexcused": literal_column(str(1 << UNEXCUSED_SHIFT)).op("<<")(month),
            "absent_excused": literal_column(str(1 << EXCUSED_SHIFT)).op("<<")(month),
        },
        value=Attendance.status,
        else_=literal_column("0"),
    )
    grouped = (
        select(
            Meeting.org_unit_id.label("branch_id"),
            Attendance.member_id.label("member_id"),
            func.sum(packed).label("packed"),
        )
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(*scope)
        .group_by(Meeting.org_unit_id, Attendance.member_id)
        .subquery()
    )
    branch = aliased(OrgUnit)
    return (
        select(branch.name, Member.full_name, grouped.c.branch_id, grouped.c.member_id, grouped.c.packed)
        .join(branch, branch.id == grouped.c.branch_id)
        .join(Member, Member.id == grouped.c.member_id)
        .order_by(branch.name, branch.id, Member.full_name)
    )


def _meetings_with_roll_call(scope: list[ColumnElement[bool]]) -> Select[int, int]:
    """Per branch, how many of the year's meetings have a roll-call."""
    return (
        select(Meeting.org_unit_id, func.count())
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(*scope, exists().where(Attendance.meeting_id == Meeting.id))
        .group_by(Meeting.org_unit_id)
    )


def _tally(
    rows: Sequence[Row[str, str, int, int, int]],
) -> tuple[list[MemberAttendance], dict[int, list[Any]]]:
    """The members expected at meetings, and each branch's [name, present, expected, unexcused].

    A member's months of absence are counted across all the branches they sat in that year.
    """
    absences: dict[int, int] = {}
    for _, _, _, member_id, packed in rows:
        if packed > PRESENT_MASK:
            absences[member_id] = absences.get(member_id, 0) | packed
    members: list[MemberAttendance] = []
    branches: dict[int, list[Any]] = {}
    for branch_name, name, branch_id, member_id, packed in rows:
        present = packed & PRESENT_MASK
        unexcused = (packed >> UNEXCUSED_SHIFT & MONTHS_MASK).bit_count()
        excused = (packed >> EXCUSED_SHIFT & MONTHS_MASK).bit_count()
        expected = present + excused + unexcused
        if (total := branches.get(branch_id)) is None:
            total = branches[branch_id] = [branch_name, 0, 0, 0]
        total[1] += present
        total[2] += expected
        total[3] += unexcused
        if not expected:
            continue  # exempt, elsewhere or suspended all year: not expected at meetings
        months = absences.get(member_id, 0)
        unexcused_months = months >> UNEXCUSED_SHIFT & MONTHS_MASK
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
                longest_bit_run(unexcused_months),
                longest_bit_run(months >> EXCUSED_SHIFT & MONTHS_MASK),
            )
        )
    return members, branches


def _branches(
    branches: dict[int, list[Any]], meetings: dict[int, int], bar_percent: int, long_excused: set[int]
) -> list[BranchAttendance]:
    """Each branch's year, in the tallies' order (by branch name)."""
    result = []
    for branch_id, (name, present, expected, unexcused) in branches.items():
        rate = present / expected if expected else None
        meets = (
            rate is not None and rate * 100 > bar_percent and unexcused == 0 and branch_id not in long_excused
        )
        result.append(
            BranchAttendance(branch_id, name, meetings[branch_id], present, expected, unexcused, rate, meets)
        )
    return result


def longest_bit_run(months: int) -> int:
    """The longest run of consecutive months in a set of months held as bits (bit m for month m)."""
    run = 0
    while months:
        months &= months << 1
        run += 1
    return run


def monthly_rates(session: Session, *, actor: Actor, org_unit_id: int, year: int) -> dict[int, float | None]:
    """The attendance rate of all regular meetings below a unit, month by month."""
    unit = session.get(OrgUnit, org_unit_id)
    if unit is None:
        raise NotFound()
    policy.require(actor, "member.view", unit.path)
    rows = session.execute(
        select(
            Meeting.period,
            func.count().filter(Attendance.status == "present"),
            func.count().filter(Attendance.status.not_in(NOT_EXPECTED)),
        )
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            OrgUnit.path.like(f"{unit.path}%"),
            Meeting.kind.in_(REGULAR),
            Meeting.status == "held",
            Meeting.period >= f"{year}-01",
            Meeting.period <= f"{year}-12",
        )
        .group_by(Meeting.period)
    ).all()
    return {
        int(period[5:7]): (present / expected if expected else None) for period, present, expected in rows
    }
