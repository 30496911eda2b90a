"""Realistic synthetic data at any size, on SQLite or PostgreSQL, for the report benchmarks.

A root committee, communes of 20 to 40 branches, and branches with their members. For every
branch, every month of every year: a regular meeting (about 97% held, 2% missing, 1% not
held) whose minutes are mostly accepted, some submitted, returned or still drafts; a
thematic meeting in most quarters; one small minutes revision per held meeting; the
roll-call of every member at every held regular meeting; two or three tasks per meeting;
a submission for minutes sent up and a review for those accepted or returned.
Rows are written in the order the app would have written them (month after month), with
explicit ids, by table chunks: executemany on SQLite, COPY on PostgreSQL.

Run from the repository:
    .venv/bin/python -m bench.generate --db sqlite|postgresql --branches N --years Y [--target T]
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import itertools
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.orm import Session

from minutes import clock, migrate
from minutes.auth import passwords
from minutes.db import make_engine
from minutes.demo import store
from minutes.demo.district import Account
from minutes.demo.names import Names
from minutes.demo.people import Person, draw_members
from minutes.demo.tree import Tree, Unit
from minutes.meetings import backfill
from minutes.meetings.schemas import MinutesIn
from minutes.reports import attendance

# The server the tests use (tests/conftest.py reads the same variable with the same default).
POSTGRES_ADMIN = os.environ.get("MINUTES_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REVIEWER = "bench.reviewer"
REVIEWER_PASSWORD = "Mot-cau-mat-khau-dai-cho-bench"
CHUNK = 200_000
COMMUNE_SIZE = (20, 40)
BRANCH_TYPES = ("rural",) * 6 + ("urban", "agency", "school", "enterprise")
PLACES = ("Nhà văn hoá thôn", "Hội trường UBND xã", "Phòng họp cơ quan", "Nhà văn hoá tổ dân phố")
TASK_TITLES = (
    "Vận động nhân dân tham gia vệ sinh môi trường",
    "Đôn đốc thu nộp đảng phí đúng hạn",
    "Nắm tình hình tư tưởng đảng viên và nhân dân",
    "Chuẩn bị nội dung sinh hoạt chuyên đề",
    "Phối hợp bảo đảm an ninh trật tự trên địa bàn",
    "Hướng dẫn bà con chuyển đổi cơ cấu cây trồng",
)
REASONS = ("Đi công tác", "Ốm", "Đi viện", "Việc gia đình", "Đi làm ăn xa")
RATINGS = ("good",) * 5 + ("fair",) * 3 + ("average", "poor")
MINUTES_MIX = {  # (accepted, submitted, returned, draft) by months since the meeting
    0: (0.20, 0.40, 0.05, 0.35),
    1: (0.60, 0.25, 0.05, 0.10),
    2: (0.80, 0.10, 0.04, 0.06),
}
OLD_MINUTES_MIX = (0.90, 0.04, 0.03, 0.03)
MINUTES_STATES = ("accepted", "submitted", "returned", "draft")


# --- The plan: units, members and meetings, with ids --------------------------------------


@dataclass
class Branch:
    """A branch and the ids of its members, with who is exempt and how often each is absent."""

    unit: Unit
    members: list[int] = field(default_factory=list)
    exempt: set[int] = field(default_factory=set)
    absence: dict[int, float] = field(default_factory=dict)

    @property
    def id(self) -> int:
        """The branch's org unit id."""
        return self.unit.id


@dataclass
class MeetingRow:
    """A meeting as generated: what the later tables need to know about it."""

    id: int
    branch: Branch
    kind: str
    period: str
    scheduled_at: dt.datetime
    status: str
    minutes_status: str | None
    submitted_at: dt.datetime | None


@dataclass
class Plan:
    """Everything generated, before it is written."""

    units: list[Unit] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    members: list[Person] = field(default_factory=list)
    meetings: list[MeetingRow] = field(default_factory=list)


