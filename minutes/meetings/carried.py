"""The tasks a meeting must evaluate first: every task its branch decided before it and has not
yet closed (DOMAIN A.9).

A task stays open from the meeting that decided it (of any kind: a thematic meeting's tasks too)
until a later meeting evaluates it "done", or drops it with a reason; a month whose minutes left
it unevaluated does not close it. Each task comes with its latest evaluation, if any. Tasks
decided more than MINUTES_TASK_CARRY_MONTHS ago (12) are left to the branch's records: without
that bound, years of tasks never evaluated before this rule would flood every meeting.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import literal, select, tuple_
from sqlalchemy.orm import Session

from minutes.config import get_settings
from minutes.db import UTCDateTime
from minutes.meetings.models import REGULAR_KINDS, Meeting, Task, TaskEvaluation

CLOSED = ("done", "dropped")


def open_tasks_before(session: Session, meeting: Meeting) -> list[Task]:
    """What this regular meeting must evaluate first: the branch's tasks decided at meetings held
    before it and not closed there since, oldest first, each with ``latest_status`` set."""
    if meeting.kind not in REGULAR_KINDS:
        return []  # a thematic or extraordinary meeting does not evaluate earlier tasks
    since = meeting.scheduled_at - dt.timedelta(days=round(30.44 * get_settings().task_carry_months))
    earlier = (
        select(Meeting.id)
        .where(
            Meeting.org_unit_id == meeting.org_unit_id,
            Meeting.id != meeting.id,
            # held before it (two planned for the same hour: by their periods)
            tuple_(Meeting.scheduled_at, Meeting.period)
            < tuple_(literal(meeting.scheduled_at, UTCDateTime), literal(meeting.period)),
            Meeting.scheduled_at >= literal(since, UTCDateTime),
            Meeting.minutes_version > 0,
            Meeting.status != "cancelled",
        )
        .scalar_subquery()
    )
    tasks = list(session.scalars(select(Task).join(Meeting).where(Task.meeting_id.in_(earlier))))
    if not tasks:
        return []
    verdicts = session.execute(
        select(TaskEvaluation.task_id, TaskEvaluation.status)
        .join(Meeting, Meeting.id == TaskEvaluation.meeting_id)
        .where(TaskEvaluation.meeting_id.in_(earlier))
        .order_by(Meeting.scheduled_at, TaskEvaluation.id)
    ).all()
    latest = {task_id: status for task_id, status in verdicts}  # the last one written wins
    still_open = []
    for task in tasks:
        task.latest_status = latest.get(task.id)
        if (task.latest_status or task.status) not in CLOSED:
            still_open.append(task)
    meetings = dict(
        session.execute(select(Meeting.id, Meeting.scheduled_at).where(Meeting.id.in_(earlier))).all()
    )
    return sorted(still_open, key=lambda task: (meetings[task.meeting_id], task.meeting_id, task.position))
