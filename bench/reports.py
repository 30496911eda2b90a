"""Time the compliance board and the attendance report at district and province scale.

For each size and database: the service, the same report through HTTP (bearer token of a
reviewer of the root committee), and one hand-written SELECT that computes the same answer,
run through the same engine. The attendance report reads the yearly tallies kept on each save;
its answer is also computed from every roll-call line, to check the tallies and to show what
they save (last column). Prints medians and p90s in milliseconds and the ratios to the bare
SQL; "(HTTP-req)" is the HTTP time less that of an authenticated request reading nothing
(GET /api/v1/me), over the bare SQL: what the report itself adds through HTTP. The HTTP side
of the attendance report is the API's, which asks for no names. Databases are generated once
by ``bench.generate`` and kept in /tmp by size.

Run from the repository:
    .venv/bin/python -m bench.reports [--db sqlite,postgresql] [--sizes district,district5,province]
        [--repeat N] [--regenerate] [--drop]
Targets (issue "Scale"): district <= 100 ms, province <= 1 s, within 1.5x of the bare SQL,
and no slower as years of history are added (district 10 years against 5 years).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from bench import generate
from minutes import clock, migrate
from minutes.access import Actor
from minutes.app import create_app
from minutes.auth import service as auth_service
from minutes.auth import signin
from minutes.auth.models import User
from minutes.config import Settings
from minutes.db import make_engine, make_sessionmaker, reading
from minutes.demo import store
from minutes.meetings.periods import quarter_of
from minutes.orgs.models import OrgUnit
from minutes.reports import attendance, compliance

LAST_YEAR = 2025
ROOT_ID = 1
TMP = Path("/tmp")


@dataclass(frozen=True)
class Size:
    """A generated history: how many branches, how many years, members per branch."""

    name: str
    branches: int
    years: int
    members: tuple[int, int] = (8, 30)
    limit_ms: float = 100.0

    @property
    def key(self) -> str:
        """The name of its cached database."""
        low, high = self.members
        return f"minutes_bench_{self.branches}b_{self.years}y_{low}_{high}m"


SIZES = {
    "district": Size("district", 70, 10),
    "district5": Size("district5", 70, 5),
    "province": Size("province", 3000, 5, limit_ms=1000.0),
}


@dataclass(frozen=True)
class Timing:
    """Medians and p90s of one report on one database, in milliseconds."""

    size: Size
    database: str
    report: str
    service: list[float]
    http: list[float]
    sql: list[float]
    request: float  # median of an authenticated request that reads nothing
    roll_call: list[float] | None = None  # the attendance answer from every roll-call line


# --- Databases -------------------------------------------------------------------------------


def database_url(size: Size, database: str, regenerate: bool) -> str:
    """The URL of the size's database, generated unless a finished one is cached."""
    done = TMP / f"{size.key}.{database}.done"
    url = generate.sqlite_url(str(TMP / f"{size.key}.db"))
    if database == "postgresql":
        url = generate.POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{size.key}"
    if done.exists() and not regenerate and _exists(url):
        migrate.upgrade(url)  # a cached database gets the newest indexes
        return url
    done.unlink(missing_ok=True)
    if database == "postgresql":
        generate.create_postgres_database(size.key)
    else:
        store.remove_sqlite_file(TMP / f"{size.key}.db")
    started = time.perf_counter()
    counts = generate.generate(url, branches=size.branches, years=size.years, members_per_branch=size.members)
    seconds = time.perf_counter() - started
    summary = " ".join(f"{table}={count:,}" for table, count in counts.items())
    print(f"generated {size.name} on {database} in {seconds:.0f} s: {summary}", flush=True)
    done.write_text(f"{seconds:.1f} s\n{summary}\n")
    return url


