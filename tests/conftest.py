"""Shared fixtures: a real database (SQLite and PostgreSQL), migrated, each test rolled back."""

from __future__ import annotations

import contextlib
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from minutes import demo, migrate
from minutes.app import create_app, subscribe_domains
from minutes.auth import passwords
from minutes.config import Settings, get_settings
from minutes.db import make_engine

# The minutes publish their saves; the tallies and the index follow them, as in the app.
subscribe_domains()

# Argon2id still, with cheap parameters: the suite creates hundreds of accounts.
passwords.use_hasher(PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),)))

# The second factor is required of administrators and reviewers by default, as
# tests/auth/test_two_factor.py proves; the other journeys sign them in with a password only.
os.environ.setdefault("MINUTES_TOTP_REQUIRED_ROLES", "")

POSTGRES_ADMIN_URL = os.environ.get(
    "MINUTES_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_ALL = os.environ.get("CI", "").lower() == "true" or os.environ.get("MINUTES_REQUIRE_ALL") == "1"
BACKENDS = [b for b in os.environ.get("MINUTES_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def postgres_reachable() -> bool:
    """Whether PostgreSQL answers on its port."""
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def unavailable(what: str) -> None:
    """Skip a test whose real part is missing here; in CI, fail instead."""
    if REQUIRE_ALL:
        pytest.fail(f"{what} is required in CI but is not available", pytrace=False)
    pytest.skip(f"{what} is not available on this machine")


@contextlib.contextmanager
def migrated_database(kind: str, folder: Path, prefix: str, revision: str = "head") -> Iterator[str]:
    """The URL of a new database of a kind migrated up to a revision: a file in the folder, or a
    PostgreSQL database named after the prefix, dropped afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / f'{prefix}.db'}"
        command.upgrade(migrate.alembic_config(url), revision)
        yield url
        return
    if not postgres_reachable():
        unavailable("PostgreSQL at 127.0.0.1:5432")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        command.upgrade(migrate.alembic_config(url), revision)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database of each kind, for the whole run."""
    with migrated_database(request.param, tmp_path_factory.mktemp("db"), "minutes_test") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database of each kind of its own, migrated, that several workers really commit to."""
    with migrated_database(request.param, tmp_path, "minutes_fresh") as url:
        yield url


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str], str]:
    """The demo district built once for the whole run: its URL, account lines and summary.

    Tests read it or roll back what they change (the build takes most of a minute).
    """
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    accounts, summary = demo.build(url)
    return url, accounts, summary


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def sessions(connection: Connection) -> sessionmaker[Session]:
    """Sessions that commit to savepoints of the test's transaction."""
    return sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")


@pytest.fixture
def db(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """The test's own session, to build data and to look at what requests stored."""
    with sessions() as session:
        yield session


@pytest.fixture(scope="session")
def app(engine: Engine) -> FastAPI:
    """The app, with templates that fail on a missing variable."""
    settings = Settings(database_url=str(engine.url.render_as_string(hide_password=False)))
    return create_app(settings, strict_templates=True)


@pytest.fixture
def client(app: FastAPI, sessions: sessionmaker[Session]) -> Iterator[TestClient]:
    """A browser or API client whose requests share the test's transaction."""
    app.state.write_sessions = sessions
    app.state.read_sessions = sessions
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as test_client:
        yield test_client


def pytest_report_header(config: Any) -> list[str]:
    """Say which databases the suite runs on."""
    return [f"minutes: databases {', '.join(BACKENDS)}; real parts required: {REQUIRE_ALL}"]


# Sets MINUTES_ variables for one test (tests/test_settings_take_effect.py, tests/meetings/test_dates.py).
Configure = Callable[..., None]


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch, app: FastAPI) -> Iterator[Configure]:
    """Set MINUTES_ variables for one test: for the services and for the app's own settings."""
    kept = app.state.settings

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(f"MINUTES_{name.upper()}", value)
        get_settings.cache_clear()
        app.state.settings = Settings(database_url=kept.database_url)

    yield set_env
    monkeypatch.undo()
    get_settings.cache_clear()
    app.state.settings = kept
