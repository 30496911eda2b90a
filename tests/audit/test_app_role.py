"""On PostgreSQL the app can run as a role that appends to the audit log but can never rewrite it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from minutes.app import create_app
from minutes.audit import service
from minutes.cli import app as cli
from minutes.config import Settings, get_settings
from minutes.db import make_engine, make_sessionmaker
from tests.conftest import POSTGRES_ADMIN_URL, migrated_database
from tests.helpers import PASSWORD, create_root, create_user


@pytest.fixture
def app_role_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A PostgreSQL database owned by another role, and the URL the app signs in with under `minutes db app-role`."""
    role = f"minutes_app_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE {role} LOGIN"))
    try:
        with migrated_database("postgresql", tmp_path, "minutes_role") as owner_url:
            engine = make_engine(owner_url)
            with make_sessionmaker(engine).begin() as db:
                create_user(db, username="bithu", role="secretary", unit=create_root(db))
            engine.dispose()
            monkeypatch.setenv("MINUTES_DATABASE_URL", owner_url)
            get_settings.cache_clear()
            result = CliRunner().invoke(cli, ["db", "app-role", role, "--apply"])
            get_settings.cache_clear()
            assert result.exit_code == 0, result.output
            yield owner_url.replace("postgres@", f"{role}@", 1)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE audit_event DISABLE TRIGGER USER",
        "DROP TRIGGER audit_event_no_change ON audit_event",
        "TRUNCATE audit_event",
        "UPDATE audit_event SET action = 'review.accepted'",
        "DELETE FROM audit_event",
    ],
)
def test_the_apps_role_cannot_rewrite_or_switch_off_the_log(app_role_url: str, statement: str) -> None:
    engine = make_engine(app_role_url)
    try:
        with make_sessionmaker(engine)() as session:
            before = service.verify(session)[0]
        with make_sessionmaker(engine).begin() as session:
            service.record(session, actor=None, action="member.added", record_type="member", record_id=1)
        with (
            engine.connect() as connection,
            pytest.raises(DBAPIError, match=r"must be owner|permission denied"),
        ):
            connection.execute(text(statement))
        with make_sessionmaker(engine)() as session:
            assert service.verify(session) == (before + 1, None)
    finally:
        engine.dispose()


def test_the_app_works_under_that_role(app_role_url: str) -> None:
    served = create_app(Settings(database_url=app_role_url))
    with TestClient(served) as client:
        answer = client.post("/api/v1/auth/token", json={"username": "bithu", "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        assert (
            client.get(
                "/api/v1/me", headers={"Authorization": f"Bearer {answer.json()['access_token']}"}
            ).json()["username"]
            == "bithu"
        )
    served.state.engine.dispose()
