"""An insider who rewrites the audit log is caught: the keyed chain, and anchors kept outside it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlalchemy import Connection, insert, select, text
from typer.testing import CliRunner

from minutes.audit import chain, service
from minutes.audit.models import AuditEvent
from minutes.cli import app
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker, utcnow


@pytest.fixture
def database(fresh_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated database of each kind named by MINUTES_DATABASE_URL, its anchors in a file of the test."""
    monkeypatch.setenv("MINUTES_DATABASE_URL", fresh_url)
    monkeypatch.setenv("MINUTES_AUDIT_ANCHOR_FILE", str(tmp_path / "anchors.jsonl"))
    get_settings.cache_clear()
    yield fresh_url
    get_settings.cache_clear()


def _append(url: str, count: int) -> None:
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        for number in range(count):
            service.record(session, actor=None, action="member.added", record_type="member", record_id=number)
    engine.dispose()


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", *args])
    return result.exit_code, result.output


def _as_insider(url: str) -> tuple[Any, Connection]:
    """A connection with the log's guards switched off, as the database's owner could."""
    engine = make_engine(url)
    connection = engine.connect()
    if connection.dialect.name == "postgresql":
        connection.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
    else:
        connection.execute(text("DROP TRIGGER audit_event_no_update"))
        connection.execute(text("DROP TRIGGER audit_event_no_delete"))
    return engine, connection


def _rewrite_from(url: str, seq: int, *, key: bytes | None) -> None:
    """Change event `seq` and compute every hash from there again, with the key given (or none)."""
    engine, connection = _as_insider(url)
    with connection:
        rows = [dict(row._mapping) for row in connection.execute(select(AuditEvent).order_by(AuditEvent.seq))]
        previous = rows[seq - 2]["hash"] if seq > 1 else chain.GENESIS
        for row in rows[seq - 1 :]:
            if row["seq"] == seq:
                row["action"] = "review.accepted"
            row["prev_hash"] = previous
            row["hash"] = previous = chain.link_hash(row, key)
            connection.execute(
                AuditEvent.__table__.update()
                .where(AuditEvent.seq == row["seq"])
                .values(action=row["action"], prev_hash=row["prev_hash"], hash=row["hash"])
            )
        connection.commit()
    engine.dispose()


def _delete(url: str, where: str) -> None:
    engine, connection = _as_insider(url)
    with connection:
        connection.execute(text(f"DELETE FROM audit_event WHERE {where}"))
        connection.commit()
    engine.dispose()


def test_an_event_edited_and_the_chain_recomputed_without_the_key_is_caught(database: str) -> None:
    _append(database, 6)
    _rewrite_from(database, 3, key=None)
    code, output = _cli("verify")
    assert code == 1
    assert "sự kiện số 3" in output


def test_an_event_edited_with_the_key_itself_is_caught_by_the_anchor(database: str) -> None:
    _append(database, 6)
    assert _cli("anchor")[0] == 0
    _rewrite_from(database, 3, key=service.chain_key())
    code, output = _cli("verify")
    assert code == 1
    assert "sự kiện số 6" in output  # the anchored head no longer has its hash


def test_deleting_the_last_events_is_caught_by_the_anchor(database: str) -> None:
    _append(database, 12)
    assert _cli("anchor")[0] == 0
    _delete(database, "seq > 2")
    code, output = _cli("verify")
    assert code == 1
    assert "sự kiện số 12" in output and "kết thúc trước" in output


def test_an_emptied_log_is_caught_by_the_anchor(database: str) -> None:
    _append(database, 4)
    assert _cli("anchor")[0] == 0
    _delete(database, "1 = 1")
    code, output = _cli("verify")
    assert code == 1 and "sự kiện số 4" in output


def test_a_log_that_grew_after_its_anchor_is_valid_and_says_so(database: str) -> None:
    _append(database, 3)
    _cli("anchor")
    _append(database, 2)
    code, output = _cli("verify")
    assert code == 0, output
    assert "Chuỗi nhật ký hợp lệ: 5 sự kiện" in output
    assert "mốc cuối, sự kiện số 3" in output


def test_an_anchor_line_made_up_without_the_key_is_refused(database: str, tmp_path: Path) -> None:
    _append(database, 5)
    _cli("anchor")
    _delete(database, "seq > 2")
    made_up = {"seq": 2, "hash": "0" * 64, "at": utcnow().isoformat(), "mac": "f" * 64}
    with (tmp_path / "anchors.jsonl").open("a") as file:
        file.write(json.dumps(made_up) + "\n")
    code, output = _cli("verify")
    assert code == 2
    assert "không được ghi bằng khóa" in output


def test_events_from_before_the_key_are_accepted_only_at_the_start(database: str) -> None:
    engine = make_engine(database)
    with make_sessionmaker(engine).begin() as session:
        previous = chain.GENESIS
        for seq in (1, 2):  # written by an older version, with a plain SHA-256
            fields = {
                "seq": seq, "at": utcnow(), "actor_id": None, "actor_name": "system", "action": "member.added",
                "record_type": "member", "record_id": str(seq), "org_unit_id": None, "data": {},
                "prev_hash": previous,
            }  # fmt: skip
            previous = chain.link_hash(fields)
            session.execute(insert(AuditEvent).values(**fields, hash=previous))
    engine.dispose()
    _append(database, 2)
    code, output = _cli("verify")
    assert code == 0, output
    assert "2 sự kiện đầu" in output
    _rewrite_from(database, 4, key=None)  # an unkeyed event after a keyed one
    assert _cli("verify")[0] == 1


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        _Receiver.received.append(json.loads(body))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_an_anchor_also_goes_to_a_second_place_over_http(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("MINUTES_AUDIT_ANCHOR_URL", f"http://127.0.0.1:{server.server_port}/anchors")
    get_settings.cache_clear()
    try:
        _append(database, 3)
        code, output = _cli("anchor")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, output
    engine = make_engine(database)
    with make_sessionmaker(engine)() as session:
        head = service.head(session)
    engine.dispose()
    assert head is not None
    assert [(anchor["seq"], anchor["hash"]) for anchor in _Receiver.received] == [head]
    assert "(201)" in output


class _Mover(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.send_response(307)
        self.send_header("location", "http://127.0.0.1:9/elsewhere")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_an_anchor_is_not_sent_on_where_a_redirect_points(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Mover)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("MINUTES_AUDIT_ANCHOR_URL", f"http://127.0.0.1:{server.server_port}/anchors")
    get_settings.cache_clear()
    try:
        _append(database, 2)
        code, output = _cli("anchor")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 1
    assert "Không gửi được mốc tới" in output and "Mốc đã ghi vào tệp" in output
