"""Pydantic shapes of the review API."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field


class CommentIn(BaseModel):
    """A comment, on a section or on the whole minutes."""

    section: str | None = None
    text: str = Field(max_length=5000)


class DecisionIn(BaseModel):
    """A reviewer's decision."""

    decision: Literal["accept", "return"]
    comments: list[CommentIn] = Field(default_factory=list, max_length=100)
    scores: dict[str, Any] | None = None


class ReopenIn(BaseModel):
    """Why an accepted minutes is reopened."""

    reason: str = Field(min_length=1, max_length=2000)


class DecisionOut(BaseModel):
    """The minutes' state after a decision."""

    status: str
    rating: str | None = None
    points: int | None = None


class QueueItemOut(BaseModel):
    """A submitted minutes waiting for review."""

    meeting_id: int
    org_unit_id: int
    org_unit_name: str
    org_unit_path: list[str]  # the names of the branch's ancestors, root first
    kind: str
    period: str
    version: int
    submitted_at: dt.datetime | None
    first_submitted_at: dt.datetime | None


class CommentOut(BaseModel):
    """A comment of a decision."""

    section: str | None
    text: str


class ReviewOut(BaseModel):
    """A decision with its comments, scores and rating."""

    id: int
    version: int
    decision: str
    rating: str | None
    points: int | None
    scores: dict[str, Any] | None
    reason: str | None
    reviewer: str | None
    decided_at: dt.datetime
    withdrawn_at: dt.datetime | None = None  # taken back by its reviewer: it stands no more
    comments: list[CommentOut]
