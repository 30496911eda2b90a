"""Importing member lists as commune and district offices export them."""

from __future__ import annotations

import ast
import datetime as dt
import io
import random
import string
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from babel.messages.pofile import read_po

from minutes import clock
from minutes.i18n import language
from minutes.orgs import importer, spreadsheet
from minutes.orgs.importer import ImportPreview, MemberRow, parse_member_file
from tests.conftest import unavailable

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
SAMPLE = TESTS / "data" / "members-na-noong.csv"
SHARED_SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "members-na-noong.csv"
CATALOG = REPO / "minutes" / "locale" / "vi" / "LC_MESSAGES" / "orgs_import.po"
HEADER = "Họ và tên,Giới tính,Năm sinh,Ngày vào Đảng,Ngày chính thức,Trạng thái,Miễn sinh hoạt"
CP1258_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def sample_text() -> str:
    return SAMPLE.read_bytes().decode("utf-8-sig")


def csv_file(*lines: str) -> ImportPreview:
    return parse_member_file("\r\n".join(lines).encode(), "members.csv")


def windows_vietnamese(text: str) -> bytes:
    """Encode as Windows does in cp1258: shaped letters precomposed, tone marks combining."""
    out: list[str] = []
    for char in text:
        if char.encode("cp1258", errors="ignore"):
            out.append(char)
            continue
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(p for p in parts if p not in CP1258_TONE_MARKS)))
        out.extend(p for p in parts if p in CP1258_TONE_MARKS)
    return "".join(out).encode("cp1258")


def workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary(preview: ImportPreview) -> list[tuple[int, str, str, str]]:
    return [(p.line, p.column, p.value, p.message) for p in preview.problems]


def test_the_shipped_sample_is_a_byte_for_byte_copy_of_the_shared_one() -> None:
    if not SHARED_SAMPLE.exists():
        unavailable("the shared sample material next to this checkout (../shared/data)")
    assert SAMPLE.read_bytes() == SHARED_SAMPLE.read_bytes()


def test_commune_export_gives_six_members_and_names_the_four_broken_rows() -> None:
    preview = parse_member_file(SAMPLE.read_bytes(), "members-na-noong.csv")

    assert preview.encoding == "utf-8-sig"
    assert not preview.ok
    assert [row.line for row in preview.rows] == [1, 2, 3, 4, 5, 6]
    assert preview.rows[0] == MemberRow(
        1, "Hoàng Văn Tuấn", "male", 1968, dt.date(1995, 5, 12), dt.date(1996, 5, 12),
        "official", False,
    )  # fmt: skip
    thu, hung = preview.rows[3], preview.rows[4]
    assert (thu.full_name, thu.sex, thu.status, thu.official_on) == (
        "Vi Thị Thu", "female", "probationary", None,
    )  # fmt: skip
    assert (hung.full_name, hung.birth_year, hung.exempt) == ("Triệu Văn Hùng", 1941, True)
    assert summary(preview) == [
        (7, "Họ và tên", "", importer.NAME_MISSING),
        (8, "Năm sinh", "19x9", importer.YEAR_INVALID),
        (9, "Ngày vào Đảng, Ngày chính thức", "31/02/2015, 31/02/2016", importer.DATE_IMPOSSIBLE),
        (10, "Trạng thái", "Đã nghỉ", importer.STATUS_UNKNOWN),
    ]


def test_problems_read_in_english_with_the_row_and_the_value() -> None:
    preview = parse_member_file(SAMPLE.read_bytes(), "members-na-noong.csv")
    with language("en"):
        texts = [problem.text for problem in preview.problems]
    assert texts[1].startswith("Row 8: the year of birth «19x9» in column «Năm sinh»")
    assert str(clock.today().year) in texts[1]
    assert texts[3].startswith("Row 10: the status «Đã nghỉ» is not known.")


def test_problems_read_in_vietnamese_and_say_what_to_do() -> None:
    preview = parse_member_file(SAMPLE.read_bytes(), "members-na-noong.csv")
    with language("vi"):
        assert preview.problems[2].text == (
            "Dòng 9: ngày «31/02/2015, 31/02/2016» ở cột «Ngày vào Đảng, Ngày chính thức»"
            " không có thật. Hãy sửa thành ngày đúng theo dạng ngày/tháng/năm."
        )


