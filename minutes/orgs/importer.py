"""Read member lists as commune and district offices export them (CSV or Excel).

Pure parsing: bytes in, an ImportPreview out; nothing is stored. Every fault the user can
fix becomes a RowProblem whose message says what to do; no input makes this module raise.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import PurePath
from typing import Literal, TypeVar

from minutes import clock
from minutes.i18n import N_, fold, short_date, translate
from minutes.orgs import spreadsheet
from minutes.orgs.spreadsheet import Cell

Sex = Literal["male", "female"]
Status = Literal["official", "probationary"]
T = TypeVar("T")
_log = logging.getLogger(__name__)

MAX_NAME_LENGTH = 200
SHOWN_VALUE_LENGTH = 60  # a pasted paragraph must not flood the problem list
PARTY_FOUNDED = dt.date(1930, 2, 3)  # nobody joined the Party before it existed
HEADER_SEARCH_ROWS = 20  # exports often put the branch name and a title above the headings
EXPECTED_HEADINGS = (
    "Họ và tên, Giới tính, Năm sinh, Ngày vào Đảng, Ngày chính thức, Trạng thái, Miễn sinh hoạt"
)
REQUIRED_COLUMNS = {"full_name": "Họ và tên", "status": "Trạng thái"}

TOO_MANY_ROWS = N_(
    "The file holds more than {limit} rows, or unpacks far larger than a member list. "
    "Upload only the member list of one branch, one member per row."
)
TOO_LARGE = N_("The file is larger than 2 MB. Upload only the member list of one branch.")
EMPTY_FILE = N_(
    "The file is empty. Choose the member list exported from Excel (.xlsx or .csv) and try again."
)
UNSUPPORTED_TYPE = N_(
    "Files of type «{value}» cannot be read. In Excel, save the member list as"
    " .xlsx or as CSV UTF-8 (.csv) and upload that file."
)
UNREADABLE = N_(
    "The file cannot be read: it is damaged or is not really a «{value}» file. Open it"
    " in Excel, save it again as .xlsx or CSV UTF-8 (.csv) and upload it again."
)
MISSING_COLUMNS = N_(
    "The file has no column «{column}». Put the column headings in one row above the members: {headings}."
)
NO_MEMBERS = N_("The file has column headings but no members below them. Add one member per row.")
NAME_MISSING = N_(
    "Row {line}: the full name is missing. Write the member's full name in column"
    " «{column}» or delete the row."
)
NAME_TOO_LONG = N_(
    "Row {line}: the name in column «{column}» has {length} characters, more than"
    " the {limit} allowed. Keep only the member's full name."
)
SEX_UNKNOWN = N_(
    "Row {line}: the sex «{value}» is not understood. Write Nam or Nữ in column"
    " «{column}», or leave it empty."
)
YEAR_INVALID = N_(
    "Row {line}: the year of birth «{value}» in column «{column}» is not valid. Write"
    " the year with four digits, between 1900 and {this_year}, for example 1975."
)
DATE_UNREADABLE = N_(
    "Row {line}: «{value}» in column «{column}» is not a date. Write it as"
    " day/month/year, for example 03/02/2015."
)
DATE_IMPOSSIBLE = N_(
    "Row {line}: the date «{value}» in column «{column}» does not exist. Correct it"
    " to a real date written day/month/year."
)
DATE_OUT_OF_RANGE = N_(
    "Row {line}: the date «{value}» in column «{column}» is not possible. It must"
    " lie between 03/02/1930, when the Party was founded, and today."
)
OFFICIAL_BEFORE_JOINED = N_(
    "Row {line}: the date «{value}» in column «{column}» comes before the"
    " date of joining the Party. Check both dates."
)
STATUS_MISSING = N_("Row {line}: the status is missing. Write Chính thức or Dự bị in column «{column}».")
STATUS_UNKNOWN = N_(
    "Row {line}: the status «{value}» is not known. Write Chính thức or Dự bị. A"
    " member excused from meetings for age or health stays Chính thức, with Có in"
    " column Miễn sinh hoạt; a member who moved away or left the Party must be"
    " removed from the list."
)
EXEMPT_UNKNOWN = N_(
    "Row {line}: «{value}» in column «{column}» is not understood. Write Có (or x)"
    " if the member is excused from meetings, otherwise Không or leave it empty."
)

HEADING_ALIASES = {
    "ho va ten": "full_name", "ho ten": "full_name", "ho va ten dang vien": "full_name",
    "gioi tinh": "sex", "gioi": "sex", "nam nu": "sex",
    "nam sinh": "birth_year", "ngay sinh": "birth_year", "ngay thang nam sinh": "birth_year",
    "ngay vao dang": "joined_on", "ngay ket nap": "joined_on", "ngay ket nap dang": "joined_on",
    "ngay chinh thuc": "official_on", "ngay cong nhan chinh thuc": "official_on",
    "ngay chuyen chinh thuc": "official_on",
    "trang thai": "status", "tinh trang": "status", "loai dang vien": "status",
    "mien sinh hoat": "exempt", "mien sh": "exempt",
}  # fmt: skip
SEXES: dict[str, Sex | None] = {"nam": "male", "nu": "female", "": None}
STATUSES: dict[str, Status] = {
    "chinh thuc": "official", "ct": "official", "dang vien chinh thuc": "official",
    "du bi": "probationary", "db": "probationary", "dang vien du bi": "probationary",
}  # fmt: skip
EXEMPT_ANSWERS = {"co": True, "x": True, "khong": False, "": False}
DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


@dataclass(frozen=True)
class MemberRow:
    """One member read from the file, ready to be shown for confirmation."""

    line: int
    full_name: str
    sex: Sex | None
    birth_year: int | None
    joined_on: dt.date | None
    official_on: dt.date | None
    status: Status
    exempt: bool


@dataclass(frozen=True)
class RowProblem:
    """One fault the user must fix; ``line`` 0 concerns the whole file."""

    line: int
    column: str
    value: str
    message: str
    params: dict[str, object] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """Return the problem in the current language with its placeholders filled."""
        fields = {"line": self.line, "column": self.column, "value": self.value}
        return translate(self.message, **fields, **self.params)


@dataclass(frozen=True)
class ImportPreview:
    """What an import would bring in: the good rows, every problem, the encoding read."""

    rows: tuple[MemberRow, ...]
    problems: tuple[RowProblem, ...]
    encoding: str

    @property
    def ok(self) -> bool:
        """Tell whether the file can be imported as it is."""
        return not self.problems and bool(self.rows)


class _Bad(Exception):
    """A cell value that breaks a rule; becomes a RowProblem."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message, self.params = message, params


