"""Placeholder replaced by the Word renderer."""

from __future__ import annotations

from minutes.meetings.view import MinutesView


def render(view: MinutesView) -> bytes:
    """The minutes as a .docx file."""
    raise NotImplementedError(view)
