"""`minutes audit verify`, as an operator runs it on the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import insert
from typer.testing import CliRunner

from minutes import migrate
from minutes.audit import service
from minutes.audit.models import AuditEvent
from minutes.cli import app
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker, utcnow


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file named by MINUTES_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("MINUTES_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _append(url: str, count: int) -> str:
    """Record events through the service and commit; return the last hash."""
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        for number in range(count):
            event = service.record(
                session, actor=None, action="member.added", record_type="member", record_id=number
            )
    engine.dispose()
    return event.hash


def _forge(url: str, *, seq: int, prev_hash: str) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        session.execute(
            insert(AuditEvent).values(
                seq=seq,
                at=utcnow(),
                actor_name="ke-gian",
                action="review.accepted",
                record_type="meeting",
                record_id="7",
                data={},
                prev_hash=prev_hash,
                hash="b" * 64,
            )
        )
    engine.dispose()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify", *args])
    return result.exit_code, result.output


def test_a_good_log_is_reported_valid_with_its_head(database: str) -> None:
    last_hash = _append(database, 3)
    code, output = _run()
    assert code == 0, output
    assert "Chuỗi nhật ký hợp lệ: 3 sự kiện (" in output and "giây)." in output
    assert f"--head 3:{last_hash}" in output


def test_an_empty_log_is_valid(database: str) -> None:
    code, output = _run()
    assert code == 0
    assert "Chuỗi nhật ký hợp lệ: 0 sự kiện" in output


def test_a_forged_event_is_named(database: str) -> None:
    last_hash = _append(database, 3)
    _forge(database, seq=4, prev_hash=last_hash)
    code, output = _run()
    assert code == 1
    assert "Nhật ký bị sửa tại sự kiện số 4: nội dung sự kiện không khớp với mã băm của nó." in output


def test_a_log_that_no_longer_reaches_the_noted_head_fails(database: str) -> None:
    last_hash = _append(database, 3)
    assert _run("--head", f"3:{last_hash}")[0] == 0
    code, output = _run("--head", f"5:{last_hash}")
    assert code == 1
    assert "Nhật ký bị sửa tại sự kiện số 5: nhật ký kết thúc trước sự kiện này" in output
    code, output = _run("--head", f"2:{last_hash}")
    assert code == 1
    assert "sự kiện số 2: mã băm khác với mã đã ghi lại trước đây." in output


def test_a_badly_written_head_is_refused(database: str) -> None:
    code, output = _run("--head", "ba-muoi")
    assert code == 2
    assert "SỐ:MÃ_BĂM" in output
