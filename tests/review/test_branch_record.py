"""The branch's recent record beside the minutes under review: attendance at its last meetings."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings import history
from minutes.meetings.models import Meeting
from tests.helpers import api_headers
from tests.meetings.scene import na_noong, october_minutes, plan_regular

API = "/api/v1"


def _minutes_of(
    client: TestClient, headers: dict[str, str], branch_id: int, period: str, body: dict[str, Any]
) -> int:
    meeting = plan_regular(client, headers, branch_id, period)
    saved = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    assert saved.status_code == 200, saved.text
    return meeting


def test_the_record_counts_the_last_months_up_to_the_minutes_under_review_and_no_later(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    branch = scene.units["na_noong"].id
    ids = {
        p: _minutes_of(client, headers, branch, p, october_minutes(scene))
        for p in ("2019-08", "2019-09", "2019-10", "2019-11")
    }
    october = db.get(Meeting, ids["2019-10"])
    assert october is not None

    record = history.branch_record(db, meeting=october, months=2)

    months = [period for period, _, _ in record.attendance]
    assert months == ["2019-09", "2019-10"]  # oldest first, November not yet
    counts = {(present, expected) for _, present, expected in record.attendance}
    assert len(counts) == 1  # the same minutes each month
    present, expected = counts.pop()
    assert 0 < present < expected <= len(scene.members)
    longer = history.branch_record(db, meeting=october, months=6)
    assert [period for period, _, _ in longer.attendance] == ["2019-08", "2019-09", "2019-10"]
