"""The secretary's phone on a weak link: what the minutes form weighs and what a save costs.

On a copy of the demo district (bench/pages.py builds it), as the Nà Noong secretary on Debian's
Chromium at 390×844 with the link throttled to 250 kbps and 400 ms of latency (Chromium's own
network emulation): the bytes of a first visit to her draft minutes, of reopening it with no
signal (from the service worker), and of one save and its time, in place (with script) and as
the page sends it without script (POST, redirect, the whole page again).

Run from the repository:  .venv/bin/python -m bench.phone
Nothing is asserted: the figures go into the issue notes.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from bench.month_end import Server
from bench.pages import AS_OF, PASSWORD, SQLITE_FILE, demo_database

LINK = {"offline": False, "latency": 400, "downloadThroughput": 250_000 / 8, "uploadThroughput": 250_000 / 8}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}


class Meter:
    """Bytes on the wire of a page, counted by Chromium (headers and bodies, both ways)."""

    def __init__(self, page: Any) -> None:
        self.received = 0
        self.sent = 0
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", LINK)
        self.cdp.on("Network.loadingFinished", self._finished)
        page.on("request", self._request)

    def _finished(self, event: dict[str, Any]) -> None:
        self.received += int(event["encodedDataLength"])

    def _request(self, request: Any) -> None:
        self.sent += len(request.post_data_buffer or b"")

    def reset(self) -> None:
        """Count from now."""
        self.received = self.sent = 0


def form_path(url: str) -> str:
    """The path of the Nà Noong secretary's latest draft minutes."""
    from sqlalchemy import select

    from minutes.db import make_engine, make_sessionmaker
    from minutes.meetings.models import Meeting
    from minutes.orgs.models import OrgUnit

    with make_sessionmaker(make_engine(url))() as db:
        meeting_id = db.scalars(
            select(Meeting.id)
            .join(OrgUnit, OrgUnit.id == Meeting.org_unit_id)
            .where(OrgUnit.name == "Chi bộ thôn Nà Noong", Meeting.minutes_status == "draft")
            .order_by(Meeting.scheduled_at.desc())
        ).first()
    return f"/meetings/{meeting_id}/minutes"


def sign_in(page: Any, base: str) -> None:
    """The secretary signs in (unthrottled: the sign-in is not what is measured)."""
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill("bithu.nanoong")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


def measure(base: str, path: str, *, script: bool) -> dict[str, float]:
    """A first visit and a save; the service worker is kept out so that every byte is on the
    phone's own (throttled) link."""
    found: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(**PHONE, java_script_enabled=script, service_workers="block")
        page = context.new_page()
        sign_in(page, base)
        meter = Meter(page)
        started = time.perf_counter()
        page.goto(base + path, wait_until="load")
        found["first visit s"] = time.perf_counter() - started
        page.wait_for_timeout(1500)  # the last counts arrive after the load
        found["first visit KB"] = meter.received / 1024
        page.locator('textarea[name^="section_"]').first.fill(
            "Đồng chí Bí thư thông tin tình hình thời sự trong nước, của tỉnh và của xã."
        )
        meter.reset()
        started = time.perf_counter()
        page.get_by_role("button", name="Lưu", exact=True).click()
        if script:
            page.locator("#save-state").filter(has_text="Đã lưu").wait_for()
        else:
            page.get_by_role("status").filter(has_text="Đã lưu").wait_for()
        found["save s"] = time.perf_counter() - started
        page.wait_for_timeout(1500)
        found["save sent KB"] = meter.sent / 1024
        found["save received KB"] = meter.received / 1024
        browser.close()
    if script:
        found["offline reopen KB from the network"] = reopened_offline(base, path)
    return found


def reopened_offline(base: str, path: str) -> float:
    """The bytes a reopening with no signal takes from the network, once the phone kept the page."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(**PHONE)
        page = context.new_page()
        sign_in(page, base)
        page.goto(base + path)
        page.wait_for_function("caches.open('minutes-pages').then(c => c.match(location.href)).then(Boolean)")
        context.set_offline(True)
        again = context.new_page()
        meter = Meter(again)
        meter.cdp.send("Network.emulateNetworkConditions", {**LINK, "offline": True})
        again.goto(base + path)
        again.wait_for_timeout(1000)
        shown = again.locator('textarea[name^="section_"]').count()
        browser.close()
    assert shown, "the kept page did not open"
    return meter.received / 1024


def main() -> None:
    """Measure with and without script; print."""
    demo_database(fresh=False)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "phone.db"
        shutil.copy(SQLITE_FILE, copy)
        url = f"sqlite:///{copy}"
        server = Server(url, 1, today=AS_OF)
        server.start()
        try:
            path = form_path(url)
            for script in (False, True):
                figures = measure(server.base, path, script=script)
                print(
                    "with script (in place, service worker)" if script else "without script (the page again)"
                )
                for name, value in figures.items():
                    print(f"  {name:36} {value:8.1f}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
