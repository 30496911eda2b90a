"""yearly classification

Revision ID: b1classify01
Revises: a1search0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "b1classify01"
down_revision: str | None = "a1search0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Undo this revision."""
