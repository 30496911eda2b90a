"""The schema comes only from the migrations, and they agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from minutes import all_models, migrate
from minutes.db import Base


def test_migrated_database_matches_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": migrate.include_object}
            ),
            Base.metadata,
        )
    assert differences == []


def test_every_constraint_has_a_name_from_the_convention(engine: Engine) -> None:
    inspector = inspect(engine)
    for table in all_models.auth_models.User.metadata.sorted_tables:
        for foreign_key in inspector.get_foreign_keys(table.name):
            assert foreign_key["name"] and foreign_key["name"].startswith("fk_"), table.name


def test_migrations_downgrade_to_nothing_and_upgrade_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'roundtrip.db'}"
    migrate.upgrade(url)
    migrate.downgrade_to_base(url)
    from minutes.db import make_engine

    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(url)
    engine = make_engine(url)
    assert "org_unit" in inspect(engine).get_table_names()
    engine.dispose()
