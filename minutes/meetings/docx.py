"""The minutes as a Word file in the Party document layout (HD 36-HD/VPTW; DOMAIN A.13, B.5)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from minutes.i18n import nfc
from minutes.meetings import layout
from minutes.meetings.layout import Line
from minutes.meetings.view import WORDS, MinutesView

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
NO_SPACE = Pt(0)
LINE_SPACING = 1.2
PAGE = (Cm(21), Cm(29.7))
MARGINS = {"top_margin": Cm(2), "bottom_margin": Cm(2), "left_margin": Cm(3), "right_margin": Cm(2)}
HEADER_COLUMNS = (Cm(7), Cm(9))  # the 16 cm between the margins
SIGNATURE_COLUMNS = (Cm(8), Cm(8))
COUNTRY_WIDTH = Cm(7.3)  # "ĐẢNG CỘNG SẢN VIỆT NAM" in Times New Roman bold 15 pt: its rule is as long
# Elements that come after the ones added here, in the order of the WordprocessingML schema.
FOLLOWING = {
    qn("w:pBdr"): ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr"),
    qn("w:tblBorders"): ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"),
    qn("w:tblCellMar"): ("w:tblLook", "w:tblCaption", "w:tblDescription"),
}
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY


@dataclass(frozen=True)
class Look:
    """How one kind of paragraph is set."""

    align: WD_ALIGN_PARAGRAPH = CENTER
    bold: bool = False
    italic: bool = False
    size: Length = BODY_SIZE
    indent: Length | None = None
    before: Length = NO_SPACE
    after: Length = NO_SPACE
    keep: bool = False


BODY = Look(JUSTIFY, indent=Cm(1.27), after=Pt(6))
LOOKS = {
    "superior": Look(),
    "branch": Look(bold=True),
    "asterisk": Look(),
    "number": Look(before=Pt(3)),
    "country": Look(bold=True, size=Pt(15)),
    "place_date": Look(italic=True, before=Pt(6)),
    "title": Look(bold=True, size=Pt(16), before=Pt(24), keep=True),
    "summary": Look(bold=True, keep=True),
    "rule": Look(after=Pt(12), keep=True),
    "text": BODY,
    "item": BODY,
    "heading": Look(JUSTIFY, bold=True, indent=Cm(1.27), after=Pt(6), keep=True),
    "part": Look(JUSTIFY, bold=True, indent=Cm(1.27), before=Pt(6), after=Pt(6), keep=True),
    "signs": Look(bold=True, before=Pt(12), keep=True),
    "signature": Look(italic=True, after=Pt(60), keep=True),
    "signer": Look(bold=True),
}


def render(view: MinutesView) -> bytes:
    """The minutes as a .docx file: A4, Times New Roman 14, the Party document layout."""
    document = Document()
    _page(document)
    _fonts(document)
    _header(document, view)
    _add(document, "title", WORDS.title)
    _add(document, "summary", view.summary)
    _add(document, "rule", WORDS.rule)
    body = layout.document_body(view)
    for index, line in enumerate(body):
        paragraph = _body_line(document, line)
        if index >= len(body) - 2:  # the last lines go with the signatures, never one alone on a page
            paragraph.paragraph_format.keep_with_next = True
    _signatures(document, view)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    number._p.append(_element("w:fldSimple", instr="PAGE"))


def _fonts(document: DocxDocument) -> None:
    """Times New Roman 14 everywhere, East Asian slot included, and Vietnamese as the language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    for rpr in (defaults, normal.element.get_or_add_rPr()):
        fonts = rpr.get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(slot), FONT)
        language = rpr.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            rpr.append(language)
        language.set(qn("w:val"), "vi-VN")
    normal.paragraph_format.line_spacing = LINE_SPACING
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.widow_control = True


def _header(document: DocxDocument, view: MinutesView) -> None:
    """Issuing body with its asterisk on the left; the Party's name and the place and date on the right."""
    issuer, country = _table(document, HEADER_COLUMNS).rows[0].cells
    _fill(issuer, [("superior", view.superior), ("branch", view.branch), ("asterisk", WORDS.asterisk)])
    if view.number:
        _add(issuer, "number", WORDS.number.format(number=view.number))
    _fill(country, [("country", WORDS.country)])
    _rule_under(country.paragraphs[0], (HEADER_COLUMNS[1] - COUNTRY_WIDTH) // 2)
    if view.place_date:
        _add(country, "place_date", view.place_date)


def _signatures(document: DocxDocument, view: MinutesView) -> None:
    """The recorder signs on the left, the chair on the right (B.5.3)."""
    table = _table(document, SIGNATURE_COLUMNS)
    _keep_row_together(table)
    recorder, chair = table.rows[0].cells
    for cell, title, name in (
        (recorder, WORDS.recorder_signs, view.recorder),
        (chair, WORDS.chair_signs, view.chair),
    ):
        _fill(cell, [("signs", title), ("signature", WORDS.signature), ("signer", name)])


def _body_line(document: DocxDocument, line: Line) -> Paragraph:
    return _add(document, line.style if line.style in LOOKS else "text", line.text)


def _table(document: DocxDocument, widths: Sequence[Length]) -> Table:
    """A one-row table without borders or cell padding, its columns fixed."""
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    edges = ("top", "left", "bottom", "right", "insideH", "insideV")
    _insert(table._tbl.tblPr, _element("w:tblBorders", *(_element(f"w:{e}", val="nil") for e in edges)))
    padding = (_element(f"w:{e}", w="0", type="dxa") for e in ("left", "right"))
    _insert(table._tbl.tblPr, _element("w:tblCellMar", *padding))
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = width
        cell.width = width
    return cast(Table, table)


def _keep_row_together(table: Table) -> None:
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _fill(cell: _Cell, lines: Sequence[tuple[str, str]]) -> None:
    """Write lines into a table cell, the first one into the paragraph the cell already has."""
    for index, (look, text) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        _set(paragraph, look, text)


def _add(container: DocxDocument | _Cell, look: str, text: str) -> Paragraph:
    return _set(container.add_paragraph(), look, text)


def _set(paragraph: Paragraph, look_name: str, text: str) -> Paragraph:
    look = LOOKS[look_name]
    fmt = paragraph.paragraph_format
    fmt.alignment = look.align
    fmt.first_line_indent = look.indent
    fmt.space_before, fmt.space_after = look.before, look.after
    fmt.keep_with_next = look.keep or None
    run = paragraph.add_run(nfc(text))
    run.bold, run.italic = look.bold or None, look.italic or None
    if look.size != BODY_SIZE:
        run.font.size = look.size
    return paragraph


def _rule_under(paragraph: Paragraph, inset: int) -> None:
    """A thin line under the paragraph, as long as the text when both sides are inset."""
    paragraph.paragraph_format.left_indent = Emu(inset)
    paragraph.paragraph_format.right_indent = Emu(inset)
    bottom = _element("w:bottom", val="single", sz="6", space="1", color="auto")
    _insert(paragraph._p.get_or_add_pPr(), _element("w:pBdr", bottom))


def _element(tag: str, *children: BaseOxmlElement, **attributes: str) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    element.extend(children)
    return element


def _insert(parent: BaseOxmlElement, child: BaseOxmlElement) -> None:
    """Insert a property element before those the schema puts after it (Word is strict about order)."""
    parent.insert_element_before(child, *FOLLOWING[child.tag])
