"""names sorted in Vietnamese alphabetical order

Revision ID: f6vietnamese
Revises: f5withdrawn01
Create Date: 2026-12-06

Lists of names sort with the collation "vi-x-icu". PostgreSQL built with ICU (Debian's, the
official images) carries it in pg_catalog; a database whose catalogue lacks it gets one here, so
that a server without it fails at the upgrade with PostgreSQL's own message, not on a page.
SQLite's is registered by the app on every connection: nothing is stored.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f6vietnamese"
down_revision: str | None = "f5withdrawn01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLLATION = "vi-x-icu"  # minutes.alphabet.COLLATION (a migration imports no app code)


def upgrade() -> None:
    """Create the collation where PostgreSQL does not have it."""
    if op.get_bind().dialect.name != "postgresql":
        return
    present = op.get_bind().exec_driver_sql(
        "SELECT 1 FROM pg_collation WHERE collname = %(name)s", {"name": COLLATION}
    )
    if present.first() is None:
        op.execute(f"CREATE COLLATION \"{COLLATION}\" (provider = icu, locale = 'vi')")


def downgrade() -> None:
    """Leave it: PostgreSQL's own, or harmless, and other databases may sort with it."""
