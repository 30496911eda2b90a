"""What the minutes tell the domains above them, without importing them.

The attendance tallies (reports) and the search index (search) keep in step with every
save, and the review domain lends the form its comments; each subscribes from the app's
wiring (`minutes.app.subscribe_domains`), so the minutes never import a higher domain.
Handlers run inside the save's transaction: if one fails, the save is rolled back with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from minutes.access import Actor


@dataclass(frozen=True)
class MinutesSaved:
    """A new revision of a meeting's minutes, as just written."""

    meeting_id: int
    branch_id: int
    period: str
    content: dict[str, Any]


SaveHandler = Callable[[Session, MinutesSaved], None]
CommentsSource = Callable[[Session, Actor, int], dict[str | None, list[str]]]

# Keyed by name, so that wiring the app twice (tests, the CLI) subscribes each handler once.
_after_save: dict[str, SaveHandler] = {}
_comment_sources: dict[str, CommentsSource] = {}
_acceptance_sources: dict[str, CommentsSource] = {}


def subscribe_after_save(name: str, handler: SaveHandler) -> None:
    """Run a handler after every save of minutes, in the same transaction."""
    _after_save[name] = handler


def minutes_saved(session: Session, event: MinutesSaved) -> None:
    """Tell every subscriber that minutes were saved."""
    for handler in list(_after_save.values()):
        handler(session, event)


def lend_review_comments(name: str, source: CommentsSource) -> None:
    """Register where the form finds the comments of the return the secretary must answer."""
    _comment_sources[name] = source


def lend_acceptance_comments(name: str, source: CommentsSource) -> None:
    """Register where the readable minutes find the comments the committee accepted them with."""
    _acceptance_sources[name] = source


def acceptance_comments(session: Session, actor: Actor, meeting_id: int) -> dict[str | None, list[str]]:
    """The comments of the decision that accepted the minutes, by section (empty if not accepted)."""
    comments: dict[str | None, list[str]] = {}
    for source in list(_acceptance_sources.values()):
        for section, texts in source(session, actor, meeting_id).items():
            comments.setdefault(section, []).extend(texts)
    return comments


def review_comments(session: Session, actor: Actor, meeting_id: int) -> dict[str | None, list[str]]:
    """The comments of the last return, by section (empty where nothing lends them)."""
    comments: dict[str | None, list[str]] = {}
    for source in list(_comment_sources.values()):
        for section, texts in source(session, actor, meeting_id).items():
            comments.setdefault(section, []).extend(texts)
    return comments
