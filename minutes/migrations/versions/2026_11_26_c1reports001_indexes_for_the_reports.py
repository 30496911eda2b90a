"""indexes for the reports

Revision ID: c1reports001
Revises: b1classify01
Create Date: 2026-11-26

The oversight reports read one year of meetings below a unit (bench/reports.py times them at
district and province scale):
- ``ix_meeting_period_kind_status`` on meeting (period, kind, status, org_unit_id, id): the
  compliance board and the attendance report find a year's meetings by a range of periods, so
  their cost does not grow with the years of history; the attendance report reads it alone
  (an index-only scan on PostgreSQL).
- ``ix_attendance_meeting_id_member_id_status`` on attendance: the roll-calls of those
  meetings with their statuses, counted without visiting the table (the biggest one).
- ``ix_org_unit_path`` becomes a ``varchar_pattern_ops`` index on PostgreSQL, the only kind a
  ``path LIKE '/1/5/%'`` can use unless the database's collation is "C" (unchanged on SQLite,
  whose LIKE ignores case and so uses no index anyway).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c1reports001"
down_revision: str | None = "b1classify01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEETING_COLUMNS = ["period", "kind", "status", "org_unit_id", "id"]
ATTENDANCE_COLUMNS = ["meeting_id", "member_id", "status"]


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index("ix_meeting_period_kind_status", MEETING_COLUMNS, unique=False)
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_meeting_id_member_id_status", ATTENDANCE_COLUMNS, unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_org_unit_path", table_name="org_unit")
        op.create_index(
            "ix_org_unit_path",
            "org_unit",
            ["path"],
            unique=False,
            postgresql_ops={"path": "varchar_pattern_ops"},
        )


def downgrade() -> None:
    """Undo this revision."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_org_unit_path", table_name="org_unit")
        op.create_index("ix_org_unit_path", "org_unit", ["path"], unique=False)
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_meeting_id_member_id_status")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_period_kind_status")
