"""One's own account page: the password changed with the current one, browsers and tokens seen and ended."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from minutes.auth.models import User, WebSession
from tests.helpers import (
    PASSWORD,
    api_headers,
    create_user,
    district,
    login,
    post_form,
    sign_in_events,
    text_of,
)

NEW = "trâu ra đồng sáng sớm"


def _two_browsers(app: FastAPI, client: TestClient, db: Session) -> TestClient:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    other = TestClient(app)
    login(other, "bithu")
    login(client, "bithu")
    return other


def test_a_wrong_current_password_changes_nothing_and_is_counted(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    _two_browsers(app, client, db)
    answer = post_form(
        client,
        "/account/password",
        {"current_password": "sai-mat-khau-roi", "new_password": NEW},
        page="/account",
    )
    assert answer.status_code == 403
    assert "Mật khẩu hiện tại chưa đúng. Hãy gõ lại." in text_of(answer)
    assert sign_in_events(db) == [("bithu", "testclient")]
    assert login(TestClient(app), "bithu").status_code == 303  # the old password still works


def test_a_weak_new_password_is_refused_with_the_reason(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    _two_browsers(app, client, db)
    answer = post_form(
        client,
        "/account/password",
        {"current_password": PASSWORD, "new_password": "hanoi12345"},
        page="/account",
    )
    assert answer.status_code == 422
    assert "một con số ai cũng đoán thử" in text_of(answer)


def test_changing_the_password_signs_out_every_other_browser_and_token(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    other = _two_browsers(app, client, db)
    user = db.get(User, db.scalar(select(WebSession.user_id).limit(1)))
    assert user is not None
    headers = api_headers(db, user)
    answer = post_form(
        client, "/account/password", {"current_password": PASSWORD, "new_password": NEW}, page="/account"
    )
    assert answer.status_code == 303
    assert "Đã đổi mật khẩu" in text_of(client.get("/account"))
    assert other.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/api/v1/me", headers=headers).status_code == 401
    fresh = TestClient(app)
    assert login(fresh, "bithu", NEW).status_code == 303


def test_she_signs_out_the_phone_she_left_at_the_hall(app: FastAPI, client: TestClient, db: Session) -> None:
    other = _two_browsers(app, client, db)
    page = client.get("/account")
    assert "(trình duyệt này)" in text_of(page)
    ids = list(db.scalars(select(WebSession.id)))
    offered = [session_id for session_id in ids if f'value="{session_id}"' in page.text]
    assert len(ids) == 2 and len(offered) == 1  # this browser is marked, not offered
    hall = offered[0]
    assert (
        post_form(client, "/account/sessions/end", {"session_id": hall}, page="/account").status_code == 303
    )
    assert other.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert client.get("/", follow_redirects=False).status_code == 200


def test_someone_elses_browser_cannot_be_signed_out_from_ones_page(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="thuky", role="clerk", unit=units["po_meo"])
    stranger = TestClient(app)
    login(stranger, "thuky")
    theirs = db.scalar(select(WebSession.id))
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    login(client, "bithu")
    answer = post_form(client, "/account/sessions/end", {"session_id": theirs or ""}, page="/account")
    assert answer.status_code == 404
    assert stranger.get("/", follow_redirects=False).status_code == 200


def test_a_token_ended_on_the_page_no_longer_works(client: TestClient, db: Session) -> None:
    user = create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    headers = api_headers(db, user)
    login(client, "bithu")
    token_id = client.get("/api/v1/me/tokens", headers=headers).json()[0]["id"]
    answer = post_form(client, f"/account/tokens/{token_id}/revoke", {}, page="/account")
    assert answer.status_code == 303
    assert client.get("/api/v1/me", headers=headers).status_code == 401
