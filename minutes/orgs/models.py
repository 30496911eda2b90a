"""ORM classes of the organisation tree and its members."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minutes.db import Base, UTCDateTime, utcnow

UNIT_KINDS = ("committee", "branch")
BRANCH_TYPES = ("rural", "urban", "agency", "enterprise", "school", "armed_forces", "students")
MEMBER_STATUSES = ("official", "probationary")
SEXES = ("male", "female")


class OrgUnit(Base):
    """A committee or a branch; ``path`` ("/1/5/23/") makes subtree queries one LIKE."""

    __tablename__ = "org_unit"
    __table_args__ = (
        CheckConstraint("kind IN ('committee', 'branch')", name="kind"),
        # varchar_pattern_ops: PostgreSQL can use it for ``path LIKE '/1/5/%'`` whatever the collation.
        Index("ix_org_unit_path", "path", postgresql_ops={"path": "varchar_pattern_ops"}),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The place of the date line of its documents ("Minh Phát"); by default taken from the name.
    place_name: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    branch_type: Mapped[str | None] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(1000), default="")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, itself included."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    @property
    def is_branch(self) -> bool:
        """Whether the unit meets and keeps minutes."""
        return self.kind == "branch"


class OrgUnitHistory(Base):
    """A rename, move or merge of a unit, kept so that nothing recorded is reattached."""

    __tablename__ = "org_unit_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    change: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    # The day the change took effect (a move decided last month is recorded with its own date);
    # for a move or a merge, the units it went from and to.
    effective_on: Mapped[dt.date | None] = mapped_column(Date)
    from_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    to_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class Member(Base):
    """A party member; ``org_unit_id`` is the branch where they are listed now."""

    __tablename__ = "member"
    __table_args__ = (CheckConstraint("status IN ('official', 'probationary')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None]
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    official_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    exempt: Mapped[bool] = mapped_column(default=False)
    exempt_from: Mapped[dt.date | None] = mapped_column(Date)
    exempt_until: Mapped[dt.date | None] = mapped_column(Date)
    org_unit_id: Mapped[int | None] = mapped_column(ForeignKey("org_unit.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Membership(Base):
    """One stay of a member in a branch; a transfer closes one and opens the next."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))
