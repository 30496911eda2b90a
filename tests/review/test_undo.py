"""A reviewer takes back her own decision until the branch acts on it; nobody else can."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.audit.models import AuditEvent
from minutes.auth import service as auth_service
from minutes.meetings.models import Meeting
from minutes.review import service as review_service
from minutes.review.models import Review
from minutes.review.rubric import load_rubric
from tests.helpers import api_headers, create_user, csrf_from, login, text_of
from tests.meetings.scene import october_minutes, submitted_october

API = "/api/v1"
FULL_MARKS = {criterion.key: criterion.max for criterion in load_rubric("hd42").criteria}


def _status(db: Session, meeting_id: int) -> str | None:
    db.expire_all()
    meeting = db.get(Meeting, meeting_id)
    assert meeting is not None
    return meeting.minutes_status


def _decided(
    client: TestClient, headers: dict[str, str], meeting_id: int, decision: str, **body: Any
) -> None:
    """Decide through the API as the reviewer these headers sign in."""
    answer = client.post(
        f"{API}/meetings/{meeting_id}/review",
        headers=headers,
        json={"decision": decision, "comments": [], **body},
    )
    assert answer.status_code == 200, answer.text


def _decide(client: TestClient, meeting_id: int, decision: str, **fields: str) -> str:
    """Decide on the review page as a signed-in reviewer; the page she lands on next."""
    page = client.get(f"/meetings/{meeting_id}/review")
    answer = client.post(
        f"/meetings/{meeting_id}/review",
        data={"csrf_token": csrf_from(page), "decision": decision, **fields},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_reviewer_takes_back_a_wrong_acceptance_from_the_page_she_lands_on(
    client: TestClient, db: Session
) -> None:
    _, meeting, _ = submitted_october(client, db)
    login(client, "xa")
    landed = client.get(_decide(client, meeting, "accept"))
    assert "Đã thông qua biên bản." in text_of(landed)
    assert f'action="/meetings/{meeting}/review/undo"' in landed.text  # the button beside the notice
    taken_back = client.post(
        f"/meetings/{meeting}/review/undo", data={"csrf_token": csrf_from(landed)}, follow_redirects=False
    )
    assert taken_back.headers["location"] == f"/meetings/{meeting}/review"
    assert _status(db, meeting) == "submitted"
    page = client.get(f"/meetings/{meeting}/review")
    assert "trở lại chờ xem xét" in text_of(page)
    assert 'name="decision"' in page.text  # she can decide again
    assert "rút lại lúc" in text_of(page)  # the record keeps the decision, marked
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "review.undo")).all()
    assert [(e.record_id, e.data["decision"]) for e in events] == [(str(meeting), "accept")]


def test_a_rating_taken_back_is_counted_nowhere(client: TestClient, db: Session) -> None:
    scene, meeting, _ = submitted_october(client, db)
    reviewer = api_headers(db, scene.reviewer)
    accepted = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=reviewer,
        json={"decision": "accept", "comments": [], "scores": FULL_MARKS},
    )
    assert accepted.json()["rating"] == "good"
    ratings = {"org_unit_id": scene.units["minh_phat"].id, "year": 2019}
    assert client.get(f"{API}/reports/ratings", params=ratings, headers=reviewer).json() != []
    undone = client.post(f"{API}/meetings/{meeting}/review/undo", headers=reviewer)
    assert undone.status_code == 200 and undone.json()["status"] == "submitted"
    assert client.get(f"{API}/reports/ratings", params=ratings, headers=reviewer).json() == []
    history = client.get(f"{API}/meetings/{meeting}/reviews", headers=reviewer).json()
    assert [(r["decision"], r["withdrawn_at"] is not None) for r in history] == [("accept", True)]


def test_a_return_taken_back_no_longer_asks_the_branch_to_correct(client: TestClient, db: Session) -> None:
    scene, meeting, _ = submitted_october(client, db)
    reviewer = api_headers(db, scene.reviewer)
    comment = {"section": "news", "text": "Ghi rõ số, ngày của văn bản."}
    _decided(client, reviewer, meeting, "return", comments=[comment])
    assert client.post(f"{API}/meetings/{meeting}/review/undo", headers=reviewer).status_code == 200
    db.expire_all()
    assert db.get(Meeting, meeting).returned_at is None  # type: ignore[union-attr]
    assert _status(db, meeting) == "submitted"
    secretary = auth_service.load_actor(db, user=scene.secretary)
    assert review_service.comments_of_last_return(db, secretary, meeting) == {}  # nothing left to correct


def test_once_the_branch_saved_the_returned_minutes_the_return_stands(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = submitted_october(client, db)
    reviewer = api_headers(db, scene.reviewer)
    comment = {"section": "news", "text": "Ghi rõ số, ngày của văn bản."}
    _decided(client, reviewer, meeting, "return", comments=[comment])
    saved = client.put(
        f"{API}/meetings/{meeting}/minutes", headers=secretary, json=october_minutes(scene, version=1)
    )
    assert saved.status_code == 200
    refused = client.post(f"{API}/meetings/{meeting}/review/undo", headers=reviewer)
    assert refused.status_code == 409
    assert "cho đến khi chi bộ" in refused.json()["message"]
    assert _status(db, meeting) == "returned"
    assert db.scalars(select(Review.withdrawn_at)).all() == [None]


def test_another_reviewer_of_the_same_commune_cannot_take_back_her_decision(
    client: TestClient, db: Session
) -> None:
    scene, meeting, _ = submitted_october(client, db)
    colleague = create_user(db, username="xa.pho", role="reviewer", unit=scene.units["minh_phat"])
    _decided(client, api_headers(db, scene.reviewer), meeting, "accept")
    refused = client.post(f"{API}/meetings/{meeting}/review/undo", headers=api_headers(db, colleague))
    assert refused.status_code == 409
    assert _status(db, meeting) == "accepted"
    login(client, "xa.pho")
    assert f"/meetings/{meeting}/review/undo" not in client.get(f"/meetings/{meeting}/review").text


def test_the_secretary_cannot_take_back_the_committees_decision(client: TestClient, db: Session) -> None:
    scene, meeting, secretary = submitted_october(client, db)
    _decided(client, api_headers(db, scene.reviewer), meeting, "accept")
    assert client.post(f"{API}/meetings/{meeting}/review/undo", headers=secretary).status_code == 403
    assert _status(db, meeting) == "accepted"


def test_reviewer_of_another_commune_gets_404(client: TestClient, db: Session) -> None:
    scene, meeting, _ = submitted_october(client, db)
    _decided(client, api_headers(db, scene.reviewer), meeting, "accept")
    stranger = create_user(db, username="xa.khuatxa", role="reviewer", unit=scene.units["khuat_xa"])
    assert (
        client.post(f"{API}/meetings/{meeting}/review/undo", headers=api_headers(db, stranger)).status_code
        == 404
    )
    assert _status(db, meeting) == "accepted"


def test_a_decision_taken_back_twice_is_refused_the_second_time(client: TestClient, db: Session) -> None:
    scene, meeting, _ = submitted_october(client, db)
    reviewer = api_headers(db, scene.reviewer)
    _decided(client, reviewer, meeting, "accept")
    assert client.post(f"{API}/meetings/{meeting}/review/undo", headers=reviewer).status_code == 200
    again = client.post(f"{API}/meetings/{meeting}/review/undo", headers=reviewer)
    assert again.status_code == 409
    assert _status(db, meeting) == "submitted"


def test_a_notice_whose_take_back_path_was_tampered_with_shows_no_button(
    client: TestClient, db: Session
) -> None:
    _, meeting, _ = submitted_october(client, db)
    login(client, "xa")
    for path in ("/\\\\evil.example/x", "/logout", f"/meetings/{meeting}/review/undo"):
        notice = json.dumps(["success", "The minutes were accepted.", {}, path])
        client.cookies.set("minutes_flash", quote(notice))
        page = BeautifulSoup(client.get(f"/meetings/{meeting}/review").text, "html.parser")
        buttons = [form["action"] for form in page.select(".flash form")]
        assert buttons == ([path] if path == f"/meetings/{meeting}/review/undo" else []), path
