"""dated organisation changes and the place of a unit's documents

Revision ID: e2orgdates01
Revises: e1record0001
Create Date: 2026-12-05

A rename, move or merge is dated (``effective_on``, the day it took effect, which may be
earlier than the day it was recorded) and a move or merge names the units it went from and
to, so that reports of earlier periods can show a unit where it was then. A unit may carry
the place name its documents print on the date line. Existing changes take the date they
were recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e2orgdates01"
down_revision: str | None = "e1record0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the dates, the units of a move, and the place name."""
    with op.batch_alter_table("org_unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("place_name", sa.String(length=200), nullable=True))
    with op.batch_alter_table("org_unit_history", schema=None) as batch_op:
        batch_op.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("from_unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("to_unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_org_unit_history_from_unit_id_org_unit"), "org_unit", ["from_unit_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_org_unit_history_to_unit_id_org_unit"), "org_unit", ["to_unit_id"], ["id"]
        )
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # stored as text: its first ten characters are the UTC date
        bind.execute(sa.text("UPDATE org_unit_history SET effective_on = substr(changed_at, 1, 10)"))
    else:
        bind.execute(
            sa.text("UPDATE org_unit_history SET effective_on = CAST(changed_at AT TIME ZONE 'UTC' AS DATE)")
        )


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("org_unit_history", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_org_unit_history_to_unit_id_org_unit"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_org_unit_history_from_unit_id_org_unit"), type_="foreignkey")
        batch_op.drop_column("to_unit_id")
        batch_op.drop_column("from_unit_id")
        batch_op.drop_column("effective_on")
    # A plain DROP COLUMN: a batch copy of "org_unit" would fail on the rows that refer to it.
    op.drop_column("org_unit", "place_name")
