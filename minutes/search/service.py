"""Search over the minutes: kept current on every save, scoped to what the actor may see.

One code path: the app folds the text (i18n.fold) and stores the folded words in
`search_document.folded`; only the matching of folded terms differs by database, in two
small named functions. SQLite answers through the FTS5 table `search_fts` (prefix queries
`"term"*`, AND-ed); PostgreSQL through a GIN trigram index on `folded`
(`LIKE '% term%'` per term, AND-ed). Both find the words that begin with each term.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, delete, insert, select, table
from sqlalchemy.orm import Session, aliased

from minutes import access
from minutes.access import Actor
from minutes.errors import invalid_field
from minutes.i18n import N_
from minutes.meetings.events import MinutesSaved
from minutes.meetings.models import Meeting, MinutesRevision
from minutes.orgs import service as orgs_service
from minutes.orgs.models import OrgUnit
from minutes.search.models import SearchDocument
from minutes.search.text import (
    Snippet,
    document_text,
    index_text,
    make_snippet,
    query_is_too_short,
    query_terms,
)

__all__ = [
    "Hit",
    "hits_query",
    "index_meeting",
    "make_snippet",
    "matching",
    "reindex",
    "remove_meeting",
    "search",
]

# The SQLite FTS5 table made by the migration; not a model (see migrate.include_object).
SEARCH_FTS = table("search_fts", column("rowid"), column("folded"))
MAX_LIMIT = 200
REINDEX_BATCH = 500


@dataclass(frozen=True)
class Hit:
    """One meeting whose minutes match, with an extract showing the matching words."""

    meeting_id: int
    org_unit_id: int
    branch_name: str
    committee_name: str
    period: str
    snippet: Snippet


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _document(meeting_id: int, branch_id: int, period: str, content: Mapping[str, Any]) -> dict[str, Any]:
    body = document_text(content)
    return {
        "meeting_id": meeting_id,
        "org_unit_id": branch_id,
        "period": period,
        "body": body,
        "folded": index_text(body),
    }


def _replace(session: Session, documents: list[dict[str, Any]]) -> None:
    """Write documents in place of any earlier ones for the same meetings (and their FTS rows)."""
    ids = [doc["meeting_id"] for doc in documents]
    _remove(session, ids)
    if documents:
        session.execute(insert(SearchDocument), documents)
        if _is_sqlite(session):
            session.execute(
                insert(SEARCH_FTS), [{"rowid": d["meeting_id"], "folded": d["folded"]} for d in documents]
            )


def _remove(session: Session, meeting_ids: list[int]) -> None:
    if not meeting_ids:
        return
    session.execute(delete(SearchDocument).where(SearchDocument.meeting_id.in_(meeting_ids)))
    if _is_sqlite(session):
        session.execute(delete(SEARCH_FTS).where(SEARCH_FTS.c.rowid.in_(meeting_ids)))


def index_meeting(
    session: Session, *, meeting_id: int, branch_id: int, period: str, content: Mapping[str, Any]
) -> None:
    """Make the search find a meeting by the text of its current minutes (called on every save)."""
    _replace(session, [_document(meeting_id, branch_id, period, content)])


def remove_meeting(session: Session, *, meeting_id: int) -> None:
    """Take a meeting's minutes out of the search."""
    _remove(session, [meeting_id])


def reindex(session: Session) -> int:
    """Rebuild the whole index from the current revision of every minutes; return how many."""
    session.execute(delete(SearchDocument))
    if _is_sqlite(session):
        session.execute(delete(SEARCH_FTS))
    current = (
        select(Meeting.id, Meeting.org_unit_id, Meeting.period, MinutesRevision.content)
        .join(
            MinutesRevision,
            and_(
                MinutesRevision.meeting_id == Meeting.id, MinutesRevision.version == Meeting.minutes_version
            ),
        )
        .order_by(Meeting.id)
    )
    count, last_id = 0, 0
    while batch := session.execute(current.where(Meeting.id > last_id).limit(REINDEX_BATCH)).all():
        _replace(session, [_document(*row) for row in batch])
        count, last_id = count + len(batch), batch[-1].id
    return count


def _matching_sqlite(terms: Iterable[str]) -> ColumnElement[bool]:
    """FTS5: every term as a prefix query, AND-ed (terms are letters and digits only)."""
    expression = " ".join(f'"{term}"*' for term in terms)
    fts = select(SEARCH_FTS.c.rowid).where(SEARCH_FTS.c.folded.op("MATCH")(expression))
    return SearchDocument.meeting_id.in_(fts)


def _matching_postgresql(terms: Iterable[str]) -> ColumnElement[bool]:
    """Trigram-indexed LIKE: a folded word beginning with every term."""
    return and_(*(SearchDocument.folded.like(f"% {term}%") for term in terms))


def matching(session: Session, terms: list[str]) -> ColumnElement[bool]:
    """The condition on search_document that the database answers from its full-text index."""
    return _matching_sqlite(terms) if _is_sqlite(session) else _matching_postgresql(terms)


def hits_query(
    session: Session, *, actor: Actor, terms: list[str], within_path: str = ""
) -> Select[int, int, str, str | None, str, str]:
    """The SELECT behind search(): matching documents in the actor's part, newest period first,
    each with its branch and the committee above it (many villages share a name)."""
    committee = aliased(OrgUnit)
    scope = access.visible_condition(actor, OrgUnit.path)
    if within_path:
        scope = and_(scope, access.in_subtree(OrgUnit.path, within_path))
    return (
        select(
            SearchDocument.meeting_id,
            SearchDocument.org_unit_id,
            OrgUnit.name,
            committee.name,
            SearchDocument.period,
            SearchDocument.body,
        )
        .join(OrgUnit, OrgUnit.id == SearchDocument.org_unit_id)
        .outerjoin(committee, committee.id == OrgUnit.parent_id)
        .where(matching(session, terms), scope)
        .order_by(SearchDocument.period.desc(), SearchDocument.meeting_id.desc())
    )


def search(
    session: Session,
    *,
    actor: Actor,
    q: str,
    org_unit_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Hit]:
    """Minutes matching q (any case, any marks), from units the actor may see, newest period first."""
    terms = query_terms(q)
    if query_is_too_short(terms):
        raise invalid_field("q", N_("Type at least two letters or digits to search for."))
    within = ""
    if org_unit_id is not None:  # NotFound outside the actor's part: no existence leak
        within = orgs_service.get_unit(session, actor=actor, unit_id=org_unit_id).path
    query = hits_query(session, actor=actor, terms=terms, within_path=within)
    rows = session.execute(query.limit(max(1, min(limit, MAX_LIMIT))).offset(max(0, offset)))
    return [
        Hit(meeting_id, unit_id, name, committee or "", period, make_snippet(body, terms))
        for meeting_id, unit_id, name, committee, period, body in rows
    ]


def on_minutes_saved(session: Session, event: MinutesSaved) -> None:
    """Make the search find the minutes by the text just saved."""
    index_meeting(
        session,
        meeting_id=event.meeting_id,
        branch_id=event.branch_id,
        period=event.period,
        content=event.content,
    )
