"""The tasks a meeting must evaluate first: those its branch's previous regular meeting left open."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.meetings.models import REGULAR_KINDS, Meeting, Task, TaskEvaluation


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    """The branch's last regular meeting before this one that has minutes."""
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.org_unit_id == meeting.org_unit_id,
            Meeting.kind.in_(REGULAR_KINDS),
            Meeting.period < meeting.period,
            Meeting.minutes_version > 0,
        )
        .order_by(Meeting.period.desc())
        .limit(1)
    )


def open_tasks_before(session: Session, meeting: Meeting) -> list[Task]:
    """What this meeting must evaluate first: the previous regular meeting's tasks not done.

    Those are the tasks it assigned that are not marked done, and the tasks it carried over
    (evaluated there as partly done or not done).
    """
    if meeting.kind not in REGULAR_KINDS:
        return []  # a thematic or extraordinary meeting does not evaluate last month's tasks
    previous = previous_meeting(session, meeting)
    if previous is None:
        return []
    assigned = select(Task).where(Task.meeting_id == previous.id, Task.status != "done")
    carried = (
        select(Task)
        .join(TaskEvaluation, TaskEvaluation.task_id == Task.id)
        .where(TaskEvaluation.meeting_id == previous.id, TaskEvaluation.status != "done")
    )
    tasks = {task.id: task for task in session.scalars(assigned)}
    tasks.update({task.id: task for task in session.scalars(carried)})
    return sorted(tasks.values(), key=lambda task: (task.meeting_id, task.position))
