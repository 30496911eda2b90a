"""Every answer carries its security headers, errors included; under HTTPS every cookie is `__Host-`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from minutes.app import create_app
from tests.helpers import PASSWORD, create_user, csrf_from, district, text_of


def _boom() -> None:
    raise RuntimeError("a bug")


@pytest.fixture
def https_client(app: FastAPI, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    """A browser at the app served over HTTPS, with a page that has a bug."""
    served = create_app(app.state.settings.model_copy(update={"https": True}), strict_templates=True)
    served.add_api_route("/boom", _boom)
    served.add_api_route("/api/v1/boom", _boom)
    served.state.write_sessions = sessions
    served.state.read_sessions = sessions
    with TestClient(served, base_url="https://testserver", raise_server_exceptions=False) as browser:
        yield browser


def test_every_cookie_is_host_prefixed_and_secure_under_https(https_client: TestClient, db: Session) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    page = https_client.get("/login")
    signed_in = https_client.post(
        "/login",
        data={"username": "bithu", "password": PASSWORD, "csrf_token": csrf_from(page)},
        follow_redirects=False,
    )
    cookies = page.headers.get_list("set-cookie") + signed_in.headers.get_list("set-cookie")
    assert {cookie.split("=", 1)[0] for cookie in cookies} >= {
        "__Host-minutes_csrf",
        "__Host-minutes_session",
        "__Host-minutes_device",
    }
    for cookie in cookies:
        assert cookie.startswith("__Host-") and "; Secure" in cookie and "Path=/" in cookie
        assert "domain=" not in cookie.lower()
    assert page.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert "Nà Noong" in text_of(https_client.get("/"))


def test_a_cookie_without_the_prefix_is_not_read_under_https(https_client: TestClient, db: Session) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    page = https_client.get("/login")
    https_client.post(
        "/login",
        data={"username": "bithu", "password": PASSWORD, "csrf_token": csrf_from(page)},
    )
    token = https_client.cookies.get("__Host-minutes_session")
    assert token
    planted = TestClient(https_client.app, base_url="https://testserver", cookies={"minutes_session": token})
    assert planted.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("path", ["/boom", "/api/v1/boom"])
def test_an_unexpected_error_still_carries_every_security_header(https_client: TestClient, path: str) -> None:
    answer = https_client.get(path)
    assert answer.status_code == 500
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["content-security-policy"].startswith("default-src 'self'")
    assert answer.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert "server" not in answer.headers


def test_a_refused_request_is_written_to_the_servers_log(
    client: TestClient, db: Session, caplog: pytest.LogCaptureFixture
) -> None:
    units = district(db)
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    other = units["po_meo"]
    from tests.helpers import login

    login(client, "bithu")
    with caplog.at_level("WARNING", logger="minutes"):
        assert client.get(f"/units/{other.id}").status_code == 404
    assert any(
        "refused 404 GET" in record.getMessage() and "bithu" in record.getMessage()
        for record in caplog.records
    )
