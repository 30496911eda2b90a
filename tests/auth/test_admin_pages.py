"""The administrator's account pages, in Vietnamese, limited to the administrator's part."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.auth import service as auth_service
from minutes.auth.models import ApiToken, RoleGrant, User, WebSession
from tests.helpers import PASSWORD, api_headers, create_user, district, login, post_form, text_of

NEW_PASSWORD = "Bon-con-trau-tren-doi"


@pytest.fixture
def other_browser(app: FastAPI, client: TestClient) -> Iterator[TestClient]:
    """A second browser on the same app and database transaction (after `client` set it up)."""
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as browser:
        yield browser


def _user(db: Session, username: str) -> User | None:
    db.expire_all()
    return db.scalar(select(User).where(User.username == username))


def _stored(db: Session, username: str) -> User:
    user = _user(db, username)
    assert user is not None, f"no account {username}"
    return user


def _grants(db: Session, user: User) -> list[tuple[str, int | None]]:
    db.expire_all()
    query = select(RoleGrant.role, RoleGrant.org_unit_id).where(RoleGrant.user_id == user.id)
    return [(role, unit_id) for role, unit_id in db.execute(query.order_by(RoleGrant.id))]


def _one(page_html: str, css: str) -> Tag:
    found = BeautifulSoup(page_html, "html.parser").select_one(css)
    assert found is not None, f"nothing matches {css}"
    return found


def _options(page_html: str, select_id: str) -> list[str]:
    return [option.get_text(strip=True) for option in _one(page_html, f"select#{select_id}").select("option")]


def test_a_commune_administrator_creates_an_account_through_the_form(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    login(client, "quantri")
    form = client.get("/admin/users/new")
    assert form.status_code == 200
    assert "Tài khoản mới" in text_of(form)
    response = post_form(
        client,
        "/admin/users/new",
        {"username": "bithu.nanoong", "full_name": "Hoàng Văn Tuấn", "password": NEW_PASSWORD},
    )
    assert response.status_code == 303
    created = _user(db, "bithu.nanoong")
    assert created is not None
    assert created.full_name == "Hoàng Văn Tuấn"
    assert created.is_active is True
    assert auth_service.passwords.verify_password(NEW_PASSWORD, created.password_hash)
    assert response.headers["location"] == f"/admin/users/{created.id}"
    page = client.get(response.headers["location"])
    assert "Đã tạo tài khoản bithu.nanoong. Hãy cấp vai trò cho tài khoản." in text_of(page)
    assert "Chưa có vai trò." in text_of(page)


def test_a_weak_password_re_renders_the_form_in_vietnamese_with_422_and_creates_nothing(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    login(client, "quantri")
    response = post_form(
        client,
        "/admin/users/new",
        {"username": "bithu.nanoong", "full_name": "Hoàng Văn Tuấn", "password": "ngan"},
    )
    assert response.status_code == 422
    shown = text_of(response)
    assert "Hãy sửa các ô được đánh dấu bên dưới." in shown
    assert "Mật khẩu phải có ít nhất 10 ký tự. Một câu ngắn vừa dễ nhớ vừa khó đoán." in shown
    assert _one(response.text, "input[name=username]")["value"] == "bithu.nanoong"
    assert _one(response.text, "input[name=full_name]")["value"] == "Hoàng Văn Tuấn"
    assert _one(response.text, "input[name=password]").get("value") is None
    assert _user(db, "bithu.nanoong") is None


def test_a_taken_username_re_renders_the_form_with_the_name_in_the_message(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    create_user(db, username="bithu", role="secretary", unit=units["po_meo"])
    login(client, "quantri")
    response = post_form(
        client, "/admin/users/new", {"username": "bithu", "full_name": "Người khác", "password": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert "Tên đăng nhập bithu đã có người dùng. Hãy chọn tên khác." in text_of(response)
    assert _stored(db, "bithu").full_name == "Bithu"


def test_the_administrator_grants_a_role_on_a_branch_of_their_commune(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", unit=units["minh_phat"])
    login(client, "quantri")
    url = f"/admin/users/{bithu.id}"
    response = post_form(
        client, f"{url}/roles", {"role": "secretary", "org_unit_id": str(units["na_noong"].id)}, page=url
    )
    assert response.status_code == 303
    assert response.headers["location"] == url
    assert _grants(db, bithu) == [("secretary", units["na_noong"].id)]
    page = text_of(client.get(url))
    assert "Đã cấp vai trò." in page
    assert "Bí thư chi bộ: Chi bộ thôn Nà Noong" in page


def test_the_role_form_offers_only_units_of_the_administrators_commune(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", unit=units["minh_phat"])
    login(client, "quantri")
    page = client.get(f"/admin/users/{bithu.id}")
    assert _options(page.text, "org_unit_id") == [
        "Đảng bộ xã Minh Phát",
        "Chi bộ thôn Nà Noong",
        "Chi bộ thôn Bản Khun",
    ]


def test_a_role_on_a_branch_of_another_commune_gets_the_404_page_and_nothing_is_granted(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", unit=units["minh_phat"])
    login(client, "quantri")
    url = f"/admin/users/{bithu.id}"
    response = post_form(
        client, f"{url}/roles", {"role": "admin", "org_unit_id": str(units["po_meo"].id)}, page=url
    )
    assert response.status_code == 404
    assert "Không tìm thấy" in text_of(response)
    assert _grants(db, bithu) == []


def test_the_administrator_takes_a_role_away_through_the_form(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    clerk = create_user(db, username="thuky", role="clerk", unit=units["na_noong"])
    login(client, "quantri")
    url = f"/admin/users/{clerk.id}"
    response = post_form(
        client, f"{url}/roles/remove", {"role": "clerk", "org_unit_id": str(units["na_noong"].id)}, page=url
    )
    assert response.status_code == 303
    assert _grants(db, clerk) == []
    page = text_of(client.get(url))
    assert "Đã thu hồi vai trò." in page
    assert "Chưa có vai trò." in page


def test_a_user_whose_roles_lie_in_another_commune_is_404_for_this_communes_administrator(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    create_user(db, username="bithu.nanoong", role="secretary", unit=units["na_noong"])
    stranger = create_user(db, username="bithu.pomeo", role="secretary", unit=units["po_meo"])
    login(client, "quantri")
    listing = text_of(client.get("/admin/users"))
    assert "bithu.nanoong" in listing
    assert "bithu.pomeo" not in listing
    page = client.get(f"/admin/users/{stranger.id}")
    assert page.status_code == 404
    assert "Không tìm thấy" in text_of(page)
    assert "Trang này không tồn tại hoặc bạn không có quyền xem." in text_of(page)
    assert "bithu.pomeo" not in page.text
    assert text_of(client.get("/admin/users/999999")) == text_of(page)


def test_a_user_of_another_commune_can_be_neither_disabled_nor_given_a_password(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    stranger = create_user(db, username="bithu.pomeo", role="secretary", unit=units["po_meo"])
    login(client, "quantri")
    url = f"/admin/users/{stranger.id}"
    disable = post_form(client, f"{url}/active", {"active": "0"}, page="/admin/users")
    reset = post_form(client, f"{url}/password", {"password": NEW_PASSWORD}, page="/admin/users")
    assert (disable.status_code, reset.status_code) == (404, 404)
    stored = _user(db, "bithu.pomeo")
    assert stored is not None and stored.is_active is True
    assert auth_service.passwords.verify_password(PASSWORD, stored.password_hash)


def test_disabling_a_user_ends_their_sessions_and_tokens(
    client: TestClient, other_browser: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    headers = api_headers(db, bithu)
    login(other_browser, "bithu")
    assert other_browser.get("/", follow_redirects=False).status_code == 200
    login(client, "quantri")
    url = f"/admin/users/{bithu.id}"
    response = post_form(client, f"{url}/active", {"active": "0"}, page=url)
    assert response.status_code == 303
    assert response.headers["location"] == url
    page = text_of(client.get(url))
    assert "Đã khóa tài khoản và đăng xuất khỏi mọi thiết bị." in page
    assert "Trạng thái: đã khóa" in page
    db.expire_all()
    assert db.scalars(select(WebSession.user_id)).all() == [
        db.scalar(select(User.id).where(User.username == "quantri"))
    ]
    assert db.scalar(select(ApiToken.revoked_at).where(ApiToken.user_id == bithu.id)) is not None
    away = other_browser.get("/", follow_redirects=False)
    assert away.status_code == 303
    assert away.headers["location"].startswith("/login")
    assert other_browser.get("/api/v1/me", headers=headers).status_code == 401
    assert login(other_browser, "bithu").status_code == 401


def test_a_disabled_account_is_enabled_again(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    bithu.is_active = False
    db.flush()
    login(client, "quantri")
    url = f"/admin/users/{bithu.id}"
    response = post_form(client, f"{url}/active", {"active": "1"}, page=url)
    assert response.status_code == 303
    assert _stored(db, "bithu").is_active is True
    assert "Đã mở lại tài khoản." in text_of(client.get(url))


def test_an_administrator_cannot_disable_their_own_account(client: TestClient, db: Session) -> None:
    units = district(db)
    admin = create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    login(client, "quantri")
    url = f"/admin/users/{admin.id}"
    response = post_form(client, f"{url}/active", {"active": "0"}, page=url)
    assert response.status_code == 422
    assert "Bạn không thể tự khóa tài khoản của mình." in text_of(response)
    assert _stored(db, "quantri").is_active is True
    assert client.get("/", follow_redirects=False).status_code == 200


def test_a_password_reset_with_a_weak_password_is_refused_and_the_old_one_still_works(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    login(client, "quantri")
    url = f"/admin/users/{bithu.id}"
    response = post_form(client, f"{url}/password", {"password": "1234567890"}, page=url)
    assert response.status_code == 422
    assert (
        "Mật khẩu này nằm trong danh sách những mật khẩu bị dùng nhiều và bị lộ nhiều nhất. Hãy chọn mật khẩu khác."
        in text_of(response)
    )
    assert auth_service.passwords.verify_password(PASSWORD, _stored(db, "bithu").password_hash)


def test_a_password_reset_signs_the_user_out_and_the_new_password_works(
    client: TestClient, other_browser: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    login(other_browser, "bithu")
    login(client, "quantri")
    url = f"/admin/users/{bithu.id}"
    response = post_form(client, f"{url}/password", {"password": NEW_PASSWORD}, page=url)
    assert response.status_code == 303
    assert "Đã đổi mật khẩu." in text_of(client.get(url))
    assert other_browser.get("/", follow_redirects=False).status_code == 303
    assert login(other_browser, "bithu", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize("role", ["secretary", "reviewer", "viewer"])
def test_someone_who_is_not_an_administrator_gets_the_403_page_on_the_accounts_pages(
    client: TestClient, db: Session, role: str
) -> None:
    units = district(db)
    create_user(db, username="nguoidung", role=role, unit=units["minh_phat"])
    login(client, "nguoidung")
    home = client.get("/")
    assert 'href="/admin/users"' not in home.text
    for url in ("/admin/users", "/admin/users/new"):
        page = client.get(url)
        assert page.status_code == 403
        assert "Không được phép" in text_of(page)
    refused = post_form(
        client,
        "/admin/users/new",
        {"username": "moi", "full_name": "Người mới", "password": NEW_PASSWORD},
        page="/",
    )
    assert refused.status_code == 403
    assert _user(db, "moi") is None


def test_an_account_without_a_role_stays_with_the_commune_that_created_it(
    client: TestClient, db: Session
) -> None:
    from minutes.auth import service as auth_service
    from minutes.auth.models import User

    units = district(db)
    minh_phat_admin = create_user(db, username="admin.minhphat", role="admin", unit=units["minh_phat"])
    khuat_xa_admin = create_user(db, username="admin.khuatxa", role="admin", unit=units["khuat_xa"])
    created = auth_service.create_user(
        db,
        actor=auth_service.load_actor(db, user=minh_phat_admin),
        username="moi.minhphat",
        password="Mot-cau-mat-khau-dai",
        full_name="Người Mới",
    )
    assert db.get(User, created.id).home_unit_id == units["minh_phat"].id
    login(client, "admin.khuatxa")
    assert client.get(f"/admin/users/{created.id}").status_code == 404
    assert "moi.minhphat" not in text_of(client.get("/admin/users"))
    del khuat_xa_admin
