"""Committee members follow branches; their attendance counts against the yearly quota."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.auth import service as auth_service
from minutes.review import supervision
from tests.helpers import api_headers, create_user, login, post_form, text_of
from tests.meetings.scene import na_noong, october_minutes, plan_regular

API = "/api/v1"


def _meeting_with_delegate(
    client: TestClient, db: Session, scene, user_id: int | None, period: str = "2019-10"
) -> int:  # type: ignore[no-untyped-def]
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id, period)
    body = october_minutes(scene)
    body["delegates"] = [
        {"name": "Nông Văn Dũng", "post": "Đảng ủy viên", "level": "Đảng ủy xã", "user_id": user_id}
    ]
    response = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    assert response.status_code == (200 if user_id is None or user_id == scene.reviewer.id else 422), (
        response.text
    )
    return int(meeting)


def test_commune_admin_assigns_a_member_who_then_counts_against_the_quota(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    login(client, "admin.xa")
    url = f"/units/{scene.units['minh_phat'].id}/supervision"
    response = post_form(
        client, url, {"user_id": str(scene.reviewer.id), "followed_id": str(scene.units["na_noong"].id)}
    )
    assert response.status_code == 303, text_of(response)[:300]
    _meeting_with_delegate(client, db, scene, scene.reviewer.id, "2019-10")
    _meeting_with_delegate(client, db, scene, scene.reviewer.id, "2019-11")
    page = text_of(client.get(f"{url}?year=2019"))
    assert "Xa" in page and "Chi bộ thôn Nà Noong" in page
    rows = supervision.year_report(
        db,
        actor=auth_service.load_actor(db, user=scene.reviewer),
        unit_id=scene.units["minh_phat"].id,
        year=2019,
        quota=6,
    )
    assert [(r.full_name, r.attended, r.met) for r in rows] == [("Xa", 2, False)]
    assert "thiếu 4" in page


def test_a_delegate_can_be_linked_only_to_an_account_following_the_branch(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    _meeting_with_delegate(client, db, scene, scene.other_secretary.id)


def test_admin_of_another_commune_cannot_assign_there(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    other = create_user(db, username="admin.khuatxa", role="admin", unit=scene.units["khuat_xa"])
    login(client, "admin.khuatxa")
    assert client.get(f"/units/{scene.units['minh_phat'].id}/supervision").status_code == 404
    del other


def test_meetings_of_the_supervisors_own_branch_do_not_count(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    login(client, "admin.xa")
    url = f"/units/{scene.units['minh_phat'].id}/supervision"
    followed = {"user_id": str(scene.reviewer.id), "followed_id": str(scene.units["na_noong"].id)}
    assert post_form(client, url, followed).status_code == 303
    _meeting_with_delegate(client, db, scene, scene.reviewer.id, "2019-10")

    def attended() -> int:
        actor = auth_service.load_actor(db, user=scene.reviewer)
        (row,) = supervision.year_report(
            db, actor=actor, unit_id=scene.units["minh_phat"].id, year=2019, quota=6
        )
        return row.attended

    assert attended() == 1
    scene.reviewer.member_id = scene.member_id("Chu Thị Mai")  # she is a member of Nà Noong herself
    db.flush()
    assert attended() == 0
