"""Model meetings (sinh hoạt chi bộ điểm, DOMAIN A.11) below a unit in a year: where they were
held, who observed them and what was learned."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import access, clock
from minutes.access import Actor
from minutes.meetings.models import Meeting
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit


@dataclass(frozen=True)
class ModelMeeting:
    """One model meeting: its branch (named so that it can be told apart), day, observers, lessons."""

    meeting_id: int
    org_unit_id: int
    branch_name: str
    kind: str
    period: str
    held_on: dt.date
    observers: str
    lessons: str
    minutes_status: str | None


def model_meetings(session: Session, *, actor: Actor, org_unit_id: int, year: int) -> list[ModelMeeting]:
    """The model meetings held below a unit in a year, in the order they were held."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    start = clock.office_moment(dt.date(year, 1, 1), dt.time())
    end = clock.office_moment(dt.date(year + 1, 1, 1), dt.time())
    rows = session.execute(
        select(
            Meeting.id,
            Meeting.org_unit_id,
            OrgUnit.name,
            OrgUnit.path,
            Meeting.kind,
            Meeting.period,
            Meeting.scheduled_at,
            Meeting.model_observers,
            Meeting.model_lessons,
            Meeting.minutes_status,
        )
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(
            access.in_subtree(OrgUnit.path, unit.path),
            Meeting.is_model.is_(True),
            Meeting.scheduled_at >= start,
            Meeting.scheduled_at < end,
        )
        .order_by(Meeting.scheduled_at, Meeting.id)
    ).all()
    names = orgs_service.names_that_identify(session, actor, ((r.org_unit_id, r.name, r.path) for r in rows))
    return [
        ModelMeeting(
            meeting_id=row.id,
            org_unit_id=row.org_unit_id,
            branch_name=names[row.org_unit_id],
            kind=row.kind,
            period=row.period,
            held_on=clock.office_date(row.scheduled_at),
            observers=row.model_observers or "",
            lessons=row.model_lessons or "",
            minutes_status=row.minutes_status,
        )
        for row in rows
    ]
