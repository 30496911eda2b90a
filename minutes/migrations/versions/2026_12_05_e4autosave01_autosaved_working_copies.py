"""which saves of minutes the form made by itself (working copies of a sitting)

Revision ID: e4autosave01
Revises: e3tokens0001
Create Date: 2026-12-05

The form saves by itself on leaving a section and every 30 s while the secretary types; the
version list groups those working copies under the sitting's version (issue #9, item 5).
Versions saved before are counted as saved by hand: nothing says otherwise.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e4autosave01"
down_revision: str | None = "e3tokens0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column, false for every version already saved."""
    with op.batch_alter_table("minutes_revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("autosave", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("minutes_revision", schema=None) as batch_op:
        batch_op.drop_column("autosave")