def parse_member_file(content: bytes, filename: str) -> ImportPreview:
    """Read a member list (.csv or .xlsx) into rows and problems, never raising."""
    suffix = PurePath(filename).suffix.lower()
    if not content.strip():
        return _file_problem(EMPTY_FILE)
    if suffix not in (".csv", ".xlsx"):
        return _file_problem(UNSUPPORTED_TYPE, value=suffix or filename)
    try:
        table, encoding = (
            spreadsheet.read_xlsx(content) if suffix == ".xlsx" else spreadsheet.read_csv(content)
        )
    except spreadsheet.TooBig:
        return _file_problem(TOO_MANY_ROWS, value=suffix, limit=spreadsheet.MAX_ROWS)
    except Exception:  # a damaged upload of any kind must become advice, not a server error
        _log.info("unreadable member file %r", filename, exc_info=True)
        return _file_problem(UNREADABLE, value=suffix)
    return _parse_table(table, encoding)


def _file_problem(
    message: str, encoding: str = "", *, column: str = "", value: str = "", **params: object
) -> ImportPreview:
    return ImportPreview((), (RowProblem(0, column, value, message, params),), encoding)


def _parse_table(table: list[list[Cell]], encoding: str) -> ImportPreview:
    cleaned = [[spreadsheet.tidy(cell) for cell in row] for row in table]
    filled = [index for index, row in enumerate(cleaned) if any(row)]
    if not filled:
        return _file_problem(EMPTY_FILE, encoding)
    header_at = next(
        (i for i in filled[:HEADER_SEARCH_ROWS] if "full_name" in _columns(cleaned[i])), filled[0]
    )
    columns, headings = _columns(cleaned[header_at]), cleaned[header_at]
    missing = [label for key, label in REQUIRED_COLUMNS.items() if key not in columns]
    if missing:
        return _file_problem(MISSING_COLUMNS, encoding, column=", ".join(missing), headings=EXPECTED_HEADINGS)
    names = {key: str(headings[index]) for key, index in columns.items()}
    rows: list[MemberRow] = []
    problems: list[RowProblem] = []
    # Blank rows keep their number so that "row 9" is the ninth row under the headings;
    # columns this import does not know (STT, notes) are ignored.
    for line, cells in enumerate(cleaned[header_at + 1 :], start=1):
        values = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        if not _holds_no_member(values):
            row, row_problems = _parse_row(line, values, names)
            rows.extend([row] if row else [])
            problems.extend(row_problems)
    if not rows and not problems:
        return _file_problem(NO_MEMBERS, encoding)
    return ImportPreview(tuple(rows), tuple(problems), encoding)


def _holds_no_member(values: dict[str, Cell]) -> bool:
    """Tell blank rows and the "(1) (2) (3)" column numbering of official forms."""
    filled = [value for value in values.values() if value != ""]
    return all(isinstance(value, str) and COLUMN_NUMBER.fullmatch(value) for value in filled)


