"""A record stays as it was recorded: later changes to members and units never rewrite old minutes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.cli import CONSOLE
from minutes.orgs import members as orgs_members
from minutes.orgs import service as orgs_service
from tests.helpers import api_headers, create_member, login, text_of
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular, submit_october

API = "/api/v1"


def _accepted_october(client: TestClient, db: Session) -> tuple[Scene, int, dict[str, str]]:
    scene = na_noong(db)
    secretary = api_headers(db, scene.secretary)
    meeting = submit_october(client, scene, secretary)
    accepted = client.post(
        f"{API}/meetings/{meeting}/review",
        headers=api_headers(db, scene.reviewer),
        json={"decision": "accept", "comments": []},
    )
    assert accepted.status_code == 200, accepted.text
    return scene, meeting, secretary


def _as_recorded(client: TestClient, headers: dict[str, str], meeting: int) -> dict[str, Any]:
    """Everything a reader gets of a meeting's minutes: findings, the Word text, the API's answer."""
    findings = client.get(f"{API}/meetings/{meeting}/findings", headers=headers)
    word = client.get(f"{API}/meetings/{meeting}/minutes.docx", headers=headers)
    minutes = client.get(f"{API}/meetings/{meeting}", headers=headers)
    assert findings.status_code == word.status_code == minutes.status_code == 200
    return {
        "findings": findings.json(),
        "word": zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml"),
        "minutes": minutes.json()["minutes"],
    }


def test_the_api_answers_each_line_with_the_names_and_statuses_of_the_day(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    minutes = _as_recorded(client, secretary, meeting)["minutes"]
    thu = next(line for line in minutes["attendance"] if line["member_id"] == scene.member_id("Vi Thị Thu"))
    assert (thu["name"], thu["member_status"], thu["exempt"]) == ("Vi Thị Thu", "probationary", False)
    hung = next(
        line for line in minutes["attendance"] if line["member_id"] == scene.member_id("Triệu Văn Hùng")
    )
    assert hung["exempt"] is True
    assert minutes["org_unit_name"] == "Chi bộ thôn Nà Noong"
    assert minutes["committee_name"] == "Đảng bộ xã Minh Phát"
    # 18 official members, 3 of them exempt: a vote needs more than half of 15; 13 voted for.
    assert minutes["votes"]["resolution"] == {
        "for": 13,
        "against": 0,
        "abstain": 0,
        "eligible": 15,
        "passed": True,
        "denominator_rule": "a6",
    }


def test_a_member_added_in_november_leaves_the_accepted_october_minutes_as_they_were(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    orgs_members.add_member(
        db,
        actor=CONSOLE,
        unit_id=scene.units["na_noong"].id,
        fields={"full_name": "Hoàng Thị Mới", "status": "official"},
    )
    db.flush()
    assert _as_recorded(client, secretary, meeting) == before


def test_a_member_made_probationary_later_adds_no_error_to_old_minutes(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    for name in ("Hứa Văn Bình", "Lộc Thị Hoa"):
        orgs_members.update_member(
            db, actor=CONSOLE, member_id=scene.member_id(name), fields={"status": "probationary"}
        )
    db.flush()
    after = _as_recorded(client, secretary, meeting)
    assert not [f for f in after["findings"] if f["code"] == "probationary_vote_counted"]
    assert after == before


def test_the_chair_transferred_away_keeps_her_name_and_the_counts_of_old_minutes(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    orgs_members.transfer_member(
        db, actor=CONSOLE, member_id=scene.member_id("Hoàng Văn Tuấn"), to_unit_id=scene.units["ban_khun"].id
    )
    db.flush()
    after = _as_recorded(client, secretary, meeting)
    assert after == before
    assert "Hoàng Văn Tuấn".encode() in after["word"]
    assert not [f for f in after["findings"] if f["code"] == "roll_call_unknown_member"]


def test_a_draft_recorded_before_the_chair_left_can_still_be_saved(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    secretary = api_headers(db, scene.secretary)
    meeting = plan_regular(client, secretary, scene.units["na_noong"].id, period="2019-11")
    body = october_minutes(scene)
    assert client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=body).status_code == 200
    orgs_members.transfer_member(
        db, actor=CONSOLE, member_id=scene.member_id("Hoàng Văn Tuấn"), to_unit_id=scene.units["ban_khun"].id
    )
    db.flush()
    again = client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json={**body, "version": 1})
    assert again.status_code == 200, again.text
    assert not [f for f in again.json()["findings"] if f["code"] == "roll_call_unknown_member"]
    chair = client.get(f"{API}/meetings/{meeting}", headers=secretary).json()["minutes"]["attendance"][0]
    assert (chair["member_id"], chair["name"]) == (scene.member_id("Hoàng Văn Tuấn"), "Hoàng Văn Tuấn")


def test_merging_the_branch_leaves_its_accepted_minutes_and_their_word_file_as_they_were(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    orgs_service.merge_units(
        db, actor=CONSOLE, source_id=scene.units["na_noong"].id, target_id=scene.units["ban_khun"].id
    )
    db.flush()
    after = _as_recorded(client, api_headers(db, scene.reviewer), meeting)
    assert after == before
    assert "Có mặt: 0".encode() not in after["word"]


@pytest.mark.parametrize("unit", ["na_noong", "minh_phat"])
def test_renaming_the_branch_or_its_commune_reprints_nothing(
    client: TestClient, db: Session, unit: str
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    orgs_service.rename_unit(db, actor=CONSOLE, unit_id=scene.units[unit].id, name="Tên mới sau sáp nhập")
    db.flush()
    after = _as_recorded(client, secretary, meeting)
    assert after == before
    assert "Minh Phát, ngày 05 tháng 10 năm 2019".encode() in after["word"]
    assert "Tên mới".encode() not in after["word"]


def test_a_backdated_meeting_leaves_the_findings_of_later_accepted_minutes_alone(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    september = plan_regular(client, secretary, scene.units["na_noong"].id, period="2019-09")
    body = {**october_minutes(scene), "started_at": "2019-09-05T19:30:00+07:00"}
    body["ended_at"] = "2019-09-05T21:15:00+07:00"
    saved = client.put(f"{API}/meetings/{september}/minutes", headers=secretary, json=body)
    assert saved.status_code == 200, saved.text
    assert _as_recorded(client, secretary, meeting) == before


def test_a_draft_still_tells_the_secretary_about_a_new_member(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    secretary = api_headers(db, scene.secretary)
    meeting = plan_regular(client, secretary, scene.units["na_noong"].id)
    client.put(f"{API}/meetings/{meeting}/minutes", headers=secretary, json=october_minutes(scene))
    create_member(db, branch=scene.units["na_noong"], full_name="Hoàng Thị Mới", status="official")
    db.flush()
    findings = client.get(f"{API}/meetings/{meeting}/findings", headers=secretary).json()
    assert any("Hoàng Thị Mới" in f["message"] for f in findings if f["severity"] == "error")


def test_a_year_of_changes_leaves_accepted_minutes_and_their_word_file_byte_for_byte(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    before = _as_recorded(client, secretary, meeting)
    units = scene.units
    orgs_members.add_member(
        db,
        actor=CONSOLE,
        unit_id=units["na_noong"].id,
        fields={"full_name": "Hoàng Thị Mới", "status": "official"},
    )
    orgs_members.update_member(
        db, actor=CONSOLE, member_id=scene.member_id("Hứa Văn Bình"), fields={"status": "probationary"}
    )
    orgs_members.transfer_member(
        db, actor=CONSOLE, member_id=scene.member_id("Hoàng Văn Tuấn"), to_unit_id=units["ban_khun"].id
    )
    orgs_service.rename_unit(
        db, actor=CONSOLE, unit_id=units["minh_phat"].id, name="Đảng bộ xã Minh Phát mới"
    )
    orgs_service.rename_unit(db, actor=CONSOLE, unit_id=units["na_noong"].id, name="Chi bộ thôn Nà Noong 2")
    orgs_service.move_unit(
        db, actor=CONSOLE, unit_id=units["na_noong"].id, new_parent_id=units["khuat_xa"].id
    )
    orgs_service.merge_units(db, actor=CONSOLE, source_id=units["na_noong"].id, target_id=units["po_meo"].id)
    db.flush()
    assert _as_recorded(client, secretary, meeting) == before


def test_the_commune_a_branch_left_keeps_reading_the_minutes_of_its_time(
    client: TestClient, db: Session
) -> None:
    scene, meeting, secretary = _accepted_october(client, db)
    reviewer = api_headers(db, scene.reviewer)  # the Minh Phát reviewer who accepted October
    orgs_service.move_unit(
        db,
        actor=CONSOLE,
        unit_id=scene.units["na_noong"].id,
        new_parent_id=scene.units["khuat_xa"].id,
        on=dt.date(2019, 11, 1),
    )
    db.flush()
    assert client.get(f"{API}/meetings/{meeting}", headers=reviewer).status_code == 200
    assert client.get(f"{API}/meetings/{meeting}/minutes.docx", headers=reviewer).status_code == 200
    december = plan_regular(client, secretary, scene.units["na_noong"].id, period="2019-12")
    assert client.get(f"{API}/meetings/{december}", headers=reviewer).status_code == 404


def test_the_page_of_accepted_minutes_lists_the_people_as_recorded(client: TestClient, db: Session) -> None:
    scene, meeting, _ = _accepted_october(client, db)
    orgs_members.add_member(
        db,
        actor=CONSOLE,
        unit_id=scene.units["na_noong"].id,
        fields={"full_name": "Hoàng Thị Mới", "status": "official"},
    )
    db.flush()
    login(client, "xa")
    page = client.get(f"/meetings/{meeting}")
    assert page.status_code == 200
    # The readable record counts and names the members as the meeting recorded them (19, not 20).
    assert "Hoàng Thị Mới" not in page.text and "Vi Văn Phúc (Đi điều trị tại bệnh viện tỉnh)" in page.text
    assert "Tổng số đảng viên của chi bộ: 19 đồng chí" in text_of(page)


def test_a_meeting_planned_after_the_move_is_not_the_old_communes(client: TestClient, db: Session) -> None:
    scene, _, secretary = _accepted_october(client, db)
    orgs_service.move_unit(
        db,
        actor=CONSOLE,
        unit_id=scene.units["na_noong"].id,
        new_parent_id=scene.units["khuat_xa"].id,
        on=dt.date(2019, 11, 1),
    )
    db.flush()
    backdated = plan_regular(client, secretary, scene.units["na_noong"].id, period="2019-09")
    assert (
        client.get(f"{API}/meetings/{backdated}", headers=api_headers(db, scene.reviewer)).status_code == 404
    )
