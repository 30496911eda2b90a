"""Request dependencies: the database session, the signed-in user, the API caller.

The shell knows no domain: who a cookie or a token belongs to is answered by the
`Identity` that the app's wiring plugs in (the accounts domain's), so every face, the
accounts' own included, can depend on the shell.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Protocol, TypeVar

import anyio.to_thread
from fastapi import BackgroundTasks, Depends, Path, Query, Request
from sqlalchemy.orm import Session, sessionmaker

from minutes.access import Actor
from minutes.config import Settings
from minutes.db import MAX_ID
from minutes.errors import Unauthenticated

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# PostgreSQL's integer: an id beyond it cannot exist, and asking for one is refused (422) before
# any query. Years are those the Party has kept records in, and a little ahead.
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
RequiredIdQuery = Annotated[int, Query(ge=1, le=MAX_ID)]
Year = Annotated[int, Path(ge=1930, le=2100)]
YearQuery = Annotated[int | None, Query(ge=1930, le=2100)]
RequiredYearQuery = Annotated[int, Query(ge=1930, le=2100)]
T = TypeVar("T")

# How far into a list a page may start: beyond any list, and within the database's integer.
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
# How many items of a list a page holds, when the caller asks for a page.
Limit = Annotated[int | None, Query(ge=1, le=10_000)]


def page_of(items: Sequence[T], limit: int | None, offset: int) -> list[T]:
    """One page of a list already built: ``limit`` items from ``offset`` (all from it without a limit)."""
    return list(items[offset : offset + limit] if limit is not None else items[offset:])


def page_count(total: int, per_page: int) -> int:
    """How many pages of ``per_page`` a list of ``total`` items fills (one, even when empty)."""
    return max(1, -(-total // per_page))


def nth_page(items: Sequence[T], page: int, per_page: int) -> list[T]:
    """The items of a page, counted from 1 (none beyond the last page)."""
    return page_of(items, per_page, (page - 1) * per_page)


SESSION_COOKIE = "minutes_session"


class LoginRequired(Exception):
    """A page needs a signed-in user; the handler redirects to the sign-in page."""


class EnrolmentRequired(Exception):
    """The signed-in person must set up a second factor first; the handler redirects to its page."""


ENROLMENT_PATH = "/account/two-factor"


async def db_session(request: Request) -> AsyncIterator[Session]:
    """The request's session: committed once when the route returns, rolled back on error.

    An async generator: its end (commit, close) is awaited in a worker thread as soon as the
    route returns, rather than queued behind the thread that runs the next dependency.
    """
    state = request.app.state
    factory = state.read_sessions if request.method in SAFE_METHODS else state.write_sessions
    session = factory()
    try:
        yield session
    except BaseException:
        await anyio.to_thread.run_sync(_rollback_and_close, session)
        raise
    await anyio.to_thread.run_sync(_commit_and_close, session)


def _commit_and_close(session: Session) -> None:
    """The end of a request that went well: one trip to a worker thread, not two."""
    try:
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _rollback_and_close(session: Session) -> None:
    try:
        session.rollback()
    finally:
        session.close()


DbSession = Annotated[Session, Depends(db_session, scope="function")]


async def app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]


@dataclass(frozen=True)
class Viewer:
    """The signed-in person of a page request (plain values: error pages outlive the session)."""

    actor: Actor
    full_name: str
    csrf_token: str
    # Their role requires a second factor they have not set up: every page but its setup waits.
    must_enrol: bool = False
    # The session's last use is old enough to be noted again (after the request, not inside it).
    use_due: bool = False


class Identity(Protocol):
    """Who sent a request, from a session cookie or a bearer token."""

    def viewer(self, session: Session, *, token: str, settings: Settings) -> Viewer | None:
        """The person signed in with this session token, or None."""

    def api_caller(self, session: Session, *, token: str) -> tuple[Actor, bool] | None:
        """The caller holding this API token and whether its use is due to be noted, or None."""

    def note_use(
        self, sessions: sessionmaker[Session], *, session_token: str | None, api_token: str | None
    ) -> None:
        """Note that a session or token was used now, in a transaction of its own."""


def identity(request: Request) -> Identity:
    """The identity the app was wired with."""
    found: Identity = request.app.state.identity
    return found


def optional_viewer(
    request: Request, session: DbSession, settings: SettingsDep, later: BackgroundTasks
) -> Viewer | None:
    """The signed-in person, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    viewer = identity(request).viewer(session, token=token, settings=settings) if token else None
    if viewer is not None:
        request.state.viewer = viewer
        if viewer.use_due:
            later.add_task(_note_use, request, session_token=token, api_token=None)
    return viewer


def _note_use(request: Request, *, session_token: str | None, api_token: str | None) -> None:
    """After the answer: note the use in a short write transaction of its own (a read takes no write lock)."""
    identity(request).note_use(
        request.app.state.write_sessions, session_token=session_token, api_token=api_token
    )


async def required_viewer(
    request: Request, viewer: Annotated[Viewer | None, Depends(optional_viewer)]
) -> Viewer:
    """The signed-in person; pages without one send the browser to sign in (or to set up a factor)."""
    if viewer is None:
        raise LoginRequired()
    if viewer.must_enrol and not request.url.path.startswith(ENROLMENT_PATH):
        raise EnrolmentRequired()
    return viewer


OptionalViewer = Annotated[Viewer | None, Depends(optional_viewer)]
CurrentViewer = Annotated[Viewer, Depends(required_viewer)]


def bearer_token(request: Request) -> str | None:
    """The bearer token the request carries, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


BearerToken = Annotated[str | None, Depends(bearer_token)]


def api_actor(request: Request, session: DbSession, later: BackgroundTasks) -> Actor:
    """The caller of a JSON route, from its bearer token."""
    token = bearer_token(request)
    found = identity(request).api_caller(session, token=token) if token else None
    if found is None:
        raise Unauthenticated()
    caller, use_due = found
    if use_due:
        later.add_task(_note_use, request, session_token=None, api_token=token)
    request.state.api_actor = caller
    return caller


ApiActor = Annotated[Actor, Depends(api_actor)]
