"""Submission times are facts: the first submission stays, a return gives its own deadline."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes import clock
from minutes.auth import service as auth_service
from minutes.config import Settings
from minutes.meetings.models import Meeting, Submission
from minutes.review import pages as review_pages
from minutes.review import reminders
from tests.helpers import api_headers, login, text_of
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular, submit_october

API = "/api/v1"


def _returned(client: TestClient, db: Session) -> tuple[Scene, int, dict[str, str], dict[str, str]]:
    scene = na_noong(db)
    secretary, reviewer = api_headers(db, scene.secretary), api_headers(db, scene.reviewer)
    meeting = submit_october(client, scene, secretary)
    returned = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=reviewer,
        json={"decision": "return", "comments": [{"text": "Ghi rõ lý do vắng của đồng chí Cường."}]},
    )
    assert returned.status_code == 200, returned.text
    return scene, meeting, secretary, reviewer


def test_a_resubmission_keeps_the_first_submission_time(client: TestClient, db: Session) -> None:
    scene, meeting, secretary, reviewer = _returned(client, db)
    corrected = client.put(
        f"{API}/meetings/{meeting}/minutes", headers=secretary, json=october_minutes(scene, version=1)
    )
    assert corrected.status_code == 200, corrected.text
    assert client.post(f"{API}/meetings/{meeting}/submit", headers=secretary).status_code == 200
    first, second = db.scalars(select(Submission.submitted_at).order_by(Submission.id)).all()
    queued = client.get(f"{API}/review-queue", headers=reviewer).json()
    assert [(q["meeting_id"], q["version"]) for q in queued] == [(meeting, 2)]
    assert dt.datetime.fromisoformat(queued[0]["first_submitted_at"]) == first
    assert dt.datetime.fromisoformat(queued[0]["submitted_at"]) >= second > first
    stored = db.get(Meeting, meeting)
    assert stored is not None and stored.first_submitted_at == first


def test_a_returned_minutes_is_due_counted_from_the_return(client: TestClient, db: Session) -> None:
    scene, meeting, _, _ = _returned(client, db)
    actor = auth_service.load_actor(db, user=scene.secretary)
    returned_on = clock.today()  # the meeting was in 2019; the return is today
    due = reminders.reminders_for(db, actor=actor, settings=Settings(submit_within_days=5), today=returned_on)
    mine = [r for r in due if r.link == f"/meetings/{meeting}"]
    assert len(mine) == 1 and "sửa" in mine[0].text
    assert mine[0].due_on == returned_on + dt.timedelta(days=5) and not mine[0].late


def test_the_queue_names_each_branch_with_its_commune(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))
    (queued,) = client.get(f"{API}/review-queue", headers=api_headers(db, scene.reviewer)).json()
    assert queued["org_unit_path"] == ["Đảng bộ huyện Lộc Bình", "Đảng bộ xã Minh Phát"]
    assert queued["first_submitted_at"] == queued["submitted_at"]


def test_the_queue_is_paged_and_the_pages_keep_the_filter(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    submit_october(client, scene, headers)
    november = plan_regular(client, headers, scene.units["na_noong"].id, period="2019-11")
    text = json.dumps(october_minutes(scene)).replace("2019-10-31", "2019-11-30")
    body = json.loads(text.replace("2019-10", "2019-11"))
    saved = client.put(f"{API}/meetings/{november}/minutes", headers=headers, json=body)
    assert saved.status_code == 200, saved.text
    assert client.post(f"{API}/meetings/{november}/submit", headers=headers).status_code == 200
    monkeypatch.setattr(review_pages, "QUEUE_PER_PAGE", 1)
    login(client, scene.reviewer.username)
    first = client.get("/review?kind=regular")
    assert "2 biên bản đang chờ" in text_of(first) and "Trang 1/2" in text_of(first)
    assert text_of(first).count("Thường kỳ ·") == 1
    assert 'href="/review?kind=regular&amp;page=2"' in first.text
    second = client.get("/review?kind=regular&page=2")
    assert "Trang 2/2" in text_of(second) and 'href="/review?kind=regular&amp;page=1"' in second.text