def _exists(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    admin = create_engine(generate.POSTGRES_ADMIN)
    try:
        with admin.connect() as connection:
            name = url.rsplit("/", 1)[1]
            found = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            return found.first() is not None
    finally:
        admin.dispose()


def drop(size: Size, database: str) -> None:
    """Remove the size's cached database."""
    (TMP / f"{size.key}.{database}.done").unlink(missing_ok=True)
    if database == "postgresql":
        generate.drop_postgres_database(size.key)
        return
    store.remove_sqlite_file(TMP / f"{size.key}.db")


def reviewer(sessions: sessionmaker[Session], settings: Settings) -> tuple[Actor, str]:
    """The root committee's reviewer as the services see them, and a fresh bearer token."""
    with sessions() as session:
        user = session.scalars(select(User).where(User.username == generate.REVIEWER)).one()
        token, _ = signin.issue_api_token(session, user=user, settings=settings)
        actor = auth_service.load_actor(session, user=user)
        session.commit()
    return actor, token


# --- The bare SQL ------------------------------------------------------------------------------

Statement = tuple[str, tuple[Any, ...]]


def _months(year: int) -> list[str]:
    return [f"{year}-{month:02d}" for month in range(1, 13)]


def board_sql(dialect: str, year: int, grace_days: int, submit_days: int) -> list[Statement]:
    """Each branch below the root, each month of the year: state, meeting, late, thematic held in the quarter."""
    mark = "?" if dialect == "sqlite" else "%s"
    late = (  # as exact as the service's: see compliance._late_clause
        f"m.submitted_at > strftime('%Y-%m-%d %H:%M:%S', substr(m.scheduled_at, 1, 19), '+{submit_days} days')"
        " || substr(m.scheduled_at || '.000000', 20, 7)"
        if dialect == "sqlite"
        else f"m.submitted_at > m.scheduled_at + interval '{submit_days * 24} hours'"
    )
    if dialect != "sqlite":
        late = late.replace("%", "%%")
    months = ", ".join(
        f"('{m}', '{quarter_of(m)}', {int(compliance.is_due(m, today=clock.today(), grace_days=grace_days))})"
        for m in _months(year)
    )
    sql = f"""
WITH months(month, quarter, due) AS (VALUES {months}),
thematic AS (
    SELECT DISTINCT t.org_unit_id,
           CASE WHEN substr(t.period, 6, 1) = 'Q' THEN t.period
                ELSE substr(t.period, 1, 5) || 'Q' || ((CAST(substr(t.period, 6, 2) AS INTEGER) + 2) / 3) END
           AS quarter
    FROM meeting t
    WHERE t.kind IN ('thematic', 'combined') AND t.status = 'held' AND t.period >= {mark} AND t.period < {mark})
SELECT b.id, months.month,
       CASE WHEN m.id IS NULL THEN CASE WHEN months.due = 1 THEN 'missing' END
            WHEN m.status IN ('not_held', 'cancelled') THEN 'not_held'
            ELSE coalesce(m.minutes_status, 'draft') END AS state,
       m.id, coalesce({late}, false) AS late, th.org_unit_id IS NOT NULL AS thematic
FROM org_unit b
LEFT JOIN org_unit c ON c.id = b.parent_id
CROSS JOIN months
LEFT JOIN meeting m ON m.org_unit_id = b.id AND m.period = months.month
     AND m.kind IN ('regular', 'combined') AND m.status <> 'cancelled'
LEFT JOIN thematic th ON th.org_unit_id = b.id AND th.quarter = months.quarter
WHERE b.path LIKE {mark} AND b.kind = 'branch' AND (b.closed_on IS NULL OR b.closed_on >= {mark})
ORDER BY c.name, b.name, b.id, months.month
"""
    return [(sql, (str(year), str(year + 1), "/1/%", f"{year}-01-01"))]


def attendance_sql(dialect: str, year: int) -> list[Statement]:
    """What the service reads: per branch below the root and member, names and the year's tally
    (sets of months packed in one number, unpacked by the caller), by branch, then name."""
    mark = "?" if dialect == "sqlite" else "%s"
    sql = f"""
SELECT u.id, u.name, p.id, p.full_name, t.months
FROM attendance_tally t
JOIN org_unit u ON u.id = t.org_unit_id
JOIN member p ON p.id = t.member_id
WHERE t.year = {mark} AND u.path LIKE {mark}
ORDER BY u.name, u.id, p.full_name
"""
    return [(sql, (year, "/1/%"))]


def roll_call_sql(dialect: str, year: int) -> list[Statement]:
    """The same answer from every roll-call line of the year, as the report computed it before the
    tallies: per branch and member, the lines present and the months of each kind of absence; and
    per branch, the meetings with a roll-call. It checks the tallies and shows what they save."""
    mark = "?" if dialect == "sqlite" else "%s"
    month = "CAST(substr(m.period, 6, 2) AS INTEGER)"
    scope = f"""s.path LIKE {mark} AND m.kind IN ('regular', 'combined') AND m.status = 'held'
        AND m.period >= {mark} AND m.period <= {mark}"""
    members = f"""
SELECT u.id, u.name, p.id, p.full_name, a.packed & 31 AS present,
       (a.packed >> 18) & 8190 AS excused_months, (a.packed >> 5) & 8190 AS unexcused_months
FROM (SELECT m.org_unit_id, x.member_id,
             sum(CASE x.status WHEN 'present' THEN 1 WHEN 'absent_unexcused' THEN 32 << {month}
                               WHEN 'absent_excused' THEN 262144 << {month} ELSE 0 END) AS packed
      FROM meeting m
      JOIN org_unit s ON s.id = m.org_unit_id
      JOIN attendance x ON x.meeting_id = m.id
      WHERE {scope}
      GROUP BY m.org_unit_id, x.member_id) a
JOIN org_unit u ON u.id = a.org_unit_id
JOIN member p ON p.id = a.member_id
ORDER BY u.name, u.id, p.full_name
"""
    meetings = f"""
SELECT m.org_unit_id, count(*) AS meetings
FROM meeting m JOIN org_unit s ON s.id = m.org_unit_id
WHERE {scope} AND EXISTS (SELECT 1 FROM attendance x WHERE x.meeting_id = m.id)
GROUP BY m.org_unit_id
"""
    params = ("/1/%", f"{year}-01", f"{year}-12")
    return [(members, params), (meetings, params)]


# --- Timing ---------------------------------------------------------------------------------------


def timed(call: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of each of `repeat` calls, after one warm-up call."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def bare(engine: Engine, statements: list[Statement]) -> Callable[[], list[list[Any]]]:
    """A call running the hand-written SELECTs on one connection and fetching every row."""

    def run() -> list[list[Any]]:
        with engine.connect() as connection:
            return [list(connection.exec_driver_sql(*statement).fetchall()) for statement in statements]

    return run


def measure(size: Size, database: str, repeat: int, regenerate: bool) -> list[Timing]:
    """Time both reports three ways on one size and database."""
    url = database_url(size, database, regenerate)
    settings = Settings(database_url=url)
    engine = reading(make_engine(url))
    sessions = make_sessionmaker(engine)
    actor, token = reviewer(make_sessionmaker(make_engine(url)), settings)
    # One client for all the requests, as a server keeps running: entered, it keeps one event loop.
    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": f"Bearer {token}"}
        year, dialect = LAST_YEAR, engine.dialect.name
        g, s = settings.compliance_grace_days, settings.submit_within_days

        def board() -> compliance.Board:
            with sessions() as session:
                return compliance.board(
                    session, actor=actor, org_unit_id=ROOT_ID, first=f"{year}-01", last=f"{year}-12",
                    today=clock.today(), grace_days=g, submit_days=s,
                )  # fmt: skip

        def report() -> attendance.AttendanceReport:
            with sessions() as session:
                return attendance.report(
                    session,
                    actor=actor,
                    org_unit_id=ROOT_ID,
                    year=year,
                    bar_percent=settings.attendance_bar_percent,
                )

        def get(path: str, params: dict[str, Any]) -> Callable[[], None]:
            def call() -> None:
                response = client.get(path, params=params, headers=headers)
                assert response.status_code == 200, response.text

            return call

        board_query, attendance_query = board_sql(dialect, year, g, s), attendance_sql(dialect, year)
        roll_call_query = roll_call_sql(dialect, year)
        check_board(board(), *bare(engine, board_query)())
        check_attendance(report(), *bare(engine, roll_call_query)())
        compliance_params = {"org_unit_id": ROOT_ID, "from": f"{year}-01", "to": f"{year}-12"}
        request = statistics.median(timed(get("/api/v1/me", {}), repeat))  # what any request costs
        results = [
            Timing(size, database, "compliance", timed(board, repeat),
                   timed(get("/api/v1/reports/compliance", compliance_params), repeat),
                   timed(bare(engine, board_query), repeat), request),
            Timing(size, database, "attendance", timed(report, repeat),
                   timed(get("/api/v1/reports/attendance", {"org_unit_id": ROOT_ID, "year": year}), repeat),
                   timed(bare(engine, attendance_query), repeat), request,
                   timed(bare(engine, roll_call_query), repeat)),
        ]  # fmt: skip
        print(f"{size.name} {database}: an authenticated request that reads nothing (GET /api/v1/me) takes "
              f"{request:.1f} ms through the test client; the recount of a branch's "
              f"year that each save of minutes does takes {statistics.median(recount(url, repeat)):.1f} ms")  # fmt: skip
    engine.dispose()
    return results


def recount(url: str, repeat: int) -> list[float]:
    """Milliseconds of the attendance recount a save does, for one branch's last year (rolled back)."""
    sessions = make_sessionmaker(make_engine(url))
    with sessions() as session:
        branch_id = session.scalar(select(OrgUnit.id).where(OrgUnit.kind == "branch").order_by(OrgUnit.id))

    def call() -> None:
        with sessions() as session:
            attendance.retally_branch_year(session, branch_id=branch_id, period=f"{LAST_YEAR}-06")
            session.rollback()

    return timed(call, repeat)


def check_board(board: compliance.Board, rows: list[Any]) -> None:
    """The service and the bare SQL agree on every cell."""
    cells = {
        (r.branch_id, c.month): (c.state, c.meeting_id, c.late, r.thematic[quarter_of(c.month)])
        for r in board.rows
        for c in r.cells
    }
    answer = {(r[0], r[1]): (r[2], r[3], bool(r[4]), bool(r[5])) for r in rows}
    assert cells == answer, "the board and the bare SQL disagree"


def check_attendance(report: attendance.AttendanceReport, rows: list[Any], meetings: list[Any]) -> None:
    """The service (from the tallies) and the roll-calls agree on every member's counts and every branch's totals."""
    counts = {(r[0], r[2]): (r[4], r[5].bit_count(), r[6].bit_count()) for r in rows}
    members = {
        (m.branch_id, m.member_id): (m.present, m.absent_excused, m.absent_unexcused) for m in report.members
    }
    assert members == {key: c for key, c in counts.items() if sum(c)}, "they disagree on members"
    held = dict(meetings)
    branches: dict[int, tuple[int, int]] = {}
    for (branch_id, _), (present, _, _) in counts.items():
        branches[branch_id] = (branches.get(branch_id, (0, 0))[0] + present, held[branch_id])
    assert branches == {b.branch_id: (b.present, b.meetings) for b in report.branches}, (
        "they disagree on branches"
    )


# --- The table ----------------------------------------------------------------------------------


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]


def row(t: Timing) -> str:
    """One line of the table."""
    service, http, sql = (statistics.median(v) for v in (t.service, t.http, t.sql))
    verdict = (
        f"{'yes' if service <= t.size.limit_ms and service <= 1.5 * sql else 'no'} / "
        f"{'yes' if http <= t.size.limit_ms and http <= 1.5 * sql else 'no'}"
    )
    roll_call = f"{statistics.median(t.roll_call):>10.1f}" if t.roll_call else f"{'':>10}"
    return (
        f"{t.size.name:<10} {t.database:<10} {t.report:<10} "
        f"{service:>8.1f} ({p90(t.service):>7.1f}) {http:>8.1f} ({p90(t.http):>7.1f}) "
        f"{sql:>8.1f} ({p90(t.sql):>7.1f}) {service / sql:>7.2f} {http / sql:>7.2f} "
        f"{(http - t.request) / sql:>10.2f}   {verdict:<9} {roll_call}"
    )


HEADER = (
    f"{'size':<10} {'database':<10} {'report':<10} {'service ms (p90)':>18} {'HTTP ms (p90)':>18} "
    f"{'bare SQL ms (p90)':>18} {'svc/SQL':>7} {'HTTP/SQL':>8} {'(HTTP-req)':>10}   met? svc / HTTP  "
    "roll-call SQL ms"
)


def history_line(timings: list[Timing]) -> list[str]:
    """Whether ten years of history cost more than five, report by report."""
    by = {(t.size.name, t.database, t.report): statistics.median(t.service) for t in timings}
    lines = []
    for (name, database, report), ten in by.items():
        five = by.get(("district5", database, report))
        if name == "district" and five:
            lines.append(
                f"history {database} {report}: 10 years {ten:.1f} ms, 5 years {five:.1f} ms, x{ten / five:.2f}"
            )
    return lines


def main() -> None:
    """Generate or reuse the databases, time, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--sizes", default="district,district5")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--province-members", type=int, nargs=2, default=(8, 30), metavar=("MIN", "MAX"))
    parser.add_argument("--regenerate", action="store_true", help="generate even if a cached database exists")
    parser.add_argument("--drop", action="store_true", help="remove the databases afterwards")
    args = parser.parse_args()
    sizes = [SIZES[name] for name in args.sizes.split(",")]
    sizes = [Size(s.name, s.branches, s.years, tuple(args.province_members), s.limit_ms) if s.name == "province"
             else s for s in sizes]  # fmt: skip
    timings = []
    for size in sizes:
        for database in args.db.split(","):
            repeat = max(3, args.repeat // 3) if size.name == "province" else args.repeat
            timings += measure(size, database, repeat, args.regenerate)
            print(row(timings[-2]), row(timings[-1]), sep="\n", flush=True)
            if args.drop:
                drop(size, database)
    print()
    print(HEADER)
    print("\n".join(row(t) for t in timings))
    print("\n".join(history_line(timings)))


if __name__ == "__main__":
    main()
