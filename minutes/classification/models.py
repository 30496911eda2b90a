"""ORM classes of the yearly classification of units and members (DOMAIN A.12, B.7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from minutes.db import Base, UTCDateTime, utcnow

# Kept in step with classification_rules.LEVELS; the database refuses anything else.
LEVEL_CHECK = "level IN ('excellent', 'good', 'completed', 'not_completed', 'not_evaluated')"
POINTS_CHECK = "points IS NULL OR (points >= 0 AND points <= 100)"
# "Not evaluated" always says why (DOMAIN B.7: keep the status with a reason).
NOTE_CHECK = "level <> 'not_evaluated' OR note IS NOT NULL"
YEAR_CHECK = "year >= 1930 AND year <= 2200"


class UnitClassification(Base):
    """The level a unit was given for a year by the committee above it."""

    __tablename__ = "unit_classification"
    __table_args__ = (
        UniqueConstraint("year", "org_unit_id"),
        CheckConstraint(LEVEL_CHECK, name="level"),
        CheckConstraint(POINTS_CHECK, name="points"),
        CheckConstraint(NOTE_CHECK, name="note"),
        CheckConstraint(YEAR_CHECK, name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    points: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    # A pre-2018 label ("trong sạch vững mạnh") kept as written; `level` is today's band.
    legacy_label: Mapped[str | None] = mapped_column(String(100))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MemberClassification(Base):
    """The level a member was given for a year; ``org_unit_id`` is their branch that year."""

    __tablename__ = "member_classification"
    __table_args__ = (
        UniqueConstraint("year", "member_id"),
        CheckConstraint(LEVEL_CHECK, name="level"),
        CheckConstraint(POINTS_CHECK, name="points"),
        CheckConstraint(NOTE_CHECK, name="note"),
        CheckConstraint(YEAR_CHECK, name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    points: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    # A pre-2018 label ("đủ tư cách hoàn thành tốt nhiệm vụ") kept as written; `level` is today's band.
    legacy_label: Mapped[str | None] = mapped_column(String(100))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
