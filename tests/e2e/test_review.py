"""A reviewer on a desktop returns minutes; the secretary on a phone corrects them; the reviewer accepts."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from minutes.app import create_app
from minutes.config import Settings
from minutes.meetings.models import Meeting
from minutes.review.models import Review
from minutes.review.rubric import load_rubric
from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, screenshot
from tests.helpers import PASSWORD, api_headers
from tests.meetings.scene import na_noong, submit_october

pytestmark = pytest.mark.e2e


def _submitted_meeting(server: LiveServer) -> int:
    with server.seed() as db:
        scene = na_noong(db)
        headers = api_headers(db, scene.secretary)
        db.commit()
    api = TestClient(create_app(Settings(database_url=server.db_url)))
    return submit_october(api, scene, headers)


def _sign_in(browser: Browser, server: LiveServer, username: str, device: dict) -> Page:  # type: ignore[type-arg]
    page = browser.new_context(**device).new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def test_return_correct_resubmit_accept(browser: Browser, live_server: LiveServer) -> None:
    meeting = _submitted_meeting(live_server)
    reviewer = _sign_in(browser, live_server, "xa", DESKTOP)
    reviewer.get_by_role("link", name="Xem xét biên bản", exact=True).click()
    reviewer.get_by_role("link", name="Thường kỳ · tháng 10/2019").click()
    news = reviewer.locator("#s-news")
    expect(news.locator(".body")).to_have_css("overflow", "hidden")  # folded to its first lines
    news.get_by_role("button", name="Xem hết và nhận xét").click()  # she opens the part she comments on
    expect(reviewer.locator("#comment_news")).to_be_focused()
    reviewer.locator("#comment_news").fill("Ghi rõ số, ngày của văn bản cấp trên đã phổ biến.")
    reviewer.get_by_role("radio", name="Trả lại chi bộ để sửa").check()
    screenshot(reviewer, "review-return-desktop")
    reviewer.get_by_role("button", name="Ghi quyết định").click()
    expect(reviewer.get_by_text("Đã trả biên bản về chi bộ")).to_be_visible()

    secretary = _sign_in(browser, live_server, "bithu", PHONE)
    secretary.goto(f"{live_server.url}/meetings/{meeting}/minutes")
    comment = secretary.locator("#s-news .review-comment")
    expect(comment).to_contain_text("Ghi rõ số, ngày của văn bản cấp trên đã phổ biến.")
    screenshot(secretary, "review-comment-phone")
    news = secretary.locator("#section_news")
    news.fill(news.input_value() + " Phổ biến Kế hoạch số 120-KH/ĐU ngày 20/9/2019 của Đảng ủy xã.")
    secretary.get_by_role("button", name="Lưu", exact=True).click()
    expect(secretary.get_by_text("Đã lưu phiên bản 2")).to_be_visible()
    secretary.get_by_role("button", name="Gửi biên bản").click()
    expect(secretary.get_by_text("Đã gửi biên bản lên cấp ủy cấp trên.")).to_be_visible()

    reviewer.goto(f"{live_server.url}/meetings/{meeting}/review")
    expect(reviewer.locator("#changes ins")).to_contain_text("120-KH/ĐU")
    for criterion in load_rubric("hd42").criteria:
        reviewer.get_by_label(criterion.title).fill(str(criterion.max if criterion.key != "results" else 24))
    reviewer.get_by_role("radio", name="Thông qua biên bản").check()
    screenshot(reviewer, "review-accept-desktop")
    reviewer.get_by_role("button", name="Ghi quyết định").click()
    expect(reviewer.get_by_text("Đã thông qua biên bản.")).to_be_visible()
    with live_server.seed() as db:
        assert db.get(Meeting, meeting).minutes_status == "accepted"
        accepted = db.scalars(select(Review).where(Review.decision == "accept")).one()
        assert (accepted.version, accepted.points, accepted.rating) == (2, 94, "good")
