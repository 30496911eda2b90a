"""Meeting quality: the distribution of review ratings by committee and month."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from minutes import access, alphabet
from minutes.access import Actor
from minutes.meetings.models import Meeting
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit
from minutes.review.models import RATINGS, Review


@dataclass(frozen=True)
class RatingRow:
    """One committee's ratings in one month."""

    committee: str
    month: str
    counts: Counter[str]

    @property
    def total(self) -> int:
        """How many meetings were rated."""
        return sum(self.counts.values())


def ratings(session: Session, *, actor: Actor, org_unit_id: int, year: int) -> list[RatingRow]:
    """Accepted minutes' ratings below a unit in a year, by the branch's committee and month."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    committee = aliased(OrgUnit)
    rows = session.execute(
        select(committee.name, Meeting.period, Review.rating, func.count())
        .join(Meeting, Meeting.id == Review.meeting_id)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .join(committee, committee.id == OrgUnit.parent_id)
        .where(
            access.in_subtree(OrgUnit.path, unit.path),
            Review.decision == "accept",
            Review.withdrawn_at.is_(None),  # a decision taken back rates nothing
            Review.rating.is_not(None),
            Meeting.period >= f"{year}-01",
            Meeting.period <= f"{year}-12",
        )
        .group_by(committee.name, Meeting.period, Review.rating)
    ).all()
    grouped: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for name, period, rating, count in rows:
        grouped[(name, period)][rating or ""] += count
    in_order = sorted(grouped.items(), key=lambda item: (alphabet.sort_key(item[0][0]), item[0][1]))
    return [RatingRow(name, month, counts) for (name, month), counts in in_order]


def totals(rows: list[RatingRow]) -> Counter[str]:
    """The ratings of all rows together, in the order of the levels."""
    total: Counter[str] = Counter({rating: 0 for rating in RATINGS})
    for row in rows:
        total.update(row.counts)
    return total
