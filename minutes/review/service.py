"""Use cases of review: the queue, decisions with comments and a rating, reopening."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import access
from minutes.access import Actor
from minutes.audit import service as audit
from minutes.auth.models import User
from minutes.config import get_settings
from minutes.db import utcnow
from minutes.errors import Conflict, invalid_field
from minutes.i18n import N_, nfc
from minutes.meetings import service as meetings_service
from minutes.meetings import workflow
from minutes.meetings.carried import open_tasks_before
from minutes.meetings.counts import attendance_counts, thresholds_from
from minutes.meetings.facts import MinutesFacts
from minutes.meetings.models import Meeting, MinutesRevision
from minutes.orgs.models import OrgUnit
from minutes.review import prefill
from minutes.review.models import Review, ReviewComment
from minutes.review.rubric import load_rubric, rubric_in_force
from minutes.review.rules import SectionChange, changed_sections

MAX_COMMENT = 5000


def _clean_comments(comments: list[dict[str, Any]], section_keys: set[str]) -> list[tuple[str | None, str]]:
    cleaned = []
    for i, comment in enumerate(comments):
        text = " ".join(nfc(str(comment.get("text") or "")).split(" ")).strip()
        section = comment.get("section") or None
        if not text:
            continue
        if len(text) > MAX_COMMENT:
            raise invalid_field(f"comments.{i}.text", N_("A comment may have at most 5,000 characters."))
        if section is not None and section not in section_keys:
            raise invalid_field(f"comments.{i}.section", N_("This section is not part of the minutes."))
        cleaned.append((section, text))
    return cleaned


def decide(
    session: Session,
    *,
    actor: Actor,
    meeting_id: int,
    decision: str,
    comments: list[dict[str, Any]],
    scores: dict[str, Any] | None = None,
    rubric_key: str | None = None,
) -> Review:
    """Accept or return a submitted minutes; a return needs at least one comment."""
    state = meetings_service.minutes_state(session, actor=actor, meeting_id=meeting_id)
    access.require_reviewer_above(actor, state.branch.path)
    meeting = state.meeting
    action = {"accept": "accept", "return": "return"}.get(decision)
    if action is None:
        raise invalid_field("decision", N_("Choose accept or return."))
    new_status = workflow.next_status(meeting.minutes_status, action)
    cleaned = _clean_comments(comments, set(state.structure.keys))
    if action == "return" and not cleaned:
        raise invalid_field("comments", N_("Write at least one comment saying what the branch must correct."))
    points = rating = None
    if scores:
        rubric = load_rubric(rubric_key) if rubric_key else rubric_in_force()
        points, level = rubric.score(scores)
        rating = level.rating
    review = Review(
        meeting_id=meeting.id,
        version=meeting.minutes_version,
        decision=decision,
        rubric=rubric.key if scores else None,
        scores=scores or None,
        points=points,
        rating=rating,
        reviewer_id=actor.user_id or None,
    )
    session.add(review)
    session.flush()
    session.add_all(
        ReviewComment(review_id=review.id, section=section, text=text) for section, text in cleaned
    )
    meeting.minutes_status = new_status
    if action == "return":
        meeting.returned_at = review.decided_at
    audit.record(
        session,
        actor=actor,
        action=f"review.{decision}",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"version": review.version, "rating": rating, "points": points, "comments": len(cleaned)},
    )
    session.flush()
    return review


def reopen(session: Session, *, actor: Actor, meeting_id: int, reason: str) -> Review:
    """Reopen an accepted minutes: only an administrator of a unit above, with a reason."""
    meeting = meetings_service.get_meeting(session, actor=actor, meeting_id=meeting_id)
    branch = session.get(OrgUnit, meeting.org_unit_id)
    assert branch is not None
    access.require_admin_above(actor, branch.path)
    reason = nfc(reason).strip()
    if not reason:
        raise invalid_field("reason", N_("Write why the accepted minutes must be reopened."))
    meeting.minutes_status = workflow.next_status(meeting.minutes_status, "reopen")
    review = Review(
        meeting_id=meeting.id,
        version=meeting.minutes_version,
        decision="reopen",
        reason=reason,
        reviewer_id=actor.user_id or None,
        decided_at=utcnow(),
    )
    session.add(review)
    audit.record(
        session,
        actor=actor,
        action="review.reopen",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"version": meeting.minutes_version, "reason": reason},
    )
    session.flush()
    return review


@dataclass(frozen=True)
class ReviewRecord:
    """A decision with its comments and who took it."""

    review: Review
    reviewer_name: str | None
    comments: list[ReviewComment]


def reviews_of(session: Session, *, actor: Actor, meeting_id: int) -> list[ReviewRecord]:
    """Every decision on a meeting's minutes, oldest first."""
    meeting = meetings_service.get_meeting(session, actor=actor, meeting_id=meeting_id)
    rows = session.execute(
        select(Review, User.full_name)
        .outerjoin(User, User.id == Review.reviewer_id)
        .where(Review.meeting_id == meeting.id)
        .order_by(Review.id)
    ).all()
    comments = (
        session.scalars(
            select(ReviewComment)
            .where(ReviewComment.review_id.in_([r.id for r, _ in rows]))
            .order_by(ReviewComment.id)
        ).all()
        if rows
        else []
    )
    by_review: dict[int, list[ReviewComment]] = {}
    for comment in comments:
        by_review.setdefault(comment.review_id, []).append(comment)
    return [ReviewRecord(review, name, by_review.get(review.id, [])) for review, name in rows]


