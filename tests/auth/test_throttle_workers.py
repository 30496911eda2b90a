"""A burst of parallel wrong passwords at a multi-worker server: at most the limit is ever checked."""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from minutes.db import make_engine, make_sessionmaker
from tests.conftest import BACKENDS, migrated_database
from tests.helpers import create_root, create_user, run_at_once, sign_in_events

LIMIT = 5  # MINUTES_LOGIN_MAX_FAILURES_PER_ACCOUNT's default
WORKERS = {"postgresql": 4, "sqlite": 2}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A server of several worker processes on a new database with two accounts: (base URL, db URL)."""
    with migrated_database(request.param, tmp_path, "throttle") as url:
        engine = make_engine(url)
        with make_sessionmaker(engine).begin() as db:
            root = create_root(db)
            create_user(db, username="bithu", role="secretary", unit=root)
            create_user(db, username="phobithu", role="secretary", unit=root)
        engine.dispose()
        port = _free_port()
        command = [str(Path(sys.executable).parent / "minutes"), "serve", "--port", str(port)]
        command += ["--workers", str(WORKERS[request.param])]
        env = {**os.environ, "MINUTES_DATABASE_URL": url, "MINUTES_TRUSTED_PROXIES": ""}
        log = tmp_path / "server.log"
        with log.open("wb") as output:
            process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, process, log)
            yield base, url
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            with urllib.request.urlopen(f"{base}/login", timeout=2) as page:
                assert page.headers.get("server") is None  # uvicorn is told not to name itself
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _token_request(base: str, username: str, forwarded: str | None = None) -> tuple[int, str | None]:
    body = f'{{"username": "{username}", "password": "sai-mat-khau-roi"}}'.encode()
    headers = {"content-type": "application/json"}
    if forwarded is not None:
        headers["x-forwarded-for"] = forwarded
    request = urllib.request.Request(f"{base}/api/v1/auth/token", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, None
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers.get("retry-after")


def _burst(
    base: str, username: str, count: int, *, rotate_forwarded: bool = False
) -> list[tuple[int, str | None]]:
    answers: list[tuple[int, str | None]] = [(0, None)] * count

    def one(number: int) -> None:
        forwarded = f"10.0.{number // 250}.{number % 250 + 1}" if rotate_forwarded else None
        answers[number] = _token_request(base, username, forwarded)

    assert run_at_once(one, count) == []
    return answers


def _checked(db_url: str, username: str) -> int:
    engine = make_engine(db_url)
    try:
        with make_sessionmaker(engine)() as db:
            return len([event for event in sign_in_events(db) if event[0] == username])
    finally:
        engine.dispose()


def test_a_hundred_parallel_wrong_passwords_get_at_most_the_limit_checked(server: tuple[str, str]) -> None:
    base, db_url = server
    answers = _burst(base, "bithu", 100)
    statuses = collections.Counter(status for status, _ in answers)
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= statuses[401] <= LIMIT, statuses
    assert statuses[401] + statuses[429] == 100
    assert all(retry is not None and int(retry) >= 1 for status, retry in answers if status == 429)
    assert _checked(db_url, "bithu") == statuses[401]


def test_a_forwarded_address_from_an_untrusted_peer_does_not_dodge_the_limit(server: tuple[str, str]) -> None:
    base, db_url = server
    answers = _burst(base, "phobithu", 40, rotate_forwarded=True)
    statuses = collections.Counter(status for status, _ in answers)
    assert statuses[401] <= LIMIT, statuses
    assert statuses[429] == 40 - statuses[401]
    assert _checked(db_url, "phobithu") == statuses[401]
