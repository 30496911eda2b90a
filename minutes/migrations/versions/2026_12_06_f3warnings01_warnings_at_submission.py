"""the number of warnings the checks left when the minutes were submitted

Revision ID: f3warnings01
Revises: f2factor0001
Create Date: 2026-12-06

The review queue shows it beside each minutes waiting, so a reviewer can open first the ones
the checks found most to look at. Minutes submitted before this revision have none recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f3warnings01"
down_revision: str | None = "f2factor0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the count."""
    op.add_column("meeting", sa.Column("submitted_warnings", sa.Integer(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    # A plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): a batch copy of "meeting" would fail on the
    # rows that refer to it while foreign keys are enforced.
    op.drop_column("meeting", "submitted_warnings")
