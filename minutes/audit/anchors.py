"""Anchors: the log's head written outside the database, so that a cut or rewritten log shows.

`minutes audit anchor` appends the head (seq, hash, time) to a file, one JSON line each, and
sends it to a second place when one is configured; `minutes audit verify` then checks the
chain against the latest anchor. Each line carries an HMAC under the chain's key, so a line
made up to hide a cut is caught too. Keep the file append-only (`chattr +a`) on another disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy.orm import Session

from minutes.audit import chain, service
from minutes.db import utcnow


@dataclasses.dataclass(frozen=True)
class Anchor:
    """The head of the log at a time: the last event's seq and hash (0 and GENESIS when empty)."""

    seq: int
    hash: str
    at: dt.datetime

    def mac(self, key: bytes) -> str:
        """The HMAC that shows the line was written with the chain's key."""
        text = f"{self.seq}:{self.hash}:{self.at.isoformat()}"
        return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()

    def line(self, key: bytes) -> str:
        """The anchor as one JSON line."""
        body = {"seq": self.seq, "hash": self.hash, "at": self.at.isoformat(), "mac": self.mac(key)}
        return json.dumps(body, sort_keys=True)


class BadAnchor(ValueError):
    """An anchor line that is not one `minutes audit anchor` wrote with this key."""


def current(session: Session) -> Anchor:
    """The log's head now."""
    seq, hash_ = service.head(session) or (0, chain.GENESIS)
    return Anchor(seq=seq, hash=hash_, at=utcnow())


def append(path: Path, anchor: Anchor, key: bytes) -> None:
    """Add the anchor to the end of the file (created if missing), flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(anchor.line(key) + "\n")
        file.flush()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """An anchor goes where it was configured to go, never where an answer points (ASVS 15.3.2)."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def send(url: str, anchor: Anchor, key: bytes, *, timeout: float = 10) -> int:
    """POST the anchor as JSON to a second destination; its HTTP status (a redirect is an error)."""
    request = urllib.request.Request(
        url, data=anchor.line(key).encode(), headers={"content-type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.build_opener(_NoRedirects).open(request, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        refused.close()  # the answer's connection; the error itself goes to the caller
        raise


def parse(line: str, key: bytes) -> Anchor:
    """Read one anchor line, checking its HMAC."""
    try:
        body = json.loads(line)
        anchor = Anchor(
            seq=int(body["seq"]), hash=str(body["hash"]), at=dt.datetime.fromisoformat(body["at"])
        )
        mac = str(body["mac"])
    except (ValueError, KeyError, TypeError) as error:
        raise BadAnchor(line) from error
    if not hmac.compare_digest(mac, anchor.mac(key)):
        raise BadAnchor(line)
    return anchor


def latest(path: Path, key: bytes) -> Anchor | None:
    """The last anchor of the file, or None when there is none yet."""
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return parse(lines[-1], key) if lines else None
