"""People sign in on a real Chromium, on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, screenshot
from tests.helpers import PASSWORD, create_member, create_user, district

pytestmark = pytest.mark.e2e


def _scene(server: LiveServer) -> None:
    with server.seed() as db:
        units = district(db)
        create_member(db, branch=units["na_noong"], full_name="Hoàng Văn Tuấn")
        create_member(db, branch=units["na_noong"], full_name="Vi Thị Thu", status="probationary")
        create_user(db, username="bithu.nanoong", role="secretary", unit=units["na_noong"])
        create_user(db, username="huyen", role="reviewer", unit=units["district"])
        db.commit()


def _sign_in(page, server: LiveServer, username: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_secretary_signs_in_on_a_phone_and_sees_their_branch(
    browser: Browser, live_server: LiveServer
) -> None:
    _scene(live_server)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/login")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    screenshot(page, "login-phone")
    _sign_in(page, live_server, "bithu.nanoong")
    page.get_by_role("link", name="Chi bộ thôn Nà Noong", exact=True).first.click()
    expect(page.get_by_role("heading", name="Chi bộ thôn Nà Noong")).to_be_visible()
    expect(page.get_by_text("Hoàng Văn Tuấn")).to_be_visible()
    expect(page.get_by_text("Chính thức: 1 · Dự bị: 1 · Miễn sinh hoạt: 0")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "branch-phone")
    page.goto(live_server.url + "/units")
    expect(page.get_by_text("Chi bộ thôn Pò Mèo")).to_have_count(0)
    context.close()


def test_reviewer_sees_the_whole_tree_of_the_district(browser: Browser, live_server: LiveServer) -> None:
    _scene(live_server)
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    _sign_in(page, live_server, "huyen")
    page.get_by_role("link", name="Tổ chức đảng").click()
    for name in ("Đảng bộ xã Minh Phát", "Đảng bộ xã Khuất Xá", "Chi bộ thôn Nà Noong", "Chi bộ thôn Pò Mèo"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    screenshot(page, "tree-desktop")
    context.close()


def test_wrong_password_shows_a_vietnamese_message(browser: Browser, live_server: LiveServer) -> None:
    _scene(live_server)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_in(page, live_server, "bithu.nanoong", "khong-dung-mat-khau")
    expect(page.get_by_role("alert")).to_have_text(
        "Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại rồi thử lần nữa."
    )
    screenshot(page, "login-wrong-password")
    context.close()
