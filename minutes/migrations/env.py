"""Alembic environment: migrates the database named by the settings or by the caller."""

from __future__ import annotations

from alembic import context

from minutes import all_models  # noqa: F401  (registers every table)
from minutes.config import get_settings
from minutes.db import Base, make_engine
from minutes.migrate import include_object

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    """Run the migrations on a connection given by the caller, or on the settings' URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
