"""ORM classes of review decisions and their comments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minutes.db import Base, UTCDateTime, utcnow

DECISIONS = ("accept", "return", "reopen")
RATINGS = ("good", "fair", "average", "poor")


class Review(Base):
    """A decision on one submitted version: accepted or returned (or an accepted one reopened)."""

    __tablename__ = "review"
    __table_args__ = (CheckConstraint("decision IN ('accept', 'return', 'reopen')", name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int]
    decision: Mapped[str] = mapped_column(String(10))
    rubric: Mapped[str | None] = mapped_column(String(40))
    scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    points: Mapped[int | None]
    rating: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Taken back by the reviewer before the branch acted on it: kept in the record, counted nowhere.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class ReviewComment(Base):
    """A reviewer's comment on a section of the minutes (or on the whole)."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    section: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
