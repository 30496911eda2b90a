"""The reviewer's queue built for a month's work: what each minutes brings, sorted and filtered as
she asks, and the next one after a decision taken from the queue as she filtered it (#11)."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings.models import Meeting
from tests.helpers import api_headers, form_fields, login
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular

API = "/api/v1"


def _sent(client: TestClient, scene: Scene, headers: dict[str, str], month: int, self_score: int) -> int:
    """Nà Noong's minutes of a month in 2019, with the branch's own score, submitted."""
    meeting = plan_regular(client, headers, scene.units["na_noong"].id, period=f"2019-{month:02d}")
    body: dict[str, Any] = {
        **october_minutes(scene),
        "started_at": f"2019-{month:02d}-05T19:30:00+07:00",
        "ended_at": f"2019-{month:02d}-05T21:15:00+07:00",
        "self_score": self_score,
    }
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 200
    return meeting


def _rows(client: TestClient, **params: Any) -> list[list[str]]:
    page = BeautifulSoup(client.get("/review", params=params).text, "html.parser")
    return [
        [" ".join(td.get_text(" ").split()) for td in tr.find_all("td")] for tr in page.select("tbody tr")
    ]


def _decide(client: TestClient, meeting: int, decision: str, query: str = "", **extra: str) -> str:
    page = client.get(f"/meetings/{meeting}/review{query}").text
    posted = {**form_fields(page, "review-form"), "decision": decision, **extra}
    answer = client.post(f"/meetings/{meeting}/review", data=posted, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return str(answer.headers["location"])


def test_the_queue_shows_what_the_checks_left_and_the_branchs_own_score_and_sorts_by_them(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    november = _sent(client, scene, headers, 11, self_score=95)  # sent first: waiting longest
    october = _sent(client, scene, headers, 10, self_score=70)
    login(client, "xa")
    waiting = _rows(client)
    assert [row[1].split(" · ")[1] for row in waiting] == ["tháng 11/2019", "tháng 10/2019"]
    assert [row[-1] for row in waiting] == ["95", "70"]
    assert all(row[-2].isdigit() for row in waiting)  # the warnings the checks left, counted at submission
    by_score = _rows(client, sort="score")
    assert [row[-1] for row in by_score] == ["70", "95"]  # the lowest self-score first
    page = BeautifulSoup(client.get("/review", params={"sort": "score"}).text, "html.parser")
    link = page.find("a", href=f"/meetings/{october}/review?sort=score")
    assert link is not None  # the review page knows the queue's order
    first = BeautifulSoup(client.get("/review").text, "html.parser").select_one("tbody tr a")
    assert first is not None and first["href"] == f"/meetings/{november}/review"  # waiting longest


def test_only_those_sent_again_and_the_next_after_a_decision_follows_the_filter(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    september = _sent(client, scene, headers, 9, self_score=80)
    october = _sent(client, scene, headers, 10, self_score=80)
    november = _sent(client, scene, headers, 11, self_score=80)
    login(client, "xa")
    for meeting in (october, november):  # both returned, then sent again
        _decide(client, meeting, "return", comment_general="Ghi rõ số văn bản.")
        body = {**october_minutes(scene, version=1), "self_score": 80}
        body["started_at"] = body["started_at"].replace("2019-10", f"2019-{10 if meeting == october else 11}")
        body["ended_at"] = body["ended_at"].replace("2019-10", f"2019-{10 if meeting == october else 11}")
        assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
        assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 200
    again = _rows(client, resubmitted="1")
    assert len(again) == 2 and all("gửi lại" in row[1] for row in again)
    assert len(_rows(client)) == 3
    following = _decide(client, october, "accept", query="?resubmitted=1")
    assert (
        following == f"/meetings/{november}/review?resubmitted=1"
    )  # not September, first in the whole queue
    last = _decide(client, november, "accept", query="?resubmitted=1")
    assert last == f"/meetings/{september}/review?resubmitted=1"  # the filter empty: the whole queue goes on


def test_a_crafted_unit_or_branch_in_the_address_is_refused_not_a_server_error(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    october = _sent(client, scene, api_headers(db, scene.secretary), 10, self_score=70)
    login(client, "xa")
    for params in ({"unit": "99999999999999999999"}, {"branch": "3000000000"}, {"unit": "²"}):
        assert client.get("/review", params=params).status_code == 422
    # A decision posted with a crafted queue filter is recorded, never lost to a server error.
    assert _decide(client, october, "accept", query="?branch=%C2%B2") == "/review?branch=%C2%B2"


def test_a_decision_posted_with_a_branch_of_another_commune_in_its_filters_is_recorded(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    october = _sent(client, scene, api_headers(db, scene.secretary), 10, self_score=70)
    login(client, "xa")
    elsewhere = scene.units["po_meo"].id  # a stale or crafted filter: a branch she cannot see
    assert _decide(client, october, "accept", query=f"?branch={elsewhere}") == "/review"
    db.expire_all()
    assert db.get(Meeting, october).minutes_status == "accepted"  # type: ignore[union-attr]
