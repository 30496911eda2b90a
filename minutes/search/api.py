"""JSON route of the search over the minutes."""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import BaseModel

from minutes.search import service as search
from minutes.web.deps import ApiActor, DbSession, IdQuery, Offset

router = APIRouter(tags=["reports"])


class SearchHitOut(BaseModel):
    """A meeting whose minutes match: `snippet` is plain text, `highlights` the [start, end)
    character offsets of the matching words in it."""

    meeting_id: int
    org_unit_id: int
    branch_name: str
    committee_name: str  # the committee above the branch: many villages share a name
    period: str
    snippet: str
    highlights: list[tuple[int, int]]


@router.get("/search", response_model=list[SearchHitOut])
def search_minutes(
    session: DbSession,
    actor: ApiActor,
    q: str = "",
    org_unit_id: IdQuery = None,
    limit: int = Query(50, ge=1, le=search.MAX_LIMIT),
    offset: Offset = 0,
) -> list[SearchHitOut]:
    """Minutes matching q, ignoring case and marks (`dang phi` finds `đảng phí`), best match first."""
    hits = search.search(session, actor=actor, q=q, org_unit_id=org_unit_id, limit=limit, offset=offset)
    return [
        SearchHitOut(
            meeting_id=hit.meeting_id,
            org_unit_id=hit.org_unit_id,
            branch_name=hit.branch_name,
            committee_name=hit.committee_name,
            period=hit.period,
            snippet=hit.snippet.text,
            highlights=list(hit.snippet.highlights),
        )
        for hit in hits
    ]
