"""Writing planned data: rows of units, members and accounts, bulk inserts, a SQLite file replaced.

Shared by the demo and the benchmarks' generator (``bench.generate``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert
from sqlalchemy.engine import make_url

from minutes.auth.models import RoleGrant, User
from minutes.demo.district import Account, DemoDistrict
from minutes.demo.people import Person
from minutes.demo.tree import Unit
from minutes.orgs.models import Member, Membership, OrgUnit

Row = dict[str, Any]


def bulk_insert(connection: Connection, batches: Iterable[tuple[type[Any], list[Row]]]) -> None:
    """Insert each batch of rows into its model's table, in order (the caller owns the transaction)."""
    for model, rows in batches:
        if rows:
            connection.execute(insert(model), rows)


def unit_rows(units: Iterable[Unit], now: dt.datetime) -> Iterator[Row]:
    """org_unit rows."""
    for u in units:
        yield {"id": u.id, "name": u.name, "kind": u.kind, "branch_type": u.branch_type,
               "parent_id": u.parent_id, "path": u.path, "created_at": now}  # fmt: skip


def member_rows(members: Iterable[Person], now: dt.datetime) -> Iterator[Row]:
    """member rows."""
    for p in members:
        yield {"id": p.id, "full_name": p.full_name, "sex": p.sex, "birth_year": p.birth_year,
               "joined_on": p.joined_on, "official_on": p.official_on, "status": p.status, "exempt": p.exempt,
               "exempt_from": p.exempt_from, "exempt_until": None, "org_unit_id": p.org_unit_id,
               "created_at": now, "updated_at": now}  # fmt: skip


def membership_rows(members: Iterable[Person]) -> Iterator[Row]:
    """membership rows: one open stay per member in their branch, from the day they joined."""
    for p in members:
        yield {"id": p.id, "member_id": p.id, "org_unit_id": p.org_unit_id, "start_on": p.joined_on,
               "end_on": None, "reason": None}  # fmt: skip


def insert_accounts(
    connection: Connection, accounts: Iterable[Account], password_hash: str, now: dt.datetime
) -> None:
    """The accounts and their one role grant each, all with the same password."""
    accounts = list(accounts)
    users = [
        {"id": a.id, "username": a.username, "full_name": a.full_name, "password_hash": password_hash,
         "member_id": a.member_id, "is_active": True, "created_at": now}
        for a in accounts
    ]  # fmt: skip
    grants = [
        {"id": a.id, "user_id": a.id, "role": a.role, "org_unit_id": a.org_unit_id, "granted_at": now}
        for a in accounts
    ]
    bulk_insert(connection, [(User, users), (RoleGrant, grants)])


def insert_district(
    connection: Connection, district: DemoDistrict, password_hash: str, now: dt.datetime
) -> None:
    """Write the planned district with bulk inserts (the caller owns the transaction)."""
    bulk_insert(
        connection,
        [
            (OrgUnit, list(unit_rows(district.units, now))),
            (Member, list(member_rows(district.members, now))),
            (Membership, list(membership_rows(district.members))),
        ],
    )
    insert_accounts(connection, district.accounts, password_hash, now)


def remove_sqlite_file(path: Path | str) -> None:
    """Delete a SQLite file with its write-ahead log and journal, if they exist."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def remove_sqlite_database(url: str) -> None:
    """Delete the SQLite file behind the URL and its side files; refuse other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError("The demo builds its own SQLite file; give a sqlite:/// URL.")
    database = parsed.database
    if not database or database == ":memory:":
        return
    remove_sqlite_file(database)
