"""The demo year's reviews, corrections, supervision, model meetings and audit trail."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from minutes import demo
from minutes.access import Actor, Grant
from minutes.audit import service as audit
from minutes.audit.models import AuditEvent
from minutes.auth import service as auth_service
from minutes.auth.models import Supervision, User
from minutes.db import make_engine
from minutes.meetings import service as meetings_service
from minutes.meetings.models import Meeting, MeetingDelegate, MinutesRevision, Submission
from minutes.orgs.models import OrgUnit
from minutes.review import queue as review_queue
from minutes.review import service, supervision
from minutes.review.models import Review, ReviewComment
from minutes.review.rubric import load_rubric

ADMIN = Actor(user_id=0, username="test", full_name="test", grants=(Grant("admin", None, ""),))
SENT = ("submitted", "accepted", "returned")
END_OF_YEAR = dt.datetime(2020, 1, 1, tzinfo=demo.LOCAL)


@pytest.fixture(scope="module")
def built(demo_database: tuple[str, list[str], str]) -> tuple[str, str]:
    """The demo of the run: its URL and summary."""
    url, _, summary = demo_database
    return url, summary


@pytest.fixture(scope="module")
def engine(built: tuple[str, str]) -> Iterator[Engine]:
    """An engine on the built demo."""
    engine = make_engine(built[0])
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose changes are rolled back."""
    with Session(engine) as session:
        yield session
        session.rollback()


def count(session: Session, model: Any, *where: Any) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def month_of(meeting: Meeting) -> int:
    return meeting.scheduled_at.astimezone(demo.LOCAL).month


def reviews_by_meeting(session: Session) -> dict[int, list[Review]]:
    grouped: dict[int, list[Review]] = defaultdict(list)
    for review in session.scalars(select(Review).order_by(Review.decided_at, Review.id)):
        grouped[review.meeting_id].append(review)
    return grouped


def test_shares_of_accepted_returned_and_waiting(session: Session, built: tuple[str, str]) -> None:
    meetings = list(session.scalars(select(Meeting).where(Meeting.minutes_status.in_(SENT))))
    statuses = Counter(m.minutes_status for m in meetings)
    total = len(meetings)
    assert total == len(set(session.scalars(select(Submission.meeting_id))))
    assert 0.80 <= statuses["accepted"] / total <= 0.93
    assert 0.01 <= statuses["returned"] / total <= 0.06
    assert 0.04 <= statuses["submitted"] / total <= 0.15
    early = [m for m in meetings if month_of(m) <= 10]
    early_statuses = Counter(m.minutes_status for m in early)
    assert 0.88 <= early_statuses["accepted"] / len(early) <= 0.97
    waiting = [m for m in meetings if m.minutes_status == "submitted"]
    assert sum(month_of(m) >= 11 for m in waiting) / len(waiting) >= 0.5
    corrected = [
        m
        for m in early
        if m.minutes_version >= 2 and count(session, Submission, Submission.meeting_id == m.id) == 2
    ]
    assert 0.05 <= len(corrected) / len(early) <= 0.11
    decisions = count(session, Review)
    events = count(session, AuditEvent)
    shown = f"{decisions:,}".replace(",", ".") + " quyết định xét duyệt biên bản và "
    assert shown + f"{events:,}".replace(",", ".") + " sự kiện nhật ký" in built[1]


