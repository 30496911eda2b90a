"""Month-end: every secretary opens the form, saves three times and submits, within a window.

Run from the repository, against a real server of its own (``minutes serve``):

    .venv/bin/python -m bench.month_end --db sqlite --secretaries 100 --window 60
    .venv/bin/python -m bench.month_end --db postgresql --workers 4 --secretaries 500 --window 600
    .venv/bin/python -m bench.month_end --db sqlite --secretaries 100 --window 60 --kill

Each secretary (a thread) starts at a random moment of the window, opens the minutes form page
(signed in with a browser session), saves the whole minutes three times through the API with the
version she last saw, and submits. ``--kill`` sends ``kill -9`` to the server halfway through and
starts it again; secretaries whose request failed read the version back and go on. Afterwards
the database is read: every save the server acknowledged must be there. Prints p50/p95/p99 per
operation, the errors, and the acknowledged saves lost.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench import generate
from minutes import migrate
from minutes.auth import signin
from minutes.auth.models import RoleGrant, User
from minutes.cli import CONSOLE
from minutes.config import Settings
from minutes.db import make_engine, make_sessionmaker
from minutes.meetings.models import MinutesRevision
from minutes.orgs import members as orgs_members
from minutes.orgs import service as orgs_service

MEMBERS = 12
PERIOD, HELD_ON = "2026-11", "2026-11-05"


@dataclass
class Secretary:
    """One branch's secretary: her meeting, her members, her credentials."""

    meeting_id: int = 0
    members: list[int] = field(default_factory=list)
    token: str = ""
    cookie: str = ""


@dataclass
class Tally:
    """What the clients saw."""

    times: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    acknowledged: set[tuple[int, int]] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, operation: str, seconds: float, status: int) -> None:
        """Keep one request's time and, unless 2xx, its status."""
        with self.lock:
            self.times[operation].append(seconds)
            if not 200 <= status < 300:
                self.errors[f"{operation} {status}"] += 1


def seed(url: str, count: int) -> list[Secretary]:
    """A district of ``count`` branches of 12 members, each with a secretary, a session and a token."""
    migrate.upgrade(url)
    engine = make_engine(url)
    settings = Settings(database_url=url)
    secretaries = []
    with make_sessionmaker(engine)() as db:
        root = orgs_service.create_root(db, name="Đảng bộ huyện Lộc Bình", kind="committee")
        for number in range(count):
            branch = orgs_service.create_unit(
                db, actor=CONSOLE, name=f"Chi bộ thôn {number:03d}", kind="branch", parent_id=root.id,
                branch_type="rural",
            )  # fmt: skip
            members = [
                orgs_members.add_member(
                    db, actor=CONSOLE, unit_id=branch.id,
                    fields={"full_name": f"Đảng viên {number:03d}-{i:02d}", "status": "official"},
                ).id
                for i in range(MEMBERS)
            ]  # fmt: skip
            user = User(username=f"bithu{number:03d}", full_name=f"Bí thư {number:03d}", password_hash="-")
            db.add(user)
            db.flush()
            db.add(RoleGrant(user_id=user.id, role="secretary", org_unit_id=branch.id))
            token, _ = signin.issue_api_token(db, user=user, settings=settings)
            cookie, _ = signin.start_web_session(db, user=user)
            secretaries.append(Secretary(members=members, token=token, cookie=cookie))
        db.commit()
    engine.dispose()
    return secretaries


def body(secretary: Secretary, version: int, round_: int) -> dict[str, Any]:
    """The whole minutes, as the form sends them."""
    members = secretary.members
    return {
        "version": version,
        "started_at": f"{HELD_ON}T19:30:00+07:00",
        "ended_at": f"{HELD_ON}T21:15:00+07:00",
        "place": "Nhà văn hoá thôn",
        "chair_member_id": members[0],
        "recorder_member_id": members[1],
        "attendance": [{"member_id": m, "status": "present"} for m in members],
        "sections": {
            key: f"Nội dung sinh hoạt, lần lưu {round_}. " * 10
            for key in ("agenda", "news", "ideology", "previous_tasks", "conclusion", "dues", "closing")
        },
        "opinions": [
            {"section": "opinions", "member_id": members[i], "content": "Ý kiến. " * 6} for i in range(3)
        ],
        "tasks": [
            {"title": f"Nhiệm vụ {i}", "assignee_member_id": members[i], "due_on": "2026-12-01"}
            for i in range(2)
        ],
        "votes": {
            "resolution": {"for": MEMBERS, "against": 0, "abstain": 0},
            "minutes": {"for": MEMBERS, "against": 0, "abstain": 0},
        },
    }


