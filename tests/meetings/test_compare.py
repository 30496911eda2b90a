"""The conflict screen compares every part of the minutes, not only the texts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings import compare
from minutes.meetings.structure import structure_in_force
from tests.helpers import api_headers, csrf_from, login, text_of
from tests.meetings.scene import na_noong, october_minutes
from tests.meetings.test_pages import _filled_form, _plan_through_the_form


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
    scene = na_noong(db)
    login(client, "bithu")
    meeting_id = _plan_through_the_form(client, scene)
    page = client.get(f"/meetings/{meeting_id}/minutes")
    form = _filled_form(scene, text_of(page))
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
