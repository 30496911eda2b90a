"""Minutes indexed before names were are found by their branch and their people once upgraded."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from minutes import migrate
from minutes.db import make_engine
from tests.conftest import BACKENDS, migrated_database
from tests.search.older import one_indexed_minutes

BEFORE = "f3warnings01"
CONTENT = {
    "sections": {"dues": "Đã thu đủ đảng phí."},
    "org_unit_name": "Chi bộ thôn Nà Noong",
    "committee_name": "Đảng bộ xã Minh Phát",
    "names": {"7": "Lương Thị Hằng"},
}


@pytest.fixture(params=BACKENDS)
def url_before(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated up to the revision before names were indexed."""
    with migrated_database(request.param, tmp_path, "minutes_names", revision=BEFORE) as url:
        yield url


def test_the_upgrade_adds_the_names_each_minutes_records_to_its_index(url_before: str) -> None:
    engine = make_engine(url_before)
    sqlite = engine.dialect.name == "sqlite"
    with engine.begin() as conn:
        one_indexed_minutes(conn, body="Đã thu đủ đảng phí.", folded=" da thu du dang phi")
        conn.execute(
            text(
                "INSERT INTO minutes_revision (meeting_id, version, status, structure_kind, structure_version, "
                "content, saved_at) VALUES (1, 1, 'draft', 'regular', 1, :content, '2019-10-05')"
            ),
            {"content": json.dumps(CONTENT, ensure_ascii=False)},
        )
    migrate.upgrade(url_before)
    command.downgrade(migrate.alembic_config(url_before), BEFORE)
    migrate.upgrade(url_before)  # a step back and up again
    with engine.connect() as conn:
        body, folded = conn.execute(text("SELECT body, folded FROM search_document")).one()
        assert body == "Đã thu đủ đảng phí.\nChi bộ thôn Nà Noong · Đảng bộ xã Minh Phát · Lương Thị Hằng"
        assert folded.endswith(" chi bo thon na noong dang bo xa minh phat luong thi hang")
        if sqlite:
            found = conn.scalar(text("SELECT rowid FROM search_fts WHERE search_fts MATCH '\"na noong\"'"))
            assert found == 1
    engine.dispose()
