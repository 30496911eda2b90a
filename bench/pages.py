"""Each page's time beside its floor, and how many of it a server answers per second.

On the demo district (405 branches, 5,500 members; built once into /tmp and kept):

- **page**: the median time of the whole request in process (the ASGI app, its middleware,
  session and actor, the queries, the template), from a signed-in browser's cookie;
- **floor**: the same statements run bare on the driver (captured from one request, replayed
  on a raw connection, every row fetched) plus the same template rendered bare from the same
  context. "ratio" is page / floor; the target of issue #15 is 1.5 or less;
- **nothing**: a signed-in request to a page that does nothing (the request's database session,
  the person signed in, a word for an answer), measured alongside: what FastAPI, its middleware
  and the worker threads cost before a page does anything. "least" is (nothing + floor) / floor,
  the lowest ratio any code for the page could reach on this framework;
- **rps at 1, 20 and 100 clients**: a real ``minutes serve`` (one worker) and as many
  concurrent keep-alive clients each asking for the page again and again for a few seconds;
  counted are the answers by status (200, the queue's 503, anything else).

Run from the repository:
    .venv/bin/python -m bench.pages [--rounds N] [--seconds S]
        [--clients 1,20,100] [--pages queue,form,...] [--fresh]
Nothing is asserted: the figures go into the README and the issue notes.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select

from bench.month_end import Server
from minutes import i18n
from minutes.config import get_settings
from minutes.db import make_engine, make_sessionmaker
from minutes.meetings.models import Meeting
from minutes.orgs.models import OrgUnit

AS_OF = "2019-12-31"
PASSWORD = "Demo-LocBinh-2019!"
SQLITE_FILE = Path("/tmp/minutes_bench_pages.db")


@dataclass(frozen=True)
class Page:
    """A page as one person opens it."""

    name: str
    username: str
    path: Callable[[Engine], str]


def _meeting_of(branch: str, *, reviewed: bool) -> Callable[[Engine], str]:
    """The path of the branch's latest meeting with minutes (submitted or later when reviewed)."""

    def path(engine: Engine) -> str:
        with make_sessionmaker(engine)() as db:
            query = select(Meeting.id).join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
            query = query.where(OrgUnit.name == branch).order_by(Meeting.scheduled_at.desc())
            if reviewed:
                query = query.where(Meeting.minutes_status.in_(("submitted", "accepted", "returned")))
            meeting_id = db.execute(query.limit(1)).scalar_one()
        return f"/meetings/{meeting_id}/review" if reviewed else f"/meetings/{meeting_id}/minutes"

    return path


def _fixed(path: str) -> Callable[[Engine], str]:
    return lambda engine: path


PAGES = {
    "home": Page("home (district)", "huyen", _fixed("/")),
    "queue": Page("review queue (commune)", "xa.minhphat", _fixed("/review")),
    "queue-district": Page("review queue (district)", "huyen", _fixed("/review")),
    "form": Page("minutes form", "thuky.nanoong", _meeting_of("Chi bộ thôn Nà Noong", reviewed=False)),
    "review": Page("review page", "xa.minhphat", _meeting_of("Chi bộ thôn Nà Noong", reviewed=True)),
    "board": Page("board (district)", "huyen", _fixed("/reports")),
    "board-commune": Page("board (commune)", "xa.minhphat", _fixed("/reports?unit=202")),
    "tasks": Page("overdue tasks (district)", "huyen", _fixed("/reports/tasks")),
}


@dataclass(frozen=True)
class Measured:
    """One page's figures, in milliseconds and bytes."""

    page: Page
    page_ms: float
    sql_ms: float
    render_ms: float
    nothing_ms: float  # a signed-in request that does nothing, measured alongside
    statements: int
    size: int


