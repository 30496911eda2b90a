"""The organisation API: units and members, inside the caller's part (or 404), by role (or 403)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.auth.models import RoleGrant
from minutes.orgs.models import Member, Membership, OrgUnit
from tests.helpers import api_headers, create_member, create_unit, create_user, district, today

API = "/api/v1"
DISTRICT = "Đảng bộ huyện Lộc Bình"
MINH_PHAT = "Đảng bộ xã Minh Phát"
LONG_NAME = "Nguyễn Văn A " * 770  # about 10,000 characters


def _unit_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(OrgUnit)) or 0


def _member_count(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Member)) or 0


def _fresh(db: Session, member: Member) -> Member:
    db.expire_all()
    stored = db.get(Member, member.id)
    assert stored is not None
    return stored


def _as_admin_of(db: Session, unit: OrgUnit) -> dict[str, str]:
    return api_headers(db, create_user(db, username="quantri", role="admin", unit=unit))


# GET /org-units


def test_a_commune_administrator_lists_only_their_commune_with_names_from_the_root(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    response = client.get(f"{API}/org-units", headers=_as_admin_of(db, units["minh_phat"]))
    assert response.status_code == 200
    listed = sorted(response.json(), key=lambda unit: unit["id"])
    assert listed == [
        {
            "id": units["minh_phat"].id,
            "name": MINH_PHAT,
            "kind": "committee",
            "branch_type": None,
            "parent_id": units["district"].id,
            "path": [DISTRICT],
            "closed_on": None,
            "merged_into_id": None,
            "place_name": None,
        },
        {
            "id": units["na_noong"].id,
            "name": "Chi bộ thôn Nà Noong",
            "kind": "branch",
            "branch_type": "rural",
            "parent_id": units["minh_phat"].id,
            "path": [DISTRICT, MINH_PHAT],
            "closed_on": None,
            "merged_into_id": None,
            "place_name": None,
        },
        {
            "id": units["ban_khun"].id,
            "name": "Chi bộ thôn Bản Khun",
            "kind": "branch",
            "branch_type": "rural",
            "parent_id": units["minh_phat"].id,
            "path": [DISTRICT, MINH_PHAT],
            "closed_on": None,
            "merged_into_id": None,
            "place_name": None,
        },
    ]


def test_a_branch_secretary_lists_only_their_branch(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    response = client.get(f"{API}/org-units", headers=api_headers(db, bithu))
    assert [unit["name"] for unit in response.json()] == ["Chi bộ thôn Nà Noong"]


def test_a_district_reviewer_lists_the_whole_district(client: TestClient, db: Session) -> None:
    units = district(db)
    reviewer = create_user(db, username="kiemtra", role="reviewer", unit=units["district"])
    response = client.get(f"{API}/org-units", headers=api_headers(db, reviewer))
    assert {unit["id"] for unit in response.json()} == {unit.id for unit in units.values()}


def test_someone_with_two_roles_lists_both_parts_once(client: TestClient, db: Session) -> None:
    units = district(db)
    user = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    create_unit(db, parent=units["khuat_xa"], name="Chi bộ thôn Nà Pàn")
    db.add(RoleGrant(user_id=user.id, role="viewer", org_unit_id=units["po_meo"].id))
    db.add(RoleGrant(user_id=user.id, role="viewer", org_unit_id=units["minh_phat"].id))
    db.flush()
    response = client.get(f"{API}/org-units", headers=api_headers(db, user))
    names = [unit["name"] for unit in response.json()]
    assert sorted(names) == sorted(
        [MINH_PHAT, "Chi bộ thôn Nà Noong", "Chi bộ thôn Bản Khun", "Chi bộ thôn Pò Mèo"]
    )


def test_an_account_without_a_role_lists_nothing(client: TestClient, db: Session) -> None:
    district(db)
    nobody = create_user(db, username="moi")
    response = client.get(f"{API}/org-units", headers=api_headers(db, nobody))
    assert response.status_code == 200
    assert response.json() == []


def test_listing_units_without_a_token_gets_401(client: TestClient, db: Session) -> None:
    district(db)
    response = client.get(f"{API}/org-units")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


# GET /org-units/{id}


def test_a_unit_inside_the_callers_part_is_returned_with_its_path(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="viewer", unit=units["na_noong"])
    response = client.get(f"{API}/org-units/{units['na_noong'].id}", headers=api_headers(db, bithu))
    assert response.status_code == 200
    assert response.json()["path"] == [DISTRICT, MINH_PHAT]


@pytest.mark.parametrize("unit", ["po_meo", "khuat_xa", "district", "ban_khun"])
def test_a_unit_outside_the_callers_part_is_404_like_one_that_does_not_exist(
    client: TestClient, db: Session, unit: str
) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    headers = api_headers(db, bithu)
    outside = client.get(f"{API}/org-units/{units[unit].id}", headers=headers)
    unknown = client.get(f"{API}/org-units/999999", headers=headers)
    assert outside.status_code == unknown.status_code == 404
    assert outside.json() == unknown.json()
    assert outside.json()["error"] == "not_found"
    assert outside.json()["message"].startswith("Trang này không tồn tại hoặc bạn không có quyền xem.")
    assert units[unit].name not in outside.text


# POST /org-units


def test_the_administrator_of_a_commune_creates_a_branch_under_it(client: TestClient, db: Session) -> None:
    units = district(db)
    headers = _as_admin_of(db, units["minh_phat"])
    body = {
        "name": "Chi bộ thôn Nà Pàn",
        "kind": "branch",
        "parent_id": units["minh_phat"].id,
        "branch_type": "rural",
    }
    response = client.post(f"{API}/org-units", json=body, headers=headers)
    assert response.status_code == 201
    created = response.json()
    assert {key: created[key] for key in body} == body
    assert created["path"] == [DISTRICT, MINH_PHAT]
    stored = db.get(OrgUnit, created["id"])
    assert stored is not None
    assert stored.path == f"{units['minh_phat'].path}{stored.id}/"
    listed = client.get(f"{API}/org-units", headers=headers).json()
    assert created["id"] in [unit["id"] for unit in listed]


def test_the_administrator_of_a_commune_creates_a_committee_under_it(client: TestClient, db: Session) -> None:
    units = district(db)
    body = {"name": "Đảng bộ bộ phận khu trung tâm", "kind": "committee", "parent_id": units["minh_phat"].id}
    response = client.post(f"{API}/org-units", json=body, headers=_as_admin_of(db, units["minh_phat"]))
    assert response.status_code == 201
    assert response.json()["kind"] == "committee"
    assert response.json()["branch_type"] is None


def test_a_unit_under_a_branch_is_refused_with_422_and_not_created(client: TestClient, db: Session) -> None:
    units = district(db)
    before = _unit_count(db)
    body = {"name": "Tổ đảng xóm Trên", "kind": "branch", "parent_id": units["na_noong"].id}
    response = client.post(f"{API}/org-units", json=body, headers=_as_admin_of(db, units["minh_phat"]))
    assert response.status_code == 422
    assert response.json()["details"] == [
        {
            "field": "parent_id",
            "message": "Chỉ đặt được tổ chức dưới một đảng bộ (cấp ủy), không đặt dưới chi bộ.",
        }
    ]
    assert _unit_count(db) == before


def test_an_unknown_parent_and_a_parent_in_another_commune_get_the_same_422(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    headers = _as_admin_of(db, units["minh_phat"])
    before = _unit_count(db)
    body = {"name": "Chi bộ thôn Nà Pàn", "kind": "branch", "branch_type": "rural"}
    outside = client.post(
        f"{API}/org-units", json={**body, "parent_id": units["khuat_xa"].id}, headers=headers
    )
    unknown = client.post(f"{API}/org-units", json={**body, "parent_id": 999_999}, headers=headers)
    above = client.post(f"{API}/org-units", json={**body, "parent_id": units["district"].id}, headers=headers)
    assert outside.status_code == unknown.status_code == above.status_code == 422
    assert outside.json() == unknown.json() == above.json()
    assert outside.json()["details"] == [
        {"field": "parent_id", "message": "Không tìm thấy cấp ủy cấp trên. Hãy chọn trong danh sách."}
    ]
    assert "Khuất Xá" not in outside.text
    assert _unit_count(db) == before


def test_a_unit_without_a_parent_cannot_be_created_through_the_api(client: TestClient, db: Session) -> None:
    units = district(db)
    headers = api_headers(db, create_user(db, username="quantri", role="admin", whole_tree=True))
    before = _unit_count(db)
    response = client.post(
        f"{API}/org-units", json={"name": "Đảng bộ huyện Đình Lập", "kind": "committee"}, headers=headers
    )
    assert response.status_code == 422
    assert [item["field"] for item in response.json()["details"]] == ["parent_id"]
    assert _unit_count(db) == before
    assert units["district"].parent_id is None


@pytest.mark.parametrize(
    ("role", "unit"), [("secretary", "na_noong"), ("reviewer", "minh_phat"), ("viewer", "minh_phat")]
)
def test_someone_who_is_not_an_administrator_of_the_parent_gets_403(
    client: TestClient, db: Session, role: str, unit: str
) -> None:
    units = district(db)
    user = create_user(db, username="nguoidung", role=role, unit=units[unit])
    before = _unit_count(db)
    body = {"name": "Đảng bộ bộ phận mới", "kind": "committee", "parent_id": units[unit].id}
    response = client.post(f"{API}/org-units", json=body, headers=api_headers(db, user))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert _unit_count(db) == before


@pytest.mark.parametrize("name", ["", "   ", LONG_NAME], ids=["empty", "spaces", "10000-characters"])
def test_an_empty_or_overlong_unit_name_gets_422_in_vietnamese(
    client: TestClient, db: Session, name: str
) -> None:
    units = district(db)
    before = _unit_count(db)
    body = {"name": name, "kind": "branch", "parent_id": units["minh_phat"].id, "branch_type": "rural"}
    response = client.post(f"{API}/org-units", json=body, headers=_as_admin_of(db, units["minh_phat"]))
    assert response.status_code == 422
    message = "Tên quá dài: tối đa 200 ký tự." if name.strip() else "Hãy nhập tên."
    assert response.json()["details"] == [{"field": "name", "message": message}]
    assert _unit_count(db) == before


def test_a_unit_name_typed_in_decomposed_unicode_is_stored_and_returned_in_nfc(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    decomposed = unicodedata.normalize("NFD", "  Chi bộ   thôn Nà Pàn ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    body = {"name": decomposed, "kind": "branch", "parent_id": units["minh_phat"].id, "branch_type": "rural"}
    response = client.post(f"{API}/org-units", json=body, headers=_as_admin_of(db, units["minh_phat"]))
    assert response.status_code == 201
    assert response.json()["name"] == "Chi bộ thôn Nà Pàn"
    assert response.json()["path"] == [DISTRICT, MINH_PHAT]
    assert db.scalar(select(OrgUnit.name).where(OrgUnit.id == response.json()["id"])) == "Chi bộ thôn Nà Pàn"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "chi bo"}, "kind"),
        ({"branch_type": "village"}, "branch_type"),
        ({"kind": "committee", "branch_type": "rural"}, "branch_type"),
    ],
    ids=["unknown-kind", "unknown-branch-type", "committee-with-branch-type"],
)
def test_a_wrong_kind_or_branch_type_gets_422_naming_the_field(
    client: TestClient, db: Session, changes: dict[str, str], field: str
) -> None:
    units = district(db)
    before = _unit_count(db)
    body = {"name": "Chi bộ thôn Nà Pàn", "kind": "branch", "parent_id": units["minh_phat"].id, **changes}
    response = client.post(f"{API}/org-units", json=body, headers=_as_admin_of(db, units["minh_phat"]))
    assert response.status_code == 422
    assert [item["field"] for item in response.json()["details"]] == [field]
    assert _unit_count(db) == before


# GET /org-units/{id}/members


def test_the_branch_lists_its_current_members_with_status_and_exemption(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    tuan = create_member(
        db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn", birth_year=1968, sex="male"
    )
    thu = create_member(
        db,
        branch=units["na_noong"],
        full_name="Vi Thị Thu",
        status="probationary",
        joined_on=dt.date(2025, 2, 3),
    )
    hung = create_member(db, branch=units["na_noong"], full_name="Triệu Văn Hùng", exempt=True)
    create_member(db, branch=units["ban_khun"], full_name="Lương Thị Hằng")
    viewer = create_user(db, username="xem", role="viewer", unit=units["na_noong"])
    response = client.get(f"{API}/org-units/{units['na_noong'].id}/members", headers=api_headers(db, viewer))
    assert response.status_code == 200
    by_name = {member["full_name"]: member for member in response.json()}
    assert set(by_name) == {"Hoàng Văn Tuấn", "Vi Thị Thu", "Triệu Văn Hùng"}
    assert by_name["Hoàng Văn Tuấn"] == {
        "id": tuan.id,
        "full_name": "Hoàng Văn Tuấn",
        "status": "official",
        "exempt": False,
        "joined_on": None,
        "birth_year": 1968,
        "sex": "male",
        "org_unit_id": units["na_noong"].id,
    }
    assert (by_name["Vi Thị Thu"]["id"], by_name["Vi Thị Thu"]["status"]) == (thu.id, "probationary")
    assert by_name["Vi Thị Thu"]["joined_on"] == "2025-02-03"
    assert (by_name["Triệu Văn Hùng"]["id"], by_name["Triệu Văn Hùng"]["exempt"]) == (hung.id, True)


def test_members_of_a_branch_of_another_commune_are_404(client: TestClient, db: Session) -> None:
    units = district(db)
    create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai")
    headers = _as_admin_of(db, units["minh_phat"])
    outside = client.get(f"{API}/org-units/{units['po_meo'].id}/members", headers=headers)
    unknown = client.get(f"{API}/org-units/999999/members", headers=headers)
    assert outside.status_code == unknown.status_code == 404
    assert outside.json() == unknown.json()
    assert "Chu Thị Mai" not in outside.text


# POST /org-units/{id}/members


def test_the_secretary_adds_a_member_to_their_branch(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    body = {
        "full_name": "Vi Thị Thu",
        "status": "probationary",
        "exempt": False,
        "joined_on": "2025-02-03",
        "birth_year": 1996,
        "sex": "female",
    }
    response = client.post(
        f"{API}/org-units/{units['na_noong'].id}/members", json=body, headers=api_headers(db, bithu)
    )
    assert response.status_code == 201
    created = response.json()
    assert {key: created[key] for key in body} == body
    stored = db.get(Member, created["id"])
    assert stored is not None
    assert (stored.org_unit_id, stored.status, stored.joined_on) == (
        units["na_noong"].id,
        "probationary",
        dt.date(2025, 2, 3),
    )
    stays = db.scalars(select(Membership).where(Membership.member_id == stored.id)).all()
    assert [(s.org_unit_id, s.start_on, s.end_on) for s in stays] == [
        (units["na_noong"].id, dt.date(2025, 2, 3), None)
    ]


def test_an_exempt_member_is_added_by_the_commune_administrator(client: TestClient, db: Session) -> None:
    units = district(db)
    body = {"full_name": "Triệu Văn Hùng", "status": "official", "exempt": True}
    response = client.post(
        f"{API}/org-units/{units['ban_khun'].id}/members",
        json=body,
        headers=_as_admin_of(db, units["minh_phat"]),
    )
    assert response.status_code == 201
    assert response.json()["exempt"] is True
    assert db.scalar(select(Member.exempt).where(Member.id == response.json()["id"])) is True


def test_a_member_name_typed_in_decomposed_unicode_is_stored_in_nfc(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    body = {"full_name": unicodedata.normalize("NFD", "Lương Thị Hằng"), "status": "official"}
    response = client.post(
        f"{API}/org-units/{units['na_noong'].id}/members", json=body, headers=api_headers(db, bithu)
    )
    assert response.status_code == 201
    assert response.json()["full_name"] == "Lương Thị Hằng"
    assert db.scalar(select(Member.full_name)) == "Lương Thị Hằng"


@pytest.mark.parametrize("role", ["reviewer", "viewer", "clerk"])
def test_someone_who_sees_the_branch_but_is_not_its_secretary_cannot_add_members(
    client: TestClient, db: Session, role: str
) -> None:
    units = district(db)
    user = create_user(db, username="nguoidung", role=role, unit=units["minh_phat"])
    body = {"full_name": "Vi Thị Thu", "status": "official"}
    response = client.post(
        f"{API}/org-units/{units['na_noong'].id}/members", json=body, headers=api_headers(db, user)
    )
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert _member_count(db) == 0


@pytest.mark.parametrize("branch", ["ban_khun", "po_meo"])
def test_the_secretary_of_another_branch_gets_404_adding_a_member_here(
    client: TestClient, db: Session, branch: str
) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units[branch])
    body = {"full_name": "Vi Thị Thu", "status": "official"}
    response = client.post(
        f"{API}/org-units/{units['na_noong'].id}/members", json=body, headers=api_headers(db, bithu)
    )
    assert response.status_code == 404
    assert _member_count(db) == 0


def test_members_cannot_be_added_to_a_committee(client: TestClient, db: Session) -> None:
    units = district(db)
    body = {"full_name": "Vi Thị Thu", "status": "official"}
    response = client.post(
        f"{API}/org-units/{units['minh_phat'].id}/members",
        json=body,
        headers=_as_admin_of(db, units["minh_phat"]),
    )
    assert response.status_code == 422
    assert response.json()["message"] == "Chỉ thêm được đảng viên vào chi bộ đang hoạt động."
    assert _member_count(db) == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"status": "retired"}, "status", "Giá trị này không hợp lệ."),
        ({"full_name": "  "}, "full_name", "Hãy nhập tên."),
        ({"full_name": LONG_NAME}, "full_name", "Tên quá dài: tối đa 200 ký tự."),
        ({"birth_year": 1850}, "birth_year", "Hãy nhập năm sinh đủ 4 chữ số, từ 1900 đến năm nay."),
        ({"joined_on": "2999-01-01"}, "joined_on", "Ngày này ở tương lai. Hãy kiểm tra lại."),
        ({"sex": "other"}, "sex", "Giá trị này không hợp lệ."),
    ],
    ids=["status", "empty-name", "10000-character-name", "birth-year", "future-date", "sex"],
)
def test_a_bad_member_gets_422_naming_the_field_and_nothing_is_written(
    client: TestClient, db: Session, changes: dict[str, Any], field: str, message: str | None
) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    body = {"full_name": "Vi Thị Thu", "status": "official", **changes}
    response = client.post(
        f"{API}/org-units/{units['na_noong'].id}/members", json=body, headers=api_headers(db, bithu)
    )
    assert response.status_code == 422
    answer = response.json()
    assert answer["error"] == "validation_error"
    assert [item["field"] for item in answer["details"]] == [field]
    assert answer["details"][0]["message"] == message
    assert _member_count(db) == 0
    assert db.scalar(select(func.count()).select_from(Membership)) == 0


# PATCH /members/{id}


def test_the_secretary_makes_a_probationary_member_official_and_exempt(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    thu = create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    response = client.patch(
        f"{API}/members/{thu.id}", json={"status": "official", "exempt": True}, headers=api_headers(db, bithu)
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["exempt"]) == ("official", True)
    assert response.json()["full_name"] == "Vi Thị Thu"
    stored = _fresh(db, thu)
    assert (stored.status, stored.exempt, stored.full_name) == ("official", True, "Vi Thị Thu")


def test_ending_an_exemption_clears_its_dates(client: TestClient, db: Session) -> None:
    units = district(db)
    hung = create_member(
        db, branch=units["na_noong"], full_name="Triệu Văn Hùng", exempt=True, exempt_from=dt.date(2024, 1, 1)
    )
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    response = client.patch(
        f"{API}/members/{hung.id}", json={"exempt": False}, headers=api_headers(db, bithu)
    )
    assert response.status_code == 200
    stored = _fresh(db, hung)
    assert (stored.exempt, stored.exempt_from) == (False, None)


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "expelled"},
        {"status": None},
        {"full_name": None},
        {"full_name": LONG_NAME},
        {"exempt": None},
        {"status": "official", "birth_year": 1850},
    ],
    ids=[
        "unknown-status",
        "null-status",
        "null-name",
        "10000-character-name",
        "null-exempt",
        "one-bad-of-two",
    ],
)
def test_a_bad_change_gets_422_and_the_member_is_unchanged(
    client: TestClient, db: Session, changes: dict[str, Any]
) -> None:
    units = district(db)
    thu = create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    response = client.patch(f"{API}/members/{thu.id}", json=changes, headers=api_headers(db, bithu))
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"
    assert response.json()["details"]
    stored = _fresh(db, thu)
    assert (stored.full_name, stored.status, stored.exempt, stored.birth_year) == (
        "Vi Thị Thu",
        "probationary",
        False,
        None,
    )


@pytest.mark.parametrize("role", ["reviewer", "viewer", "clerk"])
def test_someone_who_sees_the_member_but_may_not_edit_gets_403(
    client: TestClient, db: Session, role: str
) -> None:
    units = district(db)
    thu = create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
    user = create_user(db, username="nguoidung", role=role, unit=units["na_noong"])
    response = client.patch(
        f"{API}/members/{thu.id}", json={"status": "official"}, headers=api_headers(db, user)
    )
    assert response.status_code == 403
    assert _fresh(db, thu).status == "probationary"


def test_a_member_of_another_commune_is_404_like_one_that_does_not_exist(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    mai = create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai", status="probationary")
    headers = _as_admin_of(db, units["minh_phat"])
    outside = client.patch(f"{API}/members/{mai.id}", json={"status": "official"}, headers=headers)
    unknown = client.patch(f"{API}/members/999999", json={"status": "official"}, headers=headers)
    assert outside.status_code == unknown.status_code == 404
    assert outside.json() == unknown.json()
    assert _fresh(db, mai).status == "probationary"


def test_a_member_who_joined_today_is_accepted(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    body = {"full_name": "Vi Thị Thu", "status": "probationary", "joined_on": today().isoformat()}
    response = client.post(
        f"{API}/org-units/{units['na_noong'].id}/members", json=body, headers=api_headers(db, bithu)
    )
    assert response.status_code == 201
