"""What is due or late for each person: minutes to write or submit, minutes waiting for review."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.config import Settings
from minutes.i18n import N_, period_words, translate
from minutes.meetings.models import Meeting
from minutes.meetings.periods import month_of
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit


@dataclass(frozen=True)
class Reminder:
    """One thing a person should do, with its deadline."""

    message: str
    params: dict[str, object]
    due_on: dt.date
    late: bool
    link: str

    @property
    def text(self) -> str:
        """The reminder in the current language, its period in words ("tháng 12/2026")."""
        params = {
            key: period_words(str(value)) if key == "period" else value for key, value in self.params.items()
        }
        return translate(self.message, **params)


def _paths(actor: Actor, roles: tuple[str, ...]) -> list[str]:
    return [grant.path for grant in actor.grants if grant.role in roles]


def for_branch_officers(
    session: Session, *, actor: Actor, settings: Settings, today: dt.date
) -> list[Reminder]:
    """Minutes not written or not submitted in time, and a month with no regular meeting yet."""
    paths = _paths(actor, ("secretary", "clerk"))
    if not paths:
        return []
    reminders = []
    meetings = session.execute(
        select(Meeting, OrgUnit.name, OrgUnit.path)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(
            access.in_subtrees(OrgUnit.path, paths, strictly=False),
            Meeting.status.in_(("planned", "held")),
            or_(Meeting.minutes_status.is_(None), Meeting.minutes_status.in_(("draft", "returned"))),
        )
        .order_by(Meeting.scheduled_at)
    ).all()
    names = orgs_service.names_that_identify(session, actor, ((m.org_unit_id, n, p) for m, n, p in meetings))
    for meeting, _, _ in meetings:
        branch = names[meeting.org_unit_id]
        held_on = clock.office_date(meeting.scheduled_at)
        if held_on > today:
            continue
        # A returned minutes gets its own time to be corrected, counted from the return.
        start = clock.office_date(meeting.returned_at) if meeting.returned_at else held_on
        due = start + dt.timedelta(days=settings.submit_within_days)
        message = (
            N_("{branch}: write the minutes of the meeting of {period}.")
            if meeting.minutes_status is None
            else N_("{branch}: correct and submit the returned minutes of {period}.")
            if meeting.minutes_status == "returned"
            else N_("{branch}: submit the minutes of {period}.")
        )
        reminders.append(
            Reminder(
                message,
                {"branch": branch, "period": meeting.period},
                due,
                today > due,
                f"/meetings/{meeting.id}",
            )
        )
    reminders += _months_without_meeting(session, actor=actor, paths=paths, settings=settings, today=today)
    return reminders


def _months_without_meeting(
    session: Session, *, actor: Actor, paths: list[str], settings: Settings, today: dt.date
) -> list[Reminder]:
    period = month_of(today)
    branches = session.execute(
        select(OrgUnit.id, OrgUnit.name, OrgUnit.path).where(
            access.in_subtrees(OrgUnit.path, paths, strictly=False),
            OrgUnit.kind == "branch",
            OrgUnit.closed_on.is_(None),
        )
    ).all()
    planned = set(
        session.scalars(
            select(Meeting.org_unit_id).where(
                Meeting.period == period,
                Meeting.kind.in_(("regular", "combined")),
                Meeting.org_unit_id.in_([b for b, _, _ in branches]),
            )
        )
    )
    due = today.replace(day=min(settings.regular_meeting_by_day, 28))
    names = orgs_service.names_that_identify(session, actor, branches)
    return [
        Reminder(
            N_("{branch}: no regular meeting is planned for {period} yet."),
            {"branch": names[branch_id], "period": period},
            due,
            today > due,
            f"/units/{branch_id}/meetings",
        )
        for branch_id, _, _ in branches
        if branch_id not in planned
    ]


def _waiting_for_review(paths: list[str]) -> Select[int, str, dt.datetime | None, int, str, str]:
    """Submitted minutes below the committees, oldest submission first: the review due first."""
    return (
        select(
            Meeting.id,
            Meeting.period,
            Meeting.submitted_at,
            OrgUnit.id.label("unit_id"),
            OrgUnit.name,
            OrgUnit.path,
        )
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(access.in_subtrees(OrgUnit.path, paths, strictly=True), Meeting.minutes_status == "submitted")
        .order_by(Meeting.submitted_at, Meeting.id)
    )  # a resubmission waits from its own submission: the review is due counted from it


def for_reviewers(
    session: Session, *, actor: Actor, settings: Settings, today: dt.date, limit: int | None = None
) -> list[Reminder]:
    """Submitted minutes below the reviewer's committees, with the date a decision is due (the
    first ``limit`` of them, when given)."""
    paths = _paths(actor, ("reviewer",))
    if not paths:
        return []
    rows = session.execute(_waiting_for_review(paths).limit(limit)).all()
    names = orgs_service.names_that_identify(session, actor, ((r.unit_id, r.name, r.path) for r in rows))
    reminders = []
    for meeting in rows:
        branch = names[meeting.unit_id]
        submitted = clock.office_date(meeting.submitted_at or clock.now())
        due = submitted + dt.timedelta(days=settings.review_within_days)
        reminders.append(
            Reminder(
                N_("{branch}: review the minutes of {period}, submitted on {date}."),
                {"branch": branch, "period": meeting.period, "date": submitted.strftime("%d/%m/%Y")},
                due,
                today > due,
                f"/meetings/{meeting.id}/review",
            )
        )
    return reminders


def reminders_for(
    session: Session, *, actor: Actor, settings: Settings, today: dt.date | None = None
) -> list[Reminder]:
    """Everything due or late for a person, late first, then by deadline."""
    today = today or clock.today()
    items = for_branch_officers(session, actor=actor, settings=settings, today=today)
    items += for_reviewers(session, actor=actor, settings=settings, today=today)
    return sorted(items, key=lambda r: (not r.late, r.due_on))


def most_pressing(
    session: Session, *, actor: Actor, settings: Settings, limit: int, today: dt.date | None = None
) -> tuple[list[Reminder], int]:
    """The first reminders of the to-do list, in its order, and how many it holds in all. The
    reviews are read only as far as shown: a district has hundreds waiting, and the one due
    first is the one submitted first."""
    today = today or clock.today()
    own = for_branch_officers(session, actor=actor, settings=settings, today=today)
    paths = _paths(actor, ("reviewer",))
    waiting = (
        session.scalar(select(func.count()).select_from(_waiting_for_review(paths).subquery()))
        if paths
        else 0
    )
    reviews = for_reviewers(session, actor=actor, settings=settings, today=today, limit=limit)
    first = sorted(own + reviews, key=lambda r: (not r.late, r.due_on))[:limit]
    return first, len(own) + (waiting or 0)