@dataclass(frozen=True)
class Formats:
    """How a backend wants timestamps and flags written."""

    timestamp: Callable[[dt.datetime], str]
    flag: Callable[[bool], Any]


SQLITE_FORMATS = Formats(lambda t: t.replace(tzinfo=None).isoformat(" ", "microseconds"), int)
POSTGRES_FORMATS = Formats(lambda t: t.isoformat(" "), bool)


def _tree(plan: Plan, branches: int, rng: random.Random) -> None:
    """The root committee, its communes and their branches (ids and paths "/1/2/5/" from the demo's tree)."""
    tree = Tree()
    root = tree.add("Huyện ủy Bench", "committee", None)
    remaining, commune_number = branches, 0
    while remaining:
        size = min(remaining, rng.randint(*COMMUNE_SIZE))
        commune_number += 1
        commune = tree.add(f"Đảng ủy xã số {commune_number:04d}", "committee", root)
        for number in range(1, size + 1):
            kind = rng.choice(BRANCH_TYPES)
            unit = tree.add(f"Chi bộ {number:02d} xã số {commune_number:04d}", "branch", commune, kind)
            plan.branches.append(Branch(unit))
        remaining -= size
    plan.units = tree.units


def _members(plan: Plan, size: tuple[int, int], rng: random.Random, as_of: dt.date) -> None:
    """Every branch's members, drawn as the demo draws its own; some are often absent.

    Members stand as of ``as_of``, the eve of the history: a few are probationary, and in
    village branches the oldest few are exempt from meetings.
    """
    names = Names(rng)
    for branch in plan.branches:
        drawn = draw_members(rng, names, branch.unit, rng.randint(*size), len(plan.members) + 1, as_of=as_of)
        plan.members += drawn
        for person in drawn:
            branch.members.append(person.id)
            if person.exempt:
                branch.exempt.add(person.id)
            branch.absence[person.id] = rng.choices((0.04, 0.12, 0.35), weights=(85, 12, 3))[0]


def _months(years: int, last_year: int) -> list[tuple[int, int]]:
    """Every (year, month) of the generated history, oldest first."""
    return [(y, m) for y in range(last_year - years + 1, last_year + 1) for m in range(1, 13)]


def _minutes_status(rng: random.Random, age: int) -> str:
    """The state a held meeting's minutes reached, by how many months ago it was held."""
    return rng.choices(MINUTES_STATES, weights=MINUTES_MIX.get(age, OLD_MINUTES_MIX))[0]


def _held(
    rng: random.Random, meeting_id: int, branch: Branch, kind: str, period: str, day: dt.date, age: int
) -> MeetingRow:
    """A held meeting, its minutes as far as they got and when they were sent up (a quarter late)."""
    at = dt.datetime(day.year, day.month, day.day, 12, 30, tzinfo=dt.UTC)
    state = _minutes_status(rng, age)
    sent = None if state == "draft" else at + dt.timedelta(days=rng.choice((1, 2, 3, 3, 4, 4, 5, 7, 9)))
    return MeetingRow(meeting_id, branch, kind, period, at, "held", state, sent)


def _regular(
    rng: random.Random, meeting_id: int, branch: Branch, year: int, month: int, age: int
) -> MeetingRow | None:
    """A branch's regular meeting of a month: 2% missing (None), 1% not held, the rest held."""
    draw = rng.random()
    day = dt.date(year, month, rng.randint(3, 15))
    if draw < 0.02:
        return None
    period = f"{year}-{month:02d}"
    if draw < 0.03:
        at = dt.datetime(day.year, day.month, day.day, 12, 30, tzinfo=dt.UTC)
        return MeetingRow(meeting_id, branch, "regular", period, at, "not_held", None, None)
    return _held(rng, meeting_id, branch, "regular", period, day, age)


