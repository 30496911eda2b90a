"""search index

Revision ID: a1search0001
Revises: 91123eb6c492
Create Date: 2026-11-26
"""

from collections.abc import Sequence

revision: str = "a1search0001"
down_revision: str | None = "91123eb6c492"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Undo this revision."""
