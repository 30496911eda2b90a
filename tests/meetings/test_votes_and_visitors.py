"""Votes as DOMAIN A.6 and B.3 count them, and members of other branches on the roll-call (A.5).

Nà Noong: 19 members, 18 official (Vi Thị Thu is probationary), 3 exempt; in October 13
official members and Thu are present.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy.orm import Session

from tests.helpers import (
    api_headers,
    create_member,
    create_root,
    create_unit,
    form_fields,
    login,
    text_of,
)
from tests.meetings.scene import Scene, na_noong, october_minutes, plan_regular

API = "/api/v1"


class October:
    """Nà Noong's October meeting, planned; its minutes saved as each test writes them."""

    def __init__(self, client: TestClient, db: Session) -> None:
        self.client, self.db = client, db
        self.scene = na_noong(db)
        self.headers = api_headers(db, self.scene.secretary)
        self.meeting = plan_regular(client, self.headers, self.scene.units["na_noong"].id)

    def body(self) -> dict[str, Any]:
        return october_minutes(self.scene)

    def save(self, body: dict[str, Any]) -> Response:
        return self.client.put(f"{API}/meetings/{self.meeting}/minutes", headers=self.headers, json=body)

    def minutes(self) -> dict[str, Any]:
        answer = self.client.get(f"{API}/meetings/{self.meeting}", headers=self.headers).json()
        return dict(answer["minutes"])

    def codes(self) -> set[str]:
        found = self.client.get(f"{API}/meetings/{self.meeting}/findings", headers=self.headers).json()
        return {finding["code"] for finding in found}

    def word(self) -> str:
        word = self.client.get(f"{API}/meetings/{self.meeting}/minutes.docx", headers=self.headers)
        return zipfile.ZipFile(io.BytesIO(word.content)).read("word/document.xml").decode()


def _line(scene: Scene, name: str, status: str) -> dict[str, Any]:
    return {"member_id": scene.member_id(name), "status": status}


def _set_line(body: dict[str, Any], line: dict[str, Any]) -> None:
    body["attendance"] = [a for a in body["attendance"] if a["member_id"] != line["member_id"]] + [line]


# --- votes -------------------------------------------------------------------------------------


