"""Database: the declarative Base, the engine and the per-request session."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy import DateTime, Engine, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from minutes import alphabet

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every ORM class, with named constraints."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always returned timezone-aware (SQLite forgets zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """Return the current time in UTC."""
    return dt.datetime.now(dt.UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys, a busy timeout and BEGIN IMMEDIATE."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


# How long a writer waits for its turn in this process (the queue at month-end), then for SQLite's
# own lock (another process). Past both, the request is answered 503 with Retry-After.
WRITE_WAIT_SECONDS = 30
BUSY_TIMEOUT_MS = 30_000


class WriteBusy(Exception):
    """A write that asked not to wait (sqlite_write_wait=0) found another one in progress."""


def _configure_sqlite(engine: Engine) -> None:
    # One writer at a time per process: threads queue here, in order and without polling,
    # instead of SQLite's busy handler retrying with growing sleeps ("database is locked").
    turn = threading.Lock()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite so that BEGIN and SAVEPOINT behave.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # Names sort in Vietnamese order, under the name of PostgreSQL's own collation for it.
        dbapi_connection.create_collation(alphabet.COLLATION, alphabet.compare)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers queue for the lock up front instead of failing with "database is locked";
        # reads ask for DEFERRED so they never wait on a writer.
        options = connection.get_execution_options()
        mode = options.get("sqlite_begin", "IMMEDIATE")
        if mode == "IMMEDIATE" and not connection.info.get("holds_turn"):
            wait = options.get("sqlite_write_wait", WRITE_WAIT_SECONDS)
            if not turn.acquire(timeout=wait) if wait > 0 else not turn.acquire(blocking=False):
                if wait == 0:
                    raise WriteBusy()
            else:
                connection.info["holds_turn"] = True
        hurry = mode == "IMMEDIATE" and options.get("sqlite_write_wait", WRITE_WAIT_SECONDS) == 0
        try:
            if hurry:  # nor wait for another process's writer
                connection.exec_driver_sql("PRAGMA busy_timeout=0")
            connection.exec_driver_sql(f"BEGIN {mode}")
        except BaseException:
            _give_back(connection.info)
            raise
        finally:
            if hurry:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")

    def _give_back(info: dict[str, Any]) -> None:
        if info.pop("holds_turn", False):
            turn.release()

    @event.listens_for(engine, "commit")
    def _on_commit(connection: Any) -> None:
        _give_back(connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Any) -> None:
        _give_back(connection.info)

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        _give_back(record.info)  # a connection returned mid-transaction must not keep the turn


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory used by requests, commands and tests."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


def reading(engine: Engine) -> Engine:
    """Return a view of the engine for read-only work (DEFERRED transactions on SQLite)."""
    return engine.execution_options(sqlite_begin="DEFERRED")


# PostgreSQL's integer: no row has an id beyond it, and an id sent beyond it is refused (422)
# before any query (the database would answer with an error).
MAX_ID = 2**31 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
