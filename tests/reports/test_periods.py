"""Reports of an earlier period show a branch under the committee it had then (issue #9, item 2).

Nà Noong holds its October 2019 meeting under Minh Phát and moves to Khuất Xá on 1 November.
"""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.classification import service as classification_service
from minutes.cli import CONSOLE
from minutes.orgs import service as orgs_service
from tests.helpers import api_headers, create_user, login, post_form, text_of
from tests.meetings.scene import Scene, na_noong, submit_october

API = "/api/v1"
MOVED_ON = dt.date(2019, 11, 1)


def _october_then_moved(client: TestClient, db: Session) -> tuple[Scene, int]:
    scene = na_noong(db)
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))
    accepted = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "accept", "comments": []},
    )
    assert accepted.status_code == 200, accepted.text
    _move_na_noong(db, scene)
    return scene, meeting


def _move_na_noong(db: Session, scene: Scene) -> None:
    orgs_service.move_unit(
        db,
        actor=CONSOLE,
        unit_id=scene.units["na_noong"].id,
        new_parent_id=scene.units["khuat_xa"].id,
        on=MOVED_ON,
    )
    db.flush()


def _board(client: TestClient, headers: dict[str, str], unit_id: int, branch_id: int) -> dict[str, str]:
    response = client.get(
        f"{API}/reports/compliance",
        params={"org_unit_id": unit_id, "from": "2019-09", "to": "2019-12"},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return {row["month"]: row["regular"] for row in response.json() if row["branch_id"] == branch_id}


def _khuat_xa_reviewer(db: Session, scene: Scene) -> dict[str, str]:
    return api_headers(
        db, create_user(db, username="xa.khuatxa", role="reviewer", unit=scene.units["khuat_xa"])
    )


def test_the_old_communes_board_keeps_the_branch_for_the_months_before_it_moved(
    client: TestClient, db: Session
) -> None:
    scene, _ = _october_then_moved(client, db)
    branch = scene.units["na_noong"].id
    minh_phat = _board(client, api_headers(db, scene.reviewer), scene.units["minh_phat"].id, branch)
    assert minh_phat == {"2019-09": "missing", "2019-10": "accepted"}
    khuat_xa = _board(client, _khuat_xa_reviewer(db, scene), scene.units["khuat_xa"].id, branch)
    assert khuat_xa == {"2019-11": "missing", "2019-12": "missing"}
    district = api_headers(
        db, create_user(db, username="huyen", role="reviewer", unit=scene.units["district"])
    )
    assert set(_board(client, district, scene.units["district"].id, branch)) == {
        "2019-09",
        "2019-10",
        "2019-11",
        "2019-12",
    }


def test_the_board_page_shows_the_months_spent_under_another_committee_as_such(
    client: TestClient, db: Session
) -> None:
    scene, meeting = _october_then_moved(client, db)
    login(client, "xa")
    page = client.get(
        "/reports", params={"unit": scene.units["minh_phat"].id, "first": "2019-09", "last": "2019-12"}
    )
    assert page.status_code == 200
    assert "Chi bộ thôn Nà Noong" in page.text and f'href="/meetings/{meeting}"' in page.text
    assert page.text.count('class="cell away"') == 2 + 1  # November, December, and the legend
    # The committee it was under then heads its line, not the one it has now.
    assert "Đảng bộ xã Minh Phát" in page.text and "Đảng bộ xã Khuất Xá" not in page.text


def test_a_month_belongs_to_the_committee_the_branch_was_under_when_it_began(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    orgs_service.move_unit(
        db,
        actor=CONSOLE,
        unit_id=scene.units["na_noong"].id,
        new_parent_id=scene.units["khuat_xa"].id,
        on=dt.date(2019, 10, 15),
    )
    db.flush()
    minh_phat = _board(
        client, api_headers(db, scene.reviewer), scene.units["minh_phat"].id, scene.units["na_noong"].id
    )
    assert set(minh_phat) == {"2019-09", "2019-10"}


def test_the_old_communes_attendance_counts_the_branchs_months_with_it(
    client: TestClient, db: Session
) -> None:
    scene, _ = _october_then_moved(client, db)
    branch = scene.units["na_noong"].id

    def year_of(unit: str, headers: dict[str, str]) -> dict[str, object]:
        response = client.get(
            f"{API}/reports/attendance",
            params={"org_unit_id": scene.units[unit].id, "year": 2019},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        return response.json()

    minh_phat = year_of("minh_phat", api_headers(db, scene.reviewer))
    assert [(b["branch_id"], b["meetings"]) for b in minh_phat["branches"]] == [(branch, 1)]  # type: ignore[index,union-attr]
    assert len(minh_phat["members"]) == 16  # type: ignore[arg-type]  # 19 on the roll, 3 exempt
    khuat_xa = year_of("khuat_xa", _khuat_xa_reviewer(db, scene))
    assert khuat_xa == {"branches": [], "members": []}
    login(client, "xa")
    page = client.get("/reports/attendance", params={"unit": scene.units["minh_phat"].id, "year": 2019})
    assert page.status_code == 200 and "Chi bộ thôn Nà Noong" in page.text


def test_a_years_classification_stays_with_the_committee_the_branch_was_under_that_year(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    for year in (2018, 2019):
        classification_service.classify_unit(
            db, actor=CONSOLE, year=year, org_unit_id=scene.units["na_noong"].id, level="good"
        )
    _move_na_noong(db, scene)
    reviewer, khuat_xa = api_headers(db, scene.reviewer), _khuat_xa_reviewer(db, scene)

    def good_below(unit: str, year: int, headers: dict[str, str]) -> int:
        response = client.get(
            f"{API}/reports/classification",
            params={"org_unit_id": scene.units[unit].id, "year": year},
            headers=headers,
        )
        assert response.status_code == 200, response.text
        return int(response.json()["org_units"]["levels"]["good"]["count"])

    assert good_below("minh_phat", 2018, reviewer) == 1
    assert good_below("minh_phat", 2019, reviewer) == 0  # December 2019 was Khuất Xá's
    assert good_below("khuat_xa", 2019, khuat_xa) == 1
    assert good_below("khuat_xa", 2018, khuat_xa) == 0
    login(client, "xa")
    page = text_of(client.get(f"/units/{scene.units['minh_phat'].id}/classification", params={"year": 2018}))
    assert "Chi bộ thôn Nà Noong" in page


def test_the_old_communes_supervision_of_that_year_keeps_the_branch(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    login(client, "admin.xa")
    url = f"/units/{scene.units['minh_phat'].id}/supervision"
    followed = {"user_id": str(scene.reviewer.id), "followed_id": str(scene.units["na_noong"].id)}
    assert post_form(client, url, followed).status_code == 303
    _move_na_noong(db, scene)
    assert "Chi bộ thôn Nà Noong" in text_of(client.get(f"{url}?year=2019"))
    assert "Chi bộ thôn Nà Noong" not in text_of(client.get(f"{url}?year=2020"))


def test_after_a_move_in_the_middle_of_a_month_its_board_and_its_minutes_agree(
    client: TestClient, db: Session
) -> None:
    scene = na_noong(db)
    meeting = submit_october(client, scene, api_headers(db, scene.secretary))  # held on 5 October
    orgs_service.move_unit(
        db, actor=CONSOLE, unit_id=scene.units["na_noong"].id, new_parent_id=scene.units["khuat_xa"].id,
        on=dt.date(2019, 10, 3),
    )  # fmt: skip
    db.flush()
    reviewer = api_headers(db, scene.reviewer)
    board = _board(client, reviewer, scene.units["minh_phat"].id, scene.units["na_noong"].id)
    assert board["2019-10"] == "submitted"  # October began under Minh Phát
    assert client.get(f"{API}/meetings/{meeting}", headers=reviewer).status_code == 200  # and its link opens
