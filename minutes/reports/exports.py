"""Reports as files offices open: CSV (UTF-8 with a byte-order mark, for Excel) and XLSX."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by Excel and LibreOffice: a task title
# or a name typed as "=HYPERLINK(...)" must arrive as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def _inert(value: Any) -> Any:
    """A value as it goes into a CSV cell: text that would start a formula gets a leading apostrophe,
    a date reads as offices write it (05/02/2025)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A CSV file Excel opens with its Vietnamese intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_inert(value) for value in row] for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """An Excel workbook with one sheet: a bold header row, frozen, with a filter on every column;
    dates as dates. Written row by row (openpyxl's write-only mode), in time proportional to the rows."""
    book = Workbook(write_only=True)
    sheet: Any = book.create_sheet(title[:31])
    for index, width in enumerate(_widths(headers, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(headers), 1))}{len(rows) + 1}"
    sheet.append([_header(sheet, text) for text in headers])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet: Any, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = BOLD
    return cell


def _cell(sheet: Any, value: Any) -> Any:
    """A value as it goes into the workbook: a date shown day first, text that looks like a
    formula kept as the text it is."""
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # openpyxl takes "=..." for a formula
        return cell
    return value


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Each column as wide as its longest value, within 8 to 60 characters."""
    widths = [len(text) for text in headers]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            length = 10 if isinstance(value, dt.date) else len(str(value if value is not None else ""))
            widths[index] = max(widths[index], length)
    return [min(max(width + 2, 8), 60) for width in widths]