def standing(records: list[ReviewRecord]) -> list[ReviewRecord]:
    """The decisions that stand: every one but those their reviewers took back."""
    return [r for r in records if r.review.withdrawn_at is None]


def last_return(records: list[ReviewRecord]) -> ReviewRecord | None:
    """The latest standing decision if it returned the minutes."""
    decisions = standing(records)
    return decisions[-1] if decisions and decisions[-1].review.decision == "return" else None


# The status a decision left the minutes in, which it still holds while the branch has not acted.
LEFT_IN = {"accept": "accepted", "return": "returned"}


def undoable(records: list[ReviewRecord], *, meeting: Meeting, actor: Actor) -> ReviewRecord | None:
    """The decision this reviewer may still take back: her own latest acceptance or return, while
    the branch has not acted on it (no save since) and no one decided after her."""
    decisions = standing(records)
    if not decisions or not actor.user_id:
        return None
    last = decisions[-1].review
    if last.reviewer_id != actor.user_id or last.decision not in LEFT_IN:
        return None
    if meeting.minutes_version != last.version or meeting.minutes_status != LEFT_IN[last.decision]:
        return None
    return decisions[-1]


def undo(session: Session, *, actor: Actor, meeting_id: int) -> Review:
    """Take back the reviewer's own latest decision before the branch acts on it: the minutes wait
    for review again, and the decision stays in the record, marked withdrawn (and audited)."""
    meeting = meetings_service.get_meeting(session, actor=actor, meeting_id=meeting_id)
    session.refresh(meeting, with_for_update=True)  # one change at a time: not beside a save or a decision
    branch = session.get(OrgUnit, meeting.org_unit_id)
    assert branch is not None
    access.require_reviewer_above(actor, branch.path)
    records = reviews_of(session, actor=actor, meeting_id=meeting_id)
    taken_back = undoable(records, meeting=meeting, actor=actor)
    if taken_back is None:
        raise Conflict(
            N_(
                "Only your own latest decision can be taken back, and only until the branch acts on it. "
                "Review the minutes again when the branch sends them."
            )
        )
    review = taken_back.review
    review.withdrawn_at = utcnow()
    meeting.minutes_status = workflow.next_status(meeting.minutes_status, "undo")
    if review.decision == "return":  # the correction's clock is the earlier return's again, if any
        earlier = [r.review.decided_at for r in standing(records) if r.review.decision == "return"]
        meeting.returned_at = earlier[-1] if earlier else None
    audit.record(
        session,
        actor=actor,
        action="review.undo",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"version": review.version, "decision": review.decision, "review_id": review.id},
    )
    session.flush()
    return review