def test_statuses_versions_submissions_and_reviews_agree(session: Session) -> None:
    submissions: dict[int, list[Submission]] = defaultdict(list)
    for submission in session.scalars(select(Submission).order_by(Submission.submitted_at)):
        submissions[submission.meeting_id].append(submission)
    revisions: dict[int, list[MinutesRevision]] = defaultdict(list)
    for revision in session.scalars(select(MinutesRevision).order_by(MinutesRevision.version)):
        revisions[revision.meeting_id].append(revision)
    reviews = reviews_by_meeting(session)
    for meeting in session.scalars(select(Meeting).where(Meeting.minutes_version > 0)):
        sent, decided = submissions.get(meeting.id, []), reviews.get(meeting.id, [])
        assert [r.version for r in revisions[meeting.id]] == list(range(1, meeting.minutes_version + 1))
        if meeting.minutes_status == "draft":
            assert not sent and not decided
            continue
        assert sent[-1].version == meeting.minutes_version
        assert sent[-1].submitted_at == meeting.submitted_at
        last = decided[-1] if decided else None
        if meeting.minutes_status == "submitted":
            assert last is None or last.version < meeting.minutes_version
        else:
            assert last is not None and last.version == meeting.minutes_version
            assert last.decision == {"accepted": "accept", "returned": "return"}[meeting.minutes_status or ""]
        submitted_at = {s.version: s.submitted_at for s in sent}
        for review in decided:
            assert submitted_at[review.version] < review.decided_at < END_OF_YEAR
            if review.decision == "return" and review.version < meeting.minutes_version:
                corrected = revisions[meeting.id][review.version]
                assert corrected.status == "returned" and review.decided_at < corrected.saved_at
        # Every version sent again after a return is the next one.
        assert [s.version for s in sent] == sorted({s.version for s in sent})


def test_accepted_minutes_are_rated_on_the_hd42_sheet(session: Session) -> None:
    rubric = load_rubric("hd42")
    maxima = {criterion.key: criterion.max for criterion in rubric.criteria}
    ratings: Counter[str] = Counter()
    for review in session.scalars(select(Review).where(Review.decision == "accept")):
        assert review.rubric == "hd42" and review.scores is not None and review.points is not None
        assert set(review.scores) == set(maxima)
        assert all(0 <= review.scores[key] <= maxima[key] for key in maxima)
        assert sum(review.scores.values()) == review.points
        assert review.rating == rubric.level_of(review.points).rating
        ratings[review.rating] += 1
    total = sum(ratings.values())
    assert (ratings["good"] + ratings["fair"]) / total >= 0.85
    assert ratings["fair"] > ratings["good"] > ratings["average"] > ratings["poor"] > 0
    assert 0.03 <= ratings["average"] / total <= 0.15
    assert ratings["poor"] / total <= 0.03


def test_returns_comment_on_named_sections(session: Session) -> None:
    returns = list(session.scalars(select(Review).where(Review.decision == "return")))
    comments: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in session.scalars(select(ReviewComment)):
        comments[comment.review_id].append(comment)
    texts: Counter[str] = Counter()
    for review in returns:
        assert review.scores is None and review.rating is None
        assert 1 <= len(comments[review.id]) <= 2
        revision = session.scalars(
            select(MinutesRevision).where(
                MinutesRevision.meeting_id == review.meeting_id, MinutesRevision.version == review.version
            )
        ).one()
        for comment in comments[review.id]:
            assert comment.section in revision.content["sections"]
            texts[comment.text] += 1
    assert "Ghi rõ số, ngày văn bản cấp trên đã phổ biến." in texts
    assert "Bổ sung ý kiến thảo luận của đảng viên." in texts
    every = [c.text for group in comments.values() for c in group]
    assert all(unicodedata.normalize("NFC", text) == text for text in every)


def test_corrected_minutes_show_what_changed(session: Session) -> None:
    reviews = reviews_by_meeting(session)
    corrected = [
        meeting_id
        for meeting_id, decided in reviews.items()
        if any(r.decision == "return" for r in decided)
        and session.get(Meeting, meeting_id).minutes_version > decided[0].version  # type: ignore[union-attr]
    ]
    assert len(corrected) > 200
    for meeting_id in corrected:
        state = meetings_service.minutes_state(session, actor=ADMIN, meeting_id=meeting_id)
        records = service.reviews_of(session, actor=ADMIN, meeting_id=meeting_id)
        changes = service.changes_since_return(
            session, meeting=state.meeting, records=records, structure=state.structure
        )
        assert state.meeting.minutes_version >= 2
        assert changes, meeting_id
        commented = {c.section for c in records[0].comments}
        assert {change.key for change in changes} == commented
        assert all(any(p.kind == "added" for p in change.pieces) for change in changes)


