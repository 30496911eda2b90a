"""One sitting at the form is one line in the version list, its working copies folded under it."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.auth import service as auth_service
from minutes.meetings import history
from minutes.meetings.models import MinutesRevision
from minutes.meetings.structure import structure_in_force
from tests.helpers import api_headers, csrf_from, login, text_of
from tests.meetings.scene import Scene, na_noong
from tests.meetings.test_pages import _filled_form, _plan_through_the_form

API = "/api/v1"
START = dt.datetime(2019, 10, 5, 12, 30, tzinfo=dt.UTC)


def _form_saves(client: TestClient, scene: Scene) -> tuple[int, dict[str, str]]:
    """The secretary saves once by hand (version 1), then types on."""
    login(client, "bithu")
    meeting_id = _plan_through_the_form(client, scene)
    page = client.get(f"/meetings/{meeting_id}/minutes")
    form = {**_filled_form(scene, text_of(page)), "csrf_token": csrf_from(page)}
    assert (
        client.post(f"/meetings/{meeting_id}/minutes", data=form, follow_redirects=False).status_code == 303
    )
    return meeting_id, form


def _save(client: TestClient, meeting_id: int, form: dict[str, str], version: int, **fields: str) -> int:
    answer = client.post(
        f"/meetings/{meeting_id}/minutes",
        data={**form, **fields, "version": str(version), "client_save_id": f"s-{version}"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["version"])


def test_working_copies_fold_under_the_save_that_ends_the_sitting(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    meeting_id, form = _form_saves(client, scene)
    version = _save(client, meeting_id, form, 1, autosave="1", section_news="Tin một.")
    version = _save(client, meeting_id, form, version, autosave="1", section_news="Tin một, hai.")
    form["section_news"] = "Tin một, hai."
    version = _save(client, meeting_id, form, version, autosave="1", section_ideology="Phấn khởi, tin tưởng.")
    assert _save(client, meeting_id, form, version, section_ideology="Phấn khởi, tin tưởng.") == 5
    listed = client.get(f"{API}/meetings/{meeting_id}/versions", headers=api_headers(db, scene.clerk)).json()
    assert [v["autosave"] for v in listed] == [False, True, True, True, False]
    page = text_of(client.get(f"/meetings/{meeting_id}/versions"))
    assert page.count("3 bản tự động lưu trong lần soạn này") == 1
    # Two lines: version 1, and the sitting that ended with version 5, saying all it changed.
    assert page.count("Đã sửa:") == 1
    changed = page.split("Đã sửa:")[1].split("3 bản tự động lưu")[0]
    assert "Thông tin thời sự" in changed and "Tình hình tư tưởng" in changed, changed


def test_a_colleagues_save_ends_the_sitting(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    meeting_id, form = _form_saves(client, scene)
    version = _save(client, meeting_id, form, 1, autosave="1", section_news="Tin một.")
    clerk = api_headers(db, scene.clerk)
    stored = client.get(f"{API}/meetings/{meeting_id}", headers=clerk).json()["minutes"]
    saved = client.put(
        f"{API}/meetings/{meeting_id}/minutes",
        headers=clerk,
        json={**stored, "version": version, "place": "Nhà bí thư"},
    )
    assert saved.status_code == 200
    _save(client, meeting_id, form, 3, autosave="1", section_news="Tin một.", place="Nhà bí thư")
    rows = history.versions(db, actor=_actor(db, scene), meeting_id=meeting_id)
    assert [[line.revision.version for line in (*s.working, s.last)] for s in history.sittings(rows)] == [
        [1],
        [2],
        [3],
        [4],
    ]


def _actor(db: Session, scene: Scene) -> Actor:
    return auth_service.load_actor(db, user=scene.secretary)


def _line(
    version: int, minutes: int, *, autosave: bool = True, by: int = 1, status: str = "draft"
) -> history.VersionLine:
    revision = MinutesRevision(
        version=version,
        autosave=autosave,
        saved_by_id=by,
        saved_at=START + dt.timedelta(minutes=minutes),
        content={},
        structure_kind="regular",
        structure_version=structure_in_force("regular").version,
    )
    return history.VersionLine(revision, None, status, [])


def test_copies_more_than_two_hours_apart_are_two_sittings() -> None:
    lines = [_line(1, 0), _line(2, 20), _line(3, 200), _line(4, 210, autosave=False), _line(5, 215)]
    grouped = history.sittings(lines)
    assert [(s.last.revision.version, [w.revision.version for w in s.working]) for s in grouped] == [
        (2, [1]),
        (4, [3]),
        (5, []),
    ]


def test_another_person_or_a_submission_starts_a_new_sitting() -> None:
    lines = [_line(1, 0), _line(2, 5, by=2), _line(3, 10, by=2), _line(4, 12, by=2, status="submitted")]
    grouped = history.sittings(lines)
    assert [s.last.revision.version for s in grouped] == [1, 3, 4]
