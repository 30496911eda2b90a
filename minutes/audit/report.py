"""What `minutes audit verify` tells the operator, in the current language."""

from __future__ import annotations

import re
import time
from pathlib import Path

from babel.numbers import format_decimal

from minutes.audit import anchors, chain, service
from minutes.db import make_engine, make_sessionmaker, reading
from minutes.i18n import N_, current_language, translate

REASONS = {
    chain.OUT_OF_SEQUENCE: N_("an event before it is missing, or the events are out of order."),
    chain.BROKEN_LINK: N_("it is not linked to the event before it."),
    chain.ALTERED: N_("its contents do not match its hash."),
    chain.TRUNCATED: N_("the log ends before this event, which was noted earlier."),
    chain.REWRITTEN: N_("its hash differs from the one noted earlier."),
}
HEAD_FORMAT = re.compile(r"^\s*(\d+)\s*:\s*([0-9a-f]{64})\s*$")


def _number(value: float, pattern: str | None = None) -> str:
    return format_decimal(value, format=pattern, locale=current_language())


def parse_head(text: str) -> chain.Head | None:
    """Read a head noted earlier, written "SEQ:HASH"; None if it is not written so."""
    match = HEAD_FORMAT.match(text.lower())
    return (int(match.group(1)), match.group(2)) if match else None


def verify_database(
    url: str, *, head: str | None = None, anchor_file: Path | None = None
) -> tuple[int, list[str]]:
    """Check the whole chain of a database: the exit code (0 good, 1 tampered, 2 bad head) and lines.

    Without a head given, the latest anchor of the anchor file is the head to reach.
    """
    expected = parse_head(head) if head is not None else None
    if head is not None and expected is None:
        return 2, [translate(N_("Write the head as NUMBER:HASH, as an earlier check printed it."))]
    anchor = None
    if expected is None and anchor_file is not None:
        try:
            anchor = anchors.latest(anchor_file, service.chain_key())
        except anchors.BadAnchor:
            message = N_(
                "The last line of the anchor file {file} was not written with this log's key: check the file."
            )
            return 2, [translate(message, file=str(anchor_file))]
        expected = (anchor.seq, anchor.hash) if anchor is not None and anchor.seq > 0 else None
    engine = make_engine(url)
    try:
        with make_sessionmaker(reading(engine))() as session:
            started = time.perf_counter()
            check = service.walk(session, head=expected)
            elapsed = time.perf_counter() - started
            last = service.head(session, seq=check.count) if check.broken is None else None
    finally:
        engine.dispose()
    if check.broken is not None:
        seq, reason = check.broken
        return 1, [
            translate(
                N_(
                    "The log was tampered with at event no. {seq}: {reason} Keep this database as evidence and restore the last backup whose log verifies."
                ),
                seq=seq,
                reason=translate(REASONS[reason]),
            )
        ]
    lines = [
        translate(
            N_("The log's chain is valid: {count} events ({seconds} seconds)."),
            count=_number(check.count),
            seconds=_number(elapsed, "0.00"),
        )
    ]
    if anchor is not None:
        lines.append(
            translate(
                N_("It reaches the last anchor, event no. {seq} noted at {at}, unchanged."),
                seq=anchor.seq,
                at=anchor.at.isoformat(timespec="seconds"),
            )
        )
    if check.unkeyed:
        lines.append(
            translate(
                N_(
                    "Its first {count} events were written before the chain had a key; the keyed events after them cover them."
                ),
                count=_number(check.unkeyed),
            )
        )
    if last is not None and anchor is None:
        lines.append(
            translate(
                N_("Note its head to check later that nothing was cut off: --head {seq}:{hash}"),
                seq=last[0],
                hash=last[1],
            )
        )
    return 0, lines
