"""Every tap target on the secretary's pages is at least 44×44 CSS px, at 390 and 360 px wide (#12 item 8)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import PHONE, SCREENSHOTS, LiveServer, screenshot
from tests.helpers import PASSWORD
from tests.meetings.scene import na_noong

pytestmark = pytest.mark.e2e

SMALLEST = 44  # WCAG 2.5.5 (AAA) and the platforms' guidance: a thumb, not a mouse pointer

# Every control a thumb may press, measured where the thumb lands: a radio or a checkbox by the
# label around it. Controls not shown (hidden, or inside a closed part) are not measured.
MEASURE = """
() => {
  const found = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    const target = el.matches('input[type=radio], input[type=checkbox]') ? (el.closest('label') || el) : el;
    if (target.closest('[hidden]') || target.getClientRects().length === 0) continue;
    const box = target.getBoundingClientRect();
    if (box.width < SMALLEST || box.height < SMALLEST) {
      found.push({what: target.tagName + (target.className ? '.' + target.className : ''),
                  text: (target.innerText || target.value || target.name || '').trim().slice(0, 40),
                  width: Math.round(box.width), height: Math.round(box.height)});
    }
  }
  return found;
}
""".replace("SMALLEST", str(SMALLEST))


def _signed_in(browser: Browser, server: LiveServer, width: int) -> Page:
    page = browser.new_context(**{**PHONE, "viewport": {"width": width, "height": 800}}).new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill("bithu")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def _too_small(page: Page) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(MEASURE)
    return found


@pytest.mark.parametrize("width", [390, 360])
def test_every_tap_target_of_the_secretarys_pages_fits_a_thumb(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    with live_server.seed() as db:
        scene = na_noong(db)
        db.commit()
    branch = scene.units["na_noong"].id
    page = _signed_in(browser, live_server, width)
    page.goto(f"{live_server.url}/units/{branch}/meetings")
    too_small = {"meetings": _too_small(page)}
    page.get_by_role("button", name="Lập và ghi biên bản").click()
    page.wait_for_url("**/meetings/*/minutes")
    too_small["form"] = _too_small(page)
    page.locator("#counts").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"touch-roll-call-{width}.png"))  # the screen a thumb works on
    page.goto(live_server.url + "/")
    too_small["home"] = _too_small(page)
    screenshot(page, f"touch-home-{width}")
    assert too_small == {"meetings": [], "form": [], "home": []}