def test_every_message_has_a_vietnamese_translation_with_the_same_placeholders() -> None:
    tree = ast.parse(Path(importer.__file__).read_text(encoding="utf-8"))
    message_ids = [
        str(node.args[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_"
        if isinstance(node.args[0], ast.Constant)
    ]
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="vi")

    def placeholders(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert len(message_ids) == 18
    for message_id in message_ids:
        message = catalog.get(message_id)
        assert message is not None and message.string and not message.fuzzy, message_id
        assert placeholders(str(message.string)) == placeholders(message_id), message_id


def test_list_saved_in_the_windows_vietnamese_code_page_reads_the_same() -> None:
    content = windows_vietnamese(sample_text())
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    preview = parse_member_file(content, "members-na-noong.csv")
    original = parse_member_file(SAMPLE.read_bytes(), "members-na-noong.csv")

    assert preview.encoding == "cp1258"
    assert preview.rows == original.rows
    assert summary(preview) == summary(original)
    assert all(unicodedata.is_normalized("NFC", row.full_name) for row in preview.rows)


def test_list_typed_with_decomposed_accents_is_stored_composed() -> None:
    content = unicodedata.normalize("NFD", sample_text()).encode()
    preview = parse_member_file(content, "members-na-noong.csv")

    assert preview.rows == parse_member_file(SAMPLE.read_bytes(), "x.csv").rows
    assert preview.rows[1].full_name == unicodedata.normalize("NFC", "Lương Thị Hằng")


def test_excel_workbook_with_a_title_real_dates_and_numeric_years() -> None:
    content = workbook(
        ["DANH SÁCH ĐẢNG VIÊN CHI BỘ BẢN NÀ NOONG"],
        [],
        ["STT", *HEADER.split(",")],
        [1, "Hoàng Văn Tuấn", "Nam", 1968, dt.datetime(1995, 5, 12), dt.date(1996, 5, 12),
         "Chính thức", None],
        [2, "  Vi   Thị Thu ", "nữ", 1996.0, dt.date(2019, 2, 3), None, "DB", "x"],
        [],
        [4, "Triệu Văn Hùng", "NAM", "1941", "1/9/1965", "01/09/1966", "CT", "Có"],
    )  # fmt: skip
    preview = parse_member_file(content, "DanhSach.XLSX")

    assert preview.ok and preview.encoding == "xlsx"
    assert [(r.line, r.full_name) for r in preview.rows] == [
        (1, "Hoàng Văn Tuấn"), (2, "Vi Thị Thu"), (4, "Triệu Văn Hùng"),
    ]  # fmt: skip
    assert preview.rows[0].joined_on == dt.date(1995, 5, 12)
    assert preview.rows[0].official_on == dt.date(1996, 5, 12)
    assert (preview.rows[1].birth_year, preview.rows[1].status) == (1996, "probationary")
    assert preview.rows[1].exempt and preview.rows[2].exempt
    assert preview.rows[2].joined_on == dt.date(1965, 9, 1)


def test_excel_set_to_vietnamese_regional_settings_separates_with_semicolons() -> None:
    content = "\n".join([HEADER.replace(",", ";"), "Nông Thị Lan;Nữ;1979;19/05/2004;;Dự bị;"])
    preview = parse_member_file(content.encode(), "members.csv")

    assert preview.ok and preview.encoding == "utf-8"
    assert preview.rows[0].full_name == "Nông Thị Lan"
    assert preview.rows[0].joined_on == dt.date(2004, 5, 19)


def test_headings_written_differently_are_recognised() -> None:
    preview = csv_file(
        "STT, HỌ TÊN ,  gioi   tinh ,Ngày sinh,Ngày vào Đảng (dd/mm/yyyy),Tình trạng,Ghi chú",
        "(1),(2),(3),(4),(5),(6),(7)",
        "1,Lý Văn Sơn,nam,05/06/1970,2-3-2000,chinh thuc,chuyển đến 2020",
    )
    assert preview.ok, summary(preview)
    assert preview.rows == (
        MemberRow(2, "Lý Văn Sơn", "male", 1970, dt.date(2000, 3, 2), None, "official", False),
    )


def test_file_without_a_status_column_is_refused_with_the_expected_headings() -> None:
    preview = csv_file("Họ và tên,Giới tính", "Hoàng Văn Tuấn,Nam")

    assert preview.rows == ()
    assert summary(preview) == [(0, "Trạng thái", "", importer.MISSING_COLUMNS)]
    with language("en"):
        assert "Họ và tên, Giới tính, Năm sinh" in preview.problems[0].text


def test_file_without_any_known_heading_names_both_missing_columns() -> None:
    preview = csv_file("Tên,Tuổi", "Tuấn,57")
    assert summary(preview) == [(0, "Họ và tên, Trạng thái", "", importer.MISSING_COLUMNS)]


def test_file_with_headings_but_no_members_asks_for_members() -> None:
    preview = csv_file(HEADER, "", ",,,,,,")
    assert not preview.ok
    assert summary(preview) == [(0, "", "", importer.NO_MEMBERS)]


@pytest.mark.parametrize(
    ("content", "filename"),
    [(b"", "members.csv"), (b"\xef\xbb\xbf\r\n \r\n", "members.csv"), (b"", "members.xlsx")],
)
def test_empty_file_is_refused_with_advice(content: bytes, filename: str) -> None:
    preview = parse_member_file(content, filename)
    assert not preview.ok
    assert [(p.line, p.message) for p in preview.problems] == [(0, importer.EMPTY_FILE)]


def test_empty_workbook_is_refused_with_advice() -> None:
    preview = parse_member_file(workbook(), "members.xlsx")
    assert [(p.line, p.message) for p in preview.problems] == [(0, importer.EMPTY_FILE)]


@pytest.mark.parametrize("filename", ["members.xlsx", "members.csv"])
def test_garbage_bytes_are_reported_as_an_unreadable_file(filename: str) -> None:
    garbage = random.Random(1930).randbytes(4096)
    preview = parse_member_file(garbage, filename)
    assert [(p.line, p.message) for p in preview.problems] == [(0, importer.UNREADABLE)]


@pytest.mark.parametrize("filename", ["members.pdf", "members.xls", "members"])
def test_other_file_types_are_refused_with_advice(filename: str) -> None:
    preview = parse_member_file(b"%PDF-1.4 something", filename)
    assert [(p.line, p.message) for p in preview.problems] == [(0, importer.UNSUPPORTED_TYPE)]


def test_pasted_ten_thousand_character_name_is_refused_without_flooding_the_message() -> None:
    preview = csv_file(HEADER, "x" * 10_000 + ",Nam,1970,,,Chính thức,", "y" * 200 + ",,,,,CT,")

    assert [row.line for row in preview.rows] == [2]
    [problem] = preview.problems
    assert (problem.line, problem.message, problem.params["length"]) == (
        1, importer.NAME_TOO_LONG, 10_000,
    )  # fmt: skip
    with language("en"):
        assert len(problem.text) < 300


def test_row_with_several_problems_lists_each_of_them() -> None:
    preview = csv_file(HEADER, ",Nữa,1899,12/13/2001,01/01/1925,Nghỉ,Có thể")

    assert [(p.column, p.message) for p in preview.problems] == [
        ("Họ và tên", importer.NAME_MISSING),
        ("Giới tính", importer.SEX_UNKNOWN),
        ("Năm sinh", importer.YEAR_INVALID),
        ("Ngày vào Đảng", importer.DATE_IMPOSSIBLE),
        ("Ngày chính thức", importer.DATE_OUT_OF_RANGE),
        ("Trạng thái", importer.STATUS_UNKNOWN),
        ("Miễn sinh hoạt", importer.EXEMPT_UNKNOWN),
    ]


@pytest.mark.parametrize(
    ("joined", "official", "message"),
    [
        ("12/05/95", "", importer.DATE_UNREADABLE),
        ("hôm qua", "", importer.DATE_UNREADABLE),
        ("29/02/2023", "", importer.DATE_IMPOSSIBLE),
        ((clock.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y"), "", importer.DATE_OUT_OF_RANGE),
        ("12/05/2000", "11/05/2000", importer.OFFICIAL_BEFORE_JOINED),
    ],
)
def test_dates_that_cannot_be_right_are_refused(joined: str, official: str, message: str) -> None:
    preview = csv_file(HEADER, f"Hoàng Văn Tuấn,Nam,1968,{joined},{official},Chính thức,")
    assert [p.message for p in preview.problems] == [message]


def test_short_day_month_and_leap_day_dates_are_accepted() -> None:
    preview = csv_file(HEADER, "Hoàng Văn Tuấn,Nam,1968,1/2/2004,29/02/2008 00:00:00,CT,")
    assert (preview.rows[0].joined_on, preview.rows[0].official_on) == (
        dt.date(2004, 2, 1), dt.date(2008, 2, 29),
    )  # fmt: skip


@pytest.mark.parametrize("year", ["1899", str(clock.today().year + 1), "68", "1968.5"])
def test_years_of_birth_out_of_range_or_malformed_are_refused(year: str) -> None:
    preview = csv_file(HEADER, f"Hoàng Văn Tuấn,Nam,{year},,,Chính thức,")
    assert [(p.value, p.message) for p in preview.problems] == [(year, importer.YEAR_INVALID)]


def test_missing_status_is_asked_for() -> None:
    preview = csv_file(HEADER, "Hoàng Văn Tuấn,Nam,1968,,,,")
    assert [p.message for p in preview.problems] == [importer.STATUS_MISSING]


def test_blank_lines_are_skipped_and_row_numbers_still_match_the_file() -> None:
    preview = csv_file(HEADER, "A Văn B,Nam,,,,CT,", "", " , ,", "C Thị D,Nữ,,,,DB,", "")
    assert [(row.line, row.full_name) for row in preview.rows] == [(1, "A Văn B"), (4, "C Thị D")]
    assert preview.ok


def test_a_list_of_more_rows_than_any_member_list_is_refused_with_advice() -> None:
    rows = "Họ và tên,Trạng thái\n" + "Hoàng Văn Tuấn,Chính thức\n" * (spreadsheet.MAX_ROWS + 1)
    preview = importer.parse_member_file(rows.encode(), "danh-sach.csv")
    assert not preview.ok
    assert [problem.message for problem in preview.problems] == [importer.TOO_MANY_ROWS]
