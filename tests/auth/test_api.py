"""The accounts API: tokens, the caller, new users and their roles, as API.md promises."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.auth import service as auth_service
from minutes.auth import signin
from minutes.auth.models import ApiToken, RoleGrant, User
from tests.helpers import PASSWORD, api_headers, create_member, create_user, district, sign_in_events

API = "/api/v1"
NEW_PASSWORD = "Bon-con-trau-tren-doi"


def _token(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    return client.post(f"{API}/auth/token", json={"username": username, "password": password})


def _users(db: Session) -> list[str]:
    db.expire_all()
    return list(db.scalars(select(User.username).order_by(User.username)))


def _grants(db: Session, user: User) -> list[tuple[str, int | None]]:
    db.expire_all()
    query = select(RoleGrant.role, RoleGrant.org_unit_id).where(RoleGrant.user_id == user.id)
    return [(role, unit_id) for role, unit_id in db.execute(query.order_by(RoleGrant.id))]


def _actor(db: Session, user: User) -> Actor:
    return auth_service.load_actor(db, user=user)


# POST /auth/token


def test_the_right_password_gets_a_bearer_token_that_opens_the_api(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    response = _token(client, "bithu")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert len(body["access_token"]) >= 32
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert expires.tzinfo is not None
    assert dt.timedelta(days=29) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=30)
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "bithu"
    stored = db.scalar(select(ApiToken.token_hash))
    assert stored != body["access_token"]
    assert stored == signin.token_hash(body["access_token"])


def test_username_is_matched_whatever_its_case_and_spaces(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    assert _token(client, "  BiThu ").status_code == 200


def test_a_wrong_password_gets_401_in_the_error_shape_and_the_failure_is_counted(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    response = _token(client, "bithu", "sai-mat-khau-roi")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body == {
        "error": "unauthenticated",
        "message": "Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại rồi thử lần nữa.",
        "details": [],
    }
    assert sign_in_events(db) == [("bithu", "testclient")]
    assert db.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_an_unknown_username_gets_the_same_answer_as_a_wrong_password(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    unknown = _token(client, "khongai", "sai-mat-khau-roi")
    wrong = _token(client, "bithu", "sai-mat-khau-roi")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert sign_in_events(db) == [("khongai", "testclient"), ("bithu", "testclient")]


def test_after_five_failures_even_the_right_password_gets_429_with_the_wait_in_minutes(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    for _ in range(5):
        assert _token(client, "bithu", "sai-mat-khau-roi").status_code == 401
    response = _token(client, "bithu")
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "throttled"
    assert body["message"] == "Đăng nhập sai quá nhiều lần. Hãy chờ 15 phút rồi thử lại."
    assert response.headers["retry-after"] == "900"
    assert db.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_a_success_starts_the_owners_count_again_but_the_log_keeps_every_failure(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    for _ in range(4):
        _token(client, "bithu", "sai-mat-khau-roi")
    assert _token(client, "bithu").status_code == 200
    assert [_token(client, "bithu", "sai-mat-khau-roi").status_code for _ in range(5)] == [401] * 5
    assert _token(client, "bithu", "sai-mat-khau-roi").status_code == 429
    assert len(sign_in_events(db)) == 9
    assert sign_in_events(db, "sign_in.succeeded") == [("bithu", "testclient")]


def test_a_token_request_without_a_password_names_the_missing_field(client: TestClient, db: Session) -> None:
    response = client.post(f"{API}/auth/token", json={"username": "bithu"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert body["message"] == "Một số thông tin chưa hợp lệ. Hãy sửa các ô được đánh dấu rồi lưu lại."
    assert body["details"] == [{"field": "password", "message": "Giá trị này không hợp lệ."}]


# Missing, bad, expired and revoked tokens


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer khong-phai-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic Yml0aHU6bWF0a2hhdQ=="},
    ],
    ids=["missing", "unknown", "empty", "basic"],
)
def test_a_missing_or_bad_token_gets_401_in_the_error_shape(
    client: TestClient, db: Session, headers: dict[str, str]
) -> None:
    response = client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"error": "unauthenticated", "message": "Vui lòng đăng nhập.", "details": []}


def test_an_expired_token_gets_401(client: TestClient, db: Session) -> None:
    user = create_user(db, username="bithu")
    headers = api_headers(db, user)
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    db.execute(update(ApiToken).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    db.flush()
    response = client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthenticated"


def test_a_disabled_users_token_stops_working_and_no_new_one_is_given(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    token = _token(client, "bithu").json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"{API}/me", headers=headers).status_code == 200
    auth_service.set_user_active(db, actor=_actor(db, admin), user_id=bithu.id, active=False)
    db.flush()
    assert client.get(f"{API}/me", headers=headers).status_code == 401
    assert client.get(f"{API}/org-units", headers=headers).status_code == 401
    assert db.scalar(select(ApiToken.revoked_at)) is not None
    assert _token(client, "bithu").status_code == 401


def test_a_user_switched_off_in_the_database_is_refused_even_with_an_unrevoked_token(
    client: TestClient, db: Session
) -> None:
    user = create_user(db, username="bithu")
    headers = api_headers(db, user)
    user.is_active = False
    db.flush()
    assert client.get(f"{API}/me", headers=headers).status_code == 401


# GET /me


def test_me_names_the_caller_and_every_role_with_its_unit(client: TestClient, db: Session) -> None:
    units = district(db)
    user = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    db.add(RoleGrant(user_id=user.id, role="viewer", org_unit_id=units["minh_phat"].id))
    db.flush()
    response = client.get(f"{API}/me", headers=api_headers(db, user))
    assert response.status_code == 200
    assert response.json() == {
        "id": user.id,
        "username": "bithu",
        "full_name": "Bithu",
        "roles": [
            {"role": "secretary", "org_unit_id": units["na_noong"].id},
            {"role": "viewer", "org_unit_id": units["minh_phat"].id},
        ],
    }


def test_me_of_an_administrator_of_the_whole_tree_has_no_unit(client: TestClient, db: Session) -> None:
    user = create_user(db, username="quantri", role="admin", whole_tree=True)
    response = client.get(f"{API}/me", headers=api_headers(db, user))
    assert response.json()["roles"] == [{"role": "admin", "org_unit_id": None}]


# POST /users


def test_an_administrator_creates_an_account_and_gets_201(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    body = {"username": "bithu.nanoong", "password": NEW_PASSWORD, "full_name": "Hoàng Văn Tuấn"}
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, admin))
    assert response.status_code == 201
    created = response.json()
    assert created["username"] == "bithu.nanoong"
    assert created["full_name"] == "Hoàng Văn Tuấn"
    assert created["is_active"] is True
    assert "password" not in created and "password_hash" not in created
    user = db.get(User, created["id"])
    assert user is not None and user.username == "bithu.nanoong"
    assert user.password_hash != NEW_PASSWORD
    assert auth_service.passwords.verify_password(NEW_PASSWORD, user.password_hash)
    assert _token(client, "bithu.nanoong", NEW_PASSWORD).status_code == 200


def test_a_full_name_typed_in_decomposed_unicode_is_stored_in_nfc(client: TestClient, db: Session) -> None:
    admin = create_user(db, username="quantri", role="admin", whole_tree=True)
    decomposed = unicodedata.normalize("NFD", "Lương Thị Hằng")
    body = {"username": "hang", "password": NEW_PASSWORD, "full_name": decomposed}
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, admin))
    assert response.status_code == 201
    assert response.json()["full_name"] == "Lương Thị Hằng"
    assert db.scalar(select(User.full_name).where(User.username == "hang")) == "Lương Thị Hằng"


def test_a_taken_username_gets_409_whatever_its_case(client: TestClient, db: Session) -> None:
    admin = create_user(db, username="quantri", role="admin", whole_tree=True)
    create_user(db, username="bithu")
    body = {"username": "BiThu", "password": NEW_PASSWORD, "full_name": "Người khác"}
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, admin))
    assert response.status_code == 409
    assert response.json() == {
        "error": "conflict",
        "message": "Tên đăng nhập bithu đã có người dùng. Hãy chọn tên khác.",
        "details": [],
    }
    assert _users(db) == ["bithu", "quantri"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("ngan-qua", "Mật khẩu phải có ít nhất 10 ký tự. Một câu ngắn vừa dễ nhớ vừa khó đoán."),
        (
            "1234567890",
            "Mật khẩu này nằm trong danh sách những mật khẩu bị dùng nhiều và bị lộ nhiều nhất. Hãy chọn mật khẩu khác.",
        ),
        (
            "Bithu.Nanoong",
            "Mật khẩu không được là họ tên, tên đăng nhập, tên tổ chức đảng của anh/chị hoặc tên phần mềm. Hãy chọn mật khẩu khác.",
        ),
    ],
    ids=["short", "common", "username"],
)
def test_a_weak_password_gets_422_naming_the_field_in_vietnamese_and_creates_nothing(
    client: TestClient, db: Session, password: str, message: str
) -> None:
    admin = create_user(db, username="quantri", role="admin", whole_tree=True)
    body = {"username": "bithu.nanoong", "password": password, "full_name": "Hoàng Văn Tuấn"}
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, admin))
    assert response.status_code == 422
    answer = response.json()
    assert answer["error"] == "validation_error"
    assert [item["field"] for item in answer["details"]] == ["password"]
    assert answer["details"][0]["message"] == message
    assert _users(db) == ["quantri"]


def test_several_bad_fields_are_all_named(client: TestClient, db: Session) -> None:
    admin = create_user(db, username="quantri", role="admin", whole_tree=True)
    body = {"username": "Bí thư", "password": "ngan", "full_name": "   "}
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, admin))
    assert response.status_code == 422
    assert [item["field"] for item in response.json()["details"]] == ["username", "full_name", "password"]
    assert _users(db) == ["quantri"]


@pytest.mark.parametrize("role", ["secretary", "reviewer", "clerk", "viewer"])
def test_someone_who_is_not_an_administrator_gets_403_creating_an_account(
    client: TestClient, db: Session, role: str
) -> None:
    units = district(db)
    user = create_user(db, username="bithu", role=role, unit=units["minh_phat"])
    body = {"username": "moi", "password": NEW_PASSWORD, "full_name": "Người mới"}
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, user))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert response.json()["message"].startswith("Vai trò của bạn không được làm việc này.")
    assert _users(db) == ["bithu"]


def test_linking_an_account_to_a_member_of_another_commune_is_refused_without_saying_who_exists(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    stranger = create_member(db, branch=units["po_meo"], full_name="Chu Thị Mai")
    headers = api_headers(db, admin)
    base = {"password": NEW_PASSWORD, "full_name": "Chu Thị Mai"}
    outside = client.post(
        f"{API}/users", json={**base, "username": "mai", "member_id": stranger.id}, headers=headers
    )
    unknown = client.post(
        f"{API}/users", json={**base, "username": "mai", "member_id": 999_999}, headers=headers
    )
    assert outside.status_code == unknown.status_code == 422
    assert outside.json() == unknown.json()
    assert outside.json()["details"] == [{"field": "member_id", "message": "Không tìm thấy đảng viên này."}]
    assert _users(db) == ["quantri"]


def test_an_account_is_linked_to_a_member_of_the_administrators_commune(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    member = create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
    body = {
        "username": "tuan",
        "password": NEW_PASSWORD,
        "full_name": "Hoàng Văn Tuấn",
        "member_id": member.id,
    }
    response = client.post(f"{API}/users", json=body, headers=api_headers(db, admin))
    assert response.status_code == 201
    assert response.json()["member_id"] == member.id


# POST /users/{id}/roles and DELETE /users/{id}/roles/{role}/{unit}


def test_an_administrator_grants_a_role_on_a_branch_of_their_commune(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", unit=units["minh_phat"])
    body = {"role": "secretary", "org_unit_id": units["na_noong"].id}
    response = client.post(f"{API}/users/{bithu.id}/roles", json=body, headers=api_headers(db, admin))
    assert response.status_code == 201
    assert response.json() == body
    assert _grants(db, bithu) == [("secretary", units["na_noong"].id)]
    me = client.get(f"{API}/me", headers=api_headers(db, bithu)).json()
    assert me["roles"] == [body]


def test_granting_the_same_role_twice_gets_409_and_keeps_one(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    body = {"role": "secretary", "org_unit_id": units["na_noong"].id}
    response = client.post(f"{API}/users/{bithu.id}/roles", json=body, headers=api_headers(db, admin))
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    assert _grants(db, bithu) == [("secretary", units["na_noong"].id)]


def test_an_unknown_role_gets_422_naming_the_role_field(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", unit=units["minh_phat"])
    body = {"role": "chairman", "org_unit_id": units["na_noong"].id}
    response = client.post(f"{API}/users/{bithu.id}/roles", json=body, headers=api_headers(db, admin))
    assert response.status_code == 422
    assert [item["field"] for item in response.json()["details"]] == ["role"]
    assert _grants(db, bithu) == []


def test_granting_on_a_unit_of_another_commune_gets_404_like_a_unit_that_does_not_exist(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu")
    headers = api_headers(db, admin)
    outside = client.post(
        f"{API}/users/{bithu.id}/roles",
        json={"role": "viewer", "org_unit_id": units["po_meo"].id},
        headers=headers,
    )
    unknown = client.post(
        f"{API}/users/{bithu.id}/roles", json={"role": "viewer", "org_unit_id": 999_999}, headers=headers
    )
    assert outside.status_code == unknown.status_code == 404
    assert outside.json() == unknown.json()
    assert outside.json()["error"] == "not_found"
    assert _grants(db, bithu) == []


def test_granting_on_the_district_above_is_404_and_on_the_whole_tree_403(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu")
    headers = api_headers(db, admin)
    district_wide = client.post(
        f"{API}/users/{bithu.id}/roles",
        json={"role": "admin", "org_unit_id": units["district"].id},
        headers=headers,
    )
    whole_tree = client.post(f"{API}/users/{bithu.id}/roles", json={"role": "admin"}, headers=headers)
    assert district_wide.status_code == 404
    assert whole_tree.status_code == 403
    assert _grants(db, bithu) == []


def test_a_user_whose_roles_lie_in_another_commune_is_not_found_for_granting(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    stranger = create_user(db, username="bithu.pomeo", role="secretary", unit=units["po_meo"])
    body = {"role": "viewer", "org_unit_id": units["na_noong"].id}
    response = client.post(f"{API}/users/{stranger.id}/roles", json=body, headers=api_headers(db, admin))
    assert response.status_code == 404
    assert _grants(db, stranger) == [("secretary", units["po_meo"].id)]


def test_a_secretary_gets_403_granting_a_role_on_their_own_branch(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    other = create_user(db, username="dangvien")
    body = {"role": "secretary", "org_unit_id": units["na_noong"].id}
    response = client.post(f"{API}/users/{other.id}/roles", json=body, headers=api_headers(db, bithu))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert _grants(db, other) == []


def test_a_secretary_gets_403_taking_a_role_away_on_their_own_branch(client: TestClient, db: Session) -> None:
    units = district(db)
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    clerk = create_user(db, username="thuky", role="clerk", unit=units["na_noong"])
    url = f"{API}/users/{clerk.id}/roles/clerk/{units['na_noong'].id}"
    response = client.delete(url, headers=api_headers(db, bithu))
    assert response.status_code == 403
    assert _grants(db, clerk) == [("clerk", units["na_noong"].id)]


def test_an_administrator_takes_a_role_away_and_gets_204(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    clerk = create_user(db, username="thuky", role="clerk", unit=units["na_noong"])
    url = f"{API}/users/{clerk.id}/roles/clerk/{units['na_noong'].id}"
    response = client.delete(url, headers=api_headers(db, admin))
    assert response.status_code == 204
    assert response.content == b""
    assert _grants(db, clerk) == []
    again = client.delete(url, headers=api_headers(db, admin))
    assert again.status_code == 404


def test_taking_away_a_role_on_a_unit_of_another_commune_gets_404_and_keeps_it(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    clerk = create_user(db, username="thuky", role="clerk", unit=units["po_meo"])
    url = f"{API}/users/{clerk.id}/roles/clerk/{units['po_meo'].id}"
    response = client.delete(url, headers=api_headers(db, admin))
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert _grants(db, clerk) == [("clerk", units["po_meo"].id)]


def test_a_district_administrator_manages_roles_in_every_commune(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["district"])
    clerk = create_user(db, username="thuky", role="clerk", unit=units["po_meo"])
    headers = api_headers(db, admin)
    granted = client.post(
        f"{API}/users/{clerk.id}/roles",
        json={"role": "viewer", "org_unit_id": units["na_noong"].id},
        headers=headers,
    )
    removed = client.delete(f"{API}/users/{clerk.id}/roles/clerk/{units['po_meo'].id}", headers=headers)
    assert (granted.status_code, removed.status_code) == (201, 204)
    assert _grants(db, clerk) == [("viewer", units["na_noong"].id)]
