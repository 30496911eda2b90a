"""Apply and check the Alembic migrations from code (the CLI, the demo and the tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """Return an Alembic configuration that works from a source tree or an installed wheel."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, connection: Connection | None = None) -> None:
    """Bring the database to the newest schema."""
    command.upgrade(alembic_config(url, connection), "head")


def downgrade_to_base(url: str) -> None:
    """Undo every migration (used by the test that checks each downgrade works)."""
    command.downgrade(alembic_config(url), "base")


# Schema objects the migrations keep outside the models: the search's SQLite FTS5 table
# (and the shadow tables SQLite makes for it) and its PostgreSQL trigram index.
UNMODELLED_PREFIX = "search_fts"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Whether Alembic compares a schema object (not those named `search_fts*`)."""
    return not (name or "").startswith(UNMODELLED_PREFIX)


def app_role_statements(role: str) -> list[str]:
    """PostgreSQL grants for the role the app signs in as, when another role owns the tables.

    The app may read and write its records but only append to the audit log: it cannot
    change, delete or truncate events, nor (not being the owner) disable the log's triggers.
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError(f"{role!r}: a role name is lower-case letters, digits and underscores")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ]
