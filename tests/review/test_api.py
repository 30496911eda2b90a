"""Review through the API: queue, return with comments, resubmit, accept with a rating."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.review.rubric import load_rubric
from tests.helpers import api_headers, create_user
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular, submitted_october

API = "/api/v1"
FULL_MARKS = {criterion.key: criterion.max for criterion in load_rubric("hd42").criteria}


def _submitted(client: TestClient, db: Session) -> tuple[Scene, int, dict[str, str]]:
    return submitted_october(client, db)


def test_commune_reviewer_sees_the_submitted_minutes_in_the_queue(client: TestClient, db: Session) -> None:
    scene, meeting, _ = _submitted(client, db)
    queue = client.get(f"{API}/review-queue", headers=api_headers(db, scene.reviewer)).json()
    assert [(item["meeting_id"], item["period"], item["version"]) for item in queue] == [
        (meeting, "2019-10", 1)
    ]


def test_return_with_a_comment_then_resubmit_then_accept_with_a_rating(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _submitted(client, db)
    reviewer = api_headers(db, scene.reviewer)
    returned = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=reviewer,
        json={
            "decision": "return",
            "comments": [{"section": "news", "text": "Ghi rõ số, ngày của văn bản cấp trên đã phổ biến."}],
        },
    )
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"
    body = october_minutes(scene, version=1)
    body["sections"]["news"] += " Phổ biến Kế hoạch số 120-KH/ĐU ngày 20/9/2019."
    saved = client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=body)
    assert saved.json()["version"] == 2 and saved.json()["status"] == "returned"
    assert client.post(f"{API}/meetings/{meeting}/submit", headers=secretary).json() == {
        "status": "submitted",
        "version": 2,
    }
    accepted = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=reviewer,
        json={"decision": "accept", "comments": [], "scores": {**FULL_MARKS, "results": 20}},
    )
    assert accepted.json() == {"status": "accepted", "rating": "good", "points": 90}
    history = client.get(f"{API}/meetings/{meeting}/reviews", headers=secretary).json()
    assert [(r["decision"], r["version"]) for r in history] == [("return", 1), ("accept", 2)]
    assert history[0]["comments"] == [
        {"section": "news", "text": "Ghi rõ số, ngày của văn bản cấp trên đã phổ biến."}
    ]
    assert (
        client.get(f"{API}/meetings/{meeting}/versions/1", headers=secretary).json()["sections"]["news"]
        == october_minutes(scene)["sections"]["news"]
    )


def test_a_return_without_a_comment_is_refused(client: TestClient, db: Session) -> None:
    scene, meeting, _ = _submitted(client, db)
    response = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "return", "comments": []},
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "comments"


def test_reviewing_a_draft_is_an_invalid_state(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    secretary = api_headers(db, scene.secretary)
    meeting = plan_regular(client, secretary, scene.units["na_noong"].id)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=october_minutes(scene))
    response = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "accept"},
    )
    assert response.status_code == 409
    assert response.json()["error"] == "invalid_state"


def test_secretary_cannot_review_their_own_minutes(client: TestClient, db: Session) -> None:
    _, meeting, secretary = _submitted(client, db)
    assert (
        client.post(
            f"{API}/meetings/{meeting}/review", headers=secretary, json={"decision": "accept"}
        ).status_code
        == 403
    )


def test_reviewer_of_another_commune_gets_404(client: TestClient, db: Session) -> None:
    scene, meeting, _ = _submitted(client, db)
    other = create_user(db, username="xa.khuatxa", role="reviewer", unit=scene.units["khuat_xa"])
    headers = api_headers(db, other)
    assert (
        client.post(
            f"{API}/meetings/{meeting}/review", headers=headers, json={"decision": "accept"}
        ).status_code
        == 404
    )
    assert client.get(f"{API}/review-queue", headers=headers).json() == []


def test_reviewer_cannot_edit_minutes(client: TestClient, db: Session) -> None:
    scene, meeting, _ = _submitted(client, db)
    response = client.put(
        f"{API}/meetings/{meeting}/minutes",
        headers=api_headers(db, scene.reviewer),
        json=october_minutes(scene, version=1),
    )
    assert response.status_code == 403


def test_scores_beyond_a_criterion_are_refused_and_change_nothing(client: TestClient, db: Session) -> None:
    scene, meeting, secretary = _submitted(client, db)
    response = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "accept", "scores": {**FULL_MARKS, "duration": 9}},
    )
    assert response.status_code == 422
    assert (
        client.get(f"{API}/meetings/{meeting}", headers=secretary).json()["minutes"]["status"] == "submitted"
    )


def test_only_an_admin_above_reopens_accepted_minutes_with_a_reason(client: TestClient, db: Session) -> None:
    scene, meeting, secretary = _submitted(client, db)
    client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "accept"},
    )
    assert (
        client.post(
            f"{API}/meetings/{meeting}/reopen",
            headers=api_headers(db, scene.reviewer),
            json={"reason": "Sai sót"},
        ).status_code
        == 403
    )
    admin = create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    response = client.post(
        f"{API}/meetings/{meeting}/reopen",
        headers=api_headers(db, admin),
        json={"reason": "Ghi nhầm số biểu quyết."},
    )
    assert response.status_code == 200
    history = client.get(f"{API}/meetings/{meeting}/reviews", headers=secretary).json()
    assert history[-1]["decision"] == "reopen" and history[-1]["reason"] == "Ghi nhầm số biểu quyết."
