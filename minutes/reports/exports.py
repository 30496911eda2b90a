"""Reports as files offices open: CSV (UTF-8 with a byte-order mark, for Excel) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell starting with one of these is read as a formula by Excel and LibreOffice: a task title
# or a name typed as "=HYPERLINK(...)" must arrive as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: Any) -> Any:
    """A value as it goes into a CSV cell: text that would start a formula gets a leading apostrophe."""
    if value is None:
        return ""
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
    """An Excel workbook with one sheet, a bold header row and frozen panes."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # openpyxl takes "=..." for a formula; keep it text
    sheet.freeze_panes = "B2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
