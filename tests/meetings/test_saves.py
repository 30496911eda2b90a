"""Saves are never lost and never silent: a save id names one body, text arrives as typed."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.cli import CONSOLE
from minutes.meetings.models import MinutesRevision, Task
from minutes.orgs import members
from tests.helpers import api_headers, csrf_from, login, text_of
from tests.meetings.scene import na_noong, october_minutes, plan_regular
from tests.meetings.test_pages import _filled_form, _plan_through_the_form

API = "/api/v1"


def _minutes(client: TestClient, headers: dict[str, str], meeting: int) -> dict[str, object]:
    return client.get(f"{API}/meetings/{meeting}", headers=headers).json()["minutes"]  # type: ignore[no-any-return]


def test_a_repeat_of_the_same_save_answers_the_stored_version(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = {**october_minutes(scene), "client_save_id": "phone-1"}
    first = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    repeat = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    assert first.json()["version"] == repeat.json()["version"] == 1
    assert db.scalar(select(func.count()).select_from(MinutesRevision)) == 1


def test_text_typed_after_a_lost_answer_is_saved_not_answered_with_the_old_version(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = {**october_minutes(scene), "client_save_id": "phone-1"}
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)  # its answer never arrived
    typed_on = {
        **body,
        "sections": {**body["sections"], "conclusion": "Kết luận viết thêm sau khi mất sóng."},
    }
    saved = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=typed_on)
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == 2
    assert (
        _minutes(client, headers, meeting)["sections"]["conclusion"] == "Kết luận viết thêm sau khi mất sóng."
    )  # type: ignore[index]
    once_more = {**typed_on, "sections": {**typed_on["sections"], "conclusion": "Lần thứ ba."}}
    third = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=once_more)
    assert third.json()["version"] == 3
    again = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=once_more)
    assert again.json()["version"] == 3  # the same body under the same id: the stored answer


def test_a_new_body_under_an_old_id_after_someone_else_saved_is_a_clear_conflict(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    secretary, clerk = api_headers(db, scene.secretary), api_headers(db, scene.clerk)
    meeting = plan_regular(client, secretary, scene.units["na_noong"].id)
    body = {**october_minutes(scene), "client_save_id": "phone-1"}
    client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=body)
    colleague = {**october_minutes(scene, version=1), "place": "Nhà bí thư", "client_save_id": "laptop-1"}
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=clerk, json=colleague).status_code == 200
    typed_on = {**body, "sections": {**body["sections"], "conclusion": "Viết thêm."}}
    refused = client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=typed_on)
    assert refused.status_code == 409 and refused.json()["error"] == "conflict"
    assert _minutes(client, secretary, meeting)["place"] == "Nhà bí thư"


def test_line_breaks_are_stored_as_typed_whatever_the_browser_sends(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    body["sections"]["news"] = "Dòng một.\r\nDòng hai.\rDòng ba."
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    assert _minutes(client, headers, meeting)["sections"]["news"] == "Dòng một.\nDòng hai.\nDòng ba."  # type: ignore[index]


def test_the_form_keeps_a_tasks_note_and_status_through_every_save(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    login(client, "bithu")
    meeting_id = _plan_through_the_form(client, scene)
    page = client.get(f"/meetings/{meeting_id}/minutes")
    form = {**_filled_form(scene, text_of(page)), "task_note_0": "Phối hợp với chi hội phụ nữ."}
    client.post(f"/meetings/{meeting_id}/minutes", data={**form, "csrf_token": csrf_from(page)})
    again = client.get(f"/meetings/{meeting_id}/minutes")
    assert "Phối hợp với chi hội phụ nữ." in again.text
    # The browser posts back every field the page holds: the note is among them.
    resaved = {**form, "version": "1", "client_save_id": "second"}
    resaved.pop("task_note_0")
    soup = BeautifulSoup(again.text, "html.parser")
    for field in soup.select("[name^=task_note_], [name^=task_status_], [name^=task_id_]"):
        resaved[str(field["name"])] = (
            field.get_text() if field.name == "textarea" else str(field.get("value", ""))
        )
    client.post(f"/meetings/{meeting_id}/minutes", data={**resaved, "csrf_token": csrf_from(again)})
    task = db.scalars(select(Task).where(Task.meeting_id == meeting_id).order_by(Task.position)).first()
    assert task is not None and task.note == "Phối hợp với chi hội phụ nữ."


def test_the_version_list_says_which_parts_each_version_changed(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    for line in body["attendance"]:
        if line["member_id"] == scene.member_id("Lăng Văn Cường"):
            line.update(status="absent_excused", reason="Đi làm ăn xa")
    body["votes"]["resolution"]["abstain"] = 1
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json={**body, "version": 1})
    listed = client.get(f"{API}/meetings/{meeting}/versions", headers=headers).json()
    assert [(v["version"], v["changed"]) for v in listed] == [(1, []), (2, ["Điểm danh", "Biểu quyết"])]


def test_the_changes_between_two_versions_name_every_part(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    cuong = scene.member_id("Lăng Văn Cường")
    for line in body["attendance"]:
        if line["member_id"] == cuong:
            line.update(status="absent_excused", reason="Đi làm ăn xa")
    body["votes"]["minutes"] = {"for": 12, "against": 0, "abstain": 1}
    body["opinions"].append({"section": "opinions", "speaker_name": "Nông Văn Dũng", "content": "Đồng ý."})
    body["sections"]["news"] = "Đồng chí Bí thư thông tin thời sự.\nThêm tin của huyện."
    body["ended_at"] = "2019-10-05T21:30:00+07:00"
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json={**body, "version": 1})
    changes = client.get(f"{API}/meetings/{meeting}/changes?from=1&to=2", headers=headers).json()
    assert changes["attendance"] == [
        {
            "member_id": cuong,
            "name": "Lăng Văn Cường",
            "from": "absent_unexcused",
            "to": "absent_excused",
            "reason_from": None,
            "reason_to": "Đi làm ăn xa",
        }
    ]
    assert changes["votes"] == [
        {
            "key": "minutes",
            "from": {"for": 13, "against": 0, "abstain": 0},
            "to": {"for": 12, "against": 0, "abstain": 1},
        }
    ]
    assert [o["content"] for o in changes["opinions"]["added"]] == ["Đồng ý."]
    assert changes["opinions"]["removed"] == changes["tasks"]["added"] == changes["tasks"]["removed"] == []
    (news,) = changes["sections"]
    assert news["key"] == "news" and "+Thêm tin của huyện." in news["diff"]
    assert {"kind": "added", "text": "huyện."} in news["words"]  # and word by word
    assert changes["times"] == {
        "ended_at": {"from": "2019-10-05T21:15:00+07:00", "to": "2019-10-05T21:30:00+07:00"}
    }
    assert client.get(f"{API}/meetings/{meeting}/changes", headers=headers).json() == changes
    assert client.get(f"{API}/meetings/{meeting}/changes?from=2&to=1", headers=headers).status_code == 422


def test_an_earlier_body_arriving_late_is_answered_never_saved_over_the_newer(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    first = {**october_minutes(scene), "client_save_id": "phone-1"}
    newer = {**first, "sections": {**first["sections"], "conclusion": "Bản mới hơn."}}
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=first)
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=newer).json()["version"] == 2
    late = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=first)
    assert late.status_code == 200 and late.json()["version"] == 1
    assert _minutes(client, headers, meeting)["sections"]["conclusion"] == "Bản mới hơn."  # type: ignore[index]


def test_another_persons_save_under_the_same_id_is_never_taken_for_theirs(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    secretary, clerk = api_headers(db, scene.secretary), api_headers(db, scene.clerk)
    meeting = plan_regular(client, secretary, scene.units["na_noong"].id)
    client.put(
        f"{API}/meetings/{meeting}/minutes",
        headers=secretary,
        json={**october_minutes(scene), "client_save_id": "x"},
    )
    stale = {**october_minutes(scene), "place": "Nhà thư ký", "client_save_id": "x"}
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=clerk, json=stale).status_code == 409
    assert _minutes(client, secretary, meeting)["place"] == "Nhà văn hoá thôn Nà Noong"


def test_an_empty_save_id_names_nothing(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    for version in (0, 1):
        body = {**october_minutes(scene, version=version), "client_save_id": ""}
        assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200


def test_submission_is_judged_on_what_the_committee_will_read(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    body["votes"]["resolution"]["for"] = 14  # counts the probationary member who voted
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    members.update_member(
        db, actor=CONSOLE, member_id=scene.member_id("Vi Thị Thu"), fields={"status": "official"}
    )
    db.flush()
    refused = client.post(f"{API}/meetings/{meeting}/submit", headers=headers)
    assert refused.status_code == 422
    assert any(d["code"] == "probationary_vote_counted" for d in refused.json()["details"])
