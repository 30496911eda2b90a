"""A district reviewer on the demo: the board, a missing month, the branch, a search, the Excel file."""

from __future__ import annotations

import io
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from minutes import demo
from minutes.app import create_app
from minutes.config import Settings, get_settings
from tests.e2e.conftest import DESKTOP, PHONE, _free_port, screenshot

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_server(
    demo_database: tuple[str, list[str], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A copy of the demo district of `make demo`, on its own clock (the end of 2019), served on a
    free port: the journeys below may decide minutes without touching the shared build."""
    copy = tmp_path_factory.mktemp("demo-served") / "demo.db"
    shutil.copy(demo_database[0].removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MINUTES_TODAY", demo.AS_OF.isoformat())
        env.setenv("MINUTES_TOTP_REQUIRED_ROLES", "")
        get_settings.cache_clear()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(Settings(database_url=url)),
                host="127.0.0.1",
                port=_free_port(),
                log_level="warning",
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{server.config.port}"
        server.should_exit = True
        thread.join(timeout=10)
    get_settings.cache_clear()


def _signed_in(browser: Browser, server: str, username: str, device: dict[str, Any]) -> Page:
    page = browser.new_context(**device).new_page()
    page.goto(server + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()
    return page


def test_district_reviewer_spots_a_missing_month_searches_and_downloads_the_board(
    browser: Browser, demo_server: str, tmp_path: Path
) -> None:
    page = browser.new_context(**DESKTOP, accept_downloads=True).new_page()
    page.goto(demo_server + "/login")
    page.get_by_label("Tên đăng nhập").fill("huyen")
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Báo cáo").click()
    expect(
        page.get_by_role("heading", name="Bảng theo dõi sinh hoạt: Đảng bộ huyện Lộc Bình")
    ).to_be_visible()
    screenshot(page, "board-desktop")
    missing = page.locator("table.board td.cell.missing a").first
    expect(missing).to_be_visible()
    branch_row = missing.locator("xpath=ancestor::tr").locator("th a")
    branch_name = branch_row.inner_text()
    missing.click()
    expect(page.get_by_role("heading", name="Sinh hoạt chi bộ")).to_be_visible()
    expect(page.get_by_role("link", name=branch_name)).to_be_visible()
    page.get_by_role("link", name="Tìm kiếm").click()
    page.locator("#q").fill("dang phi")
    page.keyboard.press("Enter")
    first_hit = page.locator("mark").first
    expect(first_hit).to_be_visible()
    assert first_hit.inner_text().lower() in ("đảng", "phí")
    screenshot(page, "search-desktop")
    page.get_by_role("link", name="Báo cáo").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp Excel").click()
    path = tmp_path / "board.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Đảng bộ", "Chi bộ", "2019-01")
    assert any(row[1] == branch_name and "thiếu" in row for row in rows)


def test_district_reviewer_on_a_phone_sees_who_keeps_missing_meetings(
    browser: Browser, demo_server: str
) -> None:
    page = browser.new_context(**PHONE).new_page()
    page.goto(demo_server + "/login")
    page.get_by_label("Tên đăng nhập").fill("huyen")
    page.get_by_label("Mật khẩu").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(demo_server + "/reports/attendance?year=2019")
    expect(page.get_by_role("heading", name="Chuyên cần năm 2019: Đảng bộ huyện Lộc Bình")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
    flagged = page.locator("tr.flagged")
    expect(flagged.first).to_be_visible()
    assert flagged.count() >= 2  # the demo's members absent without reason in three months or more
    absent = page.locator("section", has=page.get_by_role("heading", name="Đảng viên có vắng mặt"))
    expect(absent.get_by_text("Hiển thị 50 đảng viên vắng nhiều nhất")).to_be_visible()
    assert absent.locator("tbody tr").count() == 50  # the rest are in the Excel file
    screenshot(page, "attendance-phone")


def test_the_district_reviewer_finds_the_commune_with_most_missing_minutes_in_two_clicks(
    browser: Browser, demo_server: str
) -> None:
    page = _signed_in(browser, demo_server, "huyen", DESKTOP)
    page.get_by_role("link", name="Đơn vị nào đang chậm").first.click()  # one
    rows = page.locator("table.overview tbody tr")
    expect(rows.first).to_be_visible()
    missing = [int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]
    assert missing[0] == max(missing) > 0  # the worst first
    commune = rows.first.locator("th a").inner_text()
    screenshot(page, "overview-desktop")
    rows.first.locator("td").nth(1).get_by_role("link").click()  # two
    expect(
        page.get_by_role("heading", name=re.compile(f"Bảng theo dõi sinh hoạt: {commune}"))
    ).to_be_visible()
    assert (
        page.locator("table.board td.cell.missing").count() == missing[0]
    )  # its missing ones, and only those behind


def test_a_commune_reviewer_decides_five_minutes_in_a_row_without_returning_to_the_list(
    browser: Browser, demo_server: str
) -> None:
    page = _signed_in(browser, demo_server, "xa.minhphat", DESKTOP)
    page.goto(demo_server + "/review")
    page.locator("table tbody a[href*='/review']").first.click()
    decided = []
    for _ in range(5):
        expect(page).to_have_url(re.compile(r"/meetings/\d+/review"))
        decided.append(page.url)
        page.get_by_role("radio", name="Thông qua biên bản").check()
        page.get_by_role("button", name="Ghi quyết định").click()
        expect(page.get_by_role("status").filter(has_text="Đã thông qua biên bản.")).to_be_visible()
    assert len(set(decided)) == 5  # five different minutes, each opened by the decision before it
    assert re.search(r"/meetings/\d+/review", page.url)  # still reviewing: never back on the list


def test_a_commune_reviewer_works_the_queue_by_keyboard_and_takes_back_a_wrong_acceptance(
    browser: Browser, demo_server: str
) -> None:
    page = _signed_in(browser, demo_server, "xa.khuatxa", DESKTOP)
    page.goto(demo_server + "/review")  # goto waits for the page's load: its scripts have run
    rows = page.locator("a[data-queue-row]")
    second = rows.nth(1).get_attribute("href")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == second
    page.keyboard.press("Enter")
    expect(page).to_have_url(demo_server + str(second))
    page.wait_for_load_state("domcontentloaded")  # after the deferred scripts, which listen for the keys
    page.keyboard.press("d")
    assert page.evaluate("() => document.activeElement.value") == "accept"
    page.keyboard.press("Space")
    page.get_by_role("button", name="Ghi quyết định").click()
    notice = page.get_by_role("status").filter(has_text="Đã thông qua biên bản.")
    expect(notice).to_be_visible()
    screenshot(page, "review-taken-back-offer")
    notice.get_by_role("button", name="Rút lại").click()  # the wrong click, taken back
    expect(page).to_have_url(demo_server + str(second))
    expect(page.locator(".flash.success")).to_contain_text("biên bản trở lại chờ xem xét")
    expect(page.get_by_role("radio", name="Thông qua biên bản")).to_be_visible()
    expect(page.locator(".record")).to_contain_text("đã rút lại lúc")
