"""when a reviewer took back her own decision

Revision ID: f5withdrawn01
Revises: f4searchnames
Create Date: 2026-12-06

A reviewer may take back her own acceptance or return until the branch acts on it. The decision
stays in the record, marked withdrawn; ratings and reports count only standing decisions.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f5withdrawn01"
down_revision: str | None = "f4searchnames"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the mark."""
    op.add_column("review", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop it."""
    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35+), as for "meeting": no batch copy of a table
    # others refer to.
    op.drop_column("review", "withdrawn_at")
