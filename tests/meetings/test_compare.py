"""The conflict screen compares every part of the minutes, not only the texts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings import compare
from minutes.meetings.structure import structure_in_force
from tests.helpers import api_headers, csrf_from, login, text_of
from tests.meetings.scene import na_noong, october_minutes, plan_regular
from tests.meetings.test_pages import _filled_form, _plan_through_the_form, _secretary_opens_the_planned_form


def test_a_roll_call_change_alone_is_a_difference_shown_with_names() -> None:
    body = {"attendance": [{"member_id": 7, "status": "absent_unexcused"}], "sections": {"news": "Tin."}}
    theirs = {
        "attendance": [{"member_id": 7, "status": "absent_excused", "reason": "Ốm"}],
        "sections": {"news": "Tin."},
    }
    (part,) = compare.differences(
        body, theirs, structure=structure_in_force("regular"), names={7: "Lăng Văn Cường"}, task_titles={}
    )
    assert part.key == "attendance"
    assert (part.mine, part.theirs) == (
        "Lăng Văn Cường: Vắng không lý do",
        "Lăng Văn Cường: Vắng có lý do Ốm",
    )


def test_identical_bodies_have_no_difference() -> None:
    body = {
        "votes": {"resolution": {"for": 13, "against": 0, "abstain": 0}},
        "tasks": [{"title": "Sửa đường"}],
    }
    assert (
        compare.differences(
            body, dict(body), structure=structure_in_force("regular"), names={}, task_titles={}
        )
        == []
    )


def test_a_stale_form_shows_a_colleagues_roll_call_change_side_by_side(
    client: TestClient, db: Session
) -> None:
    scene, meeting_id, page, form = _secretary_opens_the_planned_form(client, db)
    colleague = october_minutes(scene)
    for line in colleague["attendance"]:
        if line["member_id"] == scene.member_id("Lăng Văn Cường"):
            line.update(status="absent_excused", reason="Đi làm ăn xa")
    saved = client.put(
        f"/api/v1/meetings/{meeting_id}/minutes", headers=api_headers(db, scene.clerk), json=colleague
    )
    assert saved.status_code == 200
    stale = client.post(f"/meetings/{meeting_id}/minutes", data={**form, "csrf_token": csrf_from(page)})
    assert stale.status_code == 409
    shown = text_of(stale)
    assert "Điểm danh" in shown
    assert "Lăng Văn Cường: Vắng có lý do Đi làm ăn xa" in shown
    assert "Lăng Văn Cường: Vắng không lý do" in shown


def test_saves_of_different_parts_are_merged_and_the_secretary_is_told(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    login(client, "bithu")
    meeting_id = _plan_through_the_form(client, scene)
    page = client.get(f"/meetings/{meeting_id}/minutes")
    client.post(
        f"/meetings/{meeting_id}/minutes",
        data={**_filled_form(scene, text_of(page)), "csrf_token": csrf_from(page)},
    )
    opened = client.get(f"/meetings/{meeting_id}/minutes")  # the secretary's form holds version 1
    clerk = api_headers(db, scene.clerk)
    stored = client.get(f"/api/v1/meetings/{meeting_id}", headers=clerk).json()["minutes"]
    for line in stored["attendance"]:
        if line["member_id"] == scene.member_id("Lăng Văn Cường"):
            line.update(status="absent_excused", reason="Đi làm ăn xa")
    assert (
        client.put(
            f"/api/v1/meetings/{meeting_id}/minutes", headers=clerk, json={**stored, "version": 1}
        ).status_code
        == 200
    )
    form = {**_filled_form(scene, text_of(opened), version=1), "section_news": "Tin mới của bí thư."}
    saved = client.post(
        f"/meetings/{meeting_id}/minutes",
        data={**form, "csrf_token": csrf_from(opened)},
        headers={"Accept": "application/json"},
    )
    assert saved.status_code == 200, saved.text
    assert (saved.json()["version"], saved.json()["merged"]) == (3, True)
    minutes = client.get(f"/api/v1/meetings/{meeting_id}", headers=clerk).json()["minutes"]
    assert minutes["sections"]["news"] == "Tin mới của bí thư."
    cuong = next(
        line for line in minutes["attendance"] if line["member_id"] == scene.member_id("Lăng Văn Cường")
    )
    assert (cuong["status"], cuong["reason"]) == ("absent_excused", "Đi làm ăn xa")


def test_the_api_still_refuses_a_stale_version_whatever_it_changed(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    client.put(f"/api/v1/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    client.put(
        f"/api/v1/meetings/{meeting}/minutes",
        headers=headers,
        json={**october_minutes(scene, version=1), "place": "Nhà bí thư"},
    )
    stale = {
        **october_minutes(scene, version=1),
        "sections": {**october_minutes(scene)["sections"], "news": "Khác."},
    }
    refused = client.put(f"/api/v1/meetings/{meeting}/minutes", headers=headers, json=stale)
    assert refused.status_code == 409 and refused.json()["error"] == "conflict"


def test_typing_on_after_a_lost_answer_is_not_called_a_merge_with_a_colleague(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    login(client, "bithu")
    meeting_id = _plan_through_the_form(client, scene)
    page = client.get(f"/meetings/{meeting_id}/minutes")
    form = {**_filled_form(scene, text_of(page)), "csrf_token": csrf_from(page)}
    json_answer = {"Accept": "application/json"}
    first = client.post(f"/meetings/{meeting_id}/minutes", data=form, headers=json_answer)
    assert (first.json()["version"], first.json()["merged"]) == (1, False)
    # The answer never reached the phone: it sends its next text under the same save id and version.
    again = client.post(
        f"/meetings/{meeting_id}/minutes",
        data={**form, "section_news": "Gõ thêm sau khi mất câu trả lời."},
        headers=json_answer,
    )
    assert (again.json()["version"], again.json()["merged"]) == (2, False)
