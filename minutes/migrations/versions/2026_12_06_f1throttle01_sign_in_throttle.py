"""sign-in throttles counted per key, and the devices an account signed in from

Revision ID: f1throttle01
Revises: e7memberlabel
Create Date: 2026-12-06

Failed sign-ins were rows counted afterwards, so parallel attempts were all checked before
any was counted, and a success erased them. A throttle is now one row per key, counted by
compare-and-set before the password is checked; failures are kept in the audit log.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import minutes.db

revision: str = "f1throttle01"
down_revision: str | None = "e7memberlabel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the throttle and device tables; drop the old attempt rows."""
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("first_failure_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_failure_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    op.create_table(
        "known_device",
        sa.Column("device_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_known_device_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("device_hash", "user_id", name=op.f("pk_known_device")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempt_username_at")
        batch_op.drop_index("ix_login_attempt_address_at")
    op.drop_table("login_attempt")


def downgrade() -> None:
    """Bring back the attempt rows (empty) and drop the new tables."""
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("attempted_at", minutes.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempt")),
    )
    with op.batch_alter_table("login_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempt_address_at", ["address", "attempted_at"], unique=False)
        batch_op.create_index("ix_login_attempt_username_at", ["username", "attempted_at"], unique=False)
    op.drop_table("known_device")
    op.drop_table("sign_in_throttle")
