"""the search index folds Ð/ð (the Icelandic eth Vietnamese keyboards and PDFs give) like Đ/đ

Revision ID: e6eth0000001
Revises: e5moveunits1
Create Date: 2026-12-05

Minutes indexed before kept "ð" in their folded words, so "doan" missed "Ðoàn". Their folded
words are folded once more here; what the app indexes from now on is folded by i18n.fold.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e6eth0000001"
down_revision: str | None = "e5moveunits1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Replace ð by d in the folded words (lower case: the index holds nothing else)."""
    op.execute("UPDATE search_document SET folded = replace(folded, 'ð', 'd') WHERE folded LIKE '%ð%'")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE search_fts SET folded = replace(folded, 'ð', 'd') WHERE folded LIKE '%ð%'")


def downgrade() -> None:
    """Nothing to undo: d is what the search has always meant for these words."""
