"""Attendance over a year: each branch's rate against HD 12's bar, each member's absences."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


def _month_number(period: str) -> int:
    year, month = (int(part) for part in period.split("-"))
    return year * 12 + month


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
    in_scope = (
        select(Meeting.id, Meeting.org_unit_id, Meeting.period)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(
            OrgUnit.path.like(f"{unit.path}%"),
            Meeting.kind.in_(REGULAR),
            Meeting.period >= f"{year}-01",
            Meeting.period <= f"{year}-12",
            Meeting.status == "held",
        )
        .subquery()
    )
    members = _members(session, in_scope)
    # HD 12: nobody absent with a reason more than three times in a row in the year.
    long_excused = {m.branch_id for m in members if m.excused_longest_run > 3}
    return AttendanceReport(year, _branches(session, in_scope, bar_percent, long_excused), members)


def _branches(
    session: Session, in_scope: object, bar_percent: int, long_excused: set[int]
) -> list[BranchAttendance]:
    scope = in_scope  # a subquery of the year's meetings
    rows = session.execute(
        select(
            OrgUnit.id,
            OrgUnit.name,
            func.count(func.distinct(scope.c.id)),  # type: ignore[attr-defined]
            func.count().filter(Attendance.status == "present"),
            func.count().filter(Attendance.status.not_in(NOT_EXPECTED)),
            func.count().filter(Attendance.status == "absent_unexcused"),
        )
        .select_from(scope)  # type: ignore[arg-type]
        .join(OrgUnit, OrgUnit.id == scope.c.org_unit_id)  # type: ignore[attr-defined]
        .join(Attendance, Attendance.meeting_id == scope.c.id)  # type: ignore[attr-defined]
        .group_by(OrgUnit.id, OrgUnit.name)
        .order_by(OrgUnit.name)
    ).all()
    result = []
    for branch_id, name, meetings, present, expected, unexcused in rows:
        rate = present / expected if expected else None
        meets = (
            rate is not None and rate * 100 > bar_percent and unexcused == 0 and branch_id not in long_excused
        )
        result.append(BranchAttendance(branch_id, name, meetings, present, expected, unexcused, rate, meets))
    return result


def _members(session: Session, in_scope: object) -> list[MemberAttendance]:
    scope = in_scope
    counts = session.execute(
        select(
            Member.id,
            Member.full_name,
            OrgUnit.id,
            OrgUnit.name,
            func.count().filter(Attendance.status == "present"),
            func.count().filter(Attendance.status == "absent_excused"),
            func.count().filter(Attendance.status == "absent_unexcused"),
            func.count().filter(Attendance.status.not_in(NOT_EXPECTED)),
        )
        .select_from(scope)  # type: ignore[arg-type]
        .join(Attendance, Attendance.meeting_id == scope.c.id)  # type: ignore[attr-defined]
        .join(Member, Member.id == Attendance.member_id)
        .join(OrgUnit, OrgUnit.id == scope.c.org_unit_id)  # type: ignore[attr-defined]
        .group_by(Member.id, Member.full_name, OrgUnit.id, OrgUnit.name)
        .order_by(OrgUnit.name, Member.full_name)
    ).all()
    absences: dict[tuple[int, str], list[int]] = defaultdict(list)
    for member_id, status, period in session.execute(
        select(Attendance.member_id, Attendance.status, scope.c.period)  # type: ignore[attr-defined]
        .join(scope, scope.c.id == Attendance.meeting_id)  # type: ignore[attr-defined]
        .where(Attendance.status.in_(("absent_unexcused", "absent_excused")))
    ):
        absences[(member_id, status)].append(_month_number(period))
    members = []
    for member_id, name, branch_id, branch, present, excused, unexcused, expected in counts:
        if not expected:
            continue  # exempt, elsewhere or suspended all year: not expected at meetings
        unexcused_months = sorted(set(absences.get((member_id, "absent_unexcused"), [])))
        excused_months = sorted(set(absences.get((member_id, "absent_excused"), [])))
        members.append(
            MemberAttendance(
                member_id,
                name,
                branch_id,
                branch,
                present,
                excused,
                unexcused,
                len(unexcused_months),
                longest_run(unexcused_months),
                longest_run(excused_months),
            )
        )
    return members


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
