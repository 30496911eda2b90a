"""Under pressure the app answers slower or with 503 and Retry-After, never with a 500 or a hang."""

from __future__ import annotations

import collections
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from minutes.app import create_app
from minutes.config import Settings
from minutes.db import make_engine, make_sessionmaker
from tests.helpers import api_headers, create_root, create_user, run_at_once


def _serve(app: FastAPI) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    app.state.engine.dispose()


def _headers(url: str) -> dict[str, str]:
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as db:
        headers = api_headers(db, create_user(db, username="bithu", role="secretary", unit=create_root(db)))
    engine.dispose()
    return headers


def _get(url: str, headers: dict[str, str]) -> tuple[int, str | None]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as answer:
            return answer.status, None
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code, refused.headers.get("retry-after")


def _at_once(url: str, headers: dict[str, str], count: int) -> list[tuple[int, str | None]]:
    answers: list[Any] = [None] * count

    def one(number: int) -> None:
        answers[number] = _get(url, headers)

    assert run_at_once(one, count) == []
    return answers


@pytest.fixture
def small_pool(fresh_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A server with two connections for a hundred callers."""
    headers = _headers(fresh_url)
    app = create_app(Settings(database_url=fresh_url, db_pool_size=2, db_max_overflow=0))
    yield from ((base, headers) for base in _serve(app))


def test_a_hundred_callers_on_two_connections_are_all_served(small_pool: tuple[str, dict[str, str]]) -> None:
    base, headers = small_pool
    answers = _at_once(f"{base}/api/v1/meetings", headers, 100)
    assert collections.Counter(status for status, _ in answers) == {200: 100}


@pytest.fixture
def tiny_queue(fresh_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A server that serves one request at a time and lets none wait."""
    headers = _headers(fresh_url)
    app = create_app(
        Settings(database_url=fresh_url, db_pool_size=1, db_max_overflow=0, max_waiting_requests=0)
    )
    yield from ((base, headers) for base in _serve(app))


def test_callers_past_the_stated_queue_get_503_with_retry_after(
    tiny_queue: tuple[str, dict[str, str]],
) -> None:
    base, headers = tiny_queue
    answers = _at_once(f"{base}/api/v1/meetings", headers, 30)
    statuses = collections.Counter(status for status, _ in answers)
    assert set(statuses) <= {200, 503} and statuses[200] >= 1 and statuses[503] >= 1, statuses
    assert all(retry == "5" for status, retry in answers if status == 503)
