"""The dates of a meeting: not after today, inside its period, planned within reach, written the
Vietnamese way or the app's (#12 item 5)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings.models import Meeting
from tests.conftest import Configure
from tests.helpers import api_headers, login, post_form, text_of
from tests.meetings.scene import na_noong, october_minutes, plan_regular

API = "/api/v1"


def _findings(client: TestClient, headers: dict[str, str], meeting: int) -> dict[str, str]:
    answer = client.get(f"{API}/meetings/{meeting}/findings", headers=headers).json()
    return {finding["code"]: finding["message"] for finding in answer}


def test_minutes_dated_after_today_cannot_be_sent(
    client: TestClient, db: Session, configure: Configure
) -> None:
    configure(today="2019-10-03")  # the secretary types the 5th two days early
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    saved = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    assert saved.status_code == 200, saved.text
    findings = _findings(client, headers, meeting)
    assert "05/10/2019" in findings["held_in_future"]
    assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 422
    configure(today="2019-10-04")  # a day's grace: written up the evening before in another time zone
    assert "held_in_future" not in _findings(client, headers, meeting)


def test_the_days_of_grace_are_a_setting(client: TestClient, db: Session, configure: Configure) -> None:
    configure(today="2019-10-03")
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=october_minutes(scene))
    assert "held_in_future" in _findings(client, headers, meeting)
    configure(today="2019-10-03", meeting_date_grace_days="2")
    assert "held_in_future" not in _findings(client, headers, meeting)


def test_a_meeting_held_outside_its_period_is_a_warning_naming_both(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id, period="2019-09")
    body = october_minutes(scene)  # held on 05/10/2019 for September
    client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    message = _findings(client, headers, meeting)["outside_period"]
    assert "05/10/2019" in message and "tháng 9/2019" in message
    assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 200


def test_a_period_years_ahead_is_refused_and_changes_nothing(
    client: TestClient, db: Session, configure: Configure
) -> None:
    configure(today="2026-12-06")
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    branch = scene.units["na_noong"].id
    body = {
        "org_unit_id": branch,
        "kind": "regular",
        "period": "2031-01",
        "scheduled_at": "2031-01-05T19:30:00+07:00",
    }
    refused = client.post(f"{API}/meetings", headers=headers, json=body)
    assert refused.status_code == 422
    assert refused.json()["details"][0]["field"] == "period"
    assert db.query(Meeting).count() == 0
    next_year = {**body, "period": "2027-12", "scheduled_at": "2027-12-05T19:30:00+07:00"}
    assert client.post(f"{API}/meetings", headers=headers, json=next_year).status_code == 201
    configure(today="2026-12-06", plan_ahead_months="60")
    assert client.post(f"{API}/meetings", headers=headers, json=body).status_code == 201


def test_a_period_before_the_party_existed_is_refused(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    body = {
        "org_unit_id": scene.units["na_noong"].id,
        "kind": "regular",
        "period": "0001-01",
        "scheduled_at": "2019-10-05T19:30:00+07:00",
    }
    refused = client.post(f"{API}/meetings", headers=headers, json=body)
    assert refused.status_code == 422, refused.text


@pytest.mark.parametrize("written", ["12/2019", "tháng 12/2019", "Tháng 12/2019", "2019-12", "T12/2019"])
def test_the_secretary_writes_the_period_as_she_says_it(
    client: TestClient, db: Session, written: str
) -> None:
    scene = na_noong(db)
    login(client, scene.secretary.username)
    branch = scene.units["na_noong"].id
    page = client.get(f"/units/{branch}/meetings")
    assert 'maxlength="20"' in page.text  # "tháng 12/2026" is no longer cut to "tháng 1"
    planned = post_form(
        client,
        f"/units/{branch}/meetings",
        {"kind": "regular", "period": written, "date": "2019-12-05", "time": "19:30", "place": "Nhà văn hoá"},
    )
    assert planned.status_code == 303, text_of(planned)
    meeting = db.get(Meeting, int(planned.headers["location"].split("/")[2]))
    assert meeting is not None and meeting.period == "2019-12"


def test_a_period_that_is_not_one_is_named_on_the_form(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    login(client, scene.secretary.username)
    branch = scene.units["na_noong"].id
    refused = post_form(
        client,
        f"/units/{branch}/meetings",
        {"kind": "regular", "period": "mười hai", "date": "2019-12-05", "time": "19:30", "place": ""},
    )
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text and 'value="mười hai"' in refused.text
    assert db.query(Meeting).count() == 0
