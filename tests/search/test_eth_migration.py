"""Minutes indexed before the eth was folded are found by "doan" once the database is upgraded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from minutes import migrate
from minutes.db import make_engine
from tests.conftest import BACKENDS, migrated_database
from tests.search.older import one_indexed_minutes

BEFORE = "e5moveunits1"


@pytest.fixture(params=BACKENDS)
def url_before(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated up to the revision before the eth was folded."""
    with migrated_database(request.param, tmp_path, "minutes_eth", revision=BEFORE) as url:
        yield url


def test_words_indexed_with_the_eth_are_folded_to_d(url_before: str) -> None:
    engine = make_engine(url_before)
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        one_indexed_minutes(conn, body="Ðoàn thanh niên", folded=" ðoan thanh nien")
    migrate.upgrade(url_before)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT folded FROM search_document")) == " doan thanh nien"
        if sqlite:
            assert conn.scalar(text("SELECT rowid FROM search_fts WHERE search_fts MATCH '\"doan\"*'")) == 1
    engine.dispose()