def _meetings(plan: Plan, years: int, last_year: int, seed: int) -> None:
    """Month after month, every branch's regular meeting, and thematic ones at quarter ends.

    Each month draws from its own seeded generator: the same month comes out the same whatever
    the length of the history before it, so sizes that differ only by years compare exactly.
    """
    history = _months(years, last_year)
    for index, (year, month) in enumerate(history):
        age = len(history) - 1 - index
        rng = random.Random(f"{seed}/{year}-{month:02d}")
        for branch in plan.branches:
            if row := _regular(rng, len(plan.meetings) + 1, branch, year, month, age):
                plan.meetings.append(row)
        if month % 3:
            continue
        for branch in plan.branches:
            if rng.random() < 0.85:
                day = dt.date(year, month, rng.randint(16, 25))
                period = f"{year}-Q{month // 3}"
                plan.meetings.append(_held(rng, len(plan.meetings) + 1, branch, "thematic", period, day, age))


def make_plan(
    branches: int, years: int, members_per_branch: tuple[int, int], seed: int, last_year: int
) -> Plan:
    """The tree, members and meetings of the requested size, deterministic for a seed."""
    rng = random.Random(seed)
    plan = Plan()
    _tree(plan, branches, rng)
    _members(plan, members_per_branch, rng, dt.date(last_year - years, 12, 31))
    _meetings(plan, years, last_year, seed)
    return plan


# --- Rows of each table, streamed ----------------------------------------------------------


