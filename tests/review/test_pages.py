"""A reviewer returns minutes with a comment; the secretary sees it; the reviewer sees the change."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings.models import Meeting
from tests.helpers import csrf_from, login, text_of
from tests.meetings.scene import Scene, october_minutes, plan_regular, submitted_october

API = "/api/v1"


def _submitted(client: TestClient, db: Session) -> tuple[Scene, int, dict[str, str]]:
    return submitted_october(client, db)


def test_reviewer_returns_with_a_comment_and_the_secretary_sees_it_beside_the_section(
    client: TestClient, db: Session
) -> None:
    scene, meeting, headers = _submitted(client, db)
    login(client, "xa")
    queue = client.get("/review")
    assert "Chi bộ thôn Nà Noong" in text_of(queue)
    page = client.get(f"/meetings/{meeting}/review")
    assert page.status_code == 200
    assert "Vi Văn Phúc (Đi điều trị tại bệnh viện tỉnh)" in text_of(page)
    response = client.post(
        f"/meetings/{meeting}/review",
        data={
            "csrf_token": csrf_from(page),
            "decision": "return",
            "comment_news": "Ghi rõ số, ngày của văn bản.",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    db.expire_all()
    assert db.get(Meeting, meeting).minutes_status == "returned"
    secretary = TestClient(client.app, base_url="http://testserver")
    login(secretary, "bithu")
    form = secretary.get(f"/meetings/{meeting}/minutes")
    news = form.text.split('id="s-news"', 1)[1].split("</section>", 1)[0]
    assert "Ghi rõ số, ngày của văn bản." in news
    body = october_minutes(scene, version=1)
    body["sections"]["news"] = "Phổ biến Kế hoạch số 120-KH/ĐU ngày 20/9/2019."
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    client.post(f"{API}/meetings/{meeting}/submit", headers=headers)
    again = client.get(f"/meetings/{meeting}/review")
    changes = again.text.split('id="changes"', 1)[1].split("</section>", 1)[0]
    assert "<ins>" in changes and "120-KH/ĐU" in changes


def test_a_return_without_any_comment_shows_the_form_again(client: TestClient, db: Session) -> None:
    _, meeting, _ = _submitted(client, db)
    login(client, "xa")
    page = client.get(f"/meetings/{meeting}/review")
    response = client.post(
        f"/meetings/{meeting}/review", data={"csrf_token": csrf_from(page), "decision": "return"}
    )
    assert response.status_code == 422
    assert "ít nhất một nhận xét" in text_of(response)
    db.expire_all()
    assert db.get(Meeting, meeting).minutes_status == "submitted"


def test_secretary_has_no_review_form(client: TestClient, db: Session) -> None:
    _, meeting, _ = _submitted(client, db)
    login(client, "bithu")
    page = client.get(f"/meetings/{meeting}/review")
    assert page.status_code == 200
    assert 'name="decision"' not in page.text
    assert (
        client.post(
            f"/meetings/{meeting}/review", data={"csrf_token": csrf_from(page), "decision": "accept"}
        ).status_code
        == 403
    )


def test_after_a_decision_the_reviewer_lands_on_the_next_minutes_waiting(
    client: TestClient, db: Session
) -> None:
    scene, october, headers = _submitted(client, db)
    november = plan_regular(client, headers, scene.units["na_noong"].id, period="2019-11")
    body = {
        **october_minutes(scene),
        "started_at": "2019-11-05T19:30:00+07:00",
        "ended_at": "2019-11-05T21:15:00+07:00",
    }
    assert client.put(f"{API}/meetings/{november}/minutes", headers=headers, json=body).status_code == 200
    assert client.post(f"{API}/meetings/{november}/submit", headers=headers).status_code == 200
    login(client, "xa")
    page = client.get(f"/meetings/{october}/review")
    first = client.post(
        f"/meetings/{october}/review",
        data={"csrf_token": csrf_from(page), "decision": "accept"},
        follow_redirects=False,
    )
    assert first.headers["location"] == f"/meetings/{november}/review"  # the next one waiting
    page = client.get(f"/meetings/{november}/review")
    assert "Đã thông qua biên bản." in text_of(page)  # the decision is confirmed where she lands
    last = client.post(
        f"/meetings/{november}/review",
        data={"csrf_token": csrf_from(page), "decision": "accept"},
        follow_redirects=False,
    )
    assert last.headers["location"] == "/review"  # nothing left: back to the (empty) queue