def _fold(text: str) -> str:
    """Folded text with its white space collapsed, for matching headings and answers."""
    return " ".join(fold(text).split())


def _columns(header: Sequence[Cell]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        if isinstance(heading, str):
            # "Ngày vào Đảng (dd/mm/yyyy)" and "Nam/Nữ" should match too
            words = re.sub(r"\W+", " ", re.sub(r"\(.*?\)", " ", heading))
            if key := HEADING_ALIASES.get(_fold(words)):
                columns.setdefault(key, index)
    return columns


def _parse_row(
    line: int, cells: dict[str, Cell], headings: dict[str, str]
) -> tuple[MemberRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def read(key: str, parse: Callable[[Cell], T], fallback: T) -> T:
        try:
            return parse(cells.get(key, ""))
        except _Bad as bad:
            shown = _shown(cells.get(key, ""))
            problems.append(RowProblem(line, headings[key], shown, bad.message, bad.params))
            return fallback

    full_name = read("full_name", _parse_name, "")
    sex = read("sex", partial(_choice, answers=SEXES, message=SEX_UNKNOWN), None)
    birth_year = read("birth_year", _parse_birth_year, None)
    joined_on = read("joined_on", _parse_party_date, None)
    official_on = read("official_on", _parse_party_date, None)
    status: Status = read("status", _parse_status, "official")
    exempt = read("exempt", partial(_choice, answers=EXEMPT_ANSWERS, message=EXEMPT_UNKNOWN), False)
    if joined_on and official_on and official_on < joined_on:
        column, shown = headings["official_on"], short_date(official_on)
        problems.append(RowProblem(line, column, shown, OFFICIAL_BEFORE_JOINED))
    if problems:
        return None, _merge_repeated(problems)
    return MemberRow(line, full_name, sex, birth_year, joined_on, official_on, status, exempt), []


def _merge_repeated(problems: list[RowProblem]) -> list[RowProblem]:
    """Report the same fault in several columns of a row once, naming every column."""
    merged: dict[str, RowProblem] = {}
    for problem in problems:
        if first := merged.get(problem.message):
            column, value = f"{first.column}, {problem.column}", f"{first.value}, {problem.value}"
            merged[problem.message] = replace(first, column=column, value=value)
        else:
            merged[problem.message] = problem
    return list(merged.values())


def _shown(value: Cell) -> str:
    text = _text(value)
    return text if len(text) <= SHOWN_VALUE_LENGTH else text[: SHOWN_VALUE_LENGTH - 1] + "…"


def _text(value: Cell) -> str:
    return short_date(value) if isinstance(value, dt.date) else value


def _parse_name(value: Cell) -> str:
    name = _text(value)
    if not name:
        raise _Bad(NAME_MISSING)
    if len(name) > MAX_NAME_LENGTH:
        raise _Bad(NAME_TOO_LONG, length=len(name), limit=MAX_NAME_LENGTH)
    return name


def _choice(value: Cell, answers: dict[str, T], message: str) -> T:
    """Accept one of a few answers, written in any case, with or without diacritics."""
    answer = _fold(_text(value))
    if answer not in answers:
        raise _Bad(message)
    return answers[answer]


def _parse_birth_year(value: Cell) -> int | None:
    """Keep only the year, even from a full date of birth: the minutes need no more."""
    this_year = clock.today().year
    if value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value):
        year = int(value)
    else:
        try:
            year = _to_date(value).year
        except _Bad:
            raise _Bad(YEAR_INVALID, this_year=this_year) from None
    if not 1900 <= year <= this_year:
        raise _Bad(YEAR_INVALID, this_year=this_year)
    return year


def _to_date(value: Cell) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if match := DAY_FIRST_DATE.fullmatch(value):
        day, month, year = match.groups()
    elif match := ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    else:
        raise _Bad(DATE_UNREADABLE)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise _Bad(DATE_IMPOSSIBLE) from None


def _parse_party_date(value: Cell) -> dt.date | None:
    if value == "":
        return None
    date = _to_date(value)
    if not PARTY_FOUNDED <= date <= clock.today():
        raise _Bad(DATE_OUT_OF_RANGE)
    return date


def _parse_status(value: Cell) -> Status:
    if value == "":
        raise _Bad(STATUS_MISSING)
    return _choice(value, STATUSES, STATUS_UNKNOWN)


def too_large() -> ImportPreview:
    """The answer for an upload over the size limit."""
    return _file_problem(TOO_LARGE)


def as_fields(preview: ImportPreview) -> list[dict[str, object]]:
    """The good rows as member fields for the service."""
    return [
        {
            "full_name": row.full_name,
            "sex": row.sex,
            "birth_year": row.birth_year,
            "joined_on": row.joined_on,
            "official_on": row.official_on,
            "status": row.status,
            "exempt": row.exempt,
        }
        for row in preview.rows
    ]
