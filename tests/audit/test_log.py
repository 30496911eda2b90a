"""The audit log in the database (SQLite and PostgreSQL): linked appends, refused edits, forgeries found."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.audit import chain, service
from minutes.audit.models import AuditEvent
from minutes.cli import CONSOLE
from minutes.db import utcnow
from tests.helpers import create_user


def _actor(db: Session) -> Actor:
    user = create_user(db, username="bithu")
    return Actor(user_id=user.id, username=user.username, full_name=user.full_name, grants=())


def _saved(db: Session, actor: Actor | None, record_id: int, **data: object) -> AuditEvent:
    return service.record(
        db, actor=actor, action="minutes.saved", record_type="meeting", record_id=record_id, data=data
    )


def _forge(db: Session, *, seq: int, prev_hash: str, hash: str) -> None:
    """Slip a row in past the service, as someone with write access to the database might."""
    db.execute(
        insert(AuditEvent).values(
            seq=seq,
            at=utcnow(),
            actor_id=None,
            actor_name="ke-gian",
            action="review.accepted",
            record_type="meeting",
            record_id="7",
            org_unit_id=None,
            data={},
            prev_hash=prev_hash,
            hash=hash,
        )
    )


def test_each_event_is_linked_to_the_one_before(db: Session) -> None:
    actor = _actor(db)
    first = _saved(db, actor, 1, section="opening")
    second = _saved(db, actor, 1, section="closing")
    third = _saved(db, CONSOLE, 2)
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert (first.actor_id, first.actor_name) == (actor.user_id, "bithu")
    assert (third.actor_id, third.actor_name) == (None, "console")
    assert service.verify(db) == (3, None)
    assert service.head(db) == (3, third.hash)


def test_data_is_stored_as_it_was_hashed(db: Session) -> None:
    event = _saved(db, None, 5, held_on=dt.date(2026, 11, 5), present=(12, 14), note="Nà Noong")
    db.expire_all()
    stored = db.get(AuditEvent, event.id)
    assert stored is not None
    assert stored.data == {"held_on": "2026-11-05", "present": [12, 14], "note": "Nà Noong"}
    assert stored.actor_name == "system"
    assert service.verify(db) == (1, None)


def test_the_history_of_one_record_is_its_events_in_order(db: Session) -> None:
    _saved(db, None, 1)
    _saved(db, None, 2)
    service.record(db, actor=None, action="minutes.submitted", record_type="meeting", record_id=1)
    history = service.for_record(db, record_type="meeting", record_id=1)
    assert [event.action for event in history] == ["minutes.saved", "minutes.submitted"]


def test_an_update_of_the_log_is_refused(db: Session) -> None:
    _saved(db, None, 1)
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text("UPDATE audit_event SET actor_name = 'ke-gian'"))
    assert service.verify(db) == (1, None)


def test_a_delete_from_the_log_is_refused(db: Session) -> None:
    _saved(db, None, 1)
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text("DELETE FROM audit_event"))
    assert service.verify(db) == (1, None)


def test_emptying_the_log_at_once_is_refused(db: Session) -> None:
    # PostgreSQL's TRUNCATE skips row triggers, so it has a statement trigger of its own;
    # SQLite has no TRUNCATE: its equivalent is an unqualified DELETE, which the row trigger stops.
    statement = (
        "TRUNCATE audit_event"
        if db.get_bind().dialect.name == "postgresql"
        else "DELETE FROM audit_event WHERE 1 = 1"
    )
    _saved(db, None, 1)
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text(statement))
    assert service.verify(db) == (1, None)


def test_verify_names_a_forged_event_with_a_wrong_hash(db: Session) -> None:
    _saved(db, None, 1)
    last = _saved(db, None, 2)
    _forge(db, seq=3, prev_hash=last.hash, hash="f" * 64)
    _saved(db, None, 3)
    assert service.verify(db) == (4, (3, chain.ALTERED))


def test_verify_names_a_forged_event_after_a_gap(db: Session) -> None:
    last = _saved(db, None, 1)
    _forge(db, seq=5, prev_hash=last.hash, hash="0" * 64)
    assert service.verify(db) == (2, (5, chain.OUT_OF_SEQUENCE))


def test_verify_reads_across_batches(db: Session) -> None:
    events = [_saved(db, None, number) for number in range(1, 8)]
    assert service.verify(db, batch_size=3) == (7, None)
    assert service.verify(db, batch_size=3, head=(7, events[-1].hash)) == (7, None)
    assert service.verify(db, batch_size=3, head=(9, events[-1].hash)) == (7, (9, chain.TRUNCATED))
    _forge(db, seq=8, prev_hash=events[-1].hash, hash="a" * 64)
    assert service.verify(db, batch_size=3) == (8, (8, chain.ALTERED))


def test_an_empty_log_verifies(db: Session) -> None:
    assert service.verify(db) == (0, None)
    assert service.head(db) is None
