"""The Word file of the minutes: the Party document layout (DOMAIN A.13, B.5), read back as a person would."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from docx.table import Table
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from minutes.meetings.docx import render
from minutes.meetings.view import MinutesView, Opinion, SectionView, TaskLine
from tests.conftest import unavailable
from tests.helpers import api_headers, login, text_of
from tests.meetings.scene import na_noong, october_minutes, plan_regular
from tests.meetings.test_api import _plan


def _record(client: TestClient, db: Session) -> tuple[int, dict[str, str], dict[str, Any]]:
    """The sample meeting of 05/10/2019, recorded through the API; its id, headers and body."""
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting_id = _plan(client, headers, scene)
    body = october_minutes(scene)
    saved = client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=body, headers=headers)
    assert saved.status_code == 200, saved.text
    return meeting_id, headers, body


def _download(client: TestClient, headers: dict[str, str], meeting_id: int) -> bytes:
    response = client.get(f"/api/v1/meetings/{meeting_id}/minutes.docx", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return response.content


def _open(content: bytes) -> DocxDocument:
    return Document(io.BytesIO(content))


def _cell_lines(table: Table, column: int) -> list[str]:
    return [p.text for p in table.rows[0].cells[column].paragraphs if p.text]


def _cm(length: Length | None) -> float:
    assert length is not None
    return round(length.cm, 2)


def _body(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def _all_text(document: DocxDocument) -> list[str]:
    cells = [p.text for t in document.tables for c in t.rows[0].cells for p in c.paragraphs]
    return [*cells, *(p.text for p in document.paragraphs)]


def test_the_page_is_a4_in_times_new_roman_14(client: TestClient, db: Session) -> None:
    meeting_id, headers, _ = _record(client, db)
    document = _open(_download(client, headers, meeting_id))
    section = document.sections[0]
    assert (_cm(section.page_width), _cm(section.page_height)) == (21.0, 29.7)
    assert _cm(section.top_margin) == _cm(section.bottom_margin) == 2.0
    assert _cm(section.left_margin) == 3.0
    assert 1.5 <= _cm(section.right_margin) <= 2.0
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts <= {None}, "every run takes the body font from the Normal style"
    opening = next(p for p in document.paragraphs if p.text.startswith("Vào hồi"))
    assert opening.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert 1.0 <= _cm(opening.paragraph_format.first_line_indent) <= 1.27


def test_the_header_has_two_columns_as_hd_36_lays_them_out(client: TestClient, db: Session) -> None:
    meeting_id, headers, _ = _record(client, db)
    document = _open(_download(client, headers, meeting_id))
    assert document.element.body[0].tag == qn("w:tbl"), "the header comes first"
    header = document.tables[0]
    assert _cell_lines(header, 0) == ["ĐẢNG BỘ XÃ MINH PHÁT", "CHI BỘ THÔN NÀ NOONG", "*"]
    assert _cell_lines(header, 1) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Minh Phát, ngày 05 tháng 10 năm 2019"]
    superior, branch, asterisk = header.rows[0].cells[0].paragraphs[:3]
    assert not superior.runs[0].bold
    assert branch.runs[0].bold
    assert asterisk.alignment == WD_ALIGN_PARAGRAPH.CENTER
    country, place_date = header.rows[0].cells[1].paragraphs[:2]
    assert country.runs[0].bold
    assert country._p.pPr.find(qn("w:pBdr")) is not None, "a short rule under the Party's name"
    assert place_date.runs[0].italic
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_the_body_reads_like_the_secretarys_minutes(client: TestClient, db: Session) -> None:
    meeting_id, headers, _ = _record(client, db)
    document = _open(_download(client, headers, meeting_id))
    lines = _body(document)
    title = next(p for p in document.paragraphs if p.text == "BIÊN BẢN")
    assert title.runs[0].bold
    assert title.runs[0].font.size in (Pt(15), Pt(16))
    assert lines[:3] == ["BIÊN BẢN", "sinh hoạt chi bộ thường kỳ tháng 10 năm 2019", "-----"]
    assert lines[3] == (
        "Vào hồi 19 giờ 30 phút, ngày 05 tháng 10 năm 2019, tại Nhà văn hoá thôn Nà Noong, "
        "Chi bộ thôn Nà Noong tổ chức sinh hoạt chi bộ thường kỳ tháng 10 năm 2019."
    )
    text = "\n".join(lines)
    order = ["I. PHẦN MỞ ĐẦU", "II. PHẦN NỘI DUNG", "Ý KIẾN THẢO LUẬN", "III. PHẦN KẾT THÚC"]
    assert [text.index(heading) for heading in order] == sorted(text.index(h) for h in order)
    for line in (
        "- Chủ trì: đồng chí Hoàng Văn Tuấn.",
        "- Thư ký: đồng chí Lương Thị Hằng.",
        "- Đại biểu cấp trên dự: đồng chí Nông Văn Dũng, Đảng ủy viên, phụ trách thôn, Đảng ủy xã.",
        "- Có mặt: 14 đồng chí (chính thức: 13, dự bị: 1).",
        "- Vắng có lý do: 1 đồng chí, gồm: Vi Văn Phúc (Đi điều trị tại bệnh viện tỉnh).",
        "- Vắng không có lý do: 1 đồng chí, gồm: Lăng Văn Cường.",
        "- Tình hình thu nộp đảng phí: Đã thu đủ đảng phí tháng 9.",
        "1. Thông tin thời sự, phổ biến văn bản cấp trên",
        "- Đồng chí Nông Thị Lan: Đề nghị vận động các hộ khá giả hỗ trợ hộ nghèo mua thẻ bảo hiểm y tế.",
        "- Đồng chí Lục Văn Hải: Đề nghị sửa đường ngay sau khi tạnh mưa.",
        "- Đồng chí Nông Văn Dũng, Đảng ủy viên, phụ trách thôn: Ghi nhận kết quả thu hoạch.",
        "1. Hoàn thành vận động 2 hộ nghèo còn lại tham gia bảo hiểm y tế.",
        "Phân công: đồng chí Nông Thị Lan; thời hạn: 31/10/2019.",
        "2. Sửa chữa đường bê tông đoạn qua khe suối.",
        "Phân công: đồng chí Lục Văn Hải; thời hạn: 25/10/2019.",
        "- Biểu quyết thông qua kết luận (nghị quyết): 13/13 đồng chí chính thức có mặt tán thành"
        " (không tán thành: 0; không biểu quyết: 0).",
        "- Biểu quyết thông qua biên bản: 13/13 đồng chí chính thức có mặt tán thành"
        " (không tán thành: 0; không biểu quyết: 0).",
    ):
        assert line in lines, line
    assert lines[-1] == "- Buổi sinh hoạt kết thúc vào hồi 21 giờ 15 phút cùng ngày."
    assert text.index("1. Hoàn thành vận động") < text.index("III. PHẦN KẾT THÚC")
    assert "Biểu dương, nhắc nhở đảng viên" not in text, "an empty section prints no heading"
    assert "5. Nhiệm vụ tháng tới" in lines, "numbers run on over the empty sections"


def test_the_recorder_signs_left_and_the_chair_right(client: TestClient, db: Session) -> None:
    meeting_id, headers, _ = _record(client, db)
    document = _open(_download(client, headers, meeting_id))
    signatures = document.tables[-1]
    assert len(document.tables) == 2
    recorder, chair = _cell_lines(signatures, 0), _cell_lines(signatures, 1)
    assert (recorder[0], recorder[-1]) == ("THƯ KÝ", "Lương Thị Hằng")
    assert (chair[0], chair[-1]) == ("CHỦ TRÌ", "Hoàng Văn Tuấn")
    for cell in signatures.rows[0].cells:
        heading = cell.paragraphs[0]
        assert heading.runs[0].bold
        assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.element.body[-2].tag == qn("w:tbl"), "the signatures close the document"
    assert "(chữ ký)" not in "\n".join(_all_text(document)), "nothing is printed where they sign"
    # The last lines of the body go with the signatures: the block never stands alone on a page.
    last = [p for p in document.paragraphs if p.text][-2:]
    assert all(p.paragraph_format.keep_with_next for p in last)


def test_the_number_and_the_self_assessed_score_are_printed(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    meeting_id = _plan(client, headers, scene)
    body = {**october_minutes(scene), "number": "Số 05-BB/CB", "self_score": 86}
    body["sections"]["self_assessment"] = "Xếp loại Khá."
    saved = client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=body, headers=headers)
    assert saved.status_code == 200, saved.text
    stored = client.get(f"/api/v1/meetings/{meeting_id}", headers=headers).json()["minutes"]
    assert stored["number"] == "05-BB/CB"  # "Số" is the printed word, not part of the number
    document = _open(_download(client, headers, meeting_id))
    assert _cell_lines(document.tables[0], 0)[-1] == "Số 05-BB/CB"
    assert "- Tự chấm điểm chất lượng buổi sinh hoạt: 86 điểm; Xếp loại Khá." in _body(document)
    login(client, "bithu")
    printed = text_of(client.get(f"/meetings/{meeting_id}/print"))
    assert "Số 05-BB/CB" in printed and "86 điểm; Xếp loại Khá." in printed


def test_the_form_suggests_the_number_after_the_branchs_last_one(client: TestClient, db: Session) -> None:
    scene = na_noong(db)
    headers = api_headers(db, scene.secretary)
    october = _plan(client, headers, scene)
    body = {**october_minutes(scene), "number": "07-BB/CB"}
    assert client.put(f"/api/v1/meetings/{october}/minutes", json=body, headers=headers).status_code == 200
    november = plan_regular(client, headers, scene.units["na_noong"].id, period="2019-11")
    login(client, "bithu")
    form = client.get(f"/meetings/{november}/minutes").text
    assert 'placeholder="08-BB/CB"' in form
    assert 'placeholder="01-BB/CB"' in client.get(f"/meetings/{october}/minutes").text  # the first one


def test_every_text_of_the_file_is_nfc(client: TestClient, db: Session) -> None:
    meeting_id, headers, _ = _record(client, db)
    for text in _all_text(_open(_download(client, headers, meeting_id))):
        assert text == unicodedata.normalize("NFC", text), text


def test_a_new_version_of_the_minutes_changes_the_file(client: TestClient, db: Session) -> None:
    meeting_id, headers, body = _record(client, db)
    first = _download(client, headers, meeting_id)
    body["version"] = 1
    body["sections"]["news"] = "Phổ biến Kế hoạch tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025."
    body["ended_at"] = "2019-10-05T21:30:00+07:00"
    saved = client.put(f"/api/v1/meetings/{meeting_id}/minutes", json=body, headers=headers)
    assert saved.status_code == 200, saved.text
    second = _download(client, headers, meeting_id)
    assert second != first
    lines = _body(_open(second))
    assert "Phổ biến Kế hoạch tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025." in lines
    assert not any("thông tin tình hình thời sự" in line for line in lines)
    assert lines[-1] == "- Buổi sinh hoạt kết thúc vào hồi 21 giờ 30 phút cùng ngày."


def test_the_print_page_shows_the_same_document_in_the_same_order(client: TestClient, db: Session) -> None:
    meeting_id, headers, _ = _record(client, db)
    lines = _body(_open(_download(client, headers, meeting_id)))
    login(client, "bithu")
    response = client.get(f"/meetings/{meeting_id}/print")
    assert response.status_code == 200, response.text
    assert '<article class="document"' in response.text
    page = text_of(response)
    for fixed in (
        "ĐẢNG BỘ XÃ MINH PHÁT",
        "CHI BỘ THÔN NÀ NOONG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "THƯ KÝ",
        "CHỦ TRÌ",
    ):
        assert fixed in page
    positions = [page.index(" ".join(line.split())) for line in lines]
    assert positions == sorted(positions)


def test_libreoffice_opens_the_file_as_one_to_three_pages(
    client: TestClient, db: Session, tmp_path: Path
) -> None:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None:
        unavailable("LibreOffice (soffice)")
    if pdftotext is None:
        unavailable("pdftotext (poppler-utils)")
    assert soffice and pdftotext
    meeting_id, headers, _ = _record(client, db)
    source = tmp_path / "bien-ban.docx"
    source.write_bytes(_download(client, headers, meeting_id))
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    converted = subprocess.run(
        [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    pdf = tmp_path / "bien-ban.pdf"
    assert pdf.exists(), converted.stdout + converted.stderr
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFC", text)
    assert 1 <= text.count("\f") <= 3
    assert "BIÊN BẢN" in text
    assert "Nà Noong" in text
    assert "Vi Văn Phúc (Đi điều trị tại bệnh viện tỉnh)" in " ".join(text.split())


def test_a_thematic_layout_skips_empty_sections_and_leaves_nothing_out() -> None:
    view = MinutesView(
        superior="ĐẢNG BỘ XÃ KHUẤT XÁ",
        branch="CHI BỘ THÔN PÒ MÈO",
        place_date="Khuất Xá, ngày 05 tháng 02 năm 2025",
        summary="sinh hoạt chuyên đề quý I năm 2025",
        opening_line="",
        chair="Hoàng Văn A",
        recorder="",
        delegates=(),
        roll_call=("Có mặt: 9 đồng chí.",),
        sections=(
            SectionView("opening", "Khai mạc, nêu mục đích, yêu cầu", "opening", "text", ""),
            SectionView("presentation", "Trình bày chuyên đề", "content", "text", "Dòng một.\n\nDòng hai."),
            SectionView(
                "discussion", "Thảo luận chuyên đề", "content", "opinions", "", (Opinion("", "Ý kiến."),)
            ),
            SectionView("next_tasks", "Nhiệm vụ sau chuyên đề", "closing", "tasks", ""),
        ),
        evaluations=(TaskLine("Sửa đường", "Lục Văn B", "", "thực hiện một phần", "còn 50 m."),),
        tasks=(TaskLine("Viết bài thu hoạch", "Lục Văn B", ""),),
        votes=(),
        closing_line="",
        number="02-BB/CB",
    )
    document = _open(render(view))
    assert _cell_lines(document.tables[0], 0)[-1] == "Số 02-BB/CB"
    assert _body(document)[3:] == [
        "I. PHẦN MỞ ĐẦU",
        "- Chủ trì: đồng chí Hoàng Văn A.",
        "- Có mặt: 9 đồng chí.",
        "II. PHẦN NỘI DUNG",
        "1. Trình bày chuyên đề",
        "Dòng một.",
        "Dòng hai.",
        "THẢO LUẬN CHUYÊN ĐỀ",
        "- Ý kiến.",
        "- Sửa đường (đồng chí Lục Văn B): thực hiện một phần; còn 50 m.",
        "III. PHẦN KẾT THÚC",
        "- Nhiệm vụ sau chuyên đề:",
        "1. Viết bài thu hoạch.",
        "Phân công: đồng chí Lục Văn B.",
    ]
    assert _cell_lines(document.tables[-1], 0) == ["THƯ KÝ"]  # the space to sign is left empty
