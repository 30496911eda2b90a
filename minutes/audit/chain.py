"""The hash chain of the audit log, as pure functions over plain mappings (no I/O).

Each event's `hash` is the HMAC-SHA256, under a key kept outside the database, of its
canonical form, which includes `prev_hash`, the hash of the event before it (`GENESIS` for
the first). Changing, removing, moving or slipping in an event therefore breaks the chain
at that point, and without the key nobody can compute the hashes again to hide it. A chain
cut at its end still looks whole; comparing with a head (seq and hash) noted earlier, an
anchor, shows that.

Events written before the chain had a key carry a plain SHA-256. They are accepted only
as the chain's first events: once a keyed event is met, every later one must be keyed,
and a keyed event covers all those before it through `prev_hash`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64
FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "record_type",
    "record_id",
    "org_unit_id",
    "data",
    "prev_hash",
)

# Why an event does not match (the reason codes of `first_broken`).
OUT_OF_SEQUENCE = "out-of-sequence"  # seq is not the next position: an event is missing, repeated or moved
BROKEN_LINK = "broken-link"  # prev_hash is not the hash of the event before it
ALTERED = "altered"  # the event's fields do not give its stored hash
TRUNCATED = "truncated"  # the chain ends before the head noted earlier
REWRITTEN = "rewritten"  # the event at the noted head no longer has the noted hash

Broken = tuple[int, str]  # (seq, reason code)
Head = tuple[int, str]  # (seq, hash) of an event, noted to detect a cut


def _json_default(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"{type(value).__name__} cannot be kept in the audit log")


def _dumps(value: object, *, sort_keys: bool = True) -> str:
    return json.dumps(
        value, sort_keys=sort_keys, separators=(",", ":"), allow_nan=False, default=_json_default
    )


def plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return data as a JSON column gives it back: dates as ISO text, tuples as lists, keys as text."""
    result: dict[str, Any] = json.loads(_dumps(data, sort_keys=False))
    return result


def _iso(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the audit chain")
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(event_fields: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed: sorted-key compact ASCII JSON of the chained fields."""
    body = {name: event_fields[name] for name in FIELDS}
    body["at"] = _iso(event_fields["at"])
    return _dumps(body).encode("ascii")


def link_hash(fields: Mapping[str, Any], key: bytes | None = None) -> str:
    """The HMAC-SHA256 (hex) of an event's canonical form under the key, `prev_hash` included.

    Without a key: the plain SHA-256 of the events written before the chain had one.
    """
    body = canonical(fields)
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


class ChainCheck:
    """Walks a chain in seq order, one event at a time, and stops at the first that does not match."""

    def __init__(self, head: Head | None = None, key: bytes | None = None) -> None:
        self.count = 0
        self.last_hash = GENESIS
        self.head = head
        self.key = key
        self.unkeyed = 0  # events from before the chain had a key, all at its start
        self.broken: Broken | None = None

    def _matches(self, event: Mapping[str, Any]) -> bool:
        if event["hash"] == link_hash(event, self.key):
            return True
        if self.key is not None and self.unkeyed == self.count and event["hash"] == link_hash(event):
            self.unkeyed += 1
            return True
        return False

    def feed(self, event: Mapping[str, Any]) -> Broken | None:
        """Check the next event; return (seq, reason) if it breaks the chain."""
        if self.broken is not None:
            return self.broken
        seq = event["seq"]
        if seq != self.count + 1:
            self.broken = (seq, OUT_OF_SEQUENCE)
        elif event["prev_hash"] != self.last_hash:
            self.broken = (seq, BROKEN_LINK)
        elif not self._matches(event):
            self.broken = (seq, ALTERED)
        elif self.head is not None and seq == self.head[0] and event["hash"] != self.head[1]:
            self.broken = (seq, REWRITTEN)
        else:
            self.count = seq
            self.last_hash = event["hash"]
        return self.broken

    def finish(self) -> Broken | None:
        """After the last event: the first break, or a chain that ends before the noted head."""
        if self.broken is None and self.head is not None and self.count < self.head[0]:
            self.broken = (self.head[0], TRUNCATED)
        return self.broken


def first_broken(
    events: Iterable[Mapping[str, Any]], *, head: Head | None = None, key: bytes | None = None
) -> Broken | None:
    """The seq of the first event whose seq, link or hash does not match, with a reason code.

    `head` is an event's (seq, hash) noted earlier: the chain must still reach it, unchanged.
    """
    check = ChainCheck(head, key)
    for event in events:
        if check.feed(event) is not None:
            break
    return check.finish()
