"""attendance tallies

Revision ID: d1tally00001
Revises: c1reports001
Create Date: 2026-11-26

``attendance_tally`` holds, per year, branch and member, the months of the held regular
meetings with a roll-call line, present, absent without and with reason, packed in one
number (``minutes/reports/attendance.py`` explains the packing). The attendance report reads
it instead of every roll-call line: at province scale a year has 660 thousand lines but 53
thousand tallies. Each save of minutes counts its branch's year again; the tallies of
existing roll-calls are counted here, and ``minutes reports retally`` rebuilds them all.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d1tally00001"
down_revision: str | None = "c1reports001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same packing as minutes.reports.attendance.LINE_BITS, frozen at this revision.
COUNT_EXISTING = """
INSERT INTO attendance_tally (year, org_unit_id, member_id, months)
SELECT CAST(substr(m.period, 1, 4) AS INTEGER), m.org_unit_id, a.member_id,
       CAST(sum(CAST(CASE a.status WHEN 'present' THEN 8193 WHEN 'absent_unexcused' THEN 67108865
                                   WHEN 'absent_excused' THEN 549755813889 ELSE 1 END AS BIGINT)
                << CAST(substr(m.period, 6, 2) AS INTEGER)) AS BIGINT)
FROM meeting m JOIN attendance a ON a.meeting_id = m.id
WHERE m.kind IN ('regular', 'combined') AND m.status = 'held'
GROUP BY CAST(substr(m.period, 1, 4) AS INTEGER), m.org_unit_id, a.member_id
"""


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "attendance_tally",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_attendance_tally_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name=op.f("fk_attendance_tally_org_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("year", "org_unit_id", "member_id", name=op.f("pk_attendance_tally")),
    )
    with op.batch_alter_table("attendance_tally", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_tally_member_id"), ["member_id"], unique=False)
    op.execute(COUNT_EXISTING)


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("attendance_tally", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_tally_member_id"))
    op.drop_table("attendance_tally")
