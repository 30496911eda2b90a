"""Moves recorded before they named their units get them once, so past trees can be rebuilt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from minutes import migrate
from minutes.db import make_engine
from tests.conftest import BACKENDS, migrated_database

BEFORE = "e4autosave01"


@pytest.fixture(params=BACKENDS)
def url_before(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated up to the revision before old moves got their units."""
    with migrated_database(request.param, tmp_path, "minutes_moves", revision=BEFORE) as url:
        yield url


def test_old_moves_get_the_units_they_went_from_and_to(url_before: str) -> None:
    engine = make_engine(url_before)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO org_unit (id, name, kind, path, parent_id, created_at) VALUES "
                "(1, 'Đảng bộ huyện', 'committee', '/1/', NULL, '2019-01-01'),"
                "(2, 'Đảng bộ xã Minh Phát', 'committee', '/1/2/', 1, '2019-01-01'),"
                "(3, 'Đảng bộ xã Khuất Xá', 'committee', '/1/3/', 1, '2019-01-01'),"
                "(4, 'Đảng bộ xã Tú Đoạn', 'committee', '/1/4/', 1, '2019-01-01'),"
                "(5, 'Chi bộ thôn Nà Noong', 'branch', '/1/4/5/', 4, '2019-01-01'),"
                "(6, 'Đảng bộ xã Trùng Tên', 'committee', '/1/6/', 1, '2019-01-01'),"
                "(7, 'Đảng bộ xã Trùng Tên', 'committee', '/1/7/', 1, '2019-01-01'),"
                "(8, 'Chi bộ thôn Pò Mèo', 'branch', '/1/3/8/', 3, '2019-01-01')"
            )
        )
        # Nà Noong went Minh Phát → Khuất Xá → Tú Đoạn; Pò Mèo came from one of two namesakes.
        conn.execute(
            text(
                "INSERT INTO org_unit_history (id, org_unit_id, change, old_value, new_value, "
                "effective_on, changed_at) VALUES "
                "(1, 5, 'moved', 'Đảng bộ xã Minh Phát', 'Đảng bộ xã Khuất Xá', '2019-03-01', '2019-03-01'),"
                "(2, 5, 'renamed', 'Chi bộ Nà Noong', 'Chi bộ thôn Nà Noong', '2019-04-01', '2019-04-01'),"
                "(3, 5, 'moved', 'Đảng bộ xã Khuất Xá', 'Đảng bộ xã Tú Đoạn', '2019-06-01', '2019-06-01'),"
                "(4, 8, 'moved', 'Đảng bộ xã Trùng Tên', 'Đảng bộ xã Khuất Xá', '2019-06-01', '2019-06-01')"
            )
        )
    migrate.upgrade(url_before)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, from_unit_id, to_unit_id FROM org_unit_history ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, 2, 3), (2, None, None), (3, 3, 4), (4, None, 3)]
