"""minutes backup and minutes restore: a consistent copy, proven by its audit chain, on both databases."""

from __future__ import annotations

import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, table, text
from typer.testing import CliRunner

from minutes.cli import CONSOLE, app
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker
from minutes.orgs import members
from minutes.orgs import service as orgs_service
from tests.conftest import POSTGRES_ADMIN_URL


def _fill(url: str) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        root = orgs_service.create_root(session, name="Đảng bộ huyện Lộc Bình", kind="committee")
        branch = orgs_service.create_unit(
            session, actor=CONSOLE, name="Chi bộ thôn Nà Noong", kind="branch", parent_id=root.id
        )
        members.add_member(
            session,
            actor=CONSOLE,
            unit_id=branch.id,
            fields={"full_name": "Vi Thị Thu", "status": "official"},
        )
        session.commit()
    engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: connection.scalar(select(func.count()).select_from(table(name))) or 0
                for name in sorted(inspect(engine).get_table_names())
                if name != "search_fts" and not name.startswith("search_fts_")
            }
    finally:
        engine.dispose()


@pytest.fixture
def empty_url(fresh_url: str, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the same kind as ``fresh_url``."""
    if fresh_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"minutes_restored_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _minutes(url: str, *args: str) -> tuple[int, str]:
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, list(args), env={"MINUTES_DATABASE_URL": url})
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.output


def test_a_backup_restored_into_an_empty_database_holds_the_same_records(
    fresh_url: str, empty_url: str, tmp_path: Path
) -> None:
    _fill(fresh_url)
    copy = tmp_path / "minutes.backup"
    code, output = _minutes(fresh_url, "backup", str(copy))
    assert code == 0, output
    assert "Đã ghi bản sao lưu" in output and "chuỗi" in output
    assert copy.stat().st_size > 0
    code, output = _minutes(empty_url, "restore", str(copy))
    assert code == 0, output
    assert _counts(empty_url) == _counts(fresh_url)
    assert _counts(empty_url)["audit_event"] >= 3
    code, output = _minutes(empty_url, "audit", "verify")
    assert code == 0, output


def test_a_restore_never_overwrites_a_database_in_use(fresh_url: str, tmp_path: Path) -> None:
    _fill(fresh_url)
    copy = tmp_path / "minutes.backup"
    assert _minutes(fresh_url, "backup", str(copy))[0] == 0
    before = _counts(fresh_url)
    code, output = _minutes(fresh_url, "restore", str(copy))
    assert code == 1 and "không trống" in output
    assert _counts(fresh_url) == before
    code, output = _minutes(fresh_url, "backup", str(copy))
    assert code == 1 and "đã có" in output


def _tampered_copy(url: str, copy: Path) -> None:
    """A copy of the database made by hand after an event of its log was changed."""
    engine = create_engine(url)
    with engine.begin() as connection:
        if url.startswith("sqlite"):
            connection.execute(text("DROP TRIGGER audit_event_no_update"))
        else:
            connection.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        connection.execute(text("UPDATE audit_event SET action = 'review.accepted' WHERE seq = 1"))
    engine.dispose()
    if url.startswith("sqlite"):
        source, target = sqlite3.connect(url.removeprefix("sqlite:///")), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        return
    libpq = url.replace("postgresql+psycopg", "postgresql")
    subprocess.run(["pg_dump", "--format=custom", f"--file={copy}", libpq], check=True)


def test_a_copy_whose_log_does_not_verify_is_refused_and_the_database_stays_empty(
    fresh_url: str, empty_url: str, tmp_path: Path
) -> None:
    _fill(fresh_url)
    copy = tmp_path / "tampered.backup"
    _tampered_copy(fresh_url, copy)
    code, output = _minutes(empty_url, "restore", str(copy))
    assert code == 1
    assert "không vượt qua kiểm tra: Nhật ký bị sửa tại sự kiện số 1" in output
    engine = create_engine(empty_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()
