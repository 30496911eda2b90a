"""The meetings API: plan, save, check, submit, versions, previous tasks, documents."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.meetings.models import Attendance, MinutesRevision, TaskEvaluation
from tests.helpers import api_headers
from tests.meetings.scene import Scene, na_noong, october_minutes


def _plan(
    client: TestClient, headers: dict[str, str], scene: Scene, period: str = "2019-10", kind: str = "regular"
) -> int:
    response = client.post(
        "/api/v1/meetings",
        json={
            "org_unit_id": scene.units["na_noong"].id,
            "kind": kind,
            "period": period,
            "scheduled_at": "2019-10-05T19:30:00+07:00",
            "place": "Nhà văn hoá thôn Nà Noong",
        },
        headers=headers,
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "planned"
    return int(response.json()["id"])


def test_secretary_records_the_sample_meeting_and_submits_it(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting_id = _plan(client, headers, scene)
    saved = client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=october_minutes(scene), headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 1
    codes = {f["code"] for f in saved.json()["findings"]}
    assert "unexcused_absence" in codes
    assert not [f for f in saved.json()["findings"] if f["severity"] == "error"], saved.json()["findings"]
    assert client.get(f"/api/v1/meetings/{meeting_id}", headers=headers).json()["status"] == "held"
    assert db.scalar(select(func.count()).select_from(Attendance)) == 19
    submitted = client.post(f"/api/v1/meetings/{meeting_id}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json() == {"status": "submitted", "version": 1}
    locked = client.put(
        f"/api/v1/meetings/{meeting_id}/minutes", json=october_minutes(scene, version=1), headers=headers
    )
    assert locked.status_code == 409
    assert locked.json()["error"] == "invalid_state"


def test_a_stale_save_answers_409_and_keeps_both_versions(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting_id = _plan(client, headers, scene)
    client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=october_minutes(scene), headers=headers)
    stale = october_minutes(scene, version=0)
    stale["sections"]["news"] = "Bản sửa của thư ký"
    response = client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=stale, headers=headers)
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert db.scalar(select(func.count()).select_from(MinutesRevision)) == 1


def test_submission_with_errors_is_refused_with_the_findings(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting_id = _plan(client, headers, scene)
    body = october_minutes(scene)
    body["votes"]["resolution"] = {"for": 15, "against": 0, "abstain": 0}
    client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=body, headers=headers)
    response = client.post(f"/api/v1/meetings/{meeting_id}/submit", headers=headers)
    assert response.status_code == 422
    assert any(
        d["code"] == "probationary_vote_counted" or d["code"] == "votes_exceed_eligible"
        for d in response.json()["details"]
    )


def test_secretary_of_another_commune_gets_404(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    meeting_id = _plan(client, api_headers(db, scene.secretary), scene)
    other = api_headers(db, scene.other_secretary)
    assert client.get(f"/api/v1/meetings/{meeting_id}", headers=other).status_code == 404
    assert (
        client.put(
            f"/api/v1/meetings/{meeting_id}/minutes", json=october_minutes(scene), headers=other
        ).status_code
        == 404
    )


def test_docx_downloads(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting_id = _plan(client, headers, scene)
    client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=october_minutes(scene), headers=headers)
    response = client.get(f"/api/v1/meetings/{meeting_id}/minutes.docx", headers=headers)
    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_saving_again_keeps_each_task_so_later_evaluations_stay(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    october = _plan(client, headers, scene)
    client.put(f"/api/v1/meetings/{october}/minutes", json=october_minutes(scene), headers=headers)
    stored = client.get(f"/api/v1/meetings/{october}", headers=headers).json()["minutes"]["tasks"]
    assert all(isinstance(task["id"], int) for task in stored)
    november = _plan(client, headers, scene, period="2019-11")
    open_tasks = client.get(f"/api/v1/meetings/{november}/previous-tasks", headers=headers).json()
    body = october_minutes(scene)
    body["previous_tasks"] = [{"task_id": open_tasks[0]["id"], "status": "not_done", "note": "Mưa lớn"}]
    assert client.put(f"/api/v1/meetings/{november}/minutes", json=body, headers=headers).status_code == 200
    again = october_minutes(scene, version=1)  # sent back without task ids, as a form or an old client would
    assert client.put(f"/api/v1/meetings/{october}/minutes", json=again, headers=headers).status_code == 200
    tasks_after = client.get(f"/api/v1/meetings/{october}", headers=headers).json()["minutes"]["tasks"]
    assert [t["id"] for t in tasks_after] == [t["id"] for t in stored]
    assert db.scalar(select(func.count()).select_from(TaskEvaluation)) == 1


def test_a_thematic_meeting_does_not_evaluate_last_months_tasks(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    october = _plan(client, headers, scene)
    client.put(f"/api/v1/meetings/{october}/minutes", json=october_minutes(scene), headers=headers)
    thematic = _plan(client, headers, scene, period="2019-Q4", kind="thematic")
    assert client.get(f"/api/v1/meetings/{thematic}/previous-tasks", headers=headers).json() == []
