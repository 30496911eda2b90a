"""ORM classes of meetings, their minutes revisions, and the projections reports read."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from minutes.db import Base, UTCDateTime, utcnow

MEETING_KINDS = ("regular", "thematic", "combined", "extraordinary")
REGULAR_KINDS = ("regular", "combined")  # the kinds that count as the month's regular meeting
MEETING_STATUSES = ("planned", "held", "not_held", "cancelled")
MINUTES_STATUSES = ("draft", "submitted", "returned", "accepted")
TASK_STATUSES = ("open", "done", "partly_done", "not_done")


class Meeting(Base):
    """A meeting of one branch for a period (a month, or a quarter for a thematic one)."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("kind IN ('regular', 'thematic', 'combined', 'extraordinary')", name="kind"),
        CheckConstraint("status IN ('planned', 'held', 'not_held', 'cancelled')", name="status"),
        # At most one regular meeting (or combined session) per branch per month.
        Index(
            "uq_meeting_one_regular_per_month",
            "org_unit_id",
            "period",
            unique=True,
            sqlite_where=text("kind IN ('regular', 'combined') AND status != 'cancelled'"),
            postgresql_where=text("kind IN ('regular', 'combined') AND status != 'cancelled'"),
        ),
        Index("ix_meeting_org_unit_id_period", "org_unit_id", "period"),
        # The reports read a year of meetings by period range (c1reports001).
        Index("ix_meeting_period_kind_status", "period", "kind", "status", "org_unit_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"))
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(7))
    scheduled_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    place: Mapped[str | None] = mapped_column(String(300))
    topic: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    status_reason: Mapped[str | None] = mapped_column(String(500))
    minutes_status: Mapped[str | None] = mapped_column(String(20))
    minutes_version: Mapped[int] = mapped_column(default=0)
    # The latest submission; lateness is judged on the first, which a resubmission never moves.
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    first_submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    submitted_warnings: Mapped[int | None]  # what the checks left to look at when last submitted
    # When the committee last returned the minutes: the correction is due counted from it.
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    is_model: Mapped[bool] = mapped_column(default=False, server_default=false())
    model_observers: Mapped[str | None] = mapped_column(Text)
    model_lessons: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class MinutesRevision(Base):
    """One save of a meeting's minutes; never changed once written."""

    __tablename__ = "minutes_revision"
    __table_args__ = (
        UniqueConstraint("meeting_id", "version"),
        UniqueConstraint("meeting_id", "client_save_id"),
    )
    # Not stored: set by the save that wrote it when a colleague's save made meanwhile was merged in.
    merged = False

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int]
    status: Mapped[str] = mapped_column(String(20))
    structure_kind: Mapped[str] = mapped_column(String(20))
    structure_version: Mapped[int]
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    client_save_id: Mapped[str | None] = mapped_column(String(64))
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Saved by the form by itself while the secretary typed: a working copy of her sitting.
    autosave: Mapped[bool] = mapped_column(default=False, server_default=false())


class Attendance(Base):
    """The roll-call of the latest revision, one row per member (read by the reports)."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id"),
        CheckConstraint(
            "status IN ('present', 'absent_excused', 'absent_unexcused', 'exempt', 'elsewhere', 'suspended')",
            name="status",
        ),
        # The attendance report counts the statuses from the index alone (c1reports001).
        Index("ix_attendance_meeting_id_member_id_status", "meeting_id", "member_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(String(500))


class Task(Base):
    """A resolution task assigned by a meeting (latest revision); evaluated at later meetings."""

    __tablename__ = "task"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'done', 'partly_done', 'not_done')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    assignee_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    note: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    # Not stored: the latest evaluation before the meeting that asked (carried.open_tasks_before).
    latest_status = cast("str | None", None)  # unannotated: the ORM must not map it


class TaskEvaluation(Base):
    """A later meeting's verdict on a task: done, partly done or not done, with a note."""

    __tablename__ = "task_evaluation"
    __table_args__ = (UniqueConstraint("meeting_id", "task_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)


class Submission(Base):
    """A revision sent to the committee above; the revision itself never changes."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    version: Mapped[int]
    submitted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class MeetingDelegate(Base):
    """An upper-level delegate present at a meeting (latest revision), linked to an account if any."""

    __tablename__ = "meeting_delegate"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    post: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(200))