def _cells(table: str, row: dict[str, Any], f: Formats) -> tuple[Any, ...]:
    """A row of the demo's writing helpers as the table's columns, in the backend's formats."""

    def cell(value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return f.timestamp(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, bool):
            return f.flag(value)
        return value

    return tuple(cell(row[column]) for column in COLUMNS[table])


def unit_rows(plan: Plan, f: Formats, created: dt.datetime) -> Iterator[tuple[Any, ...]]:
    """org_unit rows."""
    return (_cells("org_unit", row, f) for row in store.unit_rows(plan.units, created))


def member_rows(plan: Plan, f: Formats, created: dt.datetime) -> Iterator[tuple[Any, ...]]:
    """member rows."""
    return (_cells("member", row, f) for row in store.member_rows(plan.members, created))


def membership_rows(plan: Plan, f: Formats) -> Iterator[tuple[Any, ...]]:
    """membership rows: one open stay per member in their branch."""
    return (_cells("membership", row, f) for row in store.membership_rows(plan.members))


def meeting_rows(plan: Plan, f: Formats) -> Iterator[tuple[Any, ...]]:
    """meeting rows."""
    for m in plan.meetings:
        version = 1 if m.status == "held" else 0
        reason = "Mưa lũ, đường bị chia cắt" if m.status == "not_held" else None
        yield (
            m.id, m.branch.id, m.kind, m.period, f.timestamp(m.scheduled_at), PLACES[m.branch.id % 4], reason,
            m.status, m.minutes_status, version, m.submitted_at and f.timestamp(m.submitted_at),
            f.timestamp(m.scheduled_at - dt.timedelta(days=10)), f.flag(False),
        )  # fmt: skip


def _tasks_of(m: MeetingRow, rng: random.Random) -> list[dict[str, Any]]:
    """The two or three tasks a held meeting assigns."""
    due = _month_end(m.scheduled_at.date(), 1)
    return [
        {"title": rng.choice(TASK_TITLES), "assignee_member_id": rng.choice(m.branch.members), "due_on": due}
        for _ in range(rng.randint(2, 3))
    ]


def revision_and_task_rows(
    plan: Plan, f: Formats, seed: int
) -> tuple[Iterator[tuple[Any, ...]], Iterator[tuple[Any, ...]]]:
    """minutes_revision rows (a small content) and task rows, from one shared draw of tasks."""
    rng = random.Random(seed + 1)
    held = [m for m in plan.meetings if m.status == "held"]
    tasks = {m.id: _tasks_of(m, rng) for m in held}
    last = max(m.scheduled_at for m in plan.meetings)

    def revisions() -> Iterator[tuple[Any, ...]]:
        for number, m in enumerate(held, start=1):
            content = _content(m, tasks[m.id])
            saved = f.timestamp(m.scheduled_at + dt.timedelta(hours=3))
            yield number, m.id, 1, "draft", m.kind, 1, json.dumps(content, ensure_ascii=False), saved

    def task_rows() -> Iterator[tuple[Any, ...]]:
        number = 0
        for m in held:
            for position, task in enumerate(tasks[m.id]):
                number += 1
                yield (number, m.id, position, task["title"], task["assignee_member_id"], task["due_on"],
                       _task_status(rng, m, last))  # fmt: skip

    return revisions(), task_rows()


def _content(m: MeetingRow, tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """A small minutes body in the shape ``MinutesIn`` stores (the roll-call is in attendance)."""
    start = clock.at_office(m.scheduled_at)
    return {
        "started_at": start.isoformat(),
        "ended_at": (start + dt.timedelta(hours=1, minutes=45)).isoformat(),
        "place": PLACES[m.branch.id % 4],
        "chair_member_id": m.branch.members[0],
        "recorder_member_id": m.branch.members[1 % len(m.branch.members)],
        "attendance": [],
        "delegates": [],
        "documents": None,
        "sections": {"conclusion": f"Chi bộ thống nhất các nhiệm vụ tháng {m.period}."},
        "opinions": [],
        "tasks": [{"id": None, "status": "open", "note": None, **t} for t in tasks],
        "previous_tasks": [],
        "votes": {},
        "self_score": None,
    }


def _task_status(rng: random.Random, m: MeetingRow, last: dt.datetime) -> str:
    """Older tasks were mostly done; those of the last two months are still open."""
    if (last - m.scheduled_at).days < 60:
        return "open"
    return rng.choices(("done", "partly_done", "not_done", "open"), weights=(80, 10, 5, 5))[0]


def attendance_rows(plan: Plan, seed: int) -> Iterator[tuple[Any, ...]]:
    """The roll-call of every member at every held regular meeting (drawn month by month)."""
    rng, month, number = random.Random(), "", 0
    for m in plan.meetings:
        if m.kind != "regular" or m.status != "held":
            continue
        if m.period != month:
            rng, month = random.Random(f"{seed}/roll-call/{m.period}"), m.period
        branch = m.branch
        for member_id in branch.members:
            number += 1
            if member_id in branch.exempt:
                yield number, m.id, member_id, "exempt", None
                continue
            draw = rng.random()
            if draw >= branch.absence[member_id]:
                yield number, m.id, member_id, "present", None
            elif draw < branch.absence[member_id] * 0.3:
                yield number, m.id, member_id, "absent_unexcused", None
            else:
                yield number, m.id, member_id, "absent_excused", rng.choice(REASONS)


def submission_rows(plan: Plan, f: Formats, reviewer_id: int) -> Iterator[tuple[Any, ...]]:
    """A submission of version 1 for every minutes sent up."""
    sent = (m for m in plan.meetings if m.submitted_at is not None)
    for number, m in enumerate(sent, start=1):
        yield number, m.id, 1, f.timestamp(m.submitted_at), None  # type: ignore[arg-type]


def review_rows(plan: Plan, f: Formats, reviewer_id: int, seed: int) -> Iterator[tuple[Any, ...]]:
    """A rated acceptance for accepted minutes, a returning decision for returned ones."""
    rng = random.Random(seed + 3)
    decided = (m for m in plan.meetings if m.minutes_status in ("accepted", "returned"))
    for number, m in enumerate(decided, start=1):
        assert m.submitted_at is not None  # accepted and returned minutes were sent up
        at = f.timestamp(m.submitted_at + dt.timedelta(days=rng.randint(1, 6)))
        if m.minutes_status == "returned":
            yield number, m.id, 1, "return", None, None, None, "Bổ sung ý kiến thảo luận.", reviewer_id, at
            continue
        rating = rng.choice(RATINGS)
        points = {"good": 90, "fair": 78, "average": 62, "poor": 45}[rating] + rng.randint(-4, 4)
        yield number, m.id, 1, "accept", "hd42", points, rating, None, reviewer_id, at


def _day(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=dt.UTC)


def _month_end(day: dt.date, months_ahead: int) -> str:
    year, month = day.year + (day.month + months_ahead - 1) // 12, (day.month + months_ahead - 1) % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


# --- Writing -------------------------------------------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "org_unit": ("id", "name", "kind", "branch_type", "parent_id", "path", "created_at"),
    "member": ("id", "full_name", "sex", "birth_year", "joined_on", "official_on", "status", "exempt",
               "exempt_from", "org_unit_id", "created_at", "updated_at"),
    "membership": ("id", "member_id", "org_unit_id", "start_on"),
    "meeting": ("id", "org_unit_id", "kind", "period", "scheduled_at", "place", "status_reason", "status",
                "minutes_status", "minutes_version", "submitted_at", "created_at", "is_model"),
    "minutes_revision": ("id", "meeting_id", "version", "status", "structure_kind", "structure_version",
                         "content", "saved_at"),
    "attendance": ("id", "meeting_id", "member_id", "status", "reason"),
    "task": ("id", "meeting_id", "position", "title", "assignee_member_id", "due_on", "status"),
    "submission": ("id", "meeting_id", "version", "submitted_at", "submitted_by_id"),
    "review": ("id", "meeting_id", "version", "decision", "rubric", "points", "rating", "reason",
               "reviewer_id", "decided_at"),
}  # fmt: skip
# The tables whose id sequences move past the explicit ids: those above, and the accounts.
SEQUENCES = (*COLUMNS, "user_account", "role_grant")


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def write(engine: Engine, table: str, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert rows into a table, one transaction per chunk; return how many."""
    columns = COLUMNS[table]
    count = 0
    for chunk in _chunks(rows, CHUNK):
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                _copy(connection, table, columns, chunk)
            else:
                marks = ", ".join("?" for _ in columns)
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
                connection.exec_driver_sql(sql, chunk)  # type: ignore[arg-type]
        count += len(chunk)
    return count


def _copy(connection: Connection, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY rows into a PostgreSQL table through psycopg, foreign-key triggers off (5x faster).

    The rows are consistent by construction; ``session_replication_role`` needs a superuser,
    which the benchmark's local server gives.
    """
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    driver = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)


def _accounts(engine: Engine, created: dt.datetime) -> dict[str, int]:
    """The reviewer of the root committee that the benchmarks sign in as."""
    reviewer = Account(1, REVIEWER, "Cán bộ thẩm định Bench", "reviewer", 1, None)
    with engine.begin() as connection:
        store.insert_accounts(connection, [reviewer], passwords.hash_password(REVIEWER_PASSWORD), created)
    return {"user_account": 1, "role_grant": 1}


def retally(engine: Engine) -> int:
    """Count the members' years from the roll-calls written, as the app does on each save."""
    with Session(engine) as session:
        count = attendance.retally(session)
        session.commit()
    return count


def record_facts(engine: Engine) -> int:
    """Record in each revision the facts of its moment (names, roll, open tasks), as a save does."""
    with Session(engine) as session:
        count = backfill.record_missing(session)
        session.commit()
    return count


def _finish(engine: Engine) -> None:
    """Move PostgreSQL's id sequences past the explicit ids, and vacuum and analyze as autovacuum would."""
    if engine.dialect.name != "postgresql":
        return
    with engine.begin() as connection:
        for table in SEQUENCES:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def generate(
    url: str,
    *,
    branches: int,
    years: int,
    members_per_branch: tuple[int, int] = (8, 30),
    seed: int = 1,
    last_year: int = 2025,
) -> dict[str, int]:
    """Migrate a fresh database and fill it; return the rows written per table."""
    migrate.upgrade(url)
    plan = make_plan(branches, years, members_per_branch, seed, last_year)
    engine = make_engine(url)
    f = POSTGRES_FORMATS if engine.dialect.name == "postgresql" else SQLITE_FORMATS
    created = _day(f"{last_year - years + 1}-01-01")
    try:
        counts = {"org_unit": write(engine, "org_unit", unit_rows(plan, f, created))}
        counts |= _accounts(engine, created)
        counts["member"] = write(engine, "member", member_rows(plan, f, created))
        counts["membership"] = write(engine, "membership", membership_rows(plan, f))
        counts["meeting"] = write(engine, "meeting", meeting_rows(plan, f))
        revisions, tasks = revision_and_task_rows(plan, f, seed)
        counts["minutes_revision"] = write(engine, "minutes_revision", revisions)
        counts["task"] = write(engine, "task", tasks)
        counts["attendance"] = write(engine, "attendance", attendance_rows(plan, seed))
        counts["submission"] = write(engine, "submission", submission_rows(plan, f, 1))
        counts["review"] = write(engine, "review", review_rows(plan, f, 1, seed))
        counts["attendance_tally"] = retally(engine)
        counts["revisions with their facts"] = record_facts(engine)
        _finish(engine)
    finally:
        engine.dispose()
    return counts


def check_content_shape() -> None:
    """Fail early if the small minutes body no longer fits ``MinutesIn``."""
    branch = Branch(Unit(1, "Chi bộ", "branch", "rural", None, "/1/"), [1, 2])
    at = dt.datetime(2025, 1, 5, 12, 30, tzinfo=dt.UTC)
    meeting = MeetingRow(1, branch, "regular", "2025-01", at, "held", "accepted", None)
    tasks = _tasks_of(meeting, random.Random(0))
    MinutesIn.model_validate({"version": 0, **_content(meeting, tasks)})


# --- Databases -------------------------------------------------------------------------------


def sqlite_url(path: str) -> str:
    """The URL of a SQLite file."""
    return f"sqlite:///{path}"


def create_postgres_database(name: str) -> str:
    """Create an empty PostgreSQL database (dropping one of that name first); return its URL."""
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def postgres_database_exists(name: str) -> bool:
    """Whether the PostgreSQL server holds a database of that name."""
    admin = create_engine(POSTGRES_ADMIN)
    with admin.connect() as connection:
        found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name})
        exists = found.first() is not None
    admin.dispose()
    return exists


