"""Word (DOCX) text: paragraphs with their bold/italic, and tables, in document order.

Nghị định 30 documents put the header (issuer, number, national name, place and date) and often the
signature block (Nơi nhận beside the signer) in borderless two-column tables: those are unrolled
column by column into lines, so the extractor reads them like any other text. Other tables (the
task appendix, figures) are kept as rows of cells.
"""

import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from loa.core.text import normalize

from .errors import DocumentError
from .source import Line

_HEADER_MARKS = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP - TỰ DO")
_SIGNATURE_MARKS = ("NƠI NHẬN", "TM.", "KT.", "TL.", "TUQ.")
_MAX_PARAGRAPHS = 50_000  # about 1,000 pages; beyond this it is not a plan but a denial of service
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_source(data: bytes) -> tuple[list[Line], list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    body = document.element.body
    if sum(1 for _ in body.iter(qn("w:p"))) > _MAX_PARAGRAPHS:
        raise DocumentError(
            _("Văn bản có hơn %(n)s đoạn, quá dài để nhập thành kế hoạch.")
            % {"n": f"{_MAX_PARAGRAPHS:,}".replace(",", ".")}
        )
    styles = _style_emphasis(document)
    lines: list[Line] = []
    tables: list[list[list[str]]] = []
    for element in _blocks(body):
        if element.tag == qn("w:p"):
            lines += _paragraph_lines(Paragraph(element, document), "body", styles)
        else:
            table = Table(element, document)
            rows = _rows(table)
            flat = " ".join(" ".join(row) for row in rows).upper()
            if any(mark in flat for mark in _HEADER_MARKS) and len(rows) <= 6:
                lines += _unrolled(table, "header", styles)
            elif any(mark in flat for mark in _SIGNATURE_MARKS) and len(rows) <= 4:
                lines += _unrolled(table, "signature", styles)
            else:
                tables.append(rows)
                lines += [Line(" | ".join(cell for cell in row if cell), zone="table") for row in rows if any(row)]
    return lines, tables


def _blocks(parent: Any) -> Iterator[Any]:
    """Paragraphs and tables in reading order, also those inside content controls (w:sdt) and custom XML."""
    for element in parent.iterchildren():
        if element.tag in (qn("w:p"), qn("w:tbl")):
            yield element
        elif element.tag == qn("w:sdt"):
            content = element.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif element.tag == qn("w:customXml"):
            yield from _blocks(element)


def _style_emphasis(document: Any) -> dict[str, tuple[bool, bool]]:
    """Bold and italic of each paragraph style, read once (looking a style up per paragraph is slow)."""
    emphasis = {}
    for style in document.styles:
        font = getattr(style, "font", None)
        if font is not None and style.style_id:
            emphasis[style.style_id] = (bool(font.bold), bool(font.italic))
    return emphasis


def _text(element: Any) -> str:
    """The text of a paragraph as Word shows it: runs inside insertions, hyperlinks, smart tags and content
    controls included (deleted text is w:delText, never w:t), tabs as spaces, breaks as new lines."""
    parts = []
    for node in element.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
        if node.tag == _W + "t":
            parts.append(node.text or "")
        else:
            parts.append(" " if node.tag == _W + "tab" else "\n")
    return "".join(parts)


def _paragraph_lines(paragraph: Paragraph, zone: str, styles: dict[str, tuple[bool, bool]]) -> list[Line]:
    element = paragraph._p
    style_id = element.pPr.pStyle.val if element.pPr is not None and element.pPr.pStyle is not None else ""
    style_bold, style_italic = styles.get(style_id, (False, False))
    runs = [
        Run(r, paragraph) for r in element.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(_W + "t")).strip()
    ]
    bold = bool(runs) and all(run.bold or (run.bold is None and style_bold) for run in runs)
    italic = bool(runs) and all(run.italic or (run.italic is None and style_italic) for run in runs)
    result = []
    for piece in _text(element).split("\n"):
        text = normalize(piece)
        if text:
            result.append(Line(text, bold=bool(bold), italic=bool(italic), zone=zone))
    return result


def _unique_cells(row: _Row) -> list[_Cell]:
    """A row's cells with horizontally merged cells once (python-docx repeats them)."""
    cells: list[_Cell] = []
    seen: set[int] = set()  # ids of elements `cells` keeps alive, so no id is reused meanwhile
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _rows(table: Table) -> list[list[str]]:
    return [
        [normalize(" ".join(_text(p) for p in cell._tc.iter(qn("w:p")))) for cell in _unique_cells(row)]
        for row in table.rows
    ]


def _unrolled(table: Table, zone: str, styles: dict[str, tuple[bool, bool]]) -> list[Line]:
    """Column by column, top to bottom: left (issuer, number; Nơi nhận) before right (national name, date; signer)."""
    columns: dict[int, list[Line]] = {}
    kept: list[object] = []  # the cell elements, alive while their ids are in `seen`
    seen: set[int] = set()
    for row in table.rows:
        for index, cell in enumerate(_unique_cells(row)):
            if id(cell._tc) in seen:  # vertically merged: the same cell again
                continue
            kept.append(cell._tc)
            seen.add(id(cell._tc))
            for paragraph in cell.paragraphs:
                columns.setdefault(index, []).extend(_paragraph_lines(paragraph, zone, styles))
    return [line for index in sorted(columns) for line in columns[index]]
