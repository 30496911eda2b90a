"""What API.md promises of lists and refusals, held to (#11: the API as other systems use it)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import api_headers, login, text_of
from tests.meetings.scene import na_noong, october_minutes, plan_regular, submit_october

API = "/api/v1"


def test_meetings_are_paged_newest_first(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    planned = [
        plan_regular(client, headers, scene.units["na_noong"].id, period=f"2019-{m:02d}") for m in (9, 10, 11)
    ]
    page = client.get(f"{API}/meetings", params={"limit": 2}, headers=headers).json()
    rest = client.get(f"{API}/meetings", params={"limit": 2, "offset": 2}, headers=headers).json()
    assert len(page) == 2 and len(rest) == 1
    assert {m["id"] for m in page + rest} == set(planned)
    assert client.get(f"{API}/meetings", params={"limit": 501}, headers=headers).status_code == 422


def test_open_tasks_not_yet_due_are_listed_only_when_asked(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    body["tasks"].append({"title": "Chuẩn bị đại hội chi bộ", "due_on": "2099-12-31"})
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    reviewer = api_headers(db, scene.reviewer)
    unit = scene.units["minh_phat"].id

    def titles(overdue: str) -> set[str]:
        answer = client.get(
            f"{API}/reports/tasks", params={"org_unit_id": unit, "overdue": overdue}, headers=reviewer
        )
        return {task["title"] for task in answer.json()}

    assert "Chuẩn bị đại hội chi bộ" not in titles("true")
    assert "Chuẩn bị đại hội chi bộ" in titles("false")
    assert titles("true") < titles("false")


def test_a_body_that_is_not_json_is_named_as_such(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = {**api_headers(db, scene.secretary), "Content-Type": "application/json"}
    meeting = plan_regular(client, api_headers(db, scene.secretary), scene.units["na_noong"].id)
    refused = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, content=b'{"version": 0,, }')
    assert refused.status_code == 422
    (detail,) = refused.json()["details"]
    assert detail["field"] == "body" and "JSON" in detail["message"]


def test_a_task_names_its_branch_with_the_committee_above(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    assert (
        client.put(
            f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene)
        ).status_code
        == 200
    )
    reviewer = api_headers(db, scene.reviewer)
    answer = client.get(
        f"{API}/reports/tasks",
        params={"org_unit_id": scene.units["minh_phat"].id, "overdue": "true"},
        headers=reviewer,
    ).json()
    assert answer and {(t["org_unit_name"], t["committee_name"]) for t in answer} == {
        ("Chi bộ thôn Nà Noong", "Đảng bộ xã Minh Phát")
    }
    login(client, "xa")
    page = client.get("/reports/tasks", params={"unit": scene.units["minh_phat"].id})
    assert "Chi bộ thôn Nà Noong" in text_of(page) and "Đảng bộ xã Minh Phát" in text_of(page)


def test_the_queue_takes_a_period_as_people_write_it_and_says_when_it_is_not_one(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))
    reviewer = api_headers(db, scene.reviewer)
    for written in ("2019-10", "10/2019", "tháng 10/2019", "T10/2019"):
        queue = client.get(f"{API}/review-queue", params={"period": written}, headers=reviewer).json()
        assert [item["meeting_id"] for item in queue] == [meeting], written
    wrong = client.get(f"{API}/review-queue", params={"period": "mười 2019"}, headers=reviewer)
    assert wrong.status_code == 422 and wrong.json()["details"][0]["field"] == "period"
    login(client, "xa")
    page = text_of(client.get("/review", params={"period": "13/2019"}))
    assert "Hãy ghi kỳ theo dạng 2019-11 hoặc 11/2019" in page
    listed = text_of(client.get("/review"))
    assert "Đảng bộ xã Minh Phát" in listed and "Số ngày chờ" in listed


def test_the_board_keeps_only_the_branches_behind_when_asked(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))
    assert (
        client.post(
            f"{API}/meetings/{meeting}/review",
            headers=api_headers(db, scene.reviewer),
            json={"decision": "accept", "comments": []},
        ).status_code
        == 200
    )
    login(client, "xa")
    query = {"unit": scene.units["minh_phat"].id, "first": "2019-10", "last": "2019-10"}
    everyone = text_of(client.get("/reports", params=query))
    assert "Chi bộ thôn Nà Noong" in everyone and "Chi bộ thôn Bản Khun" in everyone
    behind = text_of(client.get("/reports", params={**query, "only_behind": "true"}))
    assert "Chi bộ thôn Bản Khun" in behind and "Chi bộ thôn Nà Noong" not in behind  # accepted, on time


def test_the_overdue_tasks_page_shows_a_hundred_at_a_time(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    body["tasks"] = [{"title": f"Việc số {n:03d}", "due_on": "2019-10-20"} for n in range(1, 131)]
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    login(client, "xa")
    url = "/reports/tasks"
    first = client.get(url, params={"unit": scene.units["minh_phat"].id})
    assert "(130)" in text_of(first) and "Trang 1/2" in text_of(first)
    assert first.text.count("Việc số ") == 100
    second = client.get(url, params={"unit": scene.units["minh_phat"].id, "page": 2})
    assert second.text.count("Việc số ") == 30 and "Trang 2/2" in text_of(second)
    assert client.get(url, params={"unit": scene.units["minh_phat"].id, "page": 0}).status_code == 422
