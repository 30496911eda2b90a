"""The second factor: required of administrators and reviewers by default, enrolled in Vietnamese, one code once."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pyotp
import pytest
from bs4 import BeautifulSoup
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.auth import factors
from minutes.auth.models import User, WebSession
from tests.helpers import (
    PASSWORD,
    create_user,
    csrf_from,
    district,
    login,
    post_form,
    sign_in_events,
    text_of,
)

API = "/api/v1"


@pytest.fixture
def required(app: FastAPI) -> Iterator[None]:
    """The app as installed: administrators and reviewers must have a second factor."""
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"totp_required_roles": "admin,reviewer"})
    yield
    app.state.settings = settings


def _secret_on(page: Response) -> str:
    shown = BeautifulSoup(page.text, "html.parser").find("code", id="secret")
    assert shown is not None, "no key on the page"
    return shown.get_text().replace(" ", "")


def _enrol(client: TestClient) -> tuple[str, list[str]]:
    """Set the factor up as a person does: read the key, type the app's code; return it and the recovery codes."""
    page = client.get("/account/two-factor")
    secret = _secret_on(page)
    typed = {"code": pyotp.TOTP(secret).now(), "password": PASSWORD}
    done = post_form(client, "/account/two-factor", typed, page="/account/two-factor")
    assert done.status_code == 200, text_of(done)[:300]
    codes = [
        item.get_text() for item in BeautifulSoup(done.text, "html.parser").select("#recovery-codes code")
    ]
    return secret, codes


def _code_step(client: TestClient, code: str) -> Response:
    page = client.get("/login/code")
    return client.post(
        "/login/code", data={"code": code, "csrf_token": csrf_from(page), "next": "/"}, follow_redirects=False
    )


