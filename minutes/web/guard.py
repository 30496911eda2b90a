"""What every request must be before any route takes it: admitted, its body not too large, no NUL character.

A body over its limit is refused with 413 before it is read whole (a 200 MB sign-in attempt
costs the server nothing); a NUL character, which no person types and PostgreSQL cannot
store, is refused with 422. Both answer in Vietnamese, as JSON on the API.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from minutes import i18n
from minutes.i18n import N_

# Sign-in forms and tokens carry a few short fields; nobody needs more before signing in.
ANONYMOUS_PATHS = ("/login", "/api/v1/auth/token")
ANONYMOUS_LIMIT = 16 * 1024
TOO_LARGE = N_("What you sent is larger than the app accepts. Send a shorter text or a smaller file.")
CONTROL_CHARACTER = N_(
    "What you sent contains an invisible control character. Type the text again instead of pasting it."
)


class BodyGuard:
    """Caps request bodies and refuses NUL characters, in the body or the address."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = ANONYMOUS_LIMIT if scope["path"] in ANONYMOUS_PATHS else self.max_body_bytes
        if _declared_length(scope) > limit:
            await _refuse(scope, send, 413, TOO_LARGE)
            return
        if b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
            await _refuse(scope, send, 422, CONTROL_CHARACTER)
            return
        received, messages = bytearray(), []
        while True:
            message = await receive()
            messages.append(message)
            received += message.get("body", b"")
            if len(received) > limit:
                await _refuse(scope, send, 413, TOO_LARGE)
                return
            if not message.get("more_body"):
                break
        body = bytes(received)
        # A file part is binary (a spreadsheet holds NUL bytes); its reader checks it instead.
        if not (_is_multipart(scope) and b'filename="' in body) and (
            b"\x00" in body or b"\\u0000" in body or b"%00" in body
        ):
            await _refuse(scope, send, 422, CONTROL_CHARACTER)
            return

        async def replay() -> Message:
            # The body as it came, then the real channel (a response listens there for a disconnect).
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def _is_multipart(scope: Scope) -> bool:
    """Whether the body is multipart (the form's script sends its fields so; uploads too)."""
    return any(
        name == b"content-type" and value.startswith(b"multipart/form-data")
        for name, value in scope.get("headers", [])
    )


def _declared_length(scope: Scope) -> int:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


BUSY = N_("Too many people are using the app at this moment; nothing was saved. Try again in a few seconds.")
RETRY_AFTER_SECONDS = 5


class Admission:
    """Lets in as many requests at once as there are database connections, so that each is sure
    of one; a stated number more wait here (before they hold anything), and the rest are answered
    at once with 503 and Retry-After, never a 500 after a long wait."""

    def __init__(self, app: ASGIApp, *, serving: int, max_waiting: int) -> None:
        self.app = app
        self.serving = serving
        self.max_waiting = max_waiting
        self.waiting = 0
        self.turns: asyncio.Semaphore | None = None  # made in the server's own event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self.turns is None:
            self.turns = asyncio.Semaphore(self.serving)
        if self.turns.locked() and self.waiting >= self.max_waiting:
            await _refuse(
                scope, send, 503, BUSY, headers=[(b"retry-after", str(RETRY_AFTER_SECONDS).encode())]
            )
            return
        self.waiting += 1
        try:
            await self.turns.acquire()
        finally:
            self.waiting -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.turns.release()


async def _refuse(
    scope: Scope, send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    text = i18n.translate(message)
    if scope["path"].startswith("/api/"):
        code = {413: "too_large", 503: "busy"}.get(status, "validation_error")
        body = json.dumps({"error": code, "message": text, "details": []}, ensure_ascii=False).encode()
        kind = b"application/json"
    else:
        body = f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>{status}</title><p>{text}</p>'.encode()
        kind = b"text/html; charset=utf-8"
    sent = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *(headers or [])]
    await send({"type": "http.response.start", "status": status, "headers": sent})
    await send({"type": "http.response.body", "body": body})
