"""Append to the audit log in the caller's transaction, and check the whole chain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import func, select, text, true
from sqlalchemy.orm import Session

from minutes.access import Actor
from minutes.audit import chain
from minutes.audit.models import AuditEvent
from minutes.config import Settings, get_settings
from minutes.db import utcnow

# The key of the PostgreSQL advisory lock that queues appends ("minutes!" in ASCII).
APPEND_LOCK_KEY = 0x6D696E7574657321
APPEND_LOCK_TIMEOUT = "10s"
SYSTEM_NAME = "system"
BATCH_SIZE = 5000

_CHAINED = [getattr(AuditEvent, name) for name in (*chain.FIELDS, "hash")]
_key: bytes | None = None


def use_key(settings: Settings) -> None:
    """Chain with the key of these settings (the app's, or a command's)."""
    global _key
    _key = settings.audit_chain_key()


def chain_key() -> bytes:
    """The key the chain is written and checked with (the environment's unless use_key was called)."""
    if _key is None:
        use_key(get_settings())
    assert _key is not None
    return _key


def _queue_for_the_end_of_the_chain(session: Session) -> None:
    """Make concurrent appenders take turns until their transactions end.

    PostgreSQL: a transaction-scoped advisory lock, released at COMMIT or ROLLBACK, so the
    next appender reads the last event only once this one is committed. SQLite: write
    transactions start with BEGIN IMMEDIATE (minutes.db), which already lets one writer
    in at a time. Either way the unique `seq` refuses a second event at the same place.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Past the timeout the request is answered 503 (Retry-After) instead of hanging a worker.
        session.execute(text(f"SET LOCAL lock_timeout = '{APPEND_LOCK_TIMEOUT}'"))
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": APPEND_LOCK_KEY})


def head(session: Session, *, seq: int | None = None) -> chain.Head | None:
    """The (seq, hash) of the last event, or of event `seq`: what to note down to detect a cut."""
    query = select(AuditEvent.seq, AuditEvent.hash)
    query = query.where(AuditEvent.seq == seq) if seq is not None else query.order_by(AuditEvent.seq.desc())
    row = session.execute(query.limit(1)).first()
    return (row.seq, row.hash) if row else None


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    record_type: str,
    record_id: int | str,
    org_unit_id: int | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain in the caller's transaction (call it late: it queues writers)."""
    _queue_for_the_end_of_the_chain(session)
    last = head(session)
    event = AuditEvent(
        seq=last[0] + 1 if last else 1,
        at=utcnow(),
        # The console's operator (user id 0) has no account row.
        actor_id=actor.user_id if actor is not None and actor.user_id > 0 else None,
        actor_name=actor.username if actor is not None else SYSTEM_NAME,
        action=action,
        record_type=record_type,
        record_id=str(record_id),
        org_unit_id=org_unit_id,
        data=chain.plain(data or {}),
        prev_hash=last[1] if last else chain.GENESIS,
    )
    event.hash = chain.link_hash({name: getattr(event, name) for name in chain.FIELDS}, chain_key())
    session.add(event)
    session.flush()
    return event


def walk(
    session: Session, *, head: chain.Head | None = None, batch_size: int = BATCH_SIZE
) -> chain.ChainCheck:
    """Check the whole chain in seq order, in batches, up to its first break."""
    check = chain.ChainCheck(head, chain_key())
    after: int | None = None
    while True:
        rows = session.execute(
            select(*_CHAINED)
            .where(AuditEvent.seq > after if after is not None else true())
            .order_by(AuditEvent.seq)
            .limit(batch_size)
        ).all()
        for row in rows:
            if check.feed(cast(Mapping[str, Any], row._mapping)) is not None:
                return check
        if len(rows) < batch_size:
            check.finish()
            return check
        after = rows[-1].seq


def verify(
    session: Session, *, head: chain.Head | None = None, batch_size: int = BATCH_SIZE
) -> tuple[int, chain.Broken | None]:
    """Check the whole chain: (events counted, first broken or None); all the events if broken."""
    check = walk(session, head=head, batch_size=batch_size)
    if check.broken is not None and check.broken[1] != chain.TRUNCATED:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0, check.broken
    return check.count, check.broken


def for_record(session: Session, *, record_type: str, record_id: int | str) -> list[AuditEvent]:
    """The events of one record, oldest first (its history)."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.record_type == record_type, AuditEvent.record_id == str(record_id))
            .order_by(AuditEvent.seq)
        )
    )
