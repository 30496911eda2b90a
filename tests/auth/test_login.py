"""Signing in and out on the Vietnamese login page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from minutes.auth.models import WebSession
from tests.helpers import create_user, csrf_from, district, login, sign_in_events, text_of


def test_login_page_is_in_vietnamese(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert "Đăng nhập" in text_of(page)
    assert page.headers["content-security-policy"].startswith("default-src 'self'")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_secretary_signs_in_and_lands_on_home_with_their_branch(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    response = login(client, "bithu")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("samesite", "SameSite")
    home = client.get("/")
    assert "Chi bộ thôn Nà Noong" in text_of(home)
    assert "Chi bộ thôn Pò Mèo" not in text_of(home)


def test_wrong_password_shows_a_vietnamese_message_and_counts_the_failure(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    response = login(client, "bithu", "sai-mat-khau-roi")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in text_of(response)
    assert sign_in_events(db) == [("bithu", "testclient")]


def test_after_five_failures_the_account_is_throttled_even_with_the_right_password(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    for _ in range(5):
        login(client, "bithu", "sai-mat-khau-roi")
    response = login(client, "bithu")
    assert response.status_code == 429
    assert "phút" in text_of(response)


def test_logout_ends_the_server_side_session(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    login(client, "bithu")
    home = client.get("/")
    client.post("/logout", data={"csrf_token": csrf_from(home)}, follow_redirects=False)
    assert db.scalar(select(func.count()).select_from(WebSession)) == 0
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_a_page_asks_for_sign_in_and_returns_there_afterwards(client: TestClient, db: Session) -> None:
    response = client.get("/units", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Funits"


def test_login_form_without_its_token_is_refused(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    client.get("/login")
    response = client.post("/login", data={"username": "bithu", "password": "x"}, follow_redirects=False)
    assert response.status_code == 403
    assert db.scalar(select(func.count()).select_from(WebSession)) == 0
