"""a second factor: TOTP secrets and recovery codes

Revision ID: f2factor0001
Revises: f1throttle01
Create Date: 2026-12-06

Administrators and reviewers sign in with a one-time code from an authenticator app as well
as their password; recovery codes stand in for a lost phone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes.db

revision: str = "f2factor0001"
down_revision: str | None = "f1throttle01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the factor's columns and the recovery codes."""
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.add_column(sa.Column("totp_secret", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("totp_confirmed_at", minutes.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.create_table(
        "recovery_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("used_at", minutes.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_recovery_code_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_code")),
    )
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recovery_code_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("recovery_code", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recovery_code_user_id"))
    op.drop_table("recovery_code")
    # Plain DROP COLUMNs: a batch copy of "user_account" would fail on the rows that refer to it.
    for column in ("totp_last_step", "totp_confirmed_at", "totp_secret"):
        op.drop_column("user_account", column)