class Recorder:
    """Keeps, while on, the statements the app's engine runs and the templates it renders."""

    def __init__(self, app: Any) -> None:
        self.on = False
        self.statements: list[tuple[str, Any, bool]] = []
        self.rendered: list[tuple[Any, dict[str, Any]]] = []
        event.listen(app.state.engine, "before_cursor_execute", self._statement)
        templates = app.state.templates
        self._template_response = templates.TemplateResponse
        templates.TemplateResponse = self._template

    def _statement(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        if self.on:
            self.statements.append((statement, parameters, many))

    def _template(self, *args: Any, **kwargs: Any) -> Any:
        response = self._template_response(*args, **kwargs)
        if self.on:
            self.rendered.append((response.template, response.context))
        return response


def demo_database(fresh: bool) -> str:
    """The demo district's database URL (its own SQLite file, as `make demo` builds it), built on first use."""
    from minutes import demo
    from minutes.app import subscribe_domains

    subscribe_domains()
    if fresh or not SQLITE_FILE.exists():
        SQLITE_FILE.unlink(missing_ok=True)
        demo.build(f"sqlite:///{SQLITE_FILE}")
    return f"sqlite:///{SQLITE_FILE}"


def sign_in(client: TestClient | httpx.Client, username: str) -> str:
    """Sign in through the form; return the session cookie."""
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, (username, answer.status_code, answer.text[:300])
    return str(client.cookies.get("minutes_session"))


async def medians_ms(runs: list[Callable[[], object]], rounds: int) -> list[float]:
    """The median time of each call in milliseconds, taken in turn round after round (so that
    the machine's ups and downs fall on each alike), after two warm-up rounds.

    Run inside one event loop's task, as a server runs: the worker threads that run the
    routes are started once and kept, where a loop per request would start one each time."""
    times: list[list[float]] = [[] for _ in runs]
    for round_ in range(rounds + 2):
        for run, kept in zip(runs, times, strict=True):
            started = time.perf_counter()
            result = run()
            if inspect.isawaitable(result):
                await result
            if round_ >= 2:
                kept.append((time.perf_counter() - started) * 1000)
    return [statistics.median(kept) for kept in times]


def asgi_get(app: Any, path: str, cookie: str) -> Callable[[], Awaitable[int]]:
    """A GET of the page straight through the ASGI app, without a client in between; returns its status."""
    route, _, query = path.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": route, "raw_path": route.encode(), "query_string": query.encode(),
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
        "headers": [(b"host", b"testserver"), (b"accept-encoding", b"gzip"), (b"cookie", f"minutes_session={cookie}".encode())],
    }  # fmt: skip

    async def call() -> int:
        status = 0
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:  # nothing more will come: a listener for the client leaving waits, as on a live socket
                await asyncio.Event().wait()
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]

        await app({**scope, "state": {}}, receive, send)
        return status

    return call


def replay(engine: Engine, statements: list[tuple[str, Any, bool]]) -> None:
    """The statements on a raw driver connection, every row fetched: the floor of the queries."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for statement, parameters, many in statements:
            if many:
                continue  # a page that only reads runs none; a write is not part of a read's floor
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        cursor.close()
        connection.rollback()
    finally:
        connection.close()


def measure_in_process(pages: list[Page], rounds: int) -> list[Measured]:
    """For each page: its time, its SQL floor, its template floor, its statements and bytes."""
    from minutes.app import create_app

    app = create_app()
    add_nothing_page(app)
    recorder = Recorder(app)
    return [measure_page(app, recorder, page, rounds) for page in pages]


NOTHING = "/bench/nothing"


def add_nothing_page(app: Any) -> None:
    """A page that does nothing but what every page does first (the request's database session
    and the person signed in) and answers a word: the framework's own cost of a page."""
    from fastapi.routing import APIRoute
    from starlette.responses import PlainTextResponse

    from minutes.web.deps import CurrentViewer, DbSession

    def nothing(session: DbSession, viewer: CurrentViewer) -> PlainTextResponse:
        return PlainTextResponse(viewer.full_name)

    app.router.routes.insert(0, APIRoute(NOTHING, nothing))


