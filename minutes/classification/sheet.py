"""Read a spreadsheet of member classifications (CSV or Excel) and match its rows: pure.

Columns: Họ và tên and/or Mã đảng viên (the member's id here), Xếp loại (the level in
Vietnamese, with or without diacritics), Điểm, Ghi chú. Every fault becomes a RowProblem
naming the row; the reading of files is the member import's (minutes.orgs.importer).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from minutes.classification import rules
from minutes.i18n import N_, short_date, translate
from minutes.orgs import importer, spreadsheet
from minutes.orgs.importer import RowProblem
from minutes.orgs.models import Member, OrgUnit
from minutes.orgs.spreadsheet import Cell

_log = logging.getLogger(__name__)

EXPECTED_HEADINGS = "Mã đảng viên hoặc Họ và tên, Xếp loại, Điểm, Ghi chú"
HEADING_ALIASES = {
    "ho va ten": "full_name", "ho ten": "full_name", "ho va ten dang vien": "full_name",
    "ma dang vien": "member_id", "ma dv": "member_id", "ma": "member_id", "id": "member_id",
    "xep loai": "level", "xep loai chat luong": "level", "muc xep loai": "level",
    "ket qua xep loai": "level", "muc do xep loai": "level",
    "diem": "points", "tong diem": "points", "diem danh gia": "points", "so diem": "points",
    "ghi chu": "note", "ly do": "note",
}  # fmt: skip
WHOLE_NUMBER = re.compile(r"(\d{1,3})(?:[.,]0+)?")

MISSING_COLUMNS = N_(
    "The file needs a column «Xếp loại» and a column «Họ và tên» or «Mã đảng viên». Put the"
    " column headings in one row above the members: {headings}."
)
WHO_MISSING = N_("Row {line}: write the member's full name or code (Mã đảng viên).")
CODE_INVALID = N_(
    "Row {line}: the code «{value}» in column «{column}» is not a number. Copy the code from the member list."
)
POINTS_INVALID = N_(
    "Row {line}: the points «{value}» in column «{column}» are not a whole number from 0 to 100."
)
LEVEL_UNKNOWN = N_(
    "Row {line}: the level «{value}» is not known. Write one of: Hoàn thành xuất sắc nhiệm vụ,"
    " Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ, Không đánh giá."
)
ROW_RULE = N_("Row {line}: {problem}")
NO_MEMBER_WITH_CODE = N_(
    "Row {line}: no member with the code {value} is listed in this unit. Copy the code from the unit's member list."
)
NO_MEMBER_NAMED = N_(
    "Row {line}: no member named «{value}» is listed in this unit. Check the spelling, or add the column Mã đảng viên."
)
SEVERAL_NAMED = N_(
    "Row {line}: several members are named «{value}» in this unit. Add the column Mã đảng viên to tell them apart."
)
CODE_OF_ANOTHER = N_("Row {line}: the code {code} belongs to {name}, not to «{value}». Check the row.")
TWICE = N_("Row {line}: this member is already on row {first}. Keep one row per member.")
NOT_YOURS = N_(
    "Row {line}: {name} belongs to {branch}, whose members you do not classify. Remove the row: the committee above {branch} classifies them."
)


@dataclass(frozen=True)
class ClassificationRow:
    """One member's classification as read from the file (not yet matched to a member)."""

    line: int
    member_id: int | None
    full_name: str
    level: str
    points: int | None
    note: str | None
    suggested: bool  # the level came from the points: the file left Xếp loại empty


@dataclass(frozen=True)
class ParsedFile:
    """The rows that read well and every problem, file-wide ones at line 0."""

    rows: tuple[ClassificationRow, ...]
    problems: tuple[RowProblem, ...]


def parse_file(content: bytes, filename: str, bands: rules.Bands = rules.BANDS) -> ParsedFile:
    """Read a classification sheet (.csv or .xlsx) into rows and problems, never raising."""
    suffix = PurePath(filename).suffix.lower()
    if not content.strip():
        return _file_problem(importer.EMPTY_FILE)
    if suffix not in (".csv", ".xlsx"):
        return _file_problem(importer.UNSUPPORTED_TYPE, value=suffix or filename)
    try:
        # The member import's readers: encodings, Excel quirks, NFC (private, shared on purpose).
        table, _ = spreadsheet.read_xlsx(content) if suffix == ".xlsx" else spreadsheet.read_csv(content)
    except Exception:  # a damaged upload of any kind must become advice, not a server error
        _log.info("unreadable classification file %r", filename, exc_info=True)
        return _file_problem(importer.UNREADABLE, value=suffix)
    return _parse_table([[spreadsheet.tidy(cell) for cell in row] for row in table], bands)


def _file_problem(message: str, *, value: str = "", **params: object) -> ParsedFile:
    return ParsedFile((), (RowProblem(0, "", value, message, params),))


