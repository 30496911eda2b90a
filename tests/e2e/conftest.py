"""A live server on its own SQLite file, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy.orm import Session

from minutes import migrate
from minutes.app import create_app
from minutes.config import Settings
from minutes.db import make_engine, make_sessionmaker
from tests.conftest import unavailable

CHROMIUM = "/usr/bin/chromium"
# Playwright's offline switch does not reach a service worker's own requests (microsoft/playwright
# issue 2311); with this set before the driver starts, its routes do, and signal() cuts both.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")


def signal(context: Any, *, on: bool) -> None:
    """Cut or restore a phone's signal: for its pages and for its service worker alike."""
    if on:
        context.unroute("**", _worker_without_signal)
        context.set_offline(False)
    else:
        context.set_offline(True)
        context.route("**", _worker_without_signal)
    # The pages hear of it a moment later; a script acting in between would act on the old signal.
    for page in context.pages:
        page.wait_for_function("() => navigator.onLine" if on else "() => !navigator.onLine")


def _worker_without_signal(route: Any) -> None:
    # Whatever still reaches the network while the signal is cut, the page's or its worker's, fails
    # as it would in a village hall without coverage.
    route.abort("internetdisconnected")


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's Chromium, never a downloaded browser, cut off from any network."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        unavailable("Debian's Chromium (/usr/bin/chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@dataclass
class LiveServer:
    """A running app and a way to put data into its database."""

    url: str
    sessions: Any
    db_url: str = ""
    app: Any = None

    def seed(self) -> Session:
        """A session on the server's database; the caller commits."""
        return self.sessions()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The app served on a free local port, on a fresh migrated SQLite file."""
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    migrate.upgrade(url)
    app = create_app(Settings(database_url=url), strict_templates=True)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    engine = make_engine(url)
    yield LiveServer(url=f"http://127.0.0.1:{port}", sessions=make_sessionmaker(engine), db_url=url, app=app)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def screenshot(page: Any, name: str) -> None:
    """Keep a picture of what the person saw (test-artifacts/, for a human to look at)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