def measure_page(app: Any, recorder: Recorder, page: Page, rounds: int) -> Measured:
    """One page: the whole request, then its statements replayed and its template rendered bare."""
    engine: Engine = app.state.engine
    with TestClient(app) as client:
        cookie = sign_in(client, page.username)
        path = page.path(engine)
        assert client.get(path).status_code == 200, (page.name, path)
        recorder.on, recorder.statements, recorder.rendered = True, [], []
        answer = client.get(path)
        recorder.on = False
    statements = recorder.statements
    template, context = recorder.rendered[-1]

    def render_bare() -> str:
        with i18n.language("vi"):
            return str(template.render(context))

    page_ms, sql_ms, render_ms, nothing_ms = asyncio.run(
        medians_ms(
            [
                asgi_get(app, path, cookie),
                lambda: replay(engine, statements),
                render_bare,
                asgi_get(app, NOTHING, cookie),
            ],
            rounds,
        )
    )
    return Measured(
        page, page_ms, sql_ms, render_ms, nothing_ms, statements=len(statements), size=len(answer.content)
    )


async def clients_at(
    base: str, path: str, cookie: str, clients: int, seconds: float
) -> tuple[float, Counter[int], float]:
    """Requests per second answered 200, the answers by status, and the p95 in ms."""
    statuses: Counter[int] = Counter()
    times: list[float] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=120, cookies={"minutes_session": cookie}
    ) as http:

        async def one_client() -> None:
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    answer = await http.get(path)
                    statuses[answer.status_code] += 1
                except httpx.HTTPError:
                    statuses[0] += 1
                times.append((time.perf_counter() - started) * 1000)

        began = time.monotonic()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = time.monotonic() - began
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return statuses[200] / elapsed, statuses, p95


def measure_served(url: str, pages: list[Page], counts: list[int], seconds: float) -> dict[str, list[str]]:
    """For each page: rps, statuses and p95 at each number of clients, against one worker."""
    server = Server(url, 1, today=AS_OF)
    server.start()
    engine = make_engine(url)
    found: dict[str, list[str]] = {}
    try:
        cookies = {}
        for username in {page.username for page in pages}:
            with httpx.Client(base_url=server.base) as http:  # a browser each: one signed in sends /login on
                cookies[username] = sign_in(http, username)
        for page in pages:
            path = page.path(engine)
            cells = []
            for count in counts:
                rps, statuses, p95 = asyncio.run(
                    clients_at(server.base, path, cookies[page.username], count, seconds)
                )
                others = sum(n for status, n in statuses.items() if status not in (200, 503))
                cells.append(f"{rps:6.1f}/s p95 {p95:6.0f} ms 503:{statuses[503]} err:{others}")
            found[page.name] = cells
    finally:
        server.stop()
        engine.dispose()
    return found


def main() -> None:
    """Parse the arguments, measure, print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", default="1,20,100")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--fresh", action="store_true", help="build the demo database anew")
    args = parser.parse_args()
    url = demo_database(args.fresh)
    os.environ.update(MINUTES_DATABASE_URL=url, MINUTES_TODAY=AS_OF, MINUTES_TOTP_REQUIRED_ROLES="")
    get_settings.cache_clear()
    pages = [PAGES[name] for name in args.pages.split(",")]
    print(f"demo district (SQLite), in process, medians of {args.rounds} (ms)")
    print(
        f"{'page':26} {'page':>7} {'sql':>7} {'render':>7} {'floor':>7} {'ratio':>6} "
        f"{'nothing':>7} {'least':>6} {'stmts':>5} {'KB':>6}"
    )
    for m in measure_in_process(pages, args.rounds):
        floor = m.sql_ms + m.render_ms
        print(
            f"{m.page.name:26} {m.page_ms:7.1f} {m.sql_ms:7.1f} {m.render_ms:7.1f} {floor:7.1f} "
            f"{m.page_ms / floor:6.2f} {m.nothing_ms:7.1f} {(m.nothing_ms + floor) / floor:6.2f} "
            f"{m.statements:5d} {m.size / 1024:6.0f}"
        )
    counts = [int(n) for n in args.clients.split(",") if n]
    if not counts:
        return
    print(f"\none worker, {args.seconds:.0f} s per cell: answers 200 per second, p95, 503s, other errors")
    print(f"{'page':26} " + " | ".join(f"{n:>3} clients{'':30}" for n in counts))
    for name, cells in measure_served(url, pages, counts, args.seconds).items():
        print(f"{name:26} " + " | ".join(cells))


if __name__ == "__main__":
    main()
