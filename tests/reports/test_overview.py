"""The overview: which unit below is behind, and on what, worst first (#11, API.md)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import api_headers, create_user, login, text_of
from tests.meetings.scene import na_noong, submit_october

API = "/api/v1"


def test_the_district_sees_its_communes_worst_first(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))  # Nà Noong: waiting for review
    district = api_headers(
        db, create_user(db, username="huyen", role="reviewer", unit=scene.units["district"])
    )
    answer = client.get(
        f"{API}/reports/overview",
        params={"org_unit_id": scene.units["district"].id, "month": "2019-10"},
        headers=district,
    )
    assert answer.status_code == 200, answer.text
    lines = {line["name"]: line for line in answer.json()}
    assert list(lines) == ["Đảng bộ xã Minh Phát", "Đảng bộ xã Khuất Xá"]  # two missing branches come first
    minh_phat, khuat_xa = lines["Đảng bộ xã Minh Phát"], lines["Đảng bộ xã Khuất Xá"]
    assert (minh_phat["missing"], minh_phat["waiting_review"], minh_phat["accepted"]) == (
        1,
        1,
        0,
    )  # Bản Khun, Nà Noong
    assert (khuat_xa["missing"], khuat_xa["waiting_review"]) == (1, 0)  # Pò Mèo
    assert set(minh_phat) == {
        "org_unit_id", "name", "missing", "late", "returned", "waiting_review", "accepted",
        "overdue_tasks", "removal_review", "supervision_met", "last_rating",
    }  # fmt: skip
    assert minh_phat["removal_review"] == 0 and minh_phat["supervision_met"] is None


def test_the_commune_sees_its_branches_and_each_number_opens_its_list(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))
    login(client, "xa")
    page = client.get("/reports/overview", params={"unit": scene.units["minh_phat"].id, "month": "2019-10"})
    assert page.status_code == 200
    shown = text_of(page)
    assert shown.index("Chi bộ thôn Bản Khun") < shown.index("Chi bộ thôn Nà Noong")  # missing before waiting
    board = f"/reports?unit={scene.units['na_noong'].id}&amp;first=2019-10&amp;last=2019-10"
    assert board in page.text
    soup = BeautifulSoup(page.text, "html.parser")
    ban_khun = soup.find("a", string="Chi bộ thôn Bản Khun").find_parent("tr")  # type: ignore[union-attr]
    expected, missing = ban_khun.find_all("td")[:2]  # type: ignore[union-attr]
    assert expected.get_text() == "1" and missing.get_text() == "1"
    assert missing.a["href"].endswith("&only_behind=true")  # type: ignore[index]  # the ones behind
    noong_row = soup.find("a", string="Chi bộ thôn Nà Noong").find_parent("tr")  # type: ignore[union-attr]
    waiting = noong_row.find("a", href=f"/review?unit={scene.units['na_noong'].id}&period=2019-10")  # type: ignore[union-attr]
    assert waiting is not None and waiting.get_text() == "1"  # the minutes waiting open in the queue


def test_another_communes_overview_is_404_and_a_month_that_is_not_one_is_explained(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    reviewer = api_headers(db, scene.reviewer)
    outside = client.get(
        f"{API}/reports/overview", params={"org_unit_id": scene.units["khuat_xa"].id}, headers=reviewer
    )
    assert outside.status_code == 404
    wrong = client.get(
        f"{API}/reports/overview",
        params={"org_unit_id": scene.units["minh_phat"].id, "month": "11/2019"},
        headers=reviewer,
    )
    assert wrong.status_code == 422 and wrong.json()["details"][0]["field"] == "month"


def test_a_reviewers_home_leads_to_the_overview_and_a_secretarys_does_not(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    login(client, "xa")
    assert f'href="/reports/overview?unit={scene.units["minh_phat"].id}"' in client.get("/").text
    client.post("/logout", data={"csrf_token": ""})
    client.cookies.clear()
    login(client, "bithu")
    assert "/reports/overview" not in client.get("/").text
