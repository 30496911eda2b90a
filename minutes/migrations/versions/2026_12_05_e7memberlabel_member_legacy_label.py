"""a member's classification keeps its pre-2018 label too

Revision ID: e7memberlabel
Revises: e6eth0000001
Create Date: 2026-12-05

Organisations kept an older label ("trong sạch vững mạnh") beside today's level; a member's
older label ("đủ tư cách hoàn thành tốt nhiệm vụ") was dropped without a word. It is kept now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e7memberlabel"
down_revision: str | None = "e6eth0000001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column."""
    with op.batch_alter_table("member_classification", schema=None) as batch_op:
        batch_op.add_column(sa.Column("legacy_label", sa.String(length=100), nullable=True))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("member_classification", schema=None) as batch_op:
        batch_op.drop_column("legacy_label")