def test_one_model_meeting_per_commune(session: Session) -> None:
    rows = session.execute(
        select(Meeting, OrgUnit.parent_id, OrgUnit.branch_type)
        .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
        .where(Meeting.is_model)
    ).all()
    communes = list(
        session.scalars(
            select(OrgUnit.id).where(
                OrgUnit.name.startswith("Đảng bộ xã") | OrgUnit.name.startswith("Đảng bộ thị trấn")
            )
        )
    )
    assert sorted(parent or 0 for _, parent, _ in rows) == sorted(communes)
    for meeting, _, branch_type in rows:
        assert meeting.status == "held" and meeting.kind == "regular" and meeting.minutes_status == "accepted"
        assert branch_type in ("rural", "urban")
        assert meeting.model_observers and "Bí thư các chi bộ" in meeting.model_observers
        assert meeting.model_lessons and 2 <= meeting.model_lessons.count(". ") + 1 <= 3
        assert unicodedata.normalize("NFC", meeting.model_lessons) == meeting.model_lessons


def test_the_audit_chain_verifies_and_holds_the_year(session: Session) -> None:
    counted, broken = audit.verify(session)
    assert broken is None
    revisions, submissions = count(session, MinutesRevision), count(session, Submission)
    decisions, not_held = count(session, Review), count(session, Meeting, Meeting.status == "not_held")
    assert counted == count(session, AuditEvent) == revisions + submissions + decisions + not_held
    actions = Counter(session.scalars(select(AuditEvent.action)))
    assert actions == {
        "minutes.saved": revisions,
        "minutes.submitted": submissions,
        "review.accept": count(session, Review, Review.decision == "accept"),
        "review.return": count(session, Review, Review.decision == "return"),
        "meeting.not_held": not_held,
    }
    moments = list(session.scalars(select(AuditEvent.at).order_by(AuditEvent.seq)))
    assert moments == sorted(moments)
    assert moments[-1] < END_OF_YEAR


def test_audit_events_are_those_record_would_write(session: Session) -> None:
    users = dict(session.execute(select(User.id, User.username)).all())
    branch = session.scalars(select(OrgUnit).where(OrgUnit.name == "Chi bộ thôn Nà Noong")).one()
    october = session.scalars(
        select(Meeting).where(
            Meeting.org_unit_id == branch.id, Meeting.period == "2019-10", Meeting.kind == "regular"
        )
    ).one()
    events = audit.for_record(session, record_type="meeting", record_id=october.id)
    assert [(e.action, e.data) for e in events] == [
        ("minutes.saved", {"version": 1, "status": "draft"}),
        ("minutes.saved", {"version": 2, "status": "draft"}),
        ("minutes.submitted", {"version": 2}),
    ]
    assert [e.actor_name for e in events] == ["thuky.nanoong", "bithu.nanoong", "bithu.nanoong"]
    assert all(e.org_unit_id == branch.id and e.record_id == str(october.id) for e in events)
    returned = session.scalars(
        select(Review).where(Review.decision == "return", Review.reviewer_id.is_not(None))
    ).first()
    assert returned is not None
    events = audit.for_record(session, record_type="meeting", record_id=returned.meeting_id)
    decision = next(e for e in events if e.action == "review.return")
    comments = count(session, ReviewComment, ReviewComment.review_id == returned.id)
    assert decision.data == {
        "version": returned.version,
        "rating": None,
        "points": None,
        "comments": comments,
    }
    assert decision.actor_id == returned.reviewer_id and decision.actor_name == users[decision.actor_id or 0]
    assert decision.at == returned.decided_at
    saves = [e for e in events if e.action == "minutes.saved"]
    assert saves[-1].data["status"] in ("draft", "returned")


