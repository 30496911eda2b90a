"""when each API token was last used

Revision ID: e3tokens0001
Revises: e2orgdates01
Create Date: 2026-12-05

``GET /me/tokens`` shows each token's last use, so that a person can see a token they no
longer hold and end it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes.db

revision: str = "e3tokens0001"
down_revision: str | None = "e2orgdates01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the column."""
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_used_at", minutes.db.UTCDateTime(), nullable=True))


def downgrade() -> None:
    """Drop it."""
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_column("last_used_at")
