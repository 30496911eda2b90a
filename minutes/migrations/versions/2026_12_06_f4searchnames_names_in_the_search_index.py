"""the search index holds the names the minutes record: branch, committee, place, people

Revision ID: f4searchnames
Revises: f3warnings01
Create Date: 2026-12-06

"Na Noong" or "luong thi hang" found nothing: only the minutes' sections, opinions and tasks
were indexed. Each indexed minutes gets a last line with the names its current revision records
(as they were then); what the app indexes from now on comes from search.text.document_text.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "f4searchnames"
down_revision: str | None = "f3warnings01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The folding and the names of this revision, frozen here: a migration imports no application code.
_FOLDED_WORD = re.compile(r"[^\W_]+")
_BATCH = 500


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d").replace("ð", "d")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def _index_text(text: str) -> str:
    return "".join(f" {word}" for word in _FOLDED_WORD.findall(_fold(text)))


def _names_line(content: Mapping[str, Any]) -> str:
    names: list[Any] = [
        content.get(key) for key in ("org_unit_name", "committee_name", "place", "place_name")
    ]
    names += (content.get("names") or {}).values()
    names += [line.get("name") for line in content.get("attendance") or []]
    names += [delegate.get("name") for delegate in content.get("delegates") or []]
    names += [opinion.get("speaker_name") for opinion in content.get("opinions") or []]
    kept = dict.fromkeys(
        unicodedata.normalize("NFC", n).strip() for n in names if isinstance(n, str) and n.strip()
    )
    return " · ".join(kept)


def upgrade() -> None:
    """Append the names line to every document's text and folded words (and the FTS rows on SQLite)."""
    bind = op.get_bind()
    meeting = sa.table("meeting", sa.column("id"), sa.column("minutes_version"))
    revision_ = sa.table(
        "minutes_revision", sa.column("meeting_id"), sa.column("version"), sa.column("content", sa.JSON)
    )
    document = sa.table("search_document", sa.column("meeting_id"), sa.column("body"), sa.column("folded"))
    fts = sa.table("search_fts", sa.column("rowid"), sa.column("folded"))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(document.c.meeting_id, document.c.body, document.c.folded, revision_.c.content)
            .join(meeting, meeting.c.id == document.c.meeting_id)
            .join(
                revision_,
                sa.and_(
                    revision_.c.meeting_id == meeting.c.id, revision_.c.version == meeting.c.minutes_version
                ),
            )
            .where(document.c.meeting_id > last)
            .order_by(document.c.meeting_id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for meeting_id, body, folded, content in rows:
            names = _names_line(content or {})
            if names and not (body or "").endswith(names):  # a step back and up again adds nothing twice
                new_folded = folded + _index_text(names)
                bind.execute(
                    sa.update(document)
                    .where(document.c.meeting_id == meeting_id)
                    .values(body=f"{body}\n{names}" if body else names, folded=new_folded)
                )
                if bind.dialect.name == "sqlite":
                    bind.execute(sa.update(fts).where(fts.c.rowid == meeting_id).values(folded=new_folded))
        last = rows[-1][0]


def downgrade() -> None:
    """Nothing to undo: `minutes search reindex` writes the index of whichever revision runs it."""
