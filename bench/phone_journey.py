"""The whole sample minutes recorded on a phone: how many taps, fields and how much scrolling.

On a copy of the demo district, as the Nà Noong secretary on Debian's Chromium at 390×844, a
new regular meeting is planned and its minutes written from ../shared/data/sample-minutes-regular.md
(the opening, the roll-call with one absent with a reason, one without and three exempt, every
text part, four opinions, four tasks, the two votes, the self-assessed score), then saved and
submitted. Counted:

- **taps**: a button, a radio or a box to type in is one tap; a list to choose from is two
  (open it, pick); the typing itself is not counted;
- **fields**: the boxes she types in or chooses from;
- **scrolling**: what her thumb scrolls (every change of the page's position, less the jumps
  the bar's "next part" makes for her), in CSS pixels; and the same journey without the bar.

Run from the repository:  .venv/bin/python -m bench.phone_journey
Nothing is asserted: the figures go into the issue notes.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, sync_playwright

from bench.month_end import Server
from bench.pages import SQLITE_FILE, demo_database
from bench.phone import PHONE, sign_in

# The demo's clock at the end of January 2020: the month after its own, so a new meeting can be planned.
TODAY = "2020-01-31"
COUNT_SCROLLING = """() => {
  window.__scrolled = 0; let last = window.scrollY;
  addEventListener("scroll", () => { window.__scrolled += Math.abs(window.scrollY - last); last = window.scrollY; }, { passive: true });
}"""

TEXTS = {
    "opening": "Đồng chí Hoàng Văn Tuấn, Bí thư chi bộ, khai mạc, giới thiệu đại biểu; chi bộ cử đồng chí "
    "Lương Thị Hằng làm thư ký.",
    "dues": "Đã thu đủ đảng phí tháng 9.",
    "agenda": "Chi bộ thống nhất chương trình sinh hoạt gồm 4 nội dung.",
    "news": "Đồng chí Bí thư thông tin tình hình thời sự trong nước, của tỉnh và của xã; phổ biến Kế hoạch "
    "của Đảng ủy xã về tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025.",
    "ideology": "Đảng viên và nhân dân trong thôn phấn khởi, tin tưởng; một số hộ còn lo lắng về giá lợn hơi "
    "giảm sau dịch tả lợn châu Phi.",
    "previous_tasks": "Thu hoạch lúa mùa xong 100% diện tích; vận động được 3 trong 5 hộ nghèo tham gia bảo "
    "hiểm y tế; chưa sửa được đường bê tông do mưa lớn.",
    "ho_chi_minh": "Đồng chí Bí thư nêu gương đồng chí Triệu Văn Hùng tích cực hiến đất làm đường nội thôn.",
    "praise_and_reminders": "Nhắc nhở đồng chí Lăng Văn Cường về việc vắng sinh hoạt không có lý do.",
    "conclusion": "Chi bộ thống nhất đánh giá kết quả tháng 9 như trên; nhắc nhở đồng chí Lăng Văn Cường về "
    "việc vắng sinh hoạt không có lý do.",
    "self_assessment": "Buổi sinh hoạt đúng giờ, đủ nội dung, nhiều ý kiến đóng góp.",
    "closing": "Biên bản đã được đọc lại cho chi bộ nghe và thông qua; buổi sinh hoạt kết thúc lúc 21 giờ 15.",
}
OPINIONS = [
    ("Nông Thị Lan", "Đề nghị Ban công tác Mặt trận vận động các hộ khá giả hỗ trợ hộ nghèo mua thẻ BHYT."),
    ("Lục Văn Hải", "Đề nghị sửa đường ngay sau khi tạnh mưa, mỗi hộ góp 2 ngày công."),
    ("Vi Thị Thu", "Đề nghị tăng cường tuyên truyền phòng dịch tả lợn châu Phi trên loa truyền thanh."),
    ("Nông Văn Dũng (đại biểu)", "Ghi nhận kết quả thu hoạch; đề nghị làm rõ lý do đảng viên vắng."),
]
TASKS = [
    ("Hoàn thành vận động 2 hộ nghèo còn lại tham gia bảo hiểm y tế", "Nông Thị Lan", "2020-02-29"),
    ("Sửa chữa đường bê tông đoạn qua khe suối", "Lục Văn Hải", "2020-02-25"),
    ("Tuyên truyền phòng chống dịch tả lợn châu Phi 2 buổi mỗi tuần", "Vi Thị Thu", "2020-02-29"),
    ("Chuẩn bị nội dung sinh hoạt chuyên đề quý I", "Chu Thị Mai", "2020-03-15"),
]


class Journey:
    """The secretary's hand on the form: each action counted as a thumb would make it."""

    def __init__(self, page: Page, *, steps: bool) -> None:
        self.page, self.steps = page, steps
        self.taps = self.fields = 0
        self.jumped = 0.0
        self.thumb = 0.0  # what the thumb scrolled, read before the page is left

    def tap(self, target: Locator) -> None:
        """One tap on a button, a radio or a link."""
        target.click()
        self.taps += 1

    def type(self, box: Locator, text: str) -> None:
        """A tap into a box, then the typing."""
        box.click()
        box.fill(text)
        self.taps += 1
        self.fields += 1

    def choose(self, select: Locator, label: str) -> None:
        """A list opened and an entry picked: two taps."""
        select.select_option(label=label)
        self.taps += 2
        self.fields += 1

    def to_part(self, key: str) -> None:
        """With the bar: "next part" until the part is on screen (each a tap, its jump not scrolled)."""
        if not self.steps:
            return
        part = self.page.get_by_label("Phần biên bản đang xem")
        target = f"s-{key}"
        keys = part.locator("option").evaluate_all("options => options.map(o => o.value)")
        while keys.index(part.input_value()) < keys.index(target):
            before = self.page.evaluate("() => window.scrollY")
            self.page.get_by_role("button", name="Phần sau").click()
            self.page.wait_for_timeout(50)
            self.jumped += abs(self.page.evaluate("() => window.scrollY") - before)
            self.taps += 1

    def count_scrolling(self) -> None:
        """What the thumb scrolled so far: every move of the page less the bar's jumps."""
        self.thumb = float(self.page.evaluate("() => window.__scrolled")) - self.jumped