def comments_by_section(record: ReviewRecord | None) -> dict[str | None, list[str]]:
    """A return's comments grouped by the section they are about."""
    grouped: dict[str | None, list[str]] = {}
    for comment in record.comments if record else []:
        grouped.setdefault(comment.section, []).append(comment.text)
    return grouped


def changes_since_return(
    session: Session, *, meeting: Meeting, records: list[ReviewRecord], structure: Any
) -> list[SectionChange] | None:
    """What changed between the version last returned and the current one (None if never returned)."""
    returned = [r.review.version for r in standing(records) if r.review.decision == "return"]
    if not returned or returned[-1] == meeting.minutes_version:
        return None
    versions = {
        rev.version: rev.content
        for rev in session.scalars(
            select(MinutesRevision).where(
                MinutesRevision.meeting_id == meeting.id,
                MinutesRevision.version.in_([returned[-1], meeting.minutes_version]),
            )
        )
    }
    return changed_sections(structure, versions[returned[-1]], versions[meeting.minutes_version])


def set_model_meeting(
    session: Session, *, actor: Actor, meeting_id: int, is_model: bool, observers: str, lessons: str
) -> Meeting:
    """Mark a meeting as a model meeting, with its observers and the lessons learned."""
    meeting = meetings_service.get_meeting(session, actor=actor, meeting_id=meeting_id)
    branch = session.get(OrgUnit, meeting.org_unit_id)
    assert branch is not None
    access.require_reviewer_above(actor, branch.path)
    meeting.is_model = is_model
    meeting.model_observers = nfc(observers).strip()[:MAX_COMMENT] or None
    meeting.model_lessons = nfc(lessons).strip()[: MAX_COMMENT * 2] or None
    audit.record(
        session,
        actor=actor,
        action="meeting.model",
        record_type="meeting",
        record_id=meeting.id,
        org_unit_id=meeting.org_unit_id,
        data={"is_model": is_model},
    )
    session.flush()
    return meeting


def comments_of_last_return(session: Session, actor: Actor, meeting_id: int) -> dict[str | None, list[str]]:
    """The comments of the return a branch is answering, by section (lent to the minutes form)."""
    return comments_by_section(last_return(reviews_of(session, actor=actor, meeting_id=meeting_id)))


def comments_of_acceptance(session: Session, actor: Actor, meeting_id: int) -> dict[str | None, list[str]]:
    """The comments the committee accepted the minutes with, by section (lent to the readable page)."""
    decisions = standing(reviews_of(session, actor=actor, meeting_id=meeting_id))
    accepted = decisions[-1] if decisions and decisions[-1].review.decision == "accept" else None
    return comments_by_section(accepted)


def measured_points(
    state: meetings_service.MinutesState, facts: MinutesFacts, rubric_key: str
) -> dict[str, prefill.Measured]:
    """The rating sheet's points the minutes measure (length, attendance, last month's tasks done),
    for the reviewer to start from."""
    content = state.revision.content if state.revision else {}
    attendance = attendance_counts(facts)
    return prefill.measured(
        rubric_key,
        started=facts.started_at,
        ended=facts.ended_at,
        shortest=thresholds_from(get_settings()).min_durations.get(facts.kind, 0),
        rate=attendance.attendance_rate,
        absent_unexcused=attendance.absent_unexcused,
        verdicts=[str(e.get("status")) for e in content.get("previous_tasks", [])],
    )


def only_prefilled(session: Session, *, actor: Actor, meeting_id: int, scores: dict[str, int]) -> bool:
    """Whether posted points are just those the page measured, the rest of the sheet blank: the
    sheet is optional, and points filled in for her and left alone are no rating."""
    rubric = rubric_in_force()
    if len(scores) == len(rubric.criteria):
        return False
    state = meetings_service.minutes_state(session, actor=actor, meeting_id=meeting_id)
    facts = meetings_service.facts_with(state, open_tasks_before(session, state.meeting))
    measured = measured_points(state, facts, rubric.key)
    return all(key in measured and measured[key].points == points for key, points in scores.items())
