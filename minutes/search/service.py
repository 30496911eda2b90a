"""Search over the minutes: kept current on every save, scoped to what the actor may see.

One code path: the app folds the text (i18n.fold) and stores the folded words in
`search_document.folded`; only the matching and ranking of folded terms differ by database,
in small named functions. A term is a whole word, a phrase ("words in a row") or a beginning
(word*); every term must match. SQLite answers through the FTS5 table `search_fts` and ranks
by BM25; PostgreSQL through a GIN trigram index on `folded` (`LIKE '% term %'`) and ranks by
ts_rank over the same words. The best match comes first, then the newest meeting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    table,
)
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
    Term,
    document_text,
    index_text,
    make_snippet,
    parse_query,
    query_is_too_short,
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


def _fts_query(terms: Iterable[Term]) -> str:
    """The FTS5 query: each term quoted (words, or words in a row), * after a beginning; AND-ed.
    Terms are folded letters and digits only, so nothing in them can break the quoting."""
    return " ".join(f'"{" ".join(term.words)}"' + ("*" if term.prefix else "") for term in terms)


def _ts_query(terms: Iterable[Term]) -> str:
    """The same terms as a PostgreSQL tsquery over the folded words."""
    return " & ".join(" <-> ".join(term.words) + (":*" if term.prefix else "") for term in terms)


def _matching_sqlite(terms: Iterable[Term]) -> ColumnElement[bool]:
    """FTS5: every term, AND-ed."""
    fts = select(SEARCH_FTS.c.rowid).where(SEARCH_FTS.c.folded.op("MATCH")(_fts_query(terms)))
    return SearchDocument.meeting_id.in_(fts)


def _matching_postgresql(terms: Iterable[Term]) -> ColumnElement[bool]:
    """Trigram-indexed LIKE over the folded words (each preceded by a space): a term's words in a
    row, the last one whole (followed by a space or the end) unless the term is a beginning."""
    conditions: list[ColumnElement[bool]] = []
    for term in terms:
        words = " ".join(term.words)
        if term.prefix:
            conditions.append(SearchDocument.folded.like(f"% {words}%"))
        else:
            conditions.append(
                or_(SearchDocument.folded.like(f"% {words} %"), SearchDocument.folded.like(f"% {words}"))
            )
    return and_(*conditions)


def matching(session: Session, terms: list[Term]) -> ColumnElement[bool]:
    """The condition on search_document that the database answers from its full-text index."""
    return _matching_sqlite(terms) if _is_sqlite(session) else _matching_postgresql(terms)


def _pg_relevance(terms: list[Term]) -> ColumnElement[Any]:
    """How well a document matches on PostgreSQL, smaller first: minus ts_rank over its words."""
    simple: ColumnElement[Any] = literal_column("'simple'::regconfig")
    return -func.ts_rank(
        func.to_tsvector(simple, SearchDocument.folded), func.to_tsquery(simple, _ts_query(terms))
    )


def hits_query(
    session: Session, *, actor: Actor, terms: list[Term], within_path: str = ""
) -> Select[int, int, str, str | None, str, str]:
    """The SELECT behind search(): matching documents in the actor's part, best match first, then
    the newest meeting, each with its branch and the committee above it (many villages share a name)."""
    committee = aliased(OrgUnit)
    scope = access.visible_condition(actor, OrgUnit.path)
    if within_path:
        scope = and_(scope, access.in_subtree(OrgUnit.path, within_path))
    query = (
        select(
            SearchDocument.meeting_id,
            SearchDocument.org_unit_id,
            OrgUnit.name,
            committee.name,
            SearchDocument.period,
            SearchDocument.body,
        )
        .join(OrgUnit, OrgUnit.id == SearchDocument.org_unit_id)
        .join(Meeting, Meeting.id == SearchDocument.meeting_id)
        .outerjoin(committee, committee.id == OrgUnit.parent_id)
        .where(scope)
    )
    if _is_sqlite(session):  # the FTS5 rows that match, with their BM25 score (negative: best lowest)
        ranked = (
            select(SEARCH_FTS.c.rowid, literal_column("bm25(search_fts)").label("score"))
            .where(SEARCH_FTS.c.folded.op("MATCH")(_fts_query(terms)))
            .subquery()
        )
        query = query.join(ranked, ranked.c.rowid == SearchDocument.meeting_id)
        relevance: ColumnElement[Any] = ranked.c.score
    else:
        query = query.where(_matching_postgresql(terms))
        relevance = _pg_relevance(terms)
    return query.order_by(
        _apart(session, terms), relevance, Meeting.scheduled_at.desc(), SearchDocument.meeting_id.desc()
    )


def _apart(session: Session, terms: list[Term]) -> ColumnElement[int]:
    """0 where the query's words stand in a row as typed ("Lương Thị Hằng", "đảng phí"), else 1:
    the minutes that say it come before those that only hold its words here and there."""
    together = Term(tuple(word for term in terms for word in term.words), prefix=terms[-1].prefix)
    if len(terms) < 2:
        return literal(0)
    return case((matching(session, [together]), 0), else_=1)


def search(
    session: Session,
    *,
    actor: Actor,
    q: str,
    org_unit_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Hit]:
    """Minutes matching q (any case, any marks), from units the actor may see, best match first."""
    terms = parse_query(q)
    if query_is_too_short([word for term in terms for word in term.words]):
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
