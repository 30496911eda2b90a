"""Every bar DOMAIN Part A names is a setting, and changing it changes the outcome where it is used."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy.orm import Session

from minutes.classification import service as classification_service
from minutes.cli import CONSOLE
from minutes.config import Settings
from minutes.review import rubric as rubric_module
from tests.conftest import Configure
from tests.helpers import api_headers, create_user, login, post_form, text_of
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular

API = "/api/v1"


def _october(
    client: TestClient, db: Session, change: Callable[[dict[str, Any], Scene], None] | None = None
) -> tuple[Scene, int, dict[str, str]]:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting = plan_regular(client, headers, scene.units["na_noong"].id)
    body = october_minutes(scene)
    if change:
        change(body, scene)
    saved = client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body)
    assert saved.status_code == 200, saved.text
    return scene, meeting, headers


def _codes(client: TestClient, headers: dict[str, str], meeting: int) -> set[str]:
    return {f["code"] for f in client.get(f"{API}/meetings/{meeting}/findings", headers=headers).json()}


def test_the_attendance_bar_is_read_by_each_meetings_findings(
    client: TestClient, db: Session, configure: Configure
) -> None:
    _, meeting, headers = _october(client, db)  # 14 of 16 expected: 87.5%
    assert "attendance_below_bar" not in _codes(client, headers, meeting)
    configure(attendance_bar_percent="90")
    assert "attendance_below_bar" in _codes(client, headers, meeting)


def test_the_shortest_meeting_of_each_kind_is_a_setting(
    client: TestClient, db: Session, configure: Configure
) -> None:
    _, meeting, headers = _october(client, db)  # 19:30 to 21:15, 105 minutes
    assert "too_short" not in _codes(client, headers, meeting)
    configure(min_minutes_regular="120")
    assert "too_short" in _codes(client, headers, meeting)


def test_an_extraordinary_meeting_has_no_minimum_unless_one_is_set(
    client: TestClient, db: Session, configure: Configure
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    planned = client.post(
        f"{API}/meetings",
        headers=headers,
        json={"org_unit_id": scene.units["na_noong"].id, "kind": "extraordinary", "period": "2019-10",
              "scheduled_at": "2019-10-20T19:30:00+07:00"},
    )  # fmt: skip
    assert planned.status_code == 201, planned.text
    meeting = planned.json()["id"]
    body = {
        **october_minutes(scene),
        "started_at": "2019-10-20T19:30:00+07:00",
        "ended_at": "2019-10-20T20:00:00+07:00",
    }
    body["sections"] = {}
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    assert "too_short" not in _codes(client, headers, meeting)  # half an hour, and the rules set no minimum
    configure(min_minutes_extraordinary="45")
    assert "too_short" in _codes(client, headers, meeting)


def test_the_share_a_resolution_needs_is_a_setting(
    client: TestClient, db: Session, configure: Configure
) -> None:
    def nine_of_fifteen(body: dict[str, Any], scene: Scene) -> None:
        body["votes"]["resolution"] = {"for": 9, "against": 4, "abstain": 0}

    _, meeting, headers = _october(client, db, nine_of_fifteen)
    assert "resolution_not_passed" not in _codes(client, headers, meeting)  # 9 > 15 / 2
    configure(vote_pass_share="2/3")
    assert "resolution_not_passed" in _codes(client, headers, meeting)  # 9 is not above 10


def test_the_share_a_vote_on_a_person_needs_is_a_setting(
    client: TestClient, db: Session, configure: Configure
) -> None:
    def admission(body: dict[str, Any], scene: Scene) -> None:
        body["votes"]["admission"] = {"name": "Hoàng Văn Mới", "for": 12, "against": 1, "abstain": 0}

    _, meeting, headers = _october(client, db, admission)  # 12 of 18 official members: two thirds
    assert "special_vote_not_passed" not in _codes(client, headers, meeting)
    configure(special_vote_share="3/4")
    assert "special_vote_not_passed" in _codes(client, headers, meeting)


def test_the_denominator_of_routine_votes_is_a_setting_kept_with_each_vote(
    client: TestClient, db: Session, configure: Configure
) -> None:
    def seven_of_thirteen(body: dict[str, Any], scene: Scene) -> None:
        for line in body["attendance"]:
            if line["member_id"] == scene.member_id("Lăng Văn Cường"):
                line.update(status="absent_excused", reason="Đi làm ăn xa")
        body["votes"]["resolution"] = {"for": 7, "against": 6, "abstain": 0}

    scene, meeting, headers = _october(client, db, seven_of_thirteen)
    # A.6: 18 official less 3 exempt = 15, and 7 is not above half of it.
    assert "resolution_not_passed" in _codes(client, headers, meeting)
    vote = client.get(f"{API}/meetings/{meeting}", headers=headers).json()["minutes"]["votes"]["resolution"]
    assert (vote["eligible"], vote["passed"], vote["denominator_rule"]) == (15, False, "a6")
    configure(vote_denominator="b3")  # QĐ 24 item 9.3.2 as B.3 reads it: less the 2 absent with a reason
    assert "resolution_not_passed" not in _codes(client, headers, meeting)
    body = {**october_minutes(scene), "version": 1}
    seven_of_thirteen(body, scene)
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=headers, json=body).status_code == 200
    vote = client.get(f"{API}/meetings/{meeting}", headers=headers).json()["minutes"]["votes"]["resolution"]
    assert (vote["eligible"], vote["passed"], vote["denominator_rule"]) == (13, True, "b3")


def test_a_quorum_applies_only_where_a_province_sets_one(
    client: TestClient, db: Session, configure: Configure
) -> None:
    _, meeting, headers = _october(client, db)
    assert "below_quorum" not in _codes(client, headers, meeting)
    configure(quorum_percent="90")
    assert "below_quorum" in _codes(client, headers, meeting)


def test_the_months_that_flag_a_member_for_removal_are_a_setting(
    client: TestClient, db: Session, configure: Configure
) -> None:
    scene, _meeting, _headers = _october(client, db)  # Lăng Văn Cường absent without a reason once
    reviewer = api_headers(db, scene.reviewer)
    url = f"{API}/reports/attendance?org_unit_id={scene.units['minh_phat'].id}&year=2019"

    def flagged() -> list[int]:
        return [
            m["member_id"] for m in client.get(url, headers=reviewer).json()["members"] if m["removal_review"]
        ]

    assert flagged() == []
    configure(removal_review_months="1")
    assert flagged() == [scene.member_id("Lăng Văn Cường")]


def test_the_classification_bands_are_a_setting(db: Session, configure: Configure) -> None:
    scene = na_noong(db)
    given = classification_service.classify_unit(
        db, actor=CONSOLE, year=2019, org_unit_id=scene.units["na_noong"].id, level=None, points=92
    )
    assert given.level == "excellent"
    configure(classification_bands="95,80,60")
    given = classification_service.classify_unit(
        db, actor=CONSOLE, year=2019, org_unit_id=scene.units["ban_khun"].id, level=None, points=92
    )
    assert given.level == "good"


def test_supervision_quotas_by_committee_level_are_a_setting(
    client: TestClient, db: Session, configure: Configure
) -> None:
    scene = na_noong(db)
    create_user(db, username="admin.xa", role="admin", unit=scene.units["minh_phat"])
    login(client, "admin.xa")
    url = f"/units/{scene.units['minh_phat'].id}/supervision"
    followed = {"user_id": str(scene.reviewer.id), "followed_id": str(scene.units["na_noong"].id)}
    assert post_form(client, url, followed).status_code == 303
    assert "thiếu 6" in text_of(client.get(f"{url}?year=2019"))  # one quota for all: 6
    configure(supervision_quotas="2,4")  # the district's members 2, a commune's 4
    assert "thiếu 4" in text_of(client.get(f"{url}?year=2019"))


def test_bands_and_shares_that_cannot_be_are_refused_at_start() -> None:
    for wrong in (
        {"classification_bands": "50,70,90"},
        {"vote_pass_share": "3/2"},
        {"special_vote_share": "two thirds"},
    ):
        with pytest.raises(ValidationError):
            Settings(**wrong)  # type: ignore[arg-type]


def test_the_rubric_in_force_is_the_one_the_settings_name(
    client: TestClient, db: Session, configure: Configure, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = yaml.safe_load((rubric_module.RUBRICS_DIR / "hd42.yaml").read_text(encoding="utf-8"))
    sheet["key"], sheet["title"] = "nghe_an", "Phiếu chấm điểm của Tỉnh ủy Nghệ An"
    (tmp_path / "hd42.yaml").write_text(
        (rubric_module.RUBRICS_DIR / "hd42.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "nghe_an.yaml").write_text(yaml.safe_dump(sheet, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(rubric_module, "RUBRICS_DIR", tmp_path)
    rubric_module.load_rubric.cache_clear()
    _scene, meeting, headers = _october(client, db)
    assert client.post(f"{API}/meetings/{meeting}/submit", headers=headers).status_code == 200
    login(client, "xa")
    assert "Nghệ An" not in text_of(client.get(f"/meetings/{meeting}/review"))
    configure(rubric="nghe_an")
    assert "Phiếu chấm điểm của Tỉnh ủy Nghệ An" in text_of(client.get(f"/meetings/{meeting}/review"))
    rubric_module.load_rubric.cache_clear()


def test_how_far_back_tasks_are_carried_is_a_setting(
    client: TestClient, db: Session, configure: Configure
) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    branch = scene.units["na_noong"].id

    def meeting(period: str, day: str, tasks: list[str]) -> int:
        planned = client.post(
            f"{API}/meetings", headers=headers,
            json={"org_unit_id": branch, "kind": "regular", "period": period, "scheduled_at": f"{day}T19:30:00+07:00"},
        )  # fmt: skip
        body = {
            **october_minutes(scene),
            "started_at": f"{day}T19:30:00+07:00",
            "ended_at": f"{day}T21:15:00+07:00",
        }
        body["tasks"] = [{"title": title} for title in tasks]
        assert (
            client.put(
                f"{API}/meetings/{planned.json()['id']}/minutes", headers=headers, json=body
            ).status_code
            == 200
        )
        return int(planned.json()["id"])

    meeting("2018-09", "2018-09-05", ["Làm đường liên thôn"])
    meeting("2019-06", "2019-06-05", ["Thu quỹ khuyến học"])
    october = meeting("2019-10", "2019-10-05", [])

    def carried() -> list[str]:
        return [
            t["title"] for t in client.get(f"{API}/meetings/{october}/previous-tasks", headers=headers).json()
        ]

    assert carried() == ["Thu quỹ khuyến học"]  # September 2018 is more than 12 months back
    configure(task_carry_months="24")
    assert carried() == ["Làm đường liên thôn", "Thu quỹ khuyến học"]
