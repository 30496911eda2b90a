"""On the conflict screen the secretary keeps, part by part, her text, the saved one, or both."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy.orm import Session

from minutes.meetings import merge
from tests.helpers import api_headers, csrf_from, login, text_of
from tests.meetings.scene import Scene, na_noong, october_minutes
from tests.meetings.test_pages import _filled_form, _plan_through_the_form, _secretary_opens_the_planned_form

API = "/api/v1"
CUONG = "Lăng Văn Cường"


def _conflict(client: TestClient, db: Session) -> tuple[Scene, int, Response]:
    """The clerk saves first (Cường excused, her news, her task); the secretary's form then collides."""
    scene, meeting_id, page, form = _secretary_opens_the_planned_form(client, db)
    colleague = october_minutes(scene)
    for line in colleague["attendance"]:
        if line["member_id"] == scene.member_id(CUONG):
            line.update(status="absent_excused", reason="Đi làm ăn xa")
    colleague["sections"]["news"] = "Tin của thư ký."
    saved = client.put(
        f"{API}/meetings/{meeting_id}/minutes", headers=api_headers(db, scene.clerk), json=colleague
    )
    assert saved.status_code == 200, saved.text
    stale = client.post(f"/meetings/{meeting_id}/minutes", data={**form, "csrf_token": csrf_from(page)})
    assert stale.status_code == 409
    return scene, meeting_id, stale


def _choose(client: TestClient, meeting_id: int, screen: Response, choices: dict[str, str]) -> Response:
    """Post the conflict screen's own form with the radio buttons set as given."""
    hidden = dict(re.findall(r'<input type="hidden" name="(mine|version)" value="([^"]*)"', screen.text))
    assert set(hidden) == {"mine", "version"}
    offered = set(re.findall(r'name="choice\.([^"]+)" value="', screen.text))
    assert set(choices) <= offered, offered
    data = {
        "csrf_token": csrf_from(screen),
        **{name: html.unescape(value) for name, value in hidden.items()},
        **{f"choice.{part}": choice for part, choice in choices.items()},
    }
    return client.post(f"/meetings/{meeting_id}/minutes/resolve", data=data, follow_redirects=False)


def _stored(client: TestClient, db: Session, scene: Scene, meeting_id: int) -> dict[str, Any]:
    minutes = client.get(f"{API}/meetings/{meeting_id}", headers=api_headers(db, scene.clerk)).json()[
        "minutes"
    ]
    assert isinstance(minutes, dict)
    return minutes


def test_the_secretary_keeps_the_clerks_roll_call_her_news_and_both_task_lists(
    client: TestClient, db: Session
) -> None:
    scene, meeting_id, screen = _conflict(client, db)
    chosen = _choose(
        client, meeting_id, screen, {"attendance": "theirs", "sections.news": "mine", "tasks": "both"}
    )
    assert chosen.status_code == 303, text_of(chosen)[:400]
    minutes = _stored(client, db, scene, meeting_id)
    assert minutes["version"] == 2
    cuong = next(line for line in minutes["attendance"] if line["member_id"] == scene.member_id(CUONG))
    assert (cuong["status"], cuong["reason"]) == ("absent_excused", "Đi làm ăn xa")
    assert minutes["sections"]["news"] == "Thông tin thời sự."
    titles = [task["title"] for task in minutes["tasks"]]
    assert titles == [
        "Hoàn thành vận động 2 hộ nghèo còn lại tham gia bảo hiểm y tế",
        "Sửa chữa đường bê tông đoạn qua khe suối",
        "Sửa đường bê tông",
    ]


def test_a_part_left_on_the_saved_one_keeps_the_clerks_text(client: TestClient, db: Session) -> None:
    scene, meeting_id, screen = _conflict(client, db)
    assert _choose(client, meeting_id, screen, {"sections.news": "theirs"}).status_code == 303
    assert _stored(client, db, scene, meeting_id)["sections"]["news"] == "Tin của thư ký."