def plan(page: Page, base: str) -> None:
    """The meeting planned from the branch's page (not counted: the journey is the minutes)."""
    page.goto(base + "/units/203/meetings")
    page.get_by_label("Kỳ sinh hoạt").fill("01/2020")
    page.get_by_label("Ngày", exact=True).fill("2020-01-05")
    page.get_by_label("Giờ", exact=True).fill("19:30")
    page.get_by_label("Địa điểm").fill("Nhà văn hoá thôn Nà Noong")
    page.get_by_role("button", name="Lập và ghi biên bản").click()
    page.get_by_text("Đã lập buổi sinh hoạt").wait_for()


def mark(journey: Journey, name: str, status: str) -> None:
    """One member's line of the roll-call."""
    journey.tap(journey.page.locator("ol.roll-call > li", has_text=name).get_by_text(status, exact=True))


def record(journey: Journey) -> None:
    """The sample minutes, part by part in the structure's order."""
    page = journey.page
    journey.type(page.get_by_label("Kết thúc lúc"), "21:15")
    journey.choose(page.get_by_label("Chủ trì", exact=True), "Hoàng Văn Tuấn")
    journey.choose(page.get_by_label("Thư ký", exact=True), "Lương Thị Hằng")
    journey.type(page.locator('input[name="delegate_name_0"]'), "Nông Văn Dũng")
    journey.type(page.locator('input[name="delegate_post_0"]'), "Đảng ủy viên, phụ trách thôn")
    journey.type(page.locator('input[name="delegate_level_0"]'), "Đảng ủy xã")
    for key in ("opening",):
        journey.to_part(key)
        journey.type(page.locator(f"#section_{key}"), TEXTS[key])
    journey.to_part("roll_call")
    journey.tap(page.get_by_role("button", name="Đánh dấu có mặt cho những người chưa điểm danh"))
    mark(journey, "Vi Văn Phúc", "Vắng có lý do")
    journey.type(page.get_by_label("Lý do vắng: Vi Văn Phúc"), "Đi điều trị tại bệnh viện tỉnh")
    mark(journey, "Lăng Văn Cường", "Vắng không lý do")
    for name in ("Triệu Văn Hùng", "Nông Văn Sáng", "Mông Văn Lợi"):
        mark(journey, name, "Miễn sinh hoạt")
    for key in (
        "dues",
        "agenda",
        "news",
        "ideology",
        "previous_tasks",
        "ho_chi_minh",
        "praise_and_reminders",
    ):
        journey.to_part(key)
        journey.type(page.locator(f"#section_{key}"), TEXTS[key])
    journey.to_part("opinions")
    rows = page.locator(".repeat.opinion")
    for index, (speaker, said) in enumerate(OPINIONS):
        if rows.count() <= index:
            journey.tap(page.get_by_role("button", name="Thêm ý kiến"))
        journey.choose(rows.nth(index).locator("select"), speaker)
        journey.type(rows.nth(index).locator("textarea"), said)
    journey.to_part("next_tasks")
    tasks = page.locator(".repeat.task")
    for index, (title, who, due) in enumerate(TASKS):
        if tasks.count() <= index:
            journey.tap(page.get_by_role("button", name="Thêm nhiệm vụ"))
        journey.type(tasks.nth(index).locator("textarea").first, title)
        journey.choose(tasks.nth(index).locator('select[name^="task_assignee_"]'), who)
        journey.type(tasks.nth(index).locator('input[name^="task_due_"]'), due)
    journey.to_part("conclusion")
    journey.type(page.locator("#section_conclusion"), TEXTS["conclusion"])
    journey.to_part("votes")
    voters = page.locator('[data-count="eligible"]').first.inner_text()  # the official members present
    for key in ("resolution", "minutes"):
        journey.type(page.locator(f"#vote_{key}_for"), voters)
        journey.type(page.locator(f"#vote_{key}_against"), "0")
        journey.type(page.locator(f"#vote_{key}_abstain"), "0")
    journey.to_part("self_assessment")
    journey.type(page.locator("#section_self_assessment"), TEXTS["self_assessment"])
    journey.type(page.locator("#self_score"), "85")
    journey.to_part("closing")
    journey.type(page.locator("#section_closing"), TEXTS["closing"])
    journey.tap(page.get_by_role("button", name="Lưu", exact=True))
    page.locator("#save-state").filter(has_text="Đã lưu").wait_for()
    journey.count_scrolling()  # sending leaves the page
    journey.tap(page.get_by_role("button", name="Gửi biên bản"))
    page.get_by_text("Đã gửi biên bản lên cấp ủy cấp trên.").wait_for()


def walk(base: str, *, steps: bool) -> dict[str, Any]:
    """One journey on a fresh browser; its counts."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(**PHONE).new_page()
        sign_in(page, base)
        plan(page, base)
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.evaluate(COUNT_SCROLLING)
        journey = Journey(page, steps=steps)
        record(journey)
        found = {"taps": journey.taps, "fields": journey.fields, "scrolled px": journey.thumb}
        found.update({"bar jumps px": journey.jumped, "form height px": height})
        browser.close()
    return found


def main() -> None:
    """The journey with the bar's steps and without them, each on its own copy of the demo."""
    demo_database(fresh=False)
    for steps in (True, False):
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "journey.db"
            shutil.copy(SQLITE_FILE, copy)
            server = Server(f"sqlite:///{copy}", 1, today=TODAY)
            server.start()
            try:
                figures = walk(server.base, steps=steps)
            finally:
                server.stop()
        print("with the bar's 'next part'" if steps else "scrolling only")
        for name, value in figures.items():
            print(f"  {name:16} {value:10,.0f}")


if __name__ == "__main__":
    main()
