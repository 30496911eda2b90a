"""search index

Revision ID: a1search0001
Revises: 91123eb6c492
Create Date: 2026-11-26

The table `search_document` holds each meeting's current minutes text and its folded
words. The full-text index is kept outside the models (its names start with
`search_fts`, which `minutes.migrate.include_object` leaves out of comparisons):
an FTS5 table on SQLite, a GIN trigram index on PostgreSQL. Minutes that already exist
are indexed here; `minutes search reindex` rebuilds the index at any time.
"""

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "a1search0001"
down_revision: str | None = "91123eb6c492"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "search_document",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_search_document_meeting_id_meeting"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name=op.f("fk_search_document_org_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_search_document")),
    )
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_document_org_unit_id"), ["org_unit_id"], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # đ is folded by the app; remove_diacritics 2 also folds letters with two marks (ế, ồ).
        op.execute(
            "CREATE VIRTUAL TABLE search_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX search_fts_trgm ON search_document USING gin (folded gin_trgm_ops)")
    _index_existing_minutes()


# The folding of this revision, frozen here: a migration imports no application code, so a
# later change to the search's folding cannot change what this old step writes
# (`minutes search reindex` refolds everything with the current rules).
_FOLDED_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().replace("đ", "d")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def index_text(text: str) -> str:
    """Every folded word preceded by a space."""
    return "".join(f" {word}" for word in _FOLDED_WORD.findall(_fold(text)))


def document_text(content: Mapping[str, Any]) -> str:
    """The searchable text of a minutes' content: sections, opinions and tasks, one per line."""
    sections = content.get("sections") or {}
    parts: list[Any] = [*sections.values()]
    parts += [opinion.get("content") for opinion in content.get("opinions") or []]
    for task in content.get("tasks") or []:
        parts += [task.get("title"), task.get("note")]
    lines = (unicodedata.normalize("NFC", part).strip() for part in parts if isinstance(part, str))
    return "\n".join(line for line in lines if line)


def _index_existing_minutes() -> None:
    bind = op.get_bind()
    meeting = sa.table(
        "meeting",
        sa.column("id"),
        sa.column("org_unit_id"),
        sa.column("period"),
        sa.column("minutes_version"),
    )
    revision_ = sa.table(
        "minutes_revision", sa.column("meeting_id"), sa.column("version"), sa.column("content", sa.JSON)
    )
    rows = bind.execute(
        sa.select(meeting.c.id, meeting.c.org_unit_id, meeting.c.period, revision_.c.content).join(
            revision_,
            sa.and_(revision_.c.meeting_id == meeting.c.id, revision_.c.version == meeting.c.minutes_version),
        )
    ).all()
    documents = []
    for meeting_id, org_unit_id, period, content in rows:
        body = document_text(content or {})
        documents.append(
            {
                "meeting_id": meeting_id,
                "org_unit_id": org_unit_id,
                "period": period,
                "body": body,
                "folded": index_text(body),
            }
        )
    if not documents:
        return
    document = sa.table(
        "search_document",
        *(sa.column(name) for name in ("meeting_id", "org_unit_id", "period", "body", "folded")),
    )
    bind.execute(sa.insert(document), documents)
    if bind.dialect.name == "sqlite":
        fts = sa.table("search_fts", sa.column("rowid"), sa.column("folded"))
        bind.execute(sa.insert(fts), [{"rowid": d["meeting_id"], "folded": d["folded"]} for d in documents])


def downgrade() -> None:
    """Undo this revision (pg_trgm stays: other indexes may come to use it)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS search_fts_trgm")
    with op.batch_alter_table("search_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_document_org_unit_id"))
    op.drop_table("search_document")
