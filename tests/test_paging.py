"""Every list of the API is paged the same way: ``limit`` items from ``offset`` (#11)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import api_headers, create_user
from tests.meetings.scene import na_noong, submit_october

API = "/api/v1"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/org-units", {}),
        ("/org-units/{branch}/members", {}),
        ("/reports/tasks", {"org_unit_id": "{district}", "overdue": "false"}),
        ("/reports/overview", {"org_unit_id": "{district}", "month": "2019-10"}),
        ("/reports/compliance", {"org_unit_id": "{district}", "from": "2019-09", "to": "2019-10"}),
    ],
)
def test_a_page_is_the_slice_of_the_whole_list_it_names(
    client: TestClient, db: Session, path: str, params: dict[str, str]
) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))
    district = api_headers(
        db, create_user(db, username="huyen", role="reviewer", unit=scene.units["district"])
    )
    ids = {"district": scene.units["district"].id, "branch": scene.units["na_noong"].id}
    url = API + path.format(**ids)
    query = {key: value.format(**ids) for key, value in params.items()}
    whole = client.get(url, params=query, headers=district)
    assert whole.status_code == 200, whole.text
    everything = whole.json()
    assert len(everything) >= 2, path  # something to page through
    page = client.get(url, params={**query, "limit": 1, "offset": 1}, headers=district).json()
    assert page == everything[1:2]
    assert client.get(url, params={**query, "limit": 0}, headers=district).status_code == 422


def test_the_review_queue_pages_from_an_offset_and_refuses_pages_over_a_thousand(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    submit_october(client, scene, api_headers(db, scene.secretary))
    reviewer = api_headers(db, scene.reviewer)
    (only,) = client.get(f"{API}/review-queue", headers=reviewer).json()
    assert only["period"] == "2019-10"
    assert client.get(f"{API}/review-queue", params={"offset": 1}, headers=reviewer).json() == []
    assert client.get(f"{API}/review-queue", params={"limit": 1001}, headers=reviewer).status_code == 422
