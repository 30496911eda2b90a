"""Security headers, CSRF protection and the language of each request."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from minutes import i18n
from minutes.errors import PermissionDenied
from minutes.i18n import N_
from minutes.web.deps import OptionalViewer

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ANONYMOUS_CSRF_COOKIE = "minutes_csrf"
LANGUAGE_COOKIE = "lang"

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


HOST_PREFIX = "__Host-"


class SecurityHeadersMiddleware:
    """Adds the security headers to every response and serves it in the chosen language.

    Under HTTPS every cookie is `__Host-` prefixed and `Secure` (ASVS V3.3.1): the prefix is
    added to what the app sets and taken off what the browser sends, and an unprefixed
    cookie (one a neighbouring site could have planted) is not read at all.
    """

    def __init__(self, app: ASGIApp, *, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.https:
            scope = {**scope, "headers": [_host_cookies_in(name, value) for name, value in scope["headers"]]}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secured(
                    scope["path"], list(message.get("headers", [])), https=self.https
                )
            await send(message)

        with i18n.language(_requested_language(scope)):
            await self.app(scope, receive, send_with_headers)


def secured(path: str, headers: list[tuple[bytes, bytes]], *, https: bool) -> list[tuple[bytes, bytes]]:
    """An answer's headers with the security headers added (the 500 page, sent outside, uses it too)."""
    present = {name.lower() for name, _ in headers}
    headers = [(name, value) for name, value in headers if name.lower() != b"server"]
    for name, value in SECURITY_HEADERS.items():
        if name.encode() not in present:
            headers.append((name.encode(), value.encode()))
    if https:
        headers = [
            (name, _host_cookie_out(value) if name.lower() == b"set-cookie" else value)
            for name, value in headers
        ]
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    if path.startswith("/static/") and b"cache-control" not in present:
        # Static URLs carry a content hash (?v=…), so browsers may keep them for a year.
        headers.append((b"cache-control", b"public, max-age=31536000, immutable"))
    elif b"cache-control" not in present:
        # Pages and answers hold people's records: a shared phone's browser keeps none.
        headers.append((b"cache-control", b"no-store"))
    return headers


def _host_cookies_in(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """Keep only the `__Host-` cookies of a Cookie header, under their names without the prefix."""
    if name != b"cookie":
        return name, value
    kept = []
    for part in value.decode("latin-1").split(";"):
        cookie = part.strip()
        if cookie.startswith(HOST_PREFIX):
            kept.append(cookie[len(HOST_PREFIX) :])
    return name, "; ".join(kept).encode("latin-1")


def _host_cookie_out(value: bytes) -> bytes:
    """A Set-Cookie under its `__Host-` name, Secure, for the whole site and no other."""
    text = value.decode("latin-1")
    if not text.startswith(HOST_PREFIX):
        text = HOST_PREFIX + text
    attributes = [part.strip().lower() for part in text.split(";")[1:]]
    if "secure" not in attributes:
        text += "; Secure"
    if not any(attribute.startswith("path=") for attribute in attributes):
        text += "; Path=/"
    return text.encode("latin-1")


def _requested_language(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, cookie_value = part.strip().partition("=")
                if key == LANGUAGE_COOKIE and cookie_value in i18n.LANGUAGES:
                    return str(cookie_value)
    return i18n.DEFAULT_LANGUAGE


def same_origin(request: Request) -> bool:
    """Whether a state-changing request comes from this site (Fetch metadata, then Origin)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host", "")


def csrf_token_for(request: Request) -> str:
    """The token this browser's forms must carry (bound to its session, or pre-login cookie)."""
    viewer = getattr(request.state, "viewer", None)
    if viewer is not None:
        return str(viewer.csrf_token)
    token = request.cookies.get(ANONYMOUS_CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return str(token)


async def verify_csrf(request: Request, viewer: OptionalViewer) -> None:
    """Refuse a form post that is cross-site or lacks this browser's token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    del viewer  # loaded first so that the token is the one bound to the session
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        field = form.get(CSRF_FIELD)
        sent = field if isinstance(field, str) else None
    expected = csrf_token_for(request) if not getattr(request.state, "new_csrf", None) else None
    if not same_origin(request) or not sent or not expected or not hmac.compare_digest(sent, expected):
        raise PermissionDenied(
            N_("The form has expired or did not come from this site. Reload the page and try again.")
        )


CsrfChecked = Annotated[None, Depends(verify_csrf)]


def client_address(request: Request) -> str:
    """The caller's address, for throttling and the audit log.

    X-Forwarded-For is believed only when the peer is one of MINUTES_TRUSTED_PROXIES, and then
    read from the right, past every trusted proxy: the first other address is the client's.
    Anyone can write the header; only our own proxies' additions can be trusted.
    """
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxy_networks()
    if not trusted or not _is_within(peer, trusted):
        return peer
    forwarded = [part.strip() for part in ",".join(request.headers.getlist("x-forwarded-for")).split(",")]
    for hop in reversed([part for part in forwarded if part]):
        if not _is_within(hop, trusted):
            return hop[:64]
    return peer


def _is_within(address: str, networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
