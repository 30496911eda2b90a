"""Reading a spreadsheet as offices send it (CSV or Excel) into rows of cells, for every import.

Text arrives NFC whatever the encoding; nothing here knows what the columns mean.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterator

import openpyxl

from minutes.i18n import nfc

Cell = str | dt.date
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")
# A branch's member list is a few hundred rows; a district's, a few thousand. A workbook is a zip:
# its parts are checked unpacked before any is parsed, so a small file that unpacks to gigabytes
# (a "zip bomb") is refused in milliseconds instead of filling the memory.
MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 40_000_000


class TooBig(ValueError):
    """The file holds more than any member list: too many rows, or unpacks too large."""


def read_csv(content: bytes) -> tuple[list[list[Cell]], str]:
    """The rows of a CSV file (UTF-8, UTF-16 or cp1258; comma, semicolon or tab) and its encoding."""
    text, encoding = _decode(content)
    if BINARY_CHARACTERS.search(text):
        raise ValueError("not a text file")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is a comma; the headings hold neither.
    delimiter = max(",;\t", key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _at_most(MAX_ROWS, (list(row) for row in rows)), encoding


def _at_most(limit: int, rows: Iterator[list[Cell]]) -> list[list[Cell]]:
    kept = list(itertools.islice(rows, limit + 1))
    if len(kept) > limit:
        raise TooBig(f"more than {limit} rows")
    return kept


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel "Unicode text"
        return nfc(content.decode("utf-16")), "utf-16"
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1258 puts tone marks as combining characters; NFC turns them into letters.
        return nfc(content.decode("cp1258")), "cp1258"
    return nfc(text), "utf-8-sig" if content.startswith(codecs.BOM_UTF8) else "utf-8"


def read_xlsx(content: bytes) -> tuple[list[list[Cell]], str]:
    """The rows of the first sheet of an Excel workbook (its size checked unpacked first)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(part.file_size for part in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise TooBig("unpacks too large")
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some exporters record a wrong sheet size; read every row
        rows = sheet.iter_rows(values_only=True)
        return _at_most(MAX_ROWS, ([_xlsx_cell(value) for value in row] for row in rows)), "xlsx"
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def tidy(cell: Cell) -> Cell:
    """A cell with its white space collapsed."""
    return " ".join(cell.split()) if isinstance(cell, str) else cell
