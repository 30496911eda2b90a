"""The reviewer's queue: the minutes waiting for a decision below her committees, filtered and
sorted as she asks, a page at a time; and the next one after a decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.alphabet import COLLATION
from minutes.errors import Invalid, invalid_field
from minutes.i18n import N_
from minutes.meetings import periods
from minutes.meetings.models import Meeting, MinutesRevision
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit


@dataclass(frozen=True)
class QueueItem:
    """A submitted minutes waiting for a decision (plain values: a queue page shows a hundred)."""

    meeting_id: int
    org_unit_id: int
    kind: str
    period: str
    version: int
    branch_name: str
    submitted_at: dt.datetime | None
    first_submitted_at: dt.datetime | None
    path: list[str]  # the names of the branch's ancestors, root first
    warnings: int | None = None  # what the checks left to look at when submitted (None: not recorded)
    self_score: int | None = None  # the branch's own score of its meeting

    @property
    def resubmitted(self) -> bool:
        """Whether these minutes come back after a return."""
        return bool(
            self.first_submitted_at and self.submitted_at and self.submitted_at != self.first_submitted_at
        )

    def days_waiting(self, today: dt.date) -> int | None:
        """Days since the first submission, by the office's calendar (a resubmission keeps its place)."""
        return (today - clock.office_date(self.first_submitted_at)).days if self.first_submitted_at else None


@dataclass(frozen=True)
class Queue:
    """One page of a reviewer's queue, with how many wait in all and of each kind."""

    items: list[QueueItem]
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        """How many minutes wait in all (on every page)."""
        return sum(self.by_kind.values())


def _reviewed_paths(actor: Actor) -> list[str]:
    return [grant.path for grant in actor.grants if grant.role == "reviewer"]


QUEUE_SORTS = ("oldest", "branch", "period", "warnings", "score")


def _queue_order(sort: str, self_score: Any) -> list[Any]:
    """The order of a queue: waiting longest first unless asked otherwise, then the oldest."""
    waiting_since = func.coalesce(Meeting.first_submitted_at, Meeting.submitted_at)
    orders: dict[str, list[Any]] = {
        "branch": [OrgUnit.name.collate(COLLATION)],
        "period": [Meeting.scheduled_at.desc()],
        "warnings": [Meeting.submitted_warnings.desc().nulls_last()],
        "score": [self_score.asc().nulls_last()],
    }
    return [*orders.get(sort, []), waiting_since, Meeting.id]


def review_queue(
    session: Session,
    *,
    actor: Actor,
    org_unit_id: int | None = None,
    period: str | None = None,
    kind: str | None = None,
    resubmitted: bool = False,
    sort: str = "oldest",
    limit: int | None = None,
    offset: int = 0,
) -> Queue:
    """Submitted minutes of the branches below the actor's committees, longest waiting first (or
    by branch, period, warnings, or the branch's own score): the page asked for (all of them
    without a limit), and the counts of the whole queue."""
    paths = _reviewed_paths(actor)
    if not paths:
        return Queue(items=[], by_kind={})
    waiting = [Meeting.minutes_status == "submitted", access.in_subtrees(OrgUnit.path, paths, strictly=True)]
    if org_unit_id is not None:
        unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id)
        waiting.append(access.in_subtree(OrgUnit.path, unit.path))
    if period:
        if (written := periods.parse_period(period)) is None:
            raise invalid_field(
                "period", N_("Write the period as 2019-11 or 11/2019 (a quarter as 2019-Q4).")
            )
        waiting.append(Meeting.period == written)
    if kind:
        waiting.append(Meeting.kind == kind)
    if resubmitted:
        waiting.append(Meeting.first_submitted_at.is_not(None))
        waiting.append(Meeting.submitted_at != Meeting.first_submitted_at)
    counts = session.execute(
        select(Meeting.kind, func.count())
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(*waiting)
        .group_by(Meeting.kind)
        .order_by(Meeting.kind)
    ).all()
    by_kind = {row_kind: count for row_kind, count in counts}
    if not by_kind:
        return Queue(items=[], by_kind={})
    self_score = MinutesRevision.content["self_score"].as_integer()
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.org_unit_id,
            Meeting.kind,
            Meeting.period,
            Meeting.minutes_version,
            Meeting.submitted_at,
            Meeting.first_submitted_at,
            Meeting.submitted_warnings,
            self_score.label("self_score"),
            OrgUnit.name,
            OrgUnit.path,
        )
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .outerjoin(
            MinutesRevision,
            and_(
                MinutesRevision.meeting_id == Meeting.id, MinutesRevision.version == Meeting.minutes_version
            ),
        )
        .where(*waiting)
        .order_by(*_queue_order(sort, self_score))
        .limit(limit)
        .offset(offset)
    ).all()
    names = orgs_service.names_along(session, {row.org_unit_id: row.path for row in rows})
    items = [
        QueueItem(
            meeting_id=row.id,
            org_unit_id=row.org_unit_id,
            kind=row.kind,
            period=row.period,
            version=row.minutes_version,
            branch_name=row.name,
            submitted_at=row.submitted_at,
            first_submitted_at=row.first_submitted_at or row.submitted_at,
            path=names[row.org_unit_id][:-1],
            warnings=row.submitted_warnings,
            self_score=row.self_score,
        )
        for row in rows
    ]
    return Queue(items=items, by_kind=by_kind)


def next_waiting(session: Session, *, actor: Actor, after: int, **filters: Any) -> int | None:
    """The first minutes waiting in the reviewer's queue, as she filtered and sorted it, other than
    the one just decided (the whole queue when her filters leave nothing)."""
    try:
        first_two = review_queue(session, actor=actor, limit=2, **filters).items
    except Invalid:
        first_two = []
    following = next((item.meeting_id for item in first_two if item.meeting_id != after), None)
    if following is None and filters:
        return next_waiting(session, actor=actor, after=after)
    return following
