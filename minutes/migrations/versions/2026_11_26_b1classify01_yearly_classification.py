"""yearly classification

Revision ID: b1classify01
Revises: a1search0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes.db

revision: str = "b1classify01"
down_revision: str | None = "a1search0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVEL_CHECK = "level IN ('excellent', 'good', 'completed', 'not_completed', 'not_evaluated')"
POINTS_CHECK = "points IS NULL OR (points >= 0 AND points <= 100)"
NOTE_CHECK = "level <> 'not_evaluated' OR note IS NOT NULL"
YEAR_CHECK = "year >= 1930 AND year <= 2200"


def _checks(table: str) -> list[sa.CheckConstraint]:
    return [
        sa.CheckConstraint(LEVEL_CHECK, name=op.f(f"ck_{table}_level")),
        sa.CheckConstraint(POINTS_CHECK, name=op.f(f"ck_{table}_points")),
        sa.CheckConstraint(NOTE_CHECK, name=op.f(f"ck_{table}_note")),
        sa.CheckConstraint(YEAR_CHECK, name=op.f(f"ck_{table}_year")),
    ]


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "unit_classification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("legacy_label", sa.String(length=100), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        *_checks("unit_classification"),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name=op.f("fk_unit_classification_org_unit_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_unit_classification_decided_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_classification")),
        sa.UniqueConstraint("year", "org_unit_id", name=op.f("uq_unit_classification_year_org_unit_id")),
    )
    with op.batch_alter_table("unit_classification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_classification_org_unit_id"), ["org_unit_id"], unique=False)

    op.create_table(
        "member_classification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        *_checks("member_classification"),
        sa.ForeignKeyConstraint(
            ["member_id"], ["member.id"], name=op.f("fk_member_classification_member_id_member")
        ),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name=op.f("fk_member_classification_org_unit_id_org_unit")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["user_account.id"],
            name=op.f("fk_member_classification_decided_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_classification")),
        sa.UniqueConstraint("year", "member_id", name=op.f("uq_member_classification_year_member_id")),
    )
    with op.batch_alter_table("member_classification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_classification_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_member_classification_org_unit_id"), ["org_unit_id"], unique=False
        )


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table("member_classification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_classification_org_unit_id"))
        batch_op.drop_index(batch_op.f("ix_member_classification_member_id"))
    op.drop_table("member_classification")
    with op.batch_alter_table("unit_classification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_classification_org_unit_id"))
    op.drop_table("unit_classification")