def test_the_minh_phat_reviewer_meets_the_yearly_quota(session: Session) -> None:
    minh_phat = session.scalars(select(OrgUnit).where(OrgUnit.name == "Đảng bộ xã Minh Phát")).one()
    users = dict(session.execute(select(User.username, User.id)).all())
    report = {
        row.user_id: row
        for row in supervision.year_report(session, actor=ADMIN, unit_id=minh_phat.id, year=2019, quota=6)
    }
    reviewer = report[users["xa.minhphat"]]
    assert 6 <= reviewer.attended <= 8 and reviewer.met
    assert "Chi bộ thôn Nà Noong" in reviewer.units
    district = report[users["huyen"]]
    assert 1 <= district.attended < 6 and not district.met


def test_linked_delegates_follow_the_branch_and_match_the_latest_revision(session: Session) -> None:
    latest: dict[int, dict[str, Any]] = dict(
        session.execute(
            select(MinutesRevision.meeting_id, MinutesRevision.content)
            .join(Meeting, Meeting.id == MinutesRevision.meeting_id)
            .where(MinutesRevision.version == Meeting.minutes_version)
        ).all()
    )
    rows: dict[int, list[tuple[str, str | None, str | None, int | None]]] = defaultdict(list)
    for row in session.scalars(select(MeetingDelegate).order_by(MeetingDelegate.id)):
        rows[row.meeting_id].append((row.name, row.post, row.level, row.user_id))
    for meeting_id, content in latest.items():
        expected = [(d["name"], d["post"], d["level"], d["user_id"]) for d in content["delegates"]]
        assert rows.get(meeting_id, []) == expected, meeting_id
    linked = session.execute(
        select(MeetingDelegate.user_id, Meeting.org_unit_id)
        .join(Meeting, Meeting.id == MeetingDelegate.meeting_id)
        .where(MeetingDelegate.user_id.is_not(None))
    ).all()
    assert len(linked) >= 20
    supervisors: dict[int, set[int]] = {}
    for user_id, branch_id in linked:
        if branch_id not in supervisors:
            branch = session.get(OrgUnit, branch_id)
            assert branch is not None
            supervisors[branch_id] = {u.id for u in auth_service.supervisors_of(session, branch=branch)}
        assert user_id in supervisors[branch_id]
    assert count(session, Supervision) >= 5


def test_the_minh_phat_reviewer_has_a_queue(session: Session) -> None:
    reviewer = session.scalars(select(User).where(User.username == "xa.minhphat")).one()
    minh_phat = session.scalars(select(OrgUnit).where(OrgUnit.name == "Đảng bộ xã Minh Phát")).one()
    grants = (Grant("reviewer", minh_phat.id, minh_phat.path),)
    actor = Actor(
        user_id=reviewer.id, username=reviewer.username, full_name=reviewer.full_name, grants=grants
    )
    queue = review_queue.review_queue(session, actor=actor).items
    waiting = {item.meeting_id: session.get(Meeting, item.meeting_id) for item in queue}
    assert queue and all(meeting and meeting.minutes_status == "submitted" for meeting in waiting.values())
    assert any(item.branch_name == "Chi bộ thôn Nà Noong" and item.period == "2019-10" for item in queue)


def test_a_live_decision_extends_the_demo_chain(session: Session) -> None:
    reviewer = session.scalars(select(User).where(User.username == "xa.minhphat")).one()
    minh_phat = session.scalars(select(OrgUnit).where(OrgUnit.name == "Đảng bộ xã Minh Phát")).one()
    actor = Actor(
        user_id=reviewer.id,
        username=reviewer.username,
        full_name=reviewer.full_name,
        grants=(Grant("reviewer", minh_phat.id, minh_phat.path),),
    )
    october = session.get(
        Meeting, review_queue.review_queue(session, actor=actor, period="2019-10").items[0].meeting_id
    )
    assert october is not None
    scores = {criterion.key: criterion.max - 1 for criterion in load_rubric("hd42").criteria}
    before = count(session, AuditEvent)
    review = service.decide(
        session, actor=actor, meeting_id=october.id, decision="accept", comments=[], scores=scores
    )
    assert review.rating == "good" and october.minutes_status == "accepted"
    assert audit.verify(session) == (before + 1, None)
