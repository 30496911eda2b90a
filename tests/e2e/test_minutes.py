"""A secretary records a whole meeting on a phone; nothing typed is lost when the network goes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from sqlalchemy import select

from bench import phone_journey
from minutes.meetings.models import Meeting, MinutesRevision
from tests.e2e.conftest import PHONE, SCREENSHOTS, LiveServer, screenshot, signal
from tests.helpers import PASSWORD
from tests.meetings.scene import Scene, na_noong

pytestmark = pytest.mark.e2e


def _scene(server: LiveServer) -> Scene:
    with server.seed() as db:
        scene = na_noong(db)
        db.commit()
        return scene


def _phone(browser: Browser, server: LiveServer, username: str = "bithu") -> Page:
    page = browser.new_context(**PHONE).new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    return page


def _plan(page: Page, server: LiveServer, scene: Scene) -> None:
    page.goto(f"{server.url}/units/{scene.units['na_noong'].id}/meetings")
    page.get_by_label("Kỳ sinh hoạt").fill("2019-10")
    page.get_by_label("Ngày", exact=True).fill("2019-10-05")
    page.get_by_label("Giờ", exact=True).fill("19:30")
    page.get_by_label("Địa điểm").fill("Nhà văn hoá thôn Nà Noong")
    page.get_by_role("button", name="Lập và ghi biên bản").click()
    expect(page.get_by_text("Đã lập buổi sinh hoạt")).to_be_visible()


def _recording(browser: Browser, server: LiveServer) -> Page:
    """The secretary on her phone, in the form of the meeting she has just planned."""
    scene = _scene(server)  # the accounts first: she signs in with one
    page = _phone(browser, server)
    _plan(page, server, scene)
    return page


def _mark(page: Page, name: str, status: str) -> None:
    page.locator("ol.roll-call > li", has_text=name).get_by_text(status, exact=True).click()


def test_secretary_records_a_whole_meeting_sees_a_finding_fixes_it_and_submits(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    page.get_by_label("Kết thúc lúc").fill("21:15")
    page.get_by_label("Chủ trì", exact=True).select_option(label="Hoàng Văn Tuấn")
    page.get_by_label("Thư ký", exact=True).select_option(label="Lương Thị Hằng")
    page.get_by_role("button", name="Đánh dấu có mặt cho những người chưa điểm danh").click()
    _mark(page, "Vi Văn Phúc", "Vắng có lý do")
    page.get_by_label("Lý do vắng: Vi Văn Phúc").fill("Đi điều trị tại bệnh viện tỉnh")
    _mark(page, "Lăng Văn Cường", "Vắng không lý do")
    for name in ("Triệu Văn Hùng", "Nông Văn Sáng", "Mông Văn Lợi"):
        _mark(page, name, "Miễn sinh hoạt")
    expect(page.locator('#counts [data-count="present_official"]')).to_have_text("13")
    # DOMAIN A.5: 14 present of the 16 expected (19 less the 3 exempt), counted as she marks them.
    expect(page.locator('#counts [data-count="base"]')).to_have_text("16")
    expect(page.locator('#counts [data-count="rate"]')).to_have_text("87,5%")
    for key, text in {
        "agenda": "Chi bộ thống nhất chương trình gồm 4 nội dung.",
        "news": "Thông tin thời sự trong nước, của tỉnh và của xã.",
        "ideology": "Đảng viên và nhân dân phấn khởi, tin tưởng.",
        "previous_tasks": "Thu hoạch lúa mùa xong 100% diện tích.",
        "conclusion": "Chi bộ thống nhất đánh giá kết quả tháng 9.",
    }.items():
        page.locator(f"#section_{key}").fill(text)
    page.locator("#opinion_speaker_0").select_option(label="Nông Thị Lan")
    page.locator("textarea[name=opinion_content_0]").fill("Đề nghị vận động hộ khá giả hỗ trợ hộ nghèo.")
    page.locator("#task_title_0").fill("Sửa chữa đường bê tông đoạn qua khe suối")
    page.locator("#task_assignee_0").select_option(label="Lục Văn Hải")
    page.locator("#task_due_0").fill("2019-10-25")
    for key in ("resolution", "minutes"):
        page.locator(f"#vote_{key}_for").fill("14")
        page.locator(f"#vote_{key}_against").fill("0")
        page.locator(f"#vote_{key}_abstain").fill("0")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu phiên bản")).to_be_visible()
    finding = page.locator("#s-votes .finding.error").first
    expect(finding).to_contain_text("dự bị")
    screenshot(page, "minutes-finding-phone")
    for key in ("resolution", "minutes"):
        page.locator(f"#vote_{key}_for").fill("13")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("#s-votes .finding.error")).to_have_count(0)
    saved_as = page.locator("#save-state").inner_text().rstrip(".").rsplit(" ", 1)[-1]
    for term, told in {  # what will go to the committee, before she sends it
        "Phiên bản sẽ gửi": saved_as,
        "Thời gian, địa điểm họp": "ngày 05 tháng 10 năm 2019, 19:30–21:15, Nhà văn hoá thôn Nà Noong",
        "Có mặt": "14/16 (87,5%)",
        "Các phần đã ghi": "5/12",
        "Ý kiến thảo luận": "1",
        "Nhiệm vụ": "1",
    }.items():
        expect(
            page.locator("#sent-summary div", has=page.locator("dt", has_text=term)).locator("dd")
        ).to_have_text(told)
    expect(page.locator("#submit-step .problems-left")).to_contain_text("0 lỗi cần sửa")
    screenshot(page, "minutes-submit-step-phone")
    page.locator("#section_other_business").fill("Không có.")  # typed, not saved, then sent at once
    page.get_by_role("button", name="Gửi biên bản").click()
    expect(page.get_by_text("Đã gửi biên bản lên cấp ủy cấp trên.")).to_be_visible()
    expect(page.get_by_text("đã gửi cấp trên")).to_be_visible()
    screenshot(page, "minutes-submitted-phone")
    with live_server.seed() as db:
        meeting = db.scalar(select(Meeting))
        assert meeting is not None and meeting.minutes_status == "submitted"
        sent_version = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first()
        assert sent_version is not None and sent_version.content["sections"]["other_business"] == "Không có."


def _kept_for_offline(page: Page) -> None:
    """Wait until the service worker runs and this phone keeps a copy of the page open."""
    page.wait_for_function(
        """async () => {
            if (!(await navigator.serviceWorker.getRegistration())?.active) return false;
            return Boolean(await (await caches.open("minutes-pages")).match(location.href));
        }"""
    )


def test_the_form_opens_with_no_signal_and_what_was_typed_offline_is_saved_exactly_once(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    form_url, context = page.url, page.context
    _kept_for_offline(page)
    news = page.locator("#section_news")
    news.fill("Đồng chí Bí thư thông tin tình hình")
    signal(context, on=False)
    news.press_sequentially(" thời sự trong nước và của t")
    page.locator("#section_ideology").click()  # leaving the section tries to save, offline
    expect(page.locator("#save-state")).to_contain_text("Mất kết nối")
    page.close()  # the tab is closed in the village hall, still without a signal
    again = context.new_page()
    again.goto(form_url)  # reopened with no signal: the copy this phone kept
    again.wait_for_function("() => !navigator.onLine")  # Playwright reaches a new tab's signal a moment late
    offer = again.get_by_role("alert").filter(has_text="Có bản nháp chưa lưu")
    expect(offer).to_be_visible()
    screenshot(again, "minutes-offline-reopen-phone")
    offer.get_by_role("button", name="Khôi phục bản nháp").click()
    expect(again.locator("#section_news")).to_have_value(
        "Đồng chí Bí thư thông tin tình hình thời sự trong nước và của t"
    )
    expect(again.locator("#save-state")).to_contain_text("Mất kết nối")  # said plainly: waiting to be sent
    signal(context, on=True)
    draft = f"minutes-draft-{_meeting_id(live_server)}"
    # Sent, and only then let go (a function, not an expression: the pages' CSP forbids eval).
    again.wait_for_function("(key) => localStorage.getItem(key) === null", arg=draft)
    again.reload()
    expect(again.get_by_text("Có bản nháp chưa lưu")).to_have_count(0)
    with live_server.seed() as db:
        revisions = list(db.scalars(select(MinutesRevision)))
    assert len(revisions) == 1
    assert (
        revisions[0].content["sections"]["news"]
        == "Đồng chí Bí thư thông tin tình hình thời sự trong nước và của t"
    )
    assert revisions[0].autosave  # the script saved it by itself: a working copy of her sitting


def test_a_kept_copy_older_than_a_save_shows_what_was_saved(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    form_url, context = page.url, page.context
    _kept_for_offline(page)  # kept before anything was typed
    page.locator("#section_news").fill("Thông tin thời sự đã lưu khi còn sóng.")
    page.locator("#section_ideology").click()  # leaving the section saves, in place: no new page to keep
    expect(page.locator("#save-state")).to_contain_text("Đã lưu phiên bản 1")
    signal(context, on=False)
    again = context.new_page()
    again.goto(form_url)
    expect(again.locator("#section_news")).to_have_value("Thông tin thời sự đã lưu khi còn sóng.")
    expect(again.locator('#minutes-form input[name="version"]')).to_have_value("1")


def test_signing_out_says_what_unsent_work_it_would_delete(browser: Browser, live_server: LiveServer) -> None:
    page = _recording(browser, live_server)
    signal(page.context, on=False)
    page.locator("#section_news").fill("Chưa gửi được.")
    page.route("**/meetings/*/minutes", lambda route: route.abort())  # the signal back, but too weak to save
    signal(page.context, on=True)
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Đăng xuất").click()
    assert asked and "Có 1 biên bản" in asked[0]
    expect(page.locator("#section_news")).to_have_value("Chưa gửi được.")  # she stayed, nothing lost
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
    assert page.evaluate("Object.keys(localStorage)") == []
    # The pages of the signed-in person are gone; the sign-in page's worker keeps only public files.
    assert "minutes-pages" not in page.evaluate("caches.keys()")


def _meeting_id(server: LiveServer) -> int:
    with server.seed() as db:
        return int(db.scalar(select(Meeting.id)))


def test_text_typed_after_a_lost_answer_is_saved_not_replaced_by_the_earlier_version(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    news = page.locator("#section_news")
    news.fill("Thông tin thời sự trong nước.")

    def lose_the_answer(route: Route) -> None:
        route.fetch()  # the server saves version 1; its answer never reaches the phone
        route.abort()

    page.route("**/meetings/*/minutes", lose_the_answer)
    page.locator("#section_ideology").click()  # leaving the section saves
    expect(page.locator("#save-state")).not_to_contain_text("Đang lưu")
    page.unroute("**/meetings/*/minutes")
    news.press_sequentially(" Thêm tin của tỉnh.")
    page.locator("#section_ideology").click()
    expect(page.locator("#save-state")).to_contain_text("Đã lưu phiên bản 2")
    with live_server.seed() as db:
        latest = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first()
    assert latest is not None and latest.version == 2
    assert latest.content["sections"]["news"] == "Thông tin thời sự trong nước. Thêm tin của tỉnh."


def test_restoring_a_draft_never_saves_over_a_colleagues_newer_save(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    meeting = _meeting_id(live_server)
    signal(page.context, on=False)
    page.locator("#section_news").fill("Bản nháp của bí thư, gõ khi mất sóng.")
    page.locator("#section_ideology").click()
    expect(page.locator("#save-state")).to_contain_text("Mất kết nối")
    colleague = _phone(browser, live_server, username="thuky")
    colleague.goto(f"{live_server.url}/meetings/{meeting}/minutes")
    colleague.locator("#section_news").fill("Bản của thư ký, lưu trước.")
    colleague.get_by_role("button", name="Lưu", exact=True).click()
    expect(colleague.get_by_text("Đã lưu phiên bản 1")).to_be_visible()
    signal(page.context, on=True)
    page.goto(f"{live_server.url}/meetings/{meeting}/minutes")
    page.get_by_role("alert").filter(has_text="Có bản nháp chưa lưu").get_by_role(
        "button", name="Khôi phục bản nháp"
    ).click()
    expect(page.locator("#save-state")).to_contain_text("Người khác vừa lưu biên bản này")
    screenshot(page, "minutes-restore-conflict-phone")
    with live_server.seed() as db:
        revisions = list(db.scalars(select(MinutesRevision)))
    assert [r.content["sections"]["news"] for r in revisions] == ["Bản của thư ký, lưu trước."]
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("td.mine", has_text="Bản nháp của bí thư, gõ khi mất sóng.")).to_be_visible()
    page.locator("#conflict").screenshot(path=str(SCREENSHOTS / "minutes-conflict-parts-phone.png"))
    expect(page.locator("td", has_text="Bản của thư ký, lưu trước.")).to_be_visible()
    # She keeps both texts of the news, one after the other, with the conflict screen's own form.
    page.locator("#conflict tr", has_text="Bản của thư ký").get_by_label("Cả hai").check()
    page.get_by_role("button", name="Lưu lựa chọn").click()
    expect(page.get_by_text("Đã lưu phiên bản 2")).to_be_visible()
    with live_server.seed() as db:
        newest = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first()
    assert newest is not None
    assert (
        newest.content["sections"]["news"]
        == "Bản của thư ký, lưu trước.\nBản nháp của bí thư, gõ khi mất sóng."
    )


def test_lists_grow_as_the_meeting_went_and_a_new_delegate_may_speak_at_once(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    opinions = page.locator(".repeat.opinion")
    blank_rows = opinions.count()
    for _ in range(5 - blank_rows):  # the sample minutes have more opinions than the blank lines
        page.get_by_role("button", name="Thêm ý kiến").click()
    expect(opinions).to_have_count(5)
    page.locator('input[name="delegate_name_0"]').fill("Nông Văn Dũng")  # typed, not yet saved
    last = opinions.nth(4)
    last.locator("select").select_option(label="Nông Văn Dũng (đại biểu)")
    last.locator("textarea").fill("Ghi nhận kết quả, đề nghị chi bộ làm tốt công tác dân vận.")
    opinions.nth(3).locator("textarea").fill("Dòng gõ nhầm.")
    opinions.nth(3).get_by_role("button", name="Bỏ dòng này").click()
    expect(opinions).to_have_count(4)
    page.get_by_role("button", name="Thêm nhiệm vụ").click()
    tasks = page.locator(".repeat.task")
    tasks.last.locator("textarea").first.fill("Chuẩn bị nội dung sinh hoạt chuyên đề quý IV")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Đã lưu phiên bản")).to_be_visible()
    with live_server.seed() as db:
        content = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first().content  # type: ignore[union-attr]
    spoken = [(o.get("speaker_name"), o["content"]) for o in content["opinions"]]
    assert spoken == [("Nông Văn Dũng", "Ghi nhận kết quả, đề nghị chi bộ làm tốt công tác dân vận.")]
    assert [t["title"] for t in content["tasks"]] == ["Chuẩn bị nội dung sinh hoạt chuyên đề quý IV"]


def test_save_keeps_her_where_she_is_and_the_bar_counts_the_problems(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    conclusion = page.locator("#section_conclusion")
    conclusion.fill("Chi bộ thống nhất đánh giá kết quả tháng 9 như trên.")
    assert page.evaluate("window.scrollY") > 3000  # far down the form
    page.evaluate("window.__samePage = true")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("#save-state")).to_contain_text("Đã lưu phiên bản 1")
    assert page.evaluate("window.__samePage") is True  # saved in place: no new page
    expect(conclusion).to_be_in_viewport()  # still where she was typing
    bar = page.locator("#problem-count")
    expect(bar).to_be_visible()  # the sticky bar, where her thumb is
    expect(bar).to_contain_text("cần sửa")
    expect(page.locator("#submit-step")).to_be_visible()  # saved once, the minutes may be sent
    bar.click()
    page.locator('ul.findings.summary a[href="#s-when"]').first.click()
    expect(page.locator("#s-when")).to_be_in_viewport()


def test_the_bar_says_which_part_she_is_in_and_steps_to_the_next(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    part = page.get_by_label("Phần biên bản đang xem")
    page.locator("#s-when").scroll_into_view_if_needed()
    expect(part).to_have_value("s-when")
    page.get_by_role("button", name="Phần sau").click()
    second = page.locator("section.section").nth(1)
    expect(second).to_be_in_viewport()
    expect(part).to_have_value(str(second.get_attribute("id")))
    bar = page.locator(".sticky-save").bounding_box()
    page.evaluate("() => document.getElementById('s-self_assessment').scrollIntoView({block: 'start'})")
    expect(part).to_have_value("s-self_assessment")  # it follows her as she scrolls
    part.select_option(label="13. Kết luận của đồng chí chủ trì")  # or she picks the part by name
    expect(page.locator("#s-conclusion h2")).to_be_in_viewport()
    page.get_by_role("button", name="Phần trước").click()
    expect(page.locator("#s-other_business h2")).to_be_in_viewport()
    expect(part).to_have_value("s-other_business")
    assert page.locator(".sticky-save").bounding_box() == bar  # the bar keeps its place under her thumb


def test_a_refused_field_is_marked_and_everything_else_she_typed_is_saved(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    page.locator("#section_news").fill("Thông tin thời sự trong nước, của tỉnh và của xã.")
    page.locator("#section_conclusion").fill("Chi bộ thống nhất đánh giá kết quả tháng 9.")
    page.locator("#vote_resolution_for").fill(
        "mười"
    )  # a count in words (the box takes 4 characters): refused
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text(re.compile(r"Đã lưu phiên bản \d+, trừ các ô được đánh dấu"))).to_be_visible()
    box = page.locator("#vote_resolution_for")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value("mười")  # nothing typed is cleared
    expect(page.locator("#vote_resolution-error")).to_contain_text("bằng chữ số, ví dụ 12")
    expect(page.locator("#section_conclusion")).to_have_value("Chi bộ thống nhất đánh giá kết quả tháng 9.")
    with live_server.seed() as db:
        saved = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first()
    assert saved is not None
    assert saved.content["sections"]["news"] == "Thông tin thời sự trong nước, của tỉnh và của xã."
    assert saved.content["sections"]["conclusion"] == "Chi bộ thống nhất đánh giá kết quả tháng 9."
    assert "resolution" not in saved.content.get("votes", {})
    box.fill("12")
    page.get_by_role("button", name="Lưu", exact=True).click()

    expect(page.locator("#save-state")).to_contain_text(f"Đã lưu phiên bản {saved.version + 1}")


def test_the_whole_sample_minutes_are_recorded_part_by_part_on_a_phone_and_submitted(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    page.evaluate(phone_journey.COUNT_SCROLLING)
    journey = phone_journey.Journey(page, steps=True)
    phone_journey.record(journey)  # ../shared/data/sample-minutes-regular.md, with the bar's "next part"
    with live_server.seed() as db:
        meeting = db.scalar(select(Meeting))
        assert meeting is not None and meeting.minutes_status == "submitted"
        sent = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first()
    assert sent is not None
    content = sent.content
    assert [o.get("speaker_name") or content["names"][str(o["member_id"])] for o in content["opinions"]] == [
        speaker.removesuffix(" (đại biểu)") for speaker, _ in phone_journey.OPINIONS
    ]
    assert [t["title"] for t in content["tasks"]] == [title for title, _, _ in phone_journey.TASKS]
    statuses = sorted(line["status"] for line in content["attendance"])
    assert statuses.count("exempt") == 3 and statuses.count("absent_excused") == 1
    assert content["sections"]["closing"] == phone_journey.TEXTS["closing"]
    assert content["self_score"] == 85 and set(content["votes"]) == {"resolution", "minutes"}
    assert journey.taps < 100 and journey.fields == 45  # what bench/phone_journey.py reports


def _typing_during_a_held_save(page: Page) -> list[tuple[Route, object]]:
    """She leaves a part, which saves it; the server saves, but its answer waits on a slow link
    while she types on. The held answer is in the list once it has come back to the phone."""
    page.locator("#section_news").fill("Thông tin thời sự trong nước.")
    held: list[tuple[Route, object]] = []

    def hold(route: Route) -> None:
        if held:
            route.continue_()
            return
        held.append((route, route.fetch()))

    page.route("**/meetings/*/minutes", hold)
    page.locator("#section_ideology").click()  # leaving the part saves it
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('Đang lưu')")
    page.locator("#section_ideology").press_sequentially("Phấn khởi.")  # typed while the save is out
    return held


def _answer(page: Page, held: list[tuple[Route, object]]) -> None:
    """Let the held answer reach the phone, once the server has given it."""
    while not held:
        page.wait_for_timeout(50)
    route, answer = held[0]
    route.fulfill(response=answer)  # type: ignore[arg-type]


def _latest_content(live_server: LiveServer) -> dict[str, Any]:
    with live_server.seed() as db:
        latest = db.scalars(select(MinutesRevision).order_by(MinutesRevision.version.desc())).first()
    assert latest is not None
    return dict(latest.content)


def test_typing_and_lu_u_during_a_slow_save_are_saved_next_not_dropped(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    held = _typing_during_a_held_save(page)
    page.get_by_role("button", name="Lưu", exact=True).click()
    _answer(page, held)
    expect(page.locator("#save-state")).to_contain_text("Đã lưu phiên bản 2")
    content = _latest_content(live_server)
    assert content["sections"]["ideology"] == "Phấn khởi."
    assert content["sections"]["news"] == "Thông tin thời sự trong nước."


def test_typing_during_a_slow_save_is_named_unsaved_then_saved_without_pressing_lu_u(
    browser: Browser, live_server: LiveServer
) -> None:
    page = _recording(browser, live_server)
    _answer(page, _typing_during_a_held_save(page))
    # Not "saved" alone beside text the server lacks: the screen says so, and sends it long before 30 s.
    expect(page.locator("#save-state")).to_contain_text("Phần gõ thêm sau đó chưa được lưu")
    expect(page.locator("#save-state")).to_have_text("Đã lưu phiên bản 2.", timeout=6000)
    assert _latest_content(live_server)["sections"]["ideology"] == "Phấn khởi."
