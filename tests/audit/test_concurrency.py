"""Appends from several workers at once never fork the chain (a real SQLite file and PostgreSQL)."""

from __future__ import annotations

import random
import time

from sqlalchemy import select

from minutes.audit import service
from minutes.audit.models import AuditEvent
from minutes.db import make_engine, make_sessionmaker
from tests.helpers import run_at_once

WORKERS = 4
EVENTS_EACH = 25


def test_four_workers_appending_at_once_keep_one_unbroken_chain(fresh_url: str) -> None:
    engine = make_engine(fresh_url, pool_size=WORKERS)
    sessions = make_sessionmaker(engine)

    def worker(number: int) -> None:
        rng = random.Random(number)
        for item in range(EVENTS_EACH):
            with sessions.begin() as session:
                service.record(
                    session,
                    actor=None,
                    action="minutes.saved",
                    record_type="meeting",
                    record_id=f"{number}-{item}",
                    data={"worker": number, "item": item},
                )
                # Hold the transaction open a moment, as a real request would.
                time.sleep(rng.random() / 500)

    failures = run_at_once(worker, WORKERS)
    try:
        assert failures == []
        with sessions() as session:
            rows = session.execute(
                select(AuditEvent.seq, AuditEvent.record_id).order_by(AuditEvent.seq)
            ).all()
            assert [row.seq for row in rows] == list(range(1, WORKERS * EVENTS_EACH + 1))
            assert len({row.record_id for row in rows}) == WORKERS * EVENTS_EACH
            assert service.verify(session) == (WORKERS * EVENTS_EACH, None)
    finally:
        engine.dispose()