def drop_postgres_database(name: str) -> None:
    """Drop a PostgreSQL database made by ``create_postgres_database``."""
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    """Generate into a new database and print the counts and the seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--branches", type=int, default=70)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--members", type=int, nargs=2, default=(8, 30), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--target", help="SQLite file or PostgreSQL database name (kept unless --drop)")
    parser.add_argument("--drop", action="store_true", help="remove the database once counted")
    args = parser.parse_args()
    check_content_shape()
    name = args.target or f"minutes_gen_{uuid.uuid4().hex[:8]}"
    if args.db == "sqlite":
        path = Path(args.target or f"/tmp/{name}.db")
        store.remove_sqlite_file(path)
        url = sqlite_url(str(path))
    else:
        url = create_postgres_database(name)
    started = time.perf_counter()
    counts = generate(
        url, branches=args.branches, years=args.years, members_per_branch=tuple(args.members), seed=args.seed
    )
    seconds = time.perf_counter() - started
    print(f"{args.db} {url}")
    print(" ".join(f"{table}={count:,}" for table, count in counts.items()))
    print(f"seconds={seconds:.1f}")
    if args.drop and args.db == "sqlite":
        store.remove_sqlite_file(path)
    elif args.drop:
        drop_postgres_database(name)


if __name__ == "__main__":
    main()
