"""A database at an older revision holding one indexed minutes, written in SQL as that revision had it."""

from __future__ import annotations

from sqlalchemy import Connection, text


def one_indexed_minutes(conn: Connection, *, body: str, folded: str) -> None:
    """Nà Noong's October meeting and its search document (and FTS row on SQLite)."""
    conn.execute(
        text(
            "INSERT INTO org_unit (id, name, kind, path, parent_id, created_at) VALUES "
            "(1, 'Chi bộ thôn Nà Noong', 'branch', '/1/', NULL, '2019-01-01')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO meeting (id, org_unit_id, kind, period, scheduled_at, status, minutes_version, "
            "created_at) VALUES (1, 1, 'regular', '2019-10', '2019-10-05 12:30:00', 'held', 1, '2019-10-01')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO search_document (meeting_id, org_unit_id, period, body, folded) "
            "VALUES (1, 1, '2019-10', :body, :folded)"
        ),
        {"body": body, "folded": folded},
    )
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO search_fts (rowid, folded) VALUES (1, :folded)"), {"folded": folded})
