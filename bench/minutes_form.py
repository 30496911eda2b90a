"""The minutes of a 60-member branch: save latency, the form's weight on the wire, the Word file.

Run from the repository: .venv/bin/python -m bench.minutes_form [--postgres] [--rounds N]
Prints medians; nothing is asserted (the figures go into the issue notes).
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from bench import generate
from minutes import migrate
from minutes.app import create_app
from minutes.auth import service as auth_service
from minutes.auth.models import RoleGrant, User
from minutes.cli import CONSOLE
from minutes.config import Settings
from minutes.db import make_engine, make_sessionmaker
from minutes.orgs import members as orgs_members
from minutes.orgs import service as orgs_service

MEMBERS = 60
PASSWORD = "Mot-cau-mat-khau-dai"


def _database(postgres: bool, folder: Path) -> str:
    if not postgres:
        return f"sqlite:///{folder / 'bench.db'}"
    # On the server of MINUTES_TEST_POSTGRES, as the tests and bench.generate use.
    return generate.create_postgres_database(f"minutes_bench_{uuid.uuid4().hex[:8]}")


def _seed(url: str) -> tuple[int, list[int]]:
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db:
        root = orgs_service.create_root(db, name="Đảng bộ xã Minh Phát", kind="committee")
        branch = orgs_service.create_unit(
            db,
            actor=CONSOLE,
            name="Chi bộ thôn Nà Noong",
            kind="branch",
            parent_id=root.id,
            branch_type="rural",
        )
        members = [
            orgs_members.add_member(
                db,
                actor=CONSOLE,
                unit_id=branch.id,
                fields={
                    "full_name": f"Hoàng Văn Thành {i:02d}",
                    "status": "probationary" if i % 15 == 0 else "official",
                },
            )
            for i in range(MEMBERS)
        ]
        user = User(
            username="bithu", full_name="Bí thư", password_hash=auth_service.passwords.hash_password(PASSWORD)
        )
        db.add(user)
        db.flush()
        db.add(RoleGrant(user_id=user.id, role="secretary", org_unit_id=branch.id))
        db.commit()
        ids = (branch.id, [m.id for m in members])
    engine.dispose()
    return ids


def _body(members: list[int], version: int) -> dict[str, Any]:
    return {
        "version": version,
        "started_at": "2026-10-05T19:30:00+07:00",
        "ended_at": "2026-10-05T21:15:00+07:00",
        "place": "Nhà văn hoá thôn Nà Noong",
        "chair_member_id": members[1],
        "recorder_member_id": members[2],
        "attendance": [
            {
                "member_id": m,
                "status": "present" if i % 10 else "absent_excused",
                "reason": None if i % 10 else "Đi viện",
            }
            for i, m in enumerate(members)
        ],
        "sections": {
            key: "Nội dung sinh hoạt được ghi đầy đủ theo hướng dẫn. " * 12
            for key in ("agenda", "news", "ideology", "previous_tasks", "conclusion", "dues", "closing")
        },
        "opinions": [
            {
                "section": "opinions",
                "member_id": members[i],
                "content": "Ý kiến phát biểu của đảng viên về nội dung sinh hoạt. " * 4,
            }
            for i in range(8)
        ],
        "tasks": [
            {"title": f"Nhiệm vụ số {i}", "assignee_member_id": members[i], "due_on": "2026-11-01"}
            for i in range(5)
        ],
        "votes": {
            "resolution": {"for": 50, "against": 0, "abstain": 0},
            "minutes": {"for": 50, "against": 0, "abstain": 0},
        },
    }


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = _database(args.postgres, Path(folder))
        branch_id, members = _seed(url)
        client = TestClient(create_app(Settings(database_url=url)))
        token = client.post("/api/v1/auth/token", json={"username": "bithu", "password": PASSWORD}).json()[
            "access_token"
        ]
        headers = {"Authorization": f"Bearer {token}"}
        meeting = client.post(
            "/api/v1/meetings",
            headers=headers,
            json={
                "org_unit_id": branch_id,
                "kind": "regular",
                "period": "2026-10",
                "scheduled_at": "2026-10-05T19:30:00+07:00",
            },
        ).json()["id"]
        saves = []
        for version in range(args.rounds):
            started = time.perf_counter()
            response = client.put(
                f"/api/v1/meetings/{meeting}/minutes", headers=headers, json=_body(members, version)
            )
            saves.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text
        docx_times = []
        for _ in range(10):
            started = time.perf_counter()
            document = client.get(f"/api/v1/meetings/{meeting}/minutes.docx", headers=headers)
            docx_times.append(time.perf_counter() - started)
        page = client.get("/login")
        client.post(
            "/login", data={"username": "bithu", "password": PASSWORD, "csrf_token": _token(page.text)}
        )
        form = client.get(f"/meetings/{meeting}/minutes").content
        static = Path(__file__).resolve().parents[1] / "minutes" / "static"
        # Count what the page really loads.
        loaded = sorted(p.name for p in static.iterdir() if f"/static/{p.name}?".encode() in form)
        weights = {name: len(gzip.compress((static / name).read_bytes())) for name in loaded}
        database = "postgresql" if args.postgres else "sqlite"
        print(
            f"database: {database}; branch of {MEMBERS} members; {args.rounds} saves of the full minutes through PUT /api/v1/meetings/{{id}}/minutes"
        )
        print(
            f"save latency: median {statistics.median(saves) * 1000:.1f} ms, p90 {sorted(saves)[int(len(saves) * 0.9)] * 1000:.1f} ms"
        )
        print(
            f"minutes form: {len(form):,} bytes, {len(gzip.compress(form)):,} bytes gzipped; "
            + ", ".join(f"{name} {size:,} gz" for name, size in weights.items())
            + f"; total on first visit {len(gzip.compress(form)) + sum(weights.values()):,} bytes gzipped"
        )
        print(
            f"Word file: {len(document.content):,} bytes, produced in median {statistics.median(docx_times) * 1000:.1f} ms"
        )


def _token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    return html.split(marker, 1)[1].split('"', 1)[0]


if __name__ == "__main__":
    main()
