"""Resolution tasks past their deadline and not done, across branches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session, aliased

from minutes import access
from minutes.access import Actor
from minutes.meetings.models import Meeting, Task, TaskEvaluation
from minutes.orgs import service as orgs_service
from minutes.orgs.models import Member, OrgUnit


@dataclass(frozen=True)
class OverdueTask:
    """A task past its deadline, with its owner, age and how often it was carried forward."""

    task_id: int
    meeting_id: int
    org_unit_id: int
    branch_name: str
    committee_name: str  # many villages share a name: the committee tells them apart
    period: str
    title: str
    assignee_member_id: int | None
    assignee_name: str | None
    due_on: dt.date | None
    status: str
    age_days: int  # days past the deadline (0 when not yet due or without one)
    carried: int


def _latest_verdicts() -> Any:
    """Each task's latest verdict and how many times it was carried forward not done: by the day
    of the meeting that gave it (a meeting's verdicts are written again on each save, so their
    row ids say nothing of their order)."""
    ranked = (
        select(
            TaskEvaluation.task_id,
            TaskEvaluation.status,
            func.row_number()
            .over(
                partition_by=TaskEvaluation.task_id, order_by=(Meeting.scheduled_at.desc(), Meeting.id.desc())
            )
            .label("rank"),
            func.count()
            .filter(TaskEvaluation.status.not_in(("done", "dropped")))
            .over(partition_by=TaskEvaluation.task_id)
            .label("carried"),
        )
        .join(Meeting, Meeting.id == TaskEvaluation.meeting_id)
        .subquery()
    )
    return select(ranked.c.task_id, ranked.c.status, ranked.c.carried).where(ranked.c.rank == 1).subquery()


def overdue_by_branch(session: Session, *, actor: Actor, org_unit_id: int, today: dt.date) -> dict[int, int]:
    """How many tasks are overdue in each branch below a unit (counted by the database: a province
    has tens of thousands)."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    latest = _latest_verdicts()
    current = func.coalesce(latest.c.status, Task.status)
    rows = session.execute(
        select(Meeting.org_unit_id, func.count())
        .select_from(Task)
        .join(Meeting, Meeting.id == Task.meeting_id)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .outerjoin(latest, latest.c.task_id == Task.id)
        .where(
            access.in_subtree(OrgUnit.path, unit.path),
            Task.due_on < today,
            current.not_in(("done", "dropped")),
        )
        .group_by(Meeting.org_unit_id)
    )
    return {branch_id: int(count) for branch_id, count in rows}


def overdue(
    session: Session,
    *,
    actor: Actor,
    org_unit_id: int,
    today: dt.date,
    only_overdue: bool = True,
    limit: int | None = None,
    offset: int = 0,
) -> list[OverdueTask]:
    """Tasks below a unit whose latest evaluation (or own status) is neither done nor dropped:
    those due before today, or (``only_overdue=False``) every open one; ``limit`` of them from
    ``offset`` when asked (read by the database, not cut from the whole list)."""
    unit = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id, action="report.view")
    latest = _latest_verdicts()
    current = func.coalesce(latest.c.status, Task.status)
    committee = aliased(OrgUnit)
    rows = session.execute(
        select(
            Task,
            Meeting.period,
            Meeting.org_unit_id,
            OrgUnit.name,
            committee.name,
            Member.full_name,
            current,
            func.coalesce(latest.c.carried, 0),
        )
        .join(Meeting, Meeting.id == Task.meeting_id)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .outerjoin(committee, committee.id == OrgUnit.parent_id)
        .outerjoin(Member, Member.id == Task.assignee_member_id)
        .outerjoin(latest, latest.c.task_id == Task.id)
        .where(
            access.in_subtree(OrgUnit.path, unit.path),
            Task.due_on < today if only_overdue else true(),
            current.not_in(("done", "dropped")),
        )
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [
        OverdueTask(
            task.id,
            task.meeting_id,
            unit_id,
            branch,
            committee_name or "",
            period,
            task.title,
            task.assignee_member_id,
            assignee,
            task.due_on,
            status,
            max(0, (today - task.due_on).days) if task.due_on else 0,
            int(carried),
        )
        for task, period, unit_id, branch, committee_name, assignee, status, carried in rows
    ]
