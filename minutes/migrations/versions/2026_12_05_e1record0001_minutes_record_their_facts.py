"""minutes record their own facts; the first submission and the last return are kept

Revision ID: e1record0001
Revises: d1tally00001
Create Date: 2026-12-05

From now on each save writes into the revision the names, statuses and units of the moment
(``minutes/meetings/recorded.py``). Revisions saved before get theirs here, from the
records as they stand, once: the branch's current members and anyone else its roll-calls
name, the unit's and its committee's names, the place of the date line, the tasks the
meeting had to evaluate, and each vote's denominator and outcome. The meeting keeps its
first submission (lateness is judged on it) and the time of its last return.
"""

from collections import defaultdict
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from alembic import op

import minutes.db

revision: str = "e1record0001"
down_revision: str | None = "d1tally00001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The recording of this revision, frozen here: a migration imports no application code.
RECORDED_KEYS = ("org_unit_name", "committee_name", "place_name", "roll", "names", "open_tasks")
PLACE_PREFIXES = ("Đảng bộ thị trấn ", "Đảng bộ phường ", "Đảng bộ xã ", "Đảng ủy xã ", "Đảng bộ ")
REGULAR_KINDS = ("regular", "combined")

meeting = sa.table(
    "meeting",
    sa.column("id", sa.Integer),
    sa.column("org_unit_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("period", sa.String),
    sa.column("minutes_version", sa.Integer),
    sa.column("minutes_status", sa.String),
    sa.column("submitted_at", minutes.db.UTCDateTime()),
    sa.column("first_submitted_at", minutes.db.UTCDateTime()),
    sa.column("returned_at", minutes.db.UTCDateTime()),
)
revision_table = sa.table(
    "minutes_revision",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("content", sa.JSON),
)
unit = sa.table(
    "org_unit", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("parent_id", sa.Integer)
)
member = sa.table(
    "member",
    sa.column("id", sa.Integer),
    sa.column("full_name", sa.String),
    sa.column("status", sa.String),
    sa.column("exempt", sa.Boolean),
    sa.column("org_unit_id", sa.Integer),
)
task = sa.table(
    "task",
    sa.column("id", sa.Integer),
    sa.column("meeting_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("title", sa.Text),
    sa.column("assignee_member_id", sa.Integer),
    sa.column("status", sa.String),
)
evaluation = sa.table(
    "task_evaluation",
    sa.column("meeting_id", sa.Integer),
    sa.column("task_id", sa.Integer),
    sa.column("status", sa.String),
)
submission = sa.table(
    "submission", sa.column("meeting_id", sa.Integer), sa.column("submitted_at", minutes.db.UTCDateTime())
)
review = sa.table(
    "review",
    sa.column("meeting_id", sa.Integer),
    sa.column("decision", sa.String),
    sa.column("decided_at", minutes.db.UTCDateTime()),
)


def upgrade() -> None:
    """Add the submission columns, fill them, and record the facts of every revision."""
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_submitted_at", minutes.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("returned_at", minutes.db.UTCDateTime(), nullable=True))
    bind = op.get_bind()
    first = sa.select(sa.func.min(submission.c.submitted_at)).where(submission.c.meeting_id == meeting.c.id)
    bind.execute(
        sa.update(meeting).values(
            first_submitted_at=sa.func.coalesce(first.scalar_subquery(), meeting.c.submitted_at)
        )
    )
    last_return = sa.select(sa.func.max(review.c.decided_at)).where(
        review.c.meeting_id == meeting.c.id, review.c.decision == "return"
    )
    bind.execute(
        sa.update(meeting)
        .where(meeting.c.minutes_status == "returned")
        .values(returned_at=last_return.scalar_subquery())
    )
    _record_existing(bind)


def downgrade() -> None:
    """Drop the submission columns; the facts recorded in the revisions stay where they are.

    Taking them out would let a later upgrade record them again from the records as they stand
    then, which is exactly the rewriting of old records this revision exists to prevent.
    """
    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy of "meeting" would fail on the
    # rows that refer to it while foreign keys are enforced.
    op.drop_column("meeting", "returned_at")
    op.drop_column("meeting", "first_submitted_at")


def _record_existing(bind: sa.Connection) -> None:
    units = {row.id: row for row in bind.execute(sa.select(unit)).all()}
    members = {
        row.id: row for row in bind.execute(sa.select(member).order_by(member.c.full_name, member.c.id)).all()
    }
    by_branch: dict[int | None, list[Any]] = defaultdict(list)
    for row in members.values():
        by_branch[row.org_unit_id].append(row)
    meetings = {row.id: row for row in bind.execute(sa.select(meeting)).all()}
    for revision_id, meeting_id, content in bind.execute(
        sa.select(revision_table.c.id, revision_table.c.meeting_id, revision_table.c.content)
    ).all():
        if not content or "roll" in content:
            continue
        this = meetings[meeting_id]
        # The roll its roll-call names (someone who joined later is no part of an old record),
        # or the branch as it stands when no roll-call was written.
        named = {line["member_id"] for line in content.get("attendance", [])}
        roll = [row for row in by_branch[this.org_unit_id] if not named or row.id in named]
        here = {row.id for row in roll}
        roll += [members[m] for m in sorted(named - here) if m in members]
        branch = units[this.org_unit_id]
        committee = units[branch.parent_id].name if branch.parent_id in units else ""
        recorded = _record(content, roll, branch.name, committee, _open_tasks(bind, this, members))
        bind.execute(
            sa.update(revision_table).where(revision_table.c.id == revision_id).values(content=recorded)
        )


def _open_tasks(bind: sa.Connection, this: Any, members: dict[int, Any]) -> list[dict[str, Any]]:
    if this.kind not in REGULAR_KINDS:
        return []
    previous = bind.execute(
        sa.select(meeting.c.id)
        .where(
            meeting.c.org_unit_id == this.org_unit_id,
            meeting.c.kind.in_(REGULAR_KINDS),
            meeting.c.period < this.period,
            meeting.c.minutes_version > 0,
        )
        .order_by(meeting.c.period.desc())
        .limit(1)
    ).scalar()
    if previous is None:
        return []
    assigned = sa.select(task).where(task.c.meeting_id == previous, task.c.status != "done")
    carried = (
        sa.select(task)
        .join(evaluation, evaluation.c.task_id == task.c.id)
        .where(evaluation.c.meeting_id == previous, evaluation.c.status != "done")
    )
    rows = {row.id: row for row in [*bind.execute(assigned).all(), *bind.execute(carried).all()]}
    ordered = sorted(rows.values(), key=lambda row: (row.meeting_id, row.position))
    return [
        {
            "task_id": row.id,
            "title": row.title,
            "assignee_name": members[row.assignee_member_id].full_name
            if row.assignee_member_id in members
            else None,
        }
        for row in ordered
    ]


def _record(
    content: dict[str, Any], roll: list[Any], branch: str, committee: str, open_tasks: list[dict[str, Any]]
) -> dict[str, Any]:
    people = {row.id: row for row in roll}
    recorded = {key: value for key, value in content.items() if key not in RECORDED_KEYS}
    place = next((committee[len(p) :] for p in PLACE_PREFIXES if committee.startswith(p)), committee)
    recorded.update(
        org_unit_name=branch,
        committee_name=committee,
        place_name=place,
        roll=[
            {"member_id": r.id, "name": r.full_name, "member_status": r.status, "exempt": bool(r.exempt)}
            for r in roll
        ],
        names={str(r.id): r.full_name for r in sorted(roll, key=lambda r: r.id)},
        open_tasks=open_tasks,
    )
    lines = []
    for line in content.get("attendance", []):
        row = people.get(line["member_id"])
        lines.append(
            {**line, "name": row.full_name, "member_status": row.status, "exempt": bool(row.exempt)}
            if row
            else dict(line)
        )
    recorded["attendance"] = lines
    # QĐ 24 item 9.3: the official members less those exempt, elsewhere or suspended; more than half.
    status_of: dict[int, str] = {}
    for line in content.get("attendance", []):
        status_of.setdefault(line["member_id"], line["status"])
    official = [r for r in roll if r.status == "official"]
    away = sum(1 for r in official if status_of.get(r.id) in ("exempt", "elsewhere", "suspended"))
    denominator = len(official) - away
    recorded["votes"] = {
        key: {**vote, "eligible": denominator, "passed": vote.get("for", 0) > Fraction(1, 2) * denominator}
        for key, vote in (content.get("votes") or {}).items()
    }
    return recorded
