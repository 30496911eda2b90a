"""The `minutes` command, as API.md's "Running it" writes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from minutes.cli import app
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker
from minutes.orgs.models import Member

DATA = Path(__file__).parent / "data"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite file named by MINUTES_DATABASE_URL, as an operator would set it."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("MINUTES_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_first_setup_from_the_command_line(database: str, tmp_path: Path) -> None:
    assert _run("db", "upgrade")[0] == 0
    code, output = _run("org", "create-root", "Đảng bộ huyện Lộc Bình", "--kind", "committee")
    assert code == 0
    root_id = int(output.strip().splitlines()[-1])
    code, output = _run(
        "user", "create-admin", "admin", "--password", "Mot-cau-mat-khau-dai", "--org-unit-id", str(root_id)
    )
    assert code == 0, output
    assert _run("user", "create-admin", "admin2", "--password", "Mot-cau-mat-khau-dai")[0] == 0


def test_create_admin_with_a_weak_password_says_why_in_vietnamese(database: str) -> None:
    _run("db", "upgrade")
    code, output = _run("user", "create-admin", "admin", "--password", "123456")
    assert code == 1
    assert "ít nhất 10 ký tự" in output


def test_import_members_names_the_bad_rows_and_writes_nothing(database: str) -> None:
    _run("db", "upgrade")
    root = int(_run("org", "create-root", "Đảng bộ xã Minh Phát")[1].strip().splitlines()[-1])
    code, output = _run("import", "members", str(DATA / "members-na-noong.csv"), "--branch", str(root))
    assert code == 1
    assert "Dòng 7" in output and "Dòng 10" in output
    engine = make_engine(database)
    with make_sessionmaker(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0
    engine.dispose()


def test_import_members_into_a_committee_is_refused(database: str, tmp_path: Path) -> None:
    _run("db", "upgrade")
    root = int(_run("org", "create-root", "Đảng bộ xã Minh Phát")[1].strip().splitlines()[-1])
    good = tmp_path / "good.csv"
    lines = (DATA / "members-na-noong.csv").read_bytes().split(b"\r\n")
    good.write_bytes(b"\r\n".join(lines[:7]) + b"\r\n")
    code, output = _run("import", "members", str(good), "--branch", str(root))
    assert code == 1
    assert "chi bộ" in output


def test_import_members_of_a_clean_file_adds_every_row(database: str, tmp_path: Path) -> None:
    _run("db", "upgrade")
    branch = int(
        _run("org", "create-root", "Chi bộ thôn Nà Noong", "--kind", "branch")[1].strip().splitlines()[-1]
    )
    good = tmp_path / "good.csv"
    lines = (DATA / "members-na-noong.csv").read_bytes().split(b"\r\n")
    good.write_bytes(b"\r\n".join(lines[:7]) + b"\r\n")
    code, output = _run("import", "members", str(good), "--branch", str(branch))
    assert (code, output.strip()) == (0, "6")
    engine = make_engine(database)
    with make_sessionmaker(engine)() as session:
        names = set(session.scalars(select(Member.full_name)))
    engine.dispose()
    assert "Triệu Văn Hùng" in names and len(names) == 6


def test_reminders_prints_one_line_per_thing_due_for_a_scheduler(database: str) -> None:
    from minutes.auth.models import RoleGrant, User

    _run("db", "upgrade")
    branch = int(
        _run("org", "create-root", "Chi bộ thôn Nà Noong", "--kind", "branch")[1].strip().splitlines()[-1]
    )
    _run("user", "create-admin", "bithu", "--password", "Mot-cau-mat-khau-dai", "--org-unit-id", str(branch))
    engine = make_engine(database)
    with make_sessionmaker(engine)() as session:
        user_id = session.scalar(select(User.id).where(User.username == "bithu"))
        session.add(RoleGrant(user_id=user_id, role="secretary", org_unit_id=branch))
        session.commit()
    engine.dispose()
    code, output = _run("reminders")
    assert code == 0
    (line,) = output.strip().splitlines()
    username, state, text, link = line.split("\t")
    assert state.startswith(("đến hạn", "TRỄ HẠN"))
    assert username == "bithu" and "Chi bộ thôn Nà Noong: chưa lập buổi sinh hoạt thường kỳ" in text
    assert link == f"/units/{branch}/meetings"


def test_retally_counts_attendance_again_and_says_how_much_in_vietnamese(database: str) -> None:
    _run("db", "upgrade")
    code, output = _run("reports", "retally")
    assert code == 0
    assert output.strip() == "Đã tính lại chuyên cần: 0 lượt đảng viên theo năm."


def test_make_demo_on_a_taken_port_says_what_to_do_before_seeding(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = _run("demo", "--port", str(port), "--database", str(tmp_path / "demo.db"))
    assert code == 1
    assert f"Cổng {port} đang được dùng" in output and f"Port {port} is taken" in output
    assert not (tmp_path / "demo.db").exists()


def test_the_demo_database_is_kept_between_starts(demo_database: tuple[str, list[str], str]) -> None:
    url, accounts, _ = demo_database
    path = url.removeprefix("sqlite:///")
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        before = session.scalar(select(func.count()).select_from(Member))
    code, output = _run("demo", "--no-serve", "--database", path)
    with make_sessionmaker(engine)() as session:
        after = session.scalar(select(func.count()).select_from(Member))
    engine.dispose()
    assert code == 0, output
    assert "giữ nguyên" in output and accounts[0] in output
    assert after == before


def test_after_a_suspected_breach_every_account_is_signed_out_from_the_console(database: str) -> None:
    from fastapi.testclient import TestClient

    from minutes.app import create_app
    from minutes.auth.models import WebSession

    _run("db", "upgrade")
    _run("user", "create-admin", "admin", "--password", "Mot-cau-mat-khau-dai")
    served = create_app(get_settings())
    with TestClient(served) as browser:
        answer = browser.post(
            "/api/v1/auth/token", json={"username": "admin", "password": "Mot-cau-mat-khau-dai"}
        )
        headers = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        assert browser.get("/api/v1/me", headers=headers).status_code == 200
        code, output = _run("user", "sign-out-all")
        assert code == 0, output
        assert "Đã đăng xuất: 0 trình duyệt, 1 mã truy cập API." in output
        assert browser.get("/api/v1/me", headers=headers).status_code == 401
    engine = make_engine(database)
    with make_sessionmaker(engine)() as db:
        assert db.scalar(select(func.count()).select_from(WebSession)) == 0
    engine.dispose()
    served.state.engine.dispose()