def _next_code(secret: str) -> str:
    """The code of the next time step: the one just used may not be used again."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_a_reviewer_without_a_factor_is_sent_to_set_one_up_from_every_page(
    client: TestClient, db: Session, required: None
) -> None:
    create_user(db, username="huyen", role="reviewer", unit=district(db)["district"])
    assert login(client, "huyen").status_code == 303
    for path in ("/", "/review", "/reports", "/account"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/account/two-factor", path
    page = client.get("/account/two-factor")
    assert "Vai trò của anh/chị cần thêm mã từ ứng dụng" in text_of(page)
    assert (
        BeautifulSoup(page.text, "html.parser")
        .find("img", class_="qr")["src"]
        .startswith("data:image/svg+xml")
    )


def test_a_secretary_is_not_obliged_and_may_set_one_up(
    client: TestClient, db: Session, required: None
) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    login(client, "bithu")
    assert client.get("/", follow_redirects=False).status_code == 200
    _, codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10


def test_after_enrolment_signing_in_asks_for_the_code_and_a_code_works_once(
    client: TestClient, db: Session, required: None
) -> None:
    create_user(db, username="huyen", role="reviewer", unit=district(db)["district"])
    login(client, "huyen")
    secret, _ = _enrol(client)
    assert client.get("/review", follow_redirects=False).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    password_step = login(client, "huyen")
    assert password_step.headers["location"].startswith("/login/code")
    assert (
        client.get("/", follow_redirects=False).headers["location"].startswith("/login")
    )  # not signed in yet
    wrong = _code_step(client, "000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    assert wrong.status_code == 401
    assert "Mã không đúng hoặc đã hết hạn" in text_of(wrong)
    code = _next_code(secret)
    assert _code_step(client, code).status_code == 303
    assert client.get("/review", follow_redirects=False).status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    login(client, "huyen")
    assert _code_step(client, code).status_code == 401  # the same code a second time
    assert [action for action in ("sign_in.succeeded",) if sign_in_events(db, action)] == [
        "sign_in.succeeded"
    ]


def test_a_recovery_code_stands_in_for_a_lost_phone_once(
    client: TestClient, db: Session, required: None
) -> None:
    create_user(db, username="huyen", role="reviewer", unit=district(db)["district"])
    login(client, "huyen")
    secret, codes = _enrol(client)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    login(client, "huyen")
    assert _code_step(client, codes[3].upper()).status_code == 303
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/"))})
    login(client, "huyen")
    assert _code_step(client, codes[3]).status_code == 401
    assert _code_step(client, _next_code(secret)).status_code == 303
    assert "Còn 9 mã dự phòng." in text_of(client.get("/account"))


def test_the_api_asks_an_enrolled_account_for_its_code(
    client: TestClient, db: Session, required: None
) -> None:
    create_user(db, username="huyen", role="reviewer", unit=district(db)["district"])
    login(client, "huyen")
    secret, _ = _enrol(client)
    missing = client.post(f"{API}/auth/token", json={"username": "huyen", "password": PASSWORD})
    assert missing.status_code == 401
    assert missing.json()["details"][0]["field"] == "otp"
    given = client.post(
        f"{API}/auth/token", json={"username": "huyen", "password": PASSWORD, "otp": _next_code(secret)}
    )
    assert given.status_code == 200


def test_a_code_page_without_the_password_step_goes_back_to_sign_in(client: TestClient, db: Session) -> None:
    user = create_user(db, username="huyen", role="reviewer", unit=district(db)["district"])
    client.cookies.set("minutes_pending", f"{user.id}.{int(time.time())}.{'0' * 64}")
    assert client.get("/login/code", follow_redirects=False).headers["location"] == "/login"
    settings = client.app.state.settings
    stale = factors.pending_token(user.id, settings, now=time.time() - factors.PENDING_SECONDS - 5)
    assert factors.pending_user_id(stale, settings) is None
    assert factors.pending_user_id(factors.pending_token(user.id, settings), settings) == user.id


def test_an_administrator_above_resets_a_lost_factor_and_the_account_is_signed_out(
    client: TestClient, app: FastAPI, db: Session, required: None
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["district"])
    huyen = create_user(db, username="huyen", role="reviewer", unit=units["minh_phat"])
    phone = TestClient(app)
    login(phone, "huyen")
    _enrol(phone)
    db.expire_all()
    assert db.get(User, huyen.id).totp_confirmed_at is not None
    login(client, "quantri")
    _enrol(client)
    url = f"/admin/users/{huyen.id}"
    assert post_form(client, f"{url}/two-factor/reset", {}, page=url).status_code == 303
    db.expire_all()
    assert db.get(User, huyen.id).totp_secret is None
    assert db.query(WebSession).filter(WebSession.user_id == huyen.id).count() == 0
    assert phone.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_setting_up_the_factor_asks_for_the_password_and_signs_out_other_browsers(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    hall = TestClient(app)
    login(hall, "bithu")
    login(client, "bithu")
    secret = _secret_on(client.get("/account/two-factor"))
    wrong = post_form(
        client,
        "/account/two-factor",
        {"code": pyotp.TOTP(secret).now(), "password": "sai-mat-khau-roi"},
        page="/account/two-factor",
    )
    assert wrong.status_code == 403
    assert "Mật khẩu hiện tại chưa đúng" in text_of(wrong)
    assert sign_in_events(db) == [("bithu", "testclient")]
    db.expire_all()
    assert not factors.in_force(db.scalar(select(User).where(User.username == "bithu")))
    assert hall.get("/", follow_redirects=False).status_code == 200
    _enrol(client)
    assert hall.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/", follow_redirects=False).status_code == 200


def test_the_session_is_renewed_when_the_factor_is_set_up(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    login(client, "bithu")
    before = client.cookies.get("minutes_session")
    _enrol(client)
    after = client.cookies.get("minutes_session")
    assert before and after and before != after
    assert client.get("/account", follow_redirects=False).status_code == 200
    signed_out = client.post(
        "/logout", data={"csrf_token": csrf_from(client.get("/account"))}, follow_redirects=False
    )
    assert signed_out.status_code == 303
    assert signed_out.headers["clear-site-data"] == '"cache", "storage"'
