"""Throttling slows a guesser without locking the owner out, and believes only trusted proxies."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.auth.pages import DEVICE_COOKIE
from tests.helpers import create_user, csrf_from, district, login, sign_in_events

WRONG = "sai-mat-khau-roi"


@pytest.fixture
def browsers(app: FastAPI, client: TestClient) -> Iterator[dict[str, TestClient]]:
    """Browsers at other addresses, sharing the test's transaction through the app (client first)."""
    addresses = {"owner": "192.0.2.10", **{f"attacker{n}": f"203.0.113.{n}" for n in range(1, 5)}}
    opened = {name: TestClient(app, client=(address, 50000)) for name, address in addresses.items()}
    yield opened
    for browser in opened.values():
        browser.close()


@pytest.fixture
def trusting(app: FastAPI) -> Iterator[None]:
    """The app believes X-Forwarded-For from a proxy at 127.0.0.1."""
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"trusted_proxies": "127.0.0.1"})
    yield
    app.state.settings = settings


def _token(browser: TestClient, username: str, password: str, **headers: str) -> int:
    return browser.post(
        "/api/v1/auth/token", json={"username": username, "password": password}, headers=headers
    ).status_code


def test_the_owner_signs_in_from_her_phone_while_guessers_from_many_addresses_are_slowed(
    browsers: dict[str, TestClient], db: Session
) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    owner = browsers["owner"]
    assert login(owner, "bithu").status_code == 303
    assert owner.cookies.get(DEVICE_COOKIE)
    owner.post("/logout", data={"csrf_token": csrf_from(owner.get("/"))})
    answers = [_token(browsers[f"attacker{n}"], "bithu", WRONG) for n in range(1, 5) for _ in range(6)]
    # Five from each of two addresses; then the account's delays begin, whatever the address.
    assert answers == [401] * 5 + [429] + [401] * 5 + [429] * 13
    delayed = browsers["attacker4"].post("/api/v1/auth/token", json={"username": "bithu", "password": WRONG})
    assert delayed.status_code == 429
    assert 1 <= int(delayed.headers["retry-after"]) <= 900
    assert login(owner, "bithu").status_code == 303  # her phone is known: never slowed by them
    assert owner.get("/").status_code == 200
    assert len(sign_in_events(db)) == 10


def test_a_known_phone_still_gets_only_five_guesses(browsers: dict[str, TestClient], db: Session) -> None:
    create_user(db, username="bithu", role="secretary", unit=district(db)["na_noong"])
    owner = browsers["owner"]
    login(owner, "bithu")
    owner.post("/logout", data={"csrf_token": csrf_from(owner.get("/"))})
    assert [login(owner, "bithu", WRONG).status_code for _ in range(6)] == [401] * 5 + [429]
    assert login(owner, "bithu").status_code == 429


def test_a_lock_out_is_audited_once_and_every_failure_is_kept(client: TestClient, db: Session) -> None:
    create_user(db, username="bithu")
    for _ in range(8):
        _token(client, "bithu", WRONG)
    assert len(sign_in_events(db)) == 5
    assert sign_in_events(db, "sign_in.locked") == [("bithu", "testclient")]


def test_a_forwarded_address_is_believed_only_from_a_trusted_proxy(
    app: FastAPI, client: TestClient, db: Session, trusting: None
) -> None:
    create_user(db, username="bithu")
    proxy = TestClient(app, client=("127.0.0.1", 50000))
    stranger = TestClient(app, client=("198.51.100.9", 50000))
    _token(proxy, "bithu", WRONG, **{"x-forwarded-for": "203.0.113.7"})
    _token(proxy, "bithu", WRONG, **{"x-forwarded-for": "10.9.9.9, 203.0.113.8, 127.0.0.1"})
    _token(stranger, "bithu", WRONG, **{"x-forwarded-for": "203.0.113.9"})
    _token(client, "bithu", WRONG, **{"x-forwarded-for": "203.0.113.10"})
    assert [address for _, address in sign_in_events(db)] == [
        "203.0.113.7",
        "203.0.113.8",
        "198.51.100.9",
        "testclient",
    ]


def test_forty_failures_with_a_made_up_forwarded_address_are_throttled_after_five(
    client: TestClient, db: Session
) -> None:
    create_user(db, username="bithu")
    answers = [_token(client, "bithu", WRONG, **{"x-forwarded-for": f"10.0.0.{n}"}) for n in range(40)]
    assert answers == [401] * 5 + [429] * 35


def test_signing_in_as_another_person_ends_the_first_persons_session(client: TestClient, db: Session) -> None:
    units = district(db)
    create_user(db, username="bithu", role="secretary", unit=units["na_noong"])
    create_user(db, username="thuky", role="clerk", unit=units["na_noong"])
    login(client, "bithu")
    first_cookie = client.cookies.get("minutes_session")
    login(client, "thuky")
    other = TestClient(client.app, cookies={"minutes_session": first_cookie or ""})
    assert other.get("/", follow_redirects=False).status_code == 303
