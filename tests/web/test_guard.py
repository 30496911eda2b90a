"""Every input answered, never a crash: oversized bodies, NUL characters, ids and years out of range."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.audit.models import AuditEvent
from minutes.meetings.models import MinutesRevision
from tests.helpers import api_headers
from tests.meetings.scene import na_noong, october_minutes, plan_regular

API = "/api/v1"


def test_a_large_body_sent_before_signing_in_is_refused_unread(client: TestClient, db: Session) -> None:
    response = client.post(
        f"{API}/auth/token", content=b"x" * 1_000_000, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["message"].startswith("Nội dung gửi lên lớn hơn mức phần mềm nhận")
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_nul_character_in_a_username_is_refused_with_a_message(client: TestClient, db: Session) -> None:
    response = client.post(f"{API}/auth/token", json={"username": "bi\u0000thu", "password": "x"})
    assert response.status_code == 422
    assert "ký tự điều khiển" in response.json()["message"]
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_nul_character_in_the_minutes_changes_nothing(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    body["sections"]["news"] = "Thông tin\u0000 thời sự."
    response = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    assert response.status_code == 422
    assert db.scalar(select(func.count()).select_from(MinutesRevision)) == 0
    assert client.get(f"{API}/meetings?org_unit_id=%00", headers=headers).status_code == 422


def test_an_id_beyond_the_databases_range_is_refused_not_a_crash(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    for meeting in ("2147483648", "9223372036854775808", "0"):
        response = client.get(f"{API}/meetings/{meeting}", headers=headers)
        assert response.status_code == 422, (meeting, response.text)
        assert response.json()["error"] == "validation_error"
    assert client.get(f"{API}/meetings?org_unit_id=99999999999", headers=headers).status_code == 422


def test_a_year_outside_the_records_is_refused_before_any_permission_check(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    secretary = api_headers(db, scene.secretary)
    unit = scene.units["na_noong"].id
    assert (
        client.get(f"{API}/reports/classification?org_unit_id={unit}&year=-5", headers=secretary).status_code
        == 422
    )
    classified = client.put(
        f"{API}/classification/99999/org-units/{unit}", headers=secretary, json={"level": "good"}
    )
    assert classified.status_code == 422


def test_a_method_a_path_does_not_take_says_which_it_does(client: TestClient) -> None:
    response = client.delete(f"{API}/auth/token")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_a_nul_character_in_a_form_sent_by_the_script_is_refused(client: TestClient, db: Session) -> None:
    response = client.post("/login", files={"username": (None, "bi\u0000thu"), "password": (None, "x")})
    assert response.status_code == 422
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_list_asked_to_start_beyond_the_databases_range_is_refused_not_a_crash(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    beyond = 9223372036854775808
    assert client.get(f"{API}/search?q=00&offset={beyond}", headers=headers).status_code == 422
    assert client.get(f"{API}/meetings?offset={beyond}", headers=headers).status_code == 422