def request(
    base: str, method: str, path: str, *, token: str = "", cookie: str = "", data: Any = None
) -> tuple[int, Any]:
    """One HTTP request; (status, JSON body or None). Status 0: the connection failed."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if cookie:
        headers["cookie"] = f"minutes_session={cookie}"
    payload = json.dumps(data).encode() if data is not None else None
    call = urllib.request.Request(base + path, data=payload, headers=headers, method=method)
    try:
        with urllib.request.urlopen(call, timeout=120) as answer:
            text = answer.read()
            kind = answer.headers.get("content-type", "")
            return answer.status, json.loads(text) if kind.startswith("application/json") else None
    except urllib.error.HTTPError as refused:
        refused.read()
        refused.close()
        return refused.code, None
    except OSError:
        return 0, None


class Server:
    """``minutes serve`` in a process group of its own, which ``kill -9`` can end at once."""

    def __init__(self, url: str, workers: int, *, today: str = "2026-11-28") -> None:
        self.url, self.workers, self.today = url, workers, today
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start and wait until it answers."""
        command = [str(Path(sys.executable).parent / "minutes"), "serve", "--port", str(self.port)]
        env = {**os.environ, "MINUTES_DATABASE_URL": self.url, "MINUTES_TODAY": self.today}
        self.process = subprocess.Popen(
            [*command, "--workers", str(self.workers)], env=env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(600):
            if request(self.base, "GET", "/login")[0] == 200:
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """kill -9, the whole group: the workers die mid-request."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """End it normally."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def plan(base: str, secretaries: list[Secretary]) -> None:
    """Each secretary plans her meeting of the month (before the rush)."""
    for secretary in secretaries:
        unit = request(base, "GET", "/api/v1/org-units", token=secretary.token)[1][-1]["id"]
        status, meeting = request(
            base, "POST", "/api/v1/meetings", token=secretary.token,
            data={"org_unit_id": unit, "kind": "regular", "period": PERIOD, "scheduled_at": f"{HELD_ON}T19:30:00+07:00"},
        )  # fmt: skip
        assert status == 201, (status, meeting)
        secretary.meeting_id = meeting["id"]


def timed(tally: Tally, operation: str, base: str, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
    """A request, its time kept under the operation's name."""
    started = time.perf_counter()
    status, answer = request(base, method, path, **kwargs)
    tally.note(operation, time.perf_counter() - started, status)
    return status, answer


def current_version(base: str, secretary: Secretary) -> int:
    """The version the server holds, read back after a request whose answer was lost."""
    for _ in range(400):
        status, meeting = request(
            base, "GET", f"/api/v1/meetings/{secretary.meeting_id}", token=secretary.token
        )
        if status == 200:
            return int((meeting.get("minutes") or {}).get("version") or 0)
        time.sleep(0.1)
    raise RuntimeError("the server did not come back")


def secretary_at_month_end(base: str, secretary: Secretary, start: float, tally: Tally) -> None:
    """Open the form, save three times with the version last seen, submit; carry on across a restart."""
    time.sleep(max(0.0, start - time.monotonic()))
    meeting = secretary.meeting_id
    timed(tally, "open form", base, "GET", f"/meetings/{meeting}/minutes", cookie=secretary.cookie)
    version = 0
    for round_ in range(1, 4):
        while True:
            status, answer = timed(
                tally, "save", base, "PUT", f"/api/v1/meetings/{meeting}/minutes",
                token=secretary.token, data=body(secretary, version, round_),
            )  # fmt: skip
            if status == 200:
                version = int(answer["version"])
                with tally.lock:
                    tally.acknowledged.add((meeting, version))
                break
            if status in (0, 409, 503):  # cut off, stale after a lost answer, or asked to wait
                time.sleep(0.5)
                version = current_version(base, secretary)
                continue
            return
    while True:
        status, _ = timed(
            tally, "submit", base, "POST", f"/api/v1/meetings/{meeting}/submit", token=secretary.token
        )
        if status not in (0, 503):
            return
        time.sleep(0.5)


def lost_saves(url: str, acknowledged: set[tuple[int, int]]) -> int:
    """Acknowledged (meeting, version) pairs the database does not hold."""
    engine = make_engine(url)
    with make_sessionmaker(engine)() as db:
        rows = db.execute(select(MinutesRevision.meeting_id, MinutesRevision.version))
        stored = {(row.meeting_id, row.version) for row in rows}
    engine.dispose()
    return len(acknowledged - stored)


def percentile(values: list[float], share: float) -> float:
    """The value below which the share of values lies (nearest rank), in ms."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def run(db: str, secretaries: int, window: float, workers: int, kill: bool, seed_value: int) -> None:
    """Build, load, check and print."""
    random.seed(seed_value)
    with tempfile.TemporaryDirectory() as folder:
        name = f"minutes_month_end_{uuid.uuid4().hex[:8]}"
        url = (
            generate.create_postgres_database(name)
            if db == "postgresql"
            else f"sqlite:///{Path(folder) / 'month.db'}"
        )
        try:
            people = seed(url, secretaries)
            server = Server(url, workers)
            server.start()
            plan(server.base, people)
            tally = Tally()
            begin = time.monotonic() + 1
            threads = [
                threading.Thread(
                    target=secretary_at_month_end,
                    args=(server.base, person, begin + random.uniform(0, window), tally),
                )
                for person in people
            ]
            for thread in threads:
                thread.start()
            if kill:
                time.sleep(max(0.0, begin + window / 2 - time.monotonic()))
                server.kill()
                server.start()
            for thread in threads:
                thread.join()
            server.stop()
            lost = lost_saves(url, tally.acknowledged)
        finally:
            if db == "postgresql":
                generate.drop_postgres_database(name)
    print(
        f"{db}, {workers} worker(s), {secretaries} secretaries in {window:g} s"
        + (", kill -9 halfway" if kill else "")
        + f": {len(tally.acknowledged)} saves acknowledged, {lost} lost"
    )
    for operation in ("open form", "save", "submit"):
        times = tally.times[operation]
        print(
            f"  {operation:9} n={len(times):5}  p50 {percentile(times, 0.5):7.1f} ms  p95 {percentile(times, 0.95):7.1f} ms"
            f"  p99 {percentile(times, 0.99):7.1f} ms  median {statistics.median(times) * 1000:7.1f} ms"
        )
    print(f"  errors: {dict(tally.errors) or 'none'}")


def main() -> None:
    """Read the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--secretaries", type=int, default=100)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--kill", action="store_true", help="kill -9 the server halfway and start it again")
    parser.add_argument("--seed", type=int, default=2019)
    arguments = parser.parse_args()
    run(
        arguments.db,
        arguments.secretaries,
        arguments.window,
        arguments.workers,
        arguments.kill,
        arguments.seed,
    )


if __name__ == "__main__":
    main()
