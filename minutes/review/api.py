"""JSON routes of review: the queue, decisions, and the record of decisions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from minutes.review import queue as waiting
from minutes.review import service
from minutes.review.schemas import CommentOut, DecisionIn, DecisionOut, QueueItemOut, ReopenIn, ReviewOut
from minutes.web.deps import ApiActor, DbSession, Id, IdQuery, Offset

router = APIRouter(tags=["review"])


@router.get("/review-queue", response_model=list[QueueItemOut])
def review_queue(
    session: DbSession,
    actor: ApiActor,
    org_unit_id: IdQuery = None,
    period: str | None = None,
    kind: str | None = None,
    resubmitted: bool = False,
    sort: Literal["oldest", "branch", "period", "warnings", "score"] = "oldest",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> list[QueueItemOut]:
    """Submitted minutes of the units below the caller's, waiting longest first (or by branch,
    period, warnings or the branch's own score); a page of ``limit`` (100 by default) from ``offset``."""
    queue = waiting.review_queue(
        session,
        actor=actor,
        org_unit_id=org_unit_id,
        period=period,
        kind=kind,
        resubmitted=resubmitted,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    return [
        QueueItemOut(
            meeting_id=i.meeting_id,
            org_unit_id=i.org_unit_id,
            org_unit_name=i.branch_name,
            org_unit_path=i.path,
            kind=i.kind,
            period=i.period,
            version=i.version,
            submitted_at=i.submitted_at,
            first_submitted_at=i.first_submitted_at,
        )
        for i in queue.items
    ]


@router.post("/meetings/{meeting_id}/review", response_model=DecisionOut)
def review(meeting_id: Id, body: DecisionIn, session: DbSession, actor: ApiActor) -> DecisionOut:
    """Accept or return submitted minutes (reviewers of a unit above the branch)."""
    decision = service.decide(
        session,
        actor=actor,
        meeting_id=meeting_id,
        decision=body.decision,
        comments=[c.model_dump() for c in body.comments],
        scores=body.scores,
    )
    status = "accepted" if decision.decision == "accept" else "returned"
    return DecisionOut(status=status, rating=decision.rating, points=decision.points)


@router.post("/meetings/{meeting_id}/reopen", response_model=DecisionOut)
def reopen(meeting_id: Id, body: ReopenIn, session: DbSession, actor: ApiActor) -> DecisionOut:
    """Reopen accepted minutes (administrators of a unit above), with the reason."""
    service.reopen(session, actor=actor, meeting_id=meeting_id, reason=body.reason)
    return DecisionOut(status="returned")


@router.post("/meetings/{meeting_id}/review/undo", response_model=DecisionOut)
def undo(meeting_id: Id, session: DbSession, actor: ApiActor) -> DecisionOut:
    """Take back the caller's own latest decision until the branch acts on it (409 after): the
    minutes wait for review again."""
    service.undo(session, actor=actor, meeting_id=meeting_id)
    return DecisionOut(status="submitted")


@router.get("/meetings/{meeting_id}/reviews", response_model=list[ReviewOut])
def reviews(meeting_id: Id, session: DbSession, actor: ApiActor) -> list[ReviewOut]:
    """Every decision on the minutes with its comments, scores and rating."""
    return [
        ReviewOut(
            id=r.review.id,
            version=r.review.version,
            decision=r.review.decision,
            rating=r.review.rating,
            points=r.review.points,
            scores=r.review.scores,
            reason=r.review.reason,
            reviewer=r.reviewer_name,
            decided_at=r.review.decided_at,
            withdrawn_at=r.review.withdrawn_at,
            comments=[CommentOut(section=c.section, text=c.text) for c in r.comments],
        )
        for r in service.reviews_of(session, actor=actor, meeting_id=meeting_id)
    ]
