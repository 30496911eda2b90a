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
import functools

from sqlalchemy import ScalarSelect, Select, String, bindparam, select, tuple_
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
    earlier = {
        "branch_id": meeting.org_unit_id,
        "meeting_id": meeting.id,
        "at": meeting.scheduled_at,
        "period": meeting.period,
        "since": since,
    }
    decided = session.execute(_tasks_decided(), earlier).all()
    if not decided:
        return []
    latest = dict(session.execute(_verdicts(), earlier).all())  # in order: the last one written wins
    still_open = []
    for task, held_at in decided:
        task.latest_status = latest.get(task.id)
        if (task.latest_status or task.status) not in CLOSED:
            still_open.append((held_at, task))
    return [task for _, task in sorted(still_open, key=lambda p: (p[0], p[1].meeting_id, p[1].position))]


# The statements are built once: every form, review page and save asks for them.
@functools.cache
def _earlier_meetings() -> ScalarSelect[int]:
    """The branch's meetings with minutes held before a meeting and within the carry window."""
    return (
        select(Meeting.id)
        .where(
            Meeting.org_unit_id == bindparam("branch_id"),
            Meeting.id != bindparam("meeting_id"),
            # held before it (two planned for the same hour: by their periods)
            tuple_(Meeting.scheduled_at, Meeting.period)
            < tuple_(bindparam("at", type_=UTCDateTime), bindparam("period", type_=String)),
            Meeting.scheduled_at >= bindparam("since", type_=UTCDateTime),
            Meeting.minutes_version > 0,
            Meeting.status != "cancelled",
        )
        .scalar_subquery()
    )


@functools.cache
def _tasks_decided() -> Select[Task, dt.datetime]:
    """The tasks decided at those meetings, each with when its meeting was held."""
    held_at = select(Task, Meeting.scheduled_at).join(Meeting, Meeting.id == Task.meeting_id)
    return held_at.where(Task.meeting_id.in_(_earlier_meetings()))


@functools.cache
def _verdicts() -> Select[int, str]:
    """The evaluations written at those meetings, in the order they were written."""
    return (
        select(TaskEvaluation.task_id, TaskEvaluation.status)
        .join(Meeting, Meeting.id == TaskEvaluation.meeting_id)
        .where(TaskEvaluation.meeting_id.in_(_earlier_meetings()))
        .order_by(Meeting.scheduled_at, TaskEvaluation.id)
    )
