"""Backing the database up while it serves, and restoring it, each copy proven by its audit chain.

SQLite: the online backup of the sqlite3 module (a consistent copy while others write).
PostgreSQL: ``pg_dump`` in its custom format, restored by ``pg_restore``. Every copy is
checked where it lands: its audit log's hash chain must verify, or the copy is refused.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, inspect, make_url, text

from minutes.audit import report
from minutes.i18n import N_, translate


class BackupError(Exception):
    """A backup or a restore that could not be made or did not verify; the message says why."""


@dataclass(frozen=True)
class Copy:
    """A verified copy: where it is, its size, its audit events and the head of their chain."""

    path: Path
    size: int
    lines: list[str]


def backup(url: str, path: Path) -> Copy:
    """Write a consistent copy of the database at ``url`` to ``path`` and verify its audit chain."""
    if path.exists():
        raise BackupError(
            translate(N_("{path} already exists: choose a new file name for the backup."), path=path)
        )
    if make_url(url).get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_file(url), path)
        lines = _verified(f"sqlite:///{path}", path)
    else:
        _run(["pg_dump", "--format=custom", f"--file={path}", _libpq(url)], path, url)
        with _scratch_database(url) as scratch:
            _pg_restore(path, scratch)
            lines = _verified(scratch, path)
    return Copy(path, path.stat().st_size, lines)


def restore(path: Path, url: str) -> Copy:
    """Load a backup into the empty database at ``url`` and verify its audit chain there."""
    if not path.is_file():
        raise BackupError(translate(N_("{path} is not a backup file."), path=path))
    if _has_tables(url):
        raise BackupError(
            translate(N_("The database is not empty: restore only into a new, empty database."))
        )
    # The copy is proven before it lands: a restore that does not verify leaves the database empty.
    if make_url(url).get_backend_name() == "sqlite":
        target = _sqlite_file(url)
        landing = target.with_name(f".{target.name}.restoring")
        landing.unlink(missing_ok=True)
        try:
            _sqlite_copy(path, landing)
            lines = _verified(f"sqlite:///{landing}", path)
            landing.replace(target)
        finally:
            landing.unlink(missing_ok=True)
        return Copy(path, path.stat().st_size, lines)
    with _scratch_database(url) as scratch:
        _pg_restore(path, scratch)
        lines = _verified(scratch, path)
    _pg_restore(path, url)
    return Copy(path, path.stat().st_size, lines)


def _pg_restore(path: Path, url: str) -> None:
    _run(["pg_restore", "--no-owner", "--no-privileges", f"--dbname={_libpq(url)}", str(path)], path, url)


def _sqlite_file(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(translate(N_("The database is not an SQLite file.")))
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as PostgreSQL's own tools take it, without its password (which goes in
    PGPASSWORD: a command line is visible to every user of the machine)."""
    return make_url(url).set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(command: list[str], path: Path, url: str) -> None:
    password = make_url(url).password
    env = {**os.environ, **({"PGPASSWORD": str(password)} if password else {})}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        if command[0] == "pg_dump":
            path.unlink(missing_ok=True)  # never leave a half-written backup behind
        raise BackupError(translate(N_("{tool} failed: {error}"), tool=command[0], error=done.stderr.strip()))


def _verified(url: str, path: Path) -> list[str]:
    code, lines = report.verify_database(url)
    if code != 0:
        raise BackupError(
            translate(N_("The copy in {path} does not verify:"), path=path) + " " + " ".join(lines)
        )
    return lines


def _has_tables(url: str) -> bool:
    engine = create_engine(url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@contextlib.contextmanager
def _scratch_database(url: str) -> Iterator[str]:
    """A new empty PostgreSQL database beside the one at ``url``, dropped afterwards."""
    name = f"minutes_backup_check_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(url).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
