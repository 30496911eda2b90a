"""A person's own account through the API: their password, their tokens; an administrator's reset."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.helpers import PASSWORD, create_user, district, login

API = "/api/v1"
NEW_PASSWORD = "Bon-con-trau-tren-doi"


def _bearer(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post(f"{API}/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_changing_ones_password_needs_the_current_one_and_ends_every_other_token(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    phone, laptop = _bearer(client, "bithu"), _bearer(client, "bithu")
    wrong = client.post(
        f"{API}/me/password",
        headers=phone,
        json={"current_password": "doan-bua", "new_password": NEW_PASSWORD},
    )
    assert wrong.status_code == 403 and wrong.json()["message"] == "Mật khẩu hiện tại chưa đúng. Hãy gõ lại."
    assert client.get(f"{API}/me", headers=laptop).status_code == 200
    changed = client.post(
        f"{API}/me/password", headers=phone, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 204
    assert client.get(f"{API}/me", headers=laptop).status_code == 401
    assert client.get(f"{API}/me", headers=phone).status_code == 200
    assert (
        client.post(f"{API}/auth/token", json={"username": "bithu", "password": PASSWORD}).status_code == 401
    )
    _bearer(client, "bithu", NEW_PASSWORD)


def test_a_weak_new_password_is_refused_and_the_old_one_stays(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    phone = _bearer(client, "bithu")
    weak = client.post(
        f"{API}/me/password", headers=phone, json={"current_password": PASSWORD, "new_password": "12345678"}
    )
    assert weak.status_code == 422 and weak.json()["details"][0]["field"] == "new_password"
    _bearer(client, "bithu")


def test_a_person_lists_their_tokens_and_ends_one_they_no_longer_hold(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    lost_phone, laptop = _bearer(client, "bithu"), _bearer(client, "bithu")
    first = client.get(f"{API}/me/tokens", headers=laptop).json()
    assert first[0]["last_used_at"] is None  # its use is noted once the answer is sent
    listed = client.get(f"{API}/me/tokens", headers=laptop).json()
    assert [t["current"] for t in listed] == [True, False]
    assert listed[0]["last_used_at"] is not None and listed[1]["last_used_at"] is None
    assert set(listed[0]) == {
        "id",
        "created_at",
        "expires_at",
        "last_used_at",
        "current",
    }
    assert client.delete(f"{API}/me/tokens/{listed[1]['id']}", headers=laptop).status_code == 204
    assert client.get(f"{API}/me", headers=lost_phone).status_code == 401
    assert [t["current"] for t in client.get(f"{API}/me/tokens", headers=laptop).json()] == [True]


def test_someone_elses_token_does_not_exist_for_a_person(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    create_user(db, username="thuky")
    theirs = _bearer(client, "thuky")
    their_id = client.get(f"{API}/me/tokens", headers=theirs).json()[0]["id"]
    assert client.delete(f"{API}/me/tokens/{their_id}", headers=_bearer(client, "bithu")).status_code == 404
    assert client.get(f"{API}/me", headers=theirs).status_code == 200


def test_an_administrators_reset_ends_every_session_and_token_of_the_account(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="admin.xa", role="admin", unit=units["minh_phat"])
    secretary = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    theirs = _bearer(client, "bithu")
    admin = _bearer(client, "admin.xa")
    reset = client.post(
        f"{API}/users/{secretary.id}/password", headers=admin, json={"password": NEW_PASSWORD}
    )
    assert reset.status_code == 204
    assert client.get(f"{API}/me", headers=theirs).status_code == 401
    admin_id = client.get(f"{API}/me", headers=admin).json()["id"]
    own = client.post(f"{API}/users/{admin_id}/password", headers=admin, json={"password": NEW_PASSWORD})
    assert own.status_code == 403


def test_answers_behind_sign_in_are_never_kept_by_the_browser(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    assert client.get(f"{API}/me", headers=_bearer(client, "bithu")).headers["cache-control"] == "no-store"
    assert client.get("/login").headers["cache-control"] == "no-store"
    assert "immutable" in client.get("/static/style.css").headers["cache-control"]


def test_guessing_the_current_password_is_throttled_like_a_sign_in(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    phone = _bearer(client, "bithu")
    for _ in range(5):
        wrong = client.post(
            f"{API}/me/password",
            headers=phone,
            json={"current_password": "doan-mo", "new_password": NEW_PASSWORD},
        )
        assert wrong.status_code == 403
    throttled = client.post(
        f"{API}/me/password", headers=phone, json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert throttled.status_code == 429 and "retry-after" in throttled.headers


def test_an_administrator_of_the_same_unit_cannot_reset_a_peers_password(
    client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="admin.a", role="admin", unit=units["minh_phat"])
    peer = create_user(db, username="admin.b", role="admin", unit=units["minh_phat"])
    reset = client.post(
        f"{API}/users/{peer.id}/password", headers=_bearer(client, "admin.a"), json={"password": NEW_PASSWORD}
    )
    assert reset.status_code == 403
    _bearer(client, "admin.b")


def test_she_lists_her_browsers_and_signs_one_out_through_the_api(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    create_user(db, username="thuky", role="clerk", unit=units["po_meo"])
    hall, stranger = TestClient(app), TestClient(app)
    login(hall, "bithu")
    login(stranger, "thuky")
    headers = _bearer(client, "bithu")
    listed = client.get(f"{API}/me/sessions", headers=headers).json()
    assert len(listed) == 1 and set(listed[0]) == {"id", "created_at", "last_seen_at", "current"}
    theirs = client.get(f"{API}/me/sessions", headers=_bearer(client, "thuky")).json()[0]["id"]
    assert client.delete(f"{API}/me/sessions/{theirs}", headers=headers).status_code == 404
    assert client.delete(f"{API}/me/sessions/{listed[0]['id']}", headers=headers).status_code == 204
    assert hall.get("/", follow_redirects=False).headers["location"].startswith("/login")
    assert stranger.get("/", follow_redirects=False).status_code == 200
    assert client.delete(f"{API}/me/sessions/not-a-session", headers=headers).status_code == 422


def test_an_administrator_sees_and_ends_the_credentials_of_accounts_below_only(
    app: FastAPI, client: TestClient, db: Session
) -> None:
    units = district(db)
    create_user(db, username="quantri", role="admin", unit=units["minh_phat"])
    create_user(db, username="quantri.kx", role="admin", unit=units["khuat_xa"])
    bithu = create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    hall = TestClient(app)
    login(hall, "bithu")
    phone = _bearer(client, "bithu")
    admin, elsewhere = _bearer(client, "quantri"), _bearer(client, "quantri.kx")
    assert len(client.get(f"{API}/users/{bithu.id}/sessions", headers=admin).json()) == 1
    assert len(client.get(f"{API}/users/{bithu.id}/tokens", headers=admin).json()) == 1
    for path in ("sessions", "tokens"):
        assert client.get(f"{API}/users/{bithu.id}/{path}", headers=elsewhere).status_code == 404
    assert client.post(f"{API}/users/{bithu.id}/sign-out", headers=elsewhere).status_code == 404
    assert client.get(f"{API}/me", headers=phone).status_code == 200
    assert client.post(f"{API}/users/{bithu.id}/sign-out", headers=admin).status_code == 204
    assert client.get(f"{API}/me", headers=phone).status_code == 401
    assert hall.get("/", follow_redirects=False).headers["location"].startswith("/login")