def test_a_save_made_while_she_chose_brings_the_screen_back_and_overwrites_nothing(
    client: TestClient, db: Session
) -> None:
    scene, meeting_id, screen = _conflict(client, db)
    clerk = api_headers(db, scene.clerk)
    again = {**october_minutes(scene, version=1), "place": "Nhà bí thư"}
    again["sections"]["news"] = "Tin thứ hai của thư ký."
    assert client.put(f"{API}/meetings/{meeting_id}/minutes", headers=clerk, json=again).status_code == 200
    chosen = _choose(client, meeting_id, screen, {"sections.news": "mine"})
    assert chosen.status_code == 409
    assert "Tin thứ hai của thư ký." in text_of(chosen)  # the new saved version is shown to compare
    minutes = _stored(client, db, scene, meeting_id)
    assert (minutes["version"], minutes["sections"]["news"]) == (2, "Tin thứ hai của thư ký.")


def test_a_tampered_choice_page_changes_nothing(client: TestClient, db: Session) -> None:
    scene, meeting_id, screen = _conflict(client, db)
    broken = client.post(
        f"/meetings/{meeting_id}/minutes/resolve",
        data={"csrf_token": csrf_from(screen), "mine": "{not json", "version": "1", "choice.tasks": "mine"},
    )
    assert broken.status_code == 422
    assert "mở lại biên bản" in text_of(broken)
    assert _stored(client, db, scene, meeting_id)["version"] == 1


def test_both_texts_follow_one_another_and_a_task_is_kept_once_by_its_id() -> None:
    mine = {"sections": {"news": "Của tôi."}, "tasks": [{"id": 7, "title": "Sửa"}, {"title": "Mới"}]}
    theirs = {"sections": {"news": "Đã lưu."}, "tasks": [{"id": 7, "title": "Sửa đường"}]}
    body = merge.resolve(mine, theirs, {"sections.news": "both", "tasks": "both", "votes": "both"})
    assert body["sections"]["news"] == "Đã lưu.\nCủa tôi."
    assert body["tasks"] == [{"id": 7, "title": "Sửa đường"}, {"title": "Mới"}]
    assert "votes" not in body  # both is offered for lists and texts only


def _checked(screen: Response) -> dict[str, str]:
    """The radio the conflict screen proposes for each part."""
    return dict(re.findall(r'name="choice\.([^"]+)" value="(\w+)" checked', screen.text))


def test_a_part_only_the_colleague_changed_is_proposed_as_theirs(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    login(client, "bithu")
    meeting_id = _plan_through_the_form(client, scene)
    page = client.get(f"/meetings/{meeting_id}/minutes")
    form = {**_filled_form(scene, text_of(page)), "csrf_token": csrf_from(page)}
    assert (
        client.post(f"/meetings/{meeting_id}/minutes", data=form, follow_redirects=False).status_code == 303
    )
    clerk = api_headers(db, scene.clerk)
    stored = _stored(client, db, scene, meeting_id)
    stored["sections"] = {**stored["sections"], "news": "Tin của thư ký.", "ideology": "Thư ký ghi tư tưởng."}
    assert (
        client.put(
            f"{API}/meetings/{meeting_id}/minutes", headers=clerk, json={**stored, "version": 1}
        ).status_code
        == 200
    )
    mine = {
        **form,
        "version": "1",
        "client_save_id": "s-1b",
        "section_news": "Tin của bí thư.",
        "number": "07-BB/CB",
    }
    screen = client.post(f"/meetings/{meeting_id}/minutes", data=mine)
    assert screen.status_code == 409
    proposed = _checked(screen)
    assert proposed["sections.news"] == "mine"  # both changed it: hers, unless she chooses otherwise
    assert proposed["sections.ideology"] == "theirs"  # only the clerk changed it
    assert proposed["details"] == "mine"  # the number she typed has its own row
    assert _choose(client, meeting_id, screen, proposed).status_code == 303
    minutes = _stored(client, db, scene, meeting_id)
    assert minutes["sections"]["ideology"] == "Thư ký ghi tư tưởng."
    assert minutes["sections"]["news"] == "Tin của bí thư."
    assert minutes["number"] == "07-BB/CB"
