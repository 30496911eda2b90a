"""Reading a spreadsheet as offices send it (CSV or Excel) into rows of cells, for every import.

Text arrives NFC whatever the encoding; nothing here knows what the columns mean.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re

import openpyxl

from minutes.i18n import nfc

Cell = str | dt.date
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def read_csv(content: bytes) -> tuple[list[list[Cell]], str]:
    """The rows of a CSV file (UTF-8, UTF-16 or cp1258; comma, semicolon or tab) and its encoding."""
    text, encoding = _decode(content)
    if BINARY_CHARACTERS.search(text):
        raise ValueError("not a text file")
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel writes ";" where the decimal separator is a comma; the headings hold neither.
    delimiter = max(",;\t", key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], encoding


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
    """The rows of the first sheet of an Excel workbook."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some exporters record a wrong sheet size; read every row
        rows = sheet.iter_rows(values_only=True)
        return [[_xlsx_cell(value) for value in row] for row in rows], "xlsx"
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