def _columns(header: list[Cell]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        if isinstance(heading, str) and (
            key := HEADING_ALIASES.get(rules.fold(re.sub(r"\(.*?\)", " ", heading)))
        ):
            columns.setdefault(key, index)
    return columns


def _usable(columns: dict[str, int]) -> bool:
    return "level" in columns and ("full_name" in columns or "member_id" in columns)


def _parse_table(table: list[list[Cell]], bands: rules.Bands) -> ParsedFile:
    filled = [index for index, row in enumerate(table) if any(row)]
    header_at = next((i for i in filled[: importer.HEADER_SEARCH_ROWS] if _usable(_columns(table[i]))), None)
    if header_at is None:
        return _file_problem(MISSING_COLUMNS, headings=EXPECTED_HEADINGS)
    columns = _columns(table[header_at])
    headings = {key: str(table[header_at][index]) for key, index in columns.items()}
    rows: list[ClassificationRow] = []
    problems: list[RowProblem] = []
    # Blank rows keep their number, so that "row 9" is the ninth row under the headings.
    for line, cells in enumerate(table[header_at + 1 :], start=1):
        values = {key: _text(cells[index]) if index < len(cells) else "" for key, index in columns.items()}
        if not any(values.values()) or all(importer.COLUMN_NUMBER.fullmatch(v) for v in values.values() if v):
            continue
        row, row_problems = _parse_row(line, values, headings, bands)
        rows.extend([row] if row else [])
        problems.extend(row_problems)
    if not rows and not problems:
        return _file_problem(importer.NO_MEMBERS)
    return ParsedFile(tuple(rows), tuple(problems))


def _text(value: Cell) -> str:
    return value if isinstance(value, str) else short_date(value)


def _parse_row(
    line: int, values: dict[str, str], headings: dict[str, str], bands: rules.Bands
) -> tuple[ClassificationRow | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def bad(key: str, message: str, **params: object) -> None:
        shown = values.get(key, "")[: importer.SHOWN_VALUE_LENGTH]
        problems.append(RowProblem(line, headings.get(key, ""), shown, message, params))

    full_name, code = values.get("full_name", ""), values.get("member_id", "")
    if not full_name and not code:
        bad("full_name", WHO_MISSING)
    elif code and not code.isdigit():
        bad("member_id", CODE_INVALID)
    points, points_ok = _points(values.get("points", ""))
    if not points_ok:
        bad("points", POINTS_INVALID)
    raw_level = values.get("level", "")
    level = rules.parse_level(raw_level) if raw_level else None
    if raw_level and level is None:
        bad("level", LEVEL_UNKNOWN)
    suggested = not raw_level and points is not None
    if suggested and points is not None:
        level = rules.suggest_level(points, bands)
    note = rules.clean_note(values.get("note"))
    if not problems:
        for detail in rules.problems(level=level, points=points, note=note, bands=bands):
            bad(detail["field"], ROW_RULE, problem=translate(detail["message"], **detail["params"]))
    if problems or level is None:
        return None, problems
    member_id = int(code) if code else None
    return ClassificationRow(line, member_id, full_name, level, points, note, suggested), []


def _points(text: str) -> tuple[int | None, bool]:
    """The points as a whole number (None if empty) and whether they read well ("92,0" is 92)."""
    if not text:
        return None, True
    match = WHOLE_NUMBER.fullmatch(text)
    if match is None or int(match.group(1)) > rules.MAX_POINTS:
        return None, False
    return int(match.group(1)), True


@dataclass(frozen=True)
class ImportLine:
    """A row of the sheet matched to a member and their branch that year."""

    row: ClassificationRow
    member: Member
    branch: OrgUnit


@dataclass(frozen=True)
class ImportPreview:
    """What an import would write: the matched rows and every problem (nothing is written with one)."""

    lines: tuple[ImportLine, ...]
    problems: tuple[RowProblem, ...]

    @property
    def ok(self) -> bool:
        """Whether the sheet can be written as it is."""
        return not self.problems and bool(self.lines)


def too_large() -> ImportPreview:
    """The answer for an upload over the size limit."""
    return ImportPreview((), (RowProblem(0, "", "", importer.TOO_LARGE),))


def match_rows(
    rows: tuple[ClassificationRow, ...],
    members: list[Member],
    *,
    branch_of: Callable[[Member], OrgUnit | None],
    allowed: Callable[[OrgUnit], bool],
) -> tuple[list[ImportLine], list[RowProblem]]:
    """Match rows to members by code, else by name; name every row that matches none, several,
    one already matched, or a member whose branch that year the importer does not decide on."""
    by_id = {listed.id: listed for listed in members}
    by_name: dict[str, list[Member]] = {}
    for listed in members:
        by_name.setdefault(rules.fold(listed.full_name), []).append(listed)
    lines: list[ImportLine] = []
    problems: list[RowProblem] = []
    seen: dict[int, int] = {}
    for row in rows:
        member, problem = _member_for(row, by_id, by_name)
        branch = branch_of(member) if member else None
        if member is not None and member.id in seen:
            problem = RowProblem(row.line, "", "", TWICE, {"first": seen[member.id]})
        elif member is not None and branch is not None and not allowed(branch):
            problem = RowProblem(
                row.line, "", "", NOT_YOURS, {"name": member.full_name, "branch": branch.name}
            )
        if problem is not None:
            problems.append(problem)
        elif member is not None and branch is not None:
            seen[member.id] = row.line
            lines.append(ImportLine(row, member, branch))
    return lines, problems


def _member_for(
    row: ClassificationRow, by_id: dict[int, Member], by_name: dict[str, list[Member]]
) -> tuple[Member | None, RowProblem | None]:
    if row.member_id is not None:
        member = by_id.get(row.member_id)
        if member is None:
            return None, RowProblem(row.line, "", str(row.member_id), NO_MEMBER_WITH_CODE)
        if row.full_name and rules.fold(row.full_name) != rules.fold(member.full_name):
            params = {"code": member.id, "name": member.full_name}
            return None, RowProblem(row.line, "", row.full_name, CODE_OF_ANOTHER, params)
        return member, None
    named = by_name.get(rules.fold(row.full_name), [])
    if len(named) != 1:
        return None, RowProblem(row.line, "", row.full_name, SEVERAL_NAMED if named else NO_MEMBER_NAMED)
    return named[0], None
