"""A reviewer sets up the second factor on her phone and signs in with it, on a real Chromium."""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE, LiveServer, screenshot
from tests.helpers import PASSWORD, create_user, district

pytestmark = pytest.mark.e2e


def _sign_in(page, server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page.goto(server.url + "/")
    page.get_by_label("Tên đăng nhập").fill("huyen")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_reviewer_enrols_an_authenticator_and_signs_in_with_it(
    browser: Browser, live_server: LiveServer
) -> None:
    settings = live_server.app.state.settings
    live_server.app.state.settings = settings.model_copy(update={"totp_required_roles": "admin,reviewer"})
    with live_server.seed() as db:
        create_user(db, username="huyen", role="reviewer", unit=district(db)["district"])
        db.commit()
    context = browser.new_context(**PHONE)
    page = context.new_page()
    _sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Cài đặt xác thực hai lớp")).to_be_visible()
    expect(page.get_by_role("img", name="Mã QR của xác thực hai lớp")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "two-factor-enrol-phone")
    secret = page.locator("#secret").inner_text().replace(" ", "")
    page.get_by_label("Mã").fill(pyotp.TOTP(secret).now())
    page.get_by_label("Mật khẩu của anh/chị").fill(PASSWORD)
    page.get_by_role("button", name="Bật").click()
    expect(page.get_by_role("heading", name="Đã bật xác thực hai lớp")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    screenshot(page, "two-factor-recovery-phone")
    page.get_by_role("link", name="Tôi đã chép lại").click()
    page.get_by_role("button", name="Đăng xuất").click()
    _sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Mã xác thực")).to_be_visible()
    screenshot(page, "two-factor-code-phone")
    page.get_by_label("Mã").fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("link", name="Tài khoản của tôi")).to_be_visible()
    page.get_by_role("link", name="Tài khoản của tôi").click()
    expect(page.get_by_text("Đang bật: khi đăng nhập cần nhập mã của ứng dụng xác thực.")).to_be_visible()
    screenshot(page, "account-phone")
    context.close()
