"""Model meetings listed per year with their observers and lessons (DOMAIN A.11, #11)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import api_headers, create_unit, create_user, login, post_form
from tests.meetings.scene import Scene, na_noong, submit_october

API = "/api/v1"
OBSERVERS = "Bí thư các chi bộ thôn Bản Khun, Pò Mèo\nĐồng chí Nông Văn Dũng, Đảng ủy viên"
LESSONS = "Chuẩn bị nội dung kỹ từ trước.\nĐảng viên phát biểu thẳng thắn."


def _model_meeting(client: TestClient, db: Session) -> tuple[Scene, int]:
    """Nà Noong's October meeting, submitted, marked by the commune reviewer as a model meeting."""
    scene = na_noong(db)
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))
    login(client, "xa")
    marked = post_form(
        client,
        f"/meetings/{meeting}/model",
        {"is_model": "1", "observers": OBSERVERS, "lessons": LESSONS},
        page=f"/meetings/{meeting}/review",
    )
    assert marked.status_code == 303
    return scene, meeting


def test_the_commune_lists_its_model_meetings_of_the_year_with_observers_and_lessons(
    client: TestClient, db: Session
) -> None:
    scene, meeting = _model_meeting(client, db)
    page = client.get("/reports/model-meetings", params={"unit": scene.units["minh_phat"].id, "year": 2019})
    soup = BeautifulSoup(page.text, "html.parser")
    (card,) = soup.select("section.model-meeting")
    assert card.find("a", href=f"/meetings/{meeting}").get_text() == "Chi bộ thôn Nà Noong"  # type: ignore[union-attr]
    assert "tháng 10/2019" in card.get_text() and "ngày 05 tháng 10 năm 2019" in card.get_text()
    lines = [p.get_text() for p in card.select("p.lines")]
    assert lines == [OBSERVERS, LESSONS]
    other_year = client.get(
        "/reports/model-meetings", params={"unit": scene.units["minh_phat"].id, "year": 2020}
    )
    assert "Năm 2020, chưa có buổi sinh hoạt chi bộ điểm nào" in other_year.text


def test_the_district_gets_them_from_the_api_with_the_commune_named(client: TestClient, db: Session) -> None:
    scene, meeting = _model_meeting(client, db)
    create_unit(db, parent=scene.units["khuat_xa"], name="Chi bộ thôn Nà Noong")  # a name shared
    district = api_headers(
        db, create_user(db, username="huyen", role="reviewer", unit=scene.units["district"])
    )
    answer = client.get(
        f"{API}/reports/model-meetings",
        params={"org_unit_id": scene.units["district"].id, "year": 2019},
        headers=district,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == [
        {
            "meeting_id": meeting,
            "org_unit_id": scene.units["na_noong"].id,
            "org_unit_name": "Chi bộ thôn Nà Noong — Đảng bộ xã Minh Phát",
            "kind": "regular",
            "period": "2019-10",
            "held_on": "2019-10-05",
            "observers": OBSERVERS,
            "lessons": LESSONS,
            "minutes_status": "submitted",
        }
    ]


def test_a_secretary_of_another_commune_gets_404_and_a_year_out_of_range_422(
    client: TestClient, db: Session
) -> None:
    scene, _ = _model_meeting(client, db)
    other = api_headers(db, scene.other_secretary)
    params = {"org_unit_id": scene.units["minh_phat"].id, "year": 2019}
    assert client.get(f"{API}/reports/model-meetings", params=params, headers=other).status_code == 404
    login(client, "bithu.pomeo")
    page = client.get("/reports/model-meetings", params={"unit": scene.units["minh_phat"].id})
    assert page.status_code == 404
    assert (
        client.get(
            f"{API}/reports/model-meetings", params={**params, "year": 99999}, headers=other
        ).status_code
        == 422
    )
