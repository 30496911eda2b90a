"""Deadlines: what is due or late for a secretary and for a reviewer."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes import clock
from minutes.auth import service as auth_service
from minutes.auth.models import RoleGrant
from minutes.config import Settings
from minutes.review import reminders
from tests.helpers import api_headers, create_unit, create_user, login, text_of
from tests.meetings.scene import na_noong, october_minutes

API = "/api/v1"


def _meeting(client: TestClient, headers: dict[str, str], scene, period: str = "2019-10") -> int:  # type: ignore[no-untyped-def]
    return int(
        client.post(
            f"{API}/meetings",
            headers=headers,
            json={
                "org_unit_id": scene.units["na_noong"].id,
                "kind": "regular",
                "period": period,
                "scheduled_at": "2019-10-05T19:30:00+07:00",
            },
        ).json()["id"]
    )


def test_secretary_is_reminded_to_write_then_to_submit_and_it_is_late_after_the_deadline(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = _meeting(client, headers, scene)
    actor = auth_service.load_actor(db, user=scene.secretary)
    settings = Settings(submit_within_days=5)
    due = reminders.reminders_for(db, actor=actor, settings=settings, today=dt.date(2019, 10, 8))
    mine = [r for r in due if r.link == f"/meetings/{meeting}"]
    assert len(mine) == 1 and "ghi biên bản" in mine[0].text and not mine[0].late
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    late = reminders.reminders_for(db, actor=actor, settings=settings, today=dt.date(2019, 10, 11))
    mine = [r for r in late if r.link == f"/meetings/{meeting}"]
    assert mine[0].late and "gửi biên bản" in mine[0].text and mine[0].due_on == dt.date(2019, 10, 10)
    client.post(f"{API}/meetings/{meeting}/submit", headers=headers)
    assert not [
        r
        for r in reminders.reminders_for(db, actor=actor, settings=settings, today=dt.date(2019, 10, 11))
        if r.link == f"/meetings/{meeting}"
    ]


def test_reviewer_sees_minutes_waiting_too_long_as_late(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = _meeting(client, headers, scene)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    client.post(f"{API}/meetings/{meeting}/submit", headers=headers)
    actor = auth_service.load_actor(db, user=scene.reviewer)
    today = clock.today()
    fresh = reminders.reminders_for(db, actor=actor, settings=Settings(review_within_days=7), today=today)
    assert [(r.link, r.late) for r in fresh] == [(f"/meetings/{meeting}/review", False)]
    stale = reminders.reminders_for(
        db, actor=actor, settings=Settings(review_within_days=7), today=today + dt.timedelta(days=8)
    )
    assert stale[0].late


def test_a_branch_without_a_regular_meeting_this_month_is_reminded(client: TestClient, db: Session) -> None:
    na_noong(db)
    login(client, "bithu")
    page = client.get("/reminders")
    assert page.status_code == 200
    assert "Chi bộ thôn Nà Noong: chưa lập buổi sinh hoạt thường kỳ" in text_of(page)


def test_the_secretarys_home_starts_with_what_is_due_in_words(client: TestClient, db: Session) -> None:
    na_noong(db)
    login(client, "bithu")
    home = client.get("/")
    month = clock.today()
    said = f"Chi bộ thôn Nà Noong: chưa lập buổi sinh hoạt thường kỳ tháng {month.month}/{month.year}."
    assert said in text_of(home)  # not "kỳ 2026-12", nor "thường kỳ kỳ"
    link = BeautifulSoup(home.text, "html.parser").find("a", string=said)
    assert link is not None and link["href"].startswith("/units/")
    assert text_of(home).index("Việc cần làm") < text_of(home).index("Công việc của bạn")


def test_the_reviewers_home_lists_five_and_counts_the_rest(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    for month in range(1, 8):
        meeting = _meeting(client, headers, scene, period=f"2019-{month:02d}")
        client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
        assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 200
    login(client, scene.reviewer.username)
    home = BeautifulSoup(client.get("/").text, "html.parser")
    items = home.select("ul.reminders li")
    assert len(items) == 5 and all("xem xét biên bản tháng" in li.get_text() for li in items)
    assert home.find("a", href="/reminders", string="Xem cả 7 việc cần làm") is not None


def test_a_district_reviewer_is_told_which_commune_a_branch_of_a_shared_name_belongs_to(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    # Another commune has a branch of the same name: the district must tell the two apart.
    create_unit(db, parent=scene.units["khuat_xa"], name="Chi bộ thôn Nà Noong")
    headers = api_headers(db, scene.secretary)
    meeting = _meeting(client, headers, scene)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    client.post(f"{API}/meetings/{meeting}/submit", headers=headers)
    district = create_user(db, username="huyen", role="reviewer", unit=scene.units["district"])
    settings = Settings()
    seen_from_district = reminders.reminders_for(
        db, actor=auth_service.load_actor(db, user=district), settings=settings
    )
    review = [r.text for r in seen_from_district if r.link == f"/meetings/{meeting}/review"]
    assert len(review) == 1
    assert review[0].startswith("Chi bộ thôn Nà Noong — Đảng bộ xã Minh Phát: xem xét biên bản tháng 10/2019")
    seen_from_commune = reminders.reminders_for(
        db, actor=auth_service.load_actor(db, user=scene.reviewer), settings=settings
    )
    mine = [r.text for r in seen_from_commune if r.link == f"/meetings/{meeting}/review"]
    assert mine[0].startswith(
        "Chi bộ thôn Nà Noong: xem xét"
    )  # within its own commune the name alone is clear


def test_the_home_reads_only_the_first_reminders_yet_in_the_to_do_lists_order(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    for month in range(1, 6):
        meeting = _meeting(client, headers, scene, period=f"2019-{month:02d}")
        client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
        assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 200
    _meeting(client, headers, scene, period="2019-06")  # a meeting whose minutes are not written yet
    both = create_user(db, username="bithu.xa", role="secretary", unit=scene.units["na_noong"])
    db.add(RoleGrant(user_id=both.id, role="reviewer", org_unit_id=scene.units["minh_phat"].id))
    db.flush()
    actor = auth_service.load_actor(db, user=both)
    settings = Settings(review_within_days=7)
    later = clock.today() + dt.timedelta(days=30)  # every review late by then, the minutes to write too
    everything = reminders.reminders_for(db, actor=actor, settings=settings, today=later)
    first, total = reminders.most_pressing(db, actor=actor, settings=settings, limit=3, today=later)
    assert total == len(everything) >= 7
    assert [r.link for r in first] == [r.link for r in everything[:3]]
