"""indexes for the reports

Revision ID: c1reports001
Revises: b1classify01
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "c1reports001"
down_revision: str | None = "b1classify01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Undo this revision."""
