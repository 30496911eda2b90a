"""Minutes saved before facts were recorded get them once, from the records as they stand."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from minutes import migrate
from minutes.db import make_engine
from tests.conftest import BACKENDS, migrated_database

BEFORE = "d1tally00001"


@pytest.fixture(params=BACKENDS)
def url_before(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated up to the revision before facts were recorded."""
    with migrated_database(request.param, tmp_path, "minutes_before", revision=BEFORE) as url:
        yield url


OLD_CONTENT: dict[str, Any] = {
    "chair_member_id": 1,
    "attendance": [
        {"member_id": 1, "status": "present", "reason": None},
        {"member_id": 2, "status": "present", "reason": None},
        {"member_id": 3, "status": "exempt", "reason": None},
        {"member_id": 4, "status": "present", "reason": None},
    ],
    "sections": {"conclusion": "Thống nhất."},
    "votes": {"resolution": {"for": 2, "against": 0, "abstain": 0}},
    "previous_tasks": [],
}


def _seed(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO org_unit (id, name, kind, path, parent_id, created_at) VALUES "
                "(1, 'Đảng bộ xã Minh Phát', 'committee', '/1/', NULL, '2019-01-01'),"
                "(2, 'Chi bộ thôn Nà Noong', 'branch', '/1/2/', 1, '2019-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO member (id, full_name, status, exempt, org_unit_id, created_at, updated_at) VALUES "
                "(1, 'Hoàng Văn Tuấn', 'official', false, 2, '2019-01-01', '2019-01-01'),"
                "(2, 'Vi Thị Thu', 'probationary', false, 2, '2019-01-01', '2019-01-01'),"
                "(3, 'Triệu Văn Hùng', 'official', true, 2, '2019-01-01', '2019-01-01'),"
                "(4, 'Lục Văn Hải', 'official', false, NULL, '2019-01-01', '2019-01-01'),"
                "(5, 'Hoàng Thị Mới', 'official', false, 2, '2020-03-01', '2020-03-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO meeting (id, org_unit_id, kind, period, scheduled_at, status, minutes_status, "
                "minutes_version, submitted_at, created_at) VALUES "
                "(1, 2, 'regular', '2019-10', '2019-10-05 12:30:00', 'held', 'returned', 1, "
                "'2019-10-09 01:00:00', '2019-10-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO submission (meeting_id, version, submitted_at) VALUES "
                "(1, 1, '2019-10-06 01:00:00'), (1, 1, '2019-10-09 01:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO review (meeting_id, version, decision, decided_at) VALUES "
                "(1, 1, 'return', '2019-10-07 03:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO minutes_revision (meeting_id, version, status, structure_kind, structure_version, "
                "content, saved_at) VALUES (1, 1, 'draft', 'regular', 1, :content, '2019-10-05 15:00:00')"
            ),
            {"content": json.dumps(OLD_CONTENT)},
        )
    engine.dispose()


def test_old_minutes_get_the_names_and_statuses_of_the_day_once(url_before: str) -> None:
    _seed(url_before)
    migrate.upgrade(url_before)
    engine = make_engine(url_before)
    with engine.connect() as conn:
        (content,) = conn.execute(text("SELECT content FROM minutes_revision")).one()
        first, returned = conn.execute(text("SELECT first_submitted_at, returned_at FROM meeting")).one()
    engine.dispose()
    content = content if isinstance(content, dict) else json.loads(content)
    assert content["org_unit_name"] == "Chi bộ thôn Nà Noong"
    assert (content["committee_name"], content["place_name"]) == ("Đảng bộ xã Minh Phát", "Minh Phát")
    # Lục Văn Hải has left the branch since; the roll-call named him, so he stays on the record.
    # Hoàng Thị Mới joined later: no part of the October record.
    assert [(p["name"], p["member_status"], p["exempt"]) for p in content["roll"]] == [
        ("Hoàng Văn Tuấn", "official", False),
        ("Triệu Văn Hùng", "official", True),
        ("Vi Thị Thu", "probationary", False),
        ("Lục Văn Hải", "official", False),
    ]
    assert content["attendance"][1]["name"] == "Vi Thị Thu"
    # Official: Tuấn, Hùng (exempt) and Hải: a denominator of 2, and 2 votes for pass.
    assert content["votes"]["resolution"] == {
        "for": 2,
        "against": 0,
        "abstain": 0,
        "eligible": 2,
        "passed": True,
    }
    assert str(first).startswith("2019-10-06") and str(returned).startswith("2019-10-07")


def test_a_step_back_and_up_again_never_records_the_facts_anew(url_before: str) -> None:
    _seed(url_before)
    migrate.upgrade(url_before)
    engine = make_engine(url_before)
    with engine.begin() as conn:
        recorded_once = conn.execute(text("SELECT content FROM minutes_revision")).scalar_one()
        conn.execute(text("UPDATE org_unit SET name = 'Tên mới' WHERE id = 2"))
    command.downgrade(migrate.alembic_config(url_before), BEFORE)
    migrate.upgrade(url_before)
    with engine.connect() as conn:
        again = conn.execute(text("SELECT content FROM minutes_revision")).scalar_one()
    engine.dispose()
    assert again == recorded_once
    content = again if isinstance(again, dict) else json.loads(again)
    assert content["org_unit_name"] == "Chi bộ thôn Nà Noong"