def test_the_number_of_voters_is_kept_and_must_match_the_hands(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    body["votes"]["resolution"] = {"for": 9, "against": 1, "abstain": 1, "voters": 12}
    assert october.save(body).status_code == 200
    assert october.minutes()["votes"]["resolution"]["voters"] == 12
    assert "votes_do_not_add_up" in october.codes()
    body = {**october.body(), "version": 1}
    body["votes"]["resolution"] = {"for": 13, "against": 0, "abstain": 0, "voters": 14}
    assert october.save(body).status_code == 200
    assert "voters_exceed_eligible" in october.codes()  # 14 voters, 13 official members present


def test_minutes_whose_own_adoption_vote_failed_cannot_be_submitted(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    body["votes"]["minutes"] = {"for": 3, "against": 5, "abstain": 5}
    assert october.save(body).status_code == 200
    refused = client.post(f"{API}/meetings/{october.meeting}/submit", headers=october.headers)
    assert refused.status_code == 422
    assert "minutes_not_adopted" in {d["code"] for d in refused.json()["details"]}
    assert october.minutes()["votes"]["minutes"]["passed"] is False


def test_an_admission_needs_two_thirds_of_the_official_members(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    body["votes"]["admission"] = {"name": "Hoàng Văn Mới", "for": 11, "against": 2, "abstain": 0}
    assert october.save(body).status_code == 200, october.save(body).text
    admission = october.minutes()["votes"]["admission"]
    assert (admission["eligible"], admission["passed"], admission["name"]) == (18, False, "Hoàng Văn Mới")
    assert "special_vote_not_passed" in october.codes()  # 11 of 18: two thirds is 12
    body = {**october.body(), "version": 1}
    body["votes"]["admission"] = {"name": "Hoàng Văn Mới", "for": 12, "against": 1, "abstain": 0}
    assert october.save(body).status_code == 200
    assert october.minutes()["votes"]["admission"]["passed"] is True
    assert "special_vote_not_passed" not in october.codes()
    assert "Biểu quyết kết nạp đảng viên (quần chúng Hoàng Văn Mới): 12/18" in october.word()


def test_a_recognition_vote_names_the_member_and_a_vote_about_nobody_is_an_error(
    client: TestClient, db: Session
) -> None:
    october = October(client, db)
    body = october.body()
    body["votes"]["recognition"] = {"for": 13, "against": 0, "abstain": 0}
    assert october.save(body).status_code == 200
    assert "special_vote_without_person" in october.codes()
    body = {**october.body(), "version": 1}
    thu = october.scene.member_id("Vi Thị Thu")
    body["votes"]["recognition"] = {"member_id": thu, "for": 13, "against": 0, "abstain": 0}
    assert october.save(body).status_code == 200
    assert "special_vote_without_person" not in october.codes()
    assert "công nhận đảng viên chính thức (đồng chí Vi Thị Thu)" in october.word()


def test_an_unknown_vote_is_refused(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    body["votes"]["lottery"] = {"for": 1}
    assert october.save(body).status_code == 422


# --- the roll-call against the member list -------------------------------------------------------


def test_exempt_is_only_for_those_the_member_list_exempts(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    _set_line(body, _line(october.scene, "Lăng Văn Cường", "exempt"))
    assert october.save(body).status_code == 200
    assert "roll_call_not_exempt" in october.codes()


def test_an_exempt_member_is_not_absent_without_reason(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    _set_line(body, _line(october.scene, "Triệu Văn Hùng", "absent_unexcused"))
    assert october.save(body).status_code == 200
    assert "roll_call_exempt_marked_absent" in october.codes()


# --- visitors ------------------------------------------------------------------------------------


def test_a_member_of_another_branch_is_listed_apart_and_never_counted(
    client: TestClient, db: Session
) -> None:
    october = October(client, db)
    visitor = create_member(db, branch=october.scene.units["po_meo"], full_name="Hà Văn Khách")
    body = october.body()
    body["attendance"].append({"member_id": visitor.id, "status": "visiting"})
    body["attendance"].append(
        {"name": "Lục Thị Dự", "branch_name": "Chi bộ Trường Tiểu học", "status": "visiting"}
    )
    saved = october.save(body)
    assert saved.status_code == 200, saved.text
    lines = [a for a in october.minutes()["attendance"] if a["status"] == "visiting"]
    assert [(a.get("name"), a.get("branch_name")) for a in lines] == [
        ("Hà Văn Khách", "Chi bộ thôn Pò Mèo"),
        ("Lục Thị Dự", "Chi bộ Trường Tiểu học"),
    ]
    assert october.minutes()["votes"]["resolution"]["eligible"] == 15  # 18 official less 3 exempt
    codes = october.codes()
    assert "roll_call_unknown_member" not in codes and "attendance_below_bar" not in codes
    word = october.word()
    assert "Đảng viên chi bộ khác sinh hoạt tạm thời: 2 đồng chí" in word
    assert "Hà Văn Khách (Chi bộ thôn Pò Mèo)" in word
    assert "Có mặt: 14 đồng chí" in word  # the branch's own count is unchanged


def test_a_visitor_from_outside_the_district_or_without_a_name_is_refused(
    client: TestClient, db: Session
) -> None:
    october = October(client, db)
    elsewhere = create_unit(db, parent=create_root(db, "Đảng bộ huyện Đình Lập"), name="Chi bộ thôn Bắc Xa")
    stranger = create_member(db, branch=elsewhere, full_name="Người Ngoài Huyện")
    body = october.body()
    body["attendance"].append({"member_id": stranger.id, "status": "visiting"})
    refused = october.save(body)
    assert refused.status_code == 422
    assert refused.json()["details"][0]["field"].startswith("attendance.")
    body = october.body()
    body["attendance"].append({"status": "visiting"})
    assert october.save(body).status_code == 422
    assert client.get(f"{API}/meetings/{october.meeting}", headers=october.headers).json()["minutes"] is None


# --- the form keeps all of it ----------------------------------------------------------------------


def test_the_form_saved_unchanged_keeps_visitors_voters_and_votes_on_people(
    client: TestClient, db: Session
) -> None:
    october = October(client, db)
    visitor = create_member(db, branch=october.scene.units["po_meo"], full_name="Hà Văn Khách")
    body = october.body()
    body["attendance"] += [
        {"member_id": visitor.id, "status": "visiting"},
        {"name": "Lục Thị Dự", "branch_name": "Chi bộ Trường Tiểu học", "status": "visiting"},
    ]
    body["votes"]["resolution"]["voters"] = 13
    body["votes"]["admission"] = {"name": "Hoàng Văn Mới", "for": 12, "against": 1, "abstain": 0}
    thu = october.scene.member_id("Vi Thị Thu")
    body["votes"]["recognition"] = {"member_id": thu, "for": 13, "against": 0, "abstain": 0, "voters": 13}
    assert october.save(body).status_code == 200
    before = october.minutes()
    login(client, "bithu")
    page = client.get(f"/meetings/{october.meeting}/minutes")
    fields = form_fields(page.text, "minutes-form")
    saved = client.post(f"/meetings/{october.meeting}/minutes", data=fields, follow_redirects=False)
    assert saved.status_code == 303, text_of(saved)[:500]
    after = october.minutes()
    assert after["version"] == 2

    def by_person(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(lines, key=lambda line: (line.get("member_id") or 0, line.get("name") or ""))

    assert by_person(after["attendance"]) == by_person(before["attendance"])
    assert after["votes"] == before["votes"]


def test_a_vote_on_someone_outside_the_branch_is_refused(client: TestClient, db: Session) -> None:
    october = October(client, db)
    body = october.body()
    body["votes"]["removal"] = {"member_id": 999_999, "for": 13, "against": 0, "abstain": 0}
    refused = october.save(body)
    assert refused.status_code == 422
    assert refused.json()["details"][0]["field"] == "votes.removal.member_id"


def test_a_retry_of_what_was_read_back_is_answered_not_saved_again(client: TestClient, db: Session) -> None:
    october = October(client, db)
    assert october.save(october.body()).status_code == 200
    read_back = {**october.minutes(), "version": 1, "client_save_id": "tablet-7"}  # names included
    first = october.save(read_back)
    again = october.save(read_back)
    assert first.status_code == again.status_code == 200
    assert first.json()["version"] == again.json()["version"] == 2


def test_the_form_strikes_off_a_visitor_and_a_vote_on_a_person_set_elsewhere(
    client: TestClient, db: Session
) -> None:
    october = October(client, db)
    visitor = create_member(db, branch=october.scene.units["po_meo"], full_name="Hà Văn Khách")
    body = october.body()
    body["attendance"].append({"member_id": visitor.id, "status": "visiting"})
    thu = october.scene.member_id("Vi Thị Thu")
    body["votes"]["recognition"] = {"member_id": thu, "for": 13, "against": 0, "abstain": 0}
    assert october.save(body).status_code == 200
    login(client, "bithu")
    fields = form_fields(client.get(f"/meetings/{october.meeting}/minutes").text, "minutes-form")
    row = next(
        name
        for name, value in fields.items()
        if name.startswith("visitor_member_") and value == str(visitor.id)
    )
    fields[row.replace("visitor_member_", "visitor_remove_")] = "1"
    fields["vote_recognition_remove"] = "1"
    assert (
        client.post(f"/meetings/{october.meeting}/minutes", data=fields, follow_redirects=False).status_code
        == 303
    )
    minutes = october.minutes()
    assert not [a for a in minutes["attendance"] if a["status"] == "visiting"]
    assert "recognition" not in minutes["votes"]
