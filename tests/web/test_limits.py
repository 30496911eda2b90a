"""Hostile sizes cost the server nothing: a 200 MB body and a spreadsheet that unpacks to 300 MB.

A real server process (``minutes serve``) on a SQLite file; its peak memory is read from
/proc before and after each attack, and must grow by less than the bound stated here.
"""

from __future__ import annotations

import http.client
import io
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from minutes import migrate
from minutes.auth import signin
from minutes.db import make_engine, make_sessionmaker
from tests.helpers import create_user, district

PEAK_GROWTH_BOUND = 100 * 1024 * 1024  # bytes of resident memory an attack may add, at most


def _peak_memory(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int, str, str, int]]:
    """(base URL, server pid, session cookie, its CSRF token, branch id) of a served SQLite file."""
    url = f"sqlite:///{tmp_path / 'limits.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as db:
        branch = district(db)["na_noong"]
        user = create_user(db, username="bithu", role="secretary", unit=branch)
        cookie, record = signin.start_web_session(db, user=user)
        csrf, branch_id = record.csrf_token, branch.id
    engine.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "minutes"), "serve", "--port", str(port)]
    process = subprocess.Popen(
        command,
        env={**os.environ, "MINUTES_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/login", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base, process.pid, cookie, csrf, branch_id
    finally:
        process.terminate()
        process.wait(timeout=30)


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A real workbook whose first sheet unpacks to ``unpacked_mb`` MB of rows (about 1 MB packed)."""
    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(book) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for part in source.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(part, source.read(part))
        with bomb.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            row = (
                b'<row><c t="inlineStr"><is><t>Ho\xcc\x80ng Va\xcc\x86n Tua\xcc\x82\xcc\x81n</t></is></c></row>'
                * 1000
            )
            for _ in range(unpacked_mb * 1024 * 1024 // len(row)):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _upload(base: str, cookie: str, csrf: str, branch_id: int, data: bytes) -> tuple[int, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="danh-sach.xlsx"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}/units/{branch_id}/import",
        data=body,
        method="POST",
        headers={
            "content-type": f"multipart/form-data; boundary={boundary}",
            "cookie": f"minutes_session={cookie}",
            "x-csrf-token": csrf,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        text = refused.read().decode()
        refused.close()
        return refused.code, text


def test_a_200_mb_body_before_signing_in_is_refused_unread(server: tuple[str, int, str, str, int]) -> None:
    base, pid, *_ = server
    before = _peak_memory(pid)
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=60)
    connection.putrequest("POST", "/api/v1/auth/token")
    connection.putheader("content-type", "application/json")
    connection.putheader("transfer-encoding", "chunked")  # no length declared: it must count
    connection.endheaders()
    status = None
    try:
        chunk = b"x" * (1024 * 1024)
        for _ in range(200):
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except OSError:
        pass  # the server stopped reading and answered
    status = connection.getresponse().status
    connection.close()
    assert status == 413
    assert _peak_memory(pid) - before < PEAK_GROWTH_BOUND


def test_a_spreadsheet_that_unpacks_to_300_mb_is_refused_with_advice_and_sign_in_stays_open(
    server: tuple[str, int, str, str, int],
) -> None:
    base, pid, cookie, csrf, branch_id = server
    bomb = _zip_bomb(300)
    assert len(bomb) < 2_000_000  # within the upload limit: only its unpacked size betrays it
    before = _peak_memory(pid)
    answers: list[tuple[int, str]] = []
    upload = threading.Thread(target=lambda: answers.append(_upload(base, cookie, csrf, branch_id, bomb)))
    upload.start()
    with urllib.request.urlopen(f"{base}/login", timeout=60) as page:
        assert page.status == 200
    upload.join()
    status, page = answers[0]
    assert status == 422
    assert "giải nén ra lớn hơn nhiều so với một danh sách đảng viên" in page
    assert _peak_memory(pid) - before < PEAK_GROWTH_BOUND
