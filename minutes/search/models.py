"""ORM class of the search index's documents."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from minutes.db import Base


class SearchDocument(Base):
    """The searchable text of one meeting's current minutes, kept in step with every save.

    The full-text index over `folded` lives outside the models, in the migration: an FTS5
    table `search_fts` (rowid = meeting id) on SQLite, a trigram index `search_fts_trgm`
    on PostgreSQL. Scope is checked through the unit's current path, never a copy of it,
    so that moving a unit cannot leave its minutes visible to the wrong people.
    """

    __tablename__ = "search_document"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_unit.id"), index=True)
    period: Mapped[str] = mapped_column(String(7))
    body: Mapped[str] = mapped_column(Text)  # the original text (NFC), for the snippets
    folded: Mapped[str] = mapped_column(Text)  # search.text.index_text(body)
