"""Which of my units is behind, and on what: one line per unit directly below, worst first (#11).

For a district the lines are its communes (and the grassroots organisations directly below it);
for a commune, its branches. Each line counts the month's regular meetings by state, the
overdue tasks, the members flagged for removal review in the year, whether every supervisor
following a unit there met their quota, and the last rating given to one of its minutes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import access
from minutes.access import Actor
from minutes.alphabet import sort_key
from minutes.config import Settings
from minutes.errors import invalid_field
from minutes.i18n import N_
from minutes.meetings.models import REGULAR_KINDS, Meeting
from minutes.meetings.periods import MONTH, month_of
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit
from minutes.reports import attendance, compliance, tasks
from minutes.review import supervision
from minutes.review.models import Review


@dataclass
class UnitLine:
    """One unit directly below: what stands behind in the month, and its last rating."""

    org_unit_id: int
    name: str
    states: Counter[str] = field(default_factory=Counter)
    late: int = 0
    overdue_tasks: int = 0
    removal_review: int = 0
    supervision_met: bool | None = None  # None: nobody follows a unit there
    last_rating: str | None = None

    @property
    def behind(self) -> tuple[int, ...]:
        """How far behind, most urgent first: the order of the overview."""
        return (
            self.states["missing"],
            self.late,
            self.states["returned"],
            self.states["submitted"],
            self.overdue_tasks,
            self.removal_review,
            int(self.supervision_met is False),
        )


@dataclass(frozen=True)
class Bars:
    """The settings the overview counts against."""

    grace_days: int
    submit_days: int
    removal_months: int
    quota: int
    quotas: Sequence[int] = ()


def bars_from(settings: Settings) -> Bars:
    """The bars the settings give."""
    return Bars(
        grace_days=settings.compliance_grace_days,
        submit_days=settings.submit_within_days,
        removal_months=settings.removal_review_months,
        quota=settings.supervision_quota,
        quotas=settings.supervision_quotas_by_level(),
    )


def last_month(today: dt.date) -> str:
    """The month a review of the month just ended looks at: the one before today's."""
    return month_of(today.replace(day=1) - dt.timedelta(days=1))


def overview(
    session: Session, *, actor: Actor, org_unit_id: int, month: str, today: dt.date, bars: Bars
) -> list[UnitLine]:
    """The units directly below a unit for a month, worst first."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    if not MONTH.match(month):
        raise invalid_field("month", N_("Choose a month, for example 2019-11."))
    lines = _Lines(session, unit)
    board = compliance.board(
        session, actor=actor, org_unit_id=unit.id, first=month, last=month, today=today,
        grace_days=bars.grace_days, submit_days=bars.submit_days,
    )  # fmt: skip
    for row in board.rows:
        if (line := lines.of(row.branch_id)) is not None:
            for cell in row.cells:
                line.states.update([cell.state] if cell.state else [])
                line.late += cell.late
    for branch_id, count in tasks.overdue_by_branch(
        session, actor=actor, org_unit_id=unit.id, today=today
    ).items():
        if (line := lines.of(branch_id)) is not None:
            line.overdue_tasks += count
    year = int(month[:4])
    report = attendance.report(
        session, actor=actor, org_unit_id=unit.id, year=year, removal_months=bars.removal_months, names=False
    )
    for member in report.members:
        if member.removal_review and (line := lines.of(member.branch_id)) is not None:
            line.removal_review += 1
    for line in lines.by_id.values():
        followed = supervision.year_report(
            session, actor=actor, unit_id=line.org_unit_id, year=year, quota=bars.quota, quotas=bars.quotas
        )
        line.supervision_met = all(row.met for row in followed) if followed else None
    for branch_id, rating in _ratings(session, unit, month):  # the last one given wins
        if (line := lines.of(branch_id)) is not None:
            line.last_rating = rating
    return sorted(
        lines.by_id.values(), key=lambda line: (tuple(-n for n in line.behind), sort_key(line.name))
    )


class _Lines:
    """The open units directly below, and which of them each unit further down counts in."""

    def __init__(self, session: Session, unit: OrgUnit) -> None:
        below = [child for child in orgs_service.children(session, unit=unit) if not child.closed_on]
        self.by_id = {child.id: UnitLine(child.id, child.name) for child in below}
        self.depth = unit.path.count("/") - 1
        self.paths: dict[int, str] = {
            unit_id: path
            for unit_id, path in session.execute(
                select(OrgUnit.id, OrgUnit.path).where(access.in_subtree(OrgUnit.path, unit.path))
            )
        }

    def of(self, unit_id: int) -> UnitLine | None:
        """The line of the unit directly below on this unit's path (None: not below it now)."""
        ids = self.paths.get(unit_id, "").strip("/").split("/")
        return self.by_id.get(int(ids[self.depth])) if len(ids) > self.depth else None


def _ratings(session: Session, unit: OrgUnit, month: str) -> list[tuple[int, str]]:
    """The ratings given to regular minutes below a unit up to a month, oldest first."""
    return [
        (branch_id, rating)
        for branch_id, rating in session.execute(
            select(Meeting.org_unit_id, Review.rating)
            .join(Meeting, Meeting.id == Review.meeting_id)
            .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
            .where(
                access.in_subtree(OrgUnit.path, unit.path),
                Review.rating.is_not(None),
                Review.withdrawn_at.is_(None),  # a decision taken back rates nothing
                Meeting.kind.in_(REGULAR_KINDS),
                Meeting.period <= month,
            )
            .order_by(Meeting.period, Review.decided_at)
        )
        if rating is not None
    ]
