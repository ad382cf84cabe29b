"""Word (DOCX) text: paragraphs with their bold/italic, and tables, in document order.

Nghị định 30 documents put the header (issuer, number, national name, place and date) and often the
signature block (Nơi nhận beside the signer) in borderless two-column tables: those are unrolled
column by column into lines, so the extractor reads them like any other text. Other tables (the
task appendix, figures) are kept as rows of cells.
"""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph

from loa.core.text import normalize

from .readers import Line

_HEADER_MARKS = ("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP - TỰ DO")
_SIGNATURE_MARKS = ("NƠI NHẬN", "TM.", "KT.", "TL.", "TUQ.")


def docx_to_source(data: bytes) -> tuple[list[Line], list[list[list[str]]]]:
    document = Document(io.BytesIO(data))
    lines: list[Line] = []
    tables: list[list[list[str]]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            lines += _paragraph_lines(Paragraph(element, document), "body")
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            rows = _rows(table)
            flat = " ".join(" ".join(row) for row in rows).upper()
            if any(mark in flat for mark in _HEADER_MARKS) and len(rows) <= 6:
                lines += _unrolled(table, "header")
            elif any(mark in flat for mark in _SIGNATURE_MARKS) and len(rows) <= 4:
                lines += _unrolled(table, "signature")
            else:
                tables.append(rows)
                lines += [Line(" | ".join(cell for cell in row if cell), zone="table") for row in rows if any(row)]
    return lines, tables


def _paragraph_lines(paragraph: Paragraph, zone: str) -> list[Line]:
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_font = paragraph.style.font if paragraph.style is not None else None
    bold = bool(runs) and all(run.bold or (run.bold is None and style_font and style_font.bold) for run in runs)
    italic = bool(runs) and all(run.italic or (run.italic is None and style_font and style_font.italic) for run in runs)
    result = []
    for piece in paragraph.text.split("\n"):
        text = normalize(piece.replace("\t", " "))
        if text:
            result.append(Line(text, bold=bool(bold), italic=bool(italic), zone=zone))
    return result


def _unique_cells(row: _Row) -> list[_Cell]:
    """A row's cells with horizontally merged cells once (python-docx repeats them)."""
    cells: list[_Cell] = []
    for cell in row.cells:
        if not any(cell._tc is other._tc for other in cells):
            cells.append(cell)
    return cells


def _rows(table: Table) -> list[list[str]]:
    return [[normalize(cell.text) for cell in _unique_cells(row)] for row in table.rows]


def _unrolled(table: Table, zone: str) -> list[Line]:
    """Column by column, top to bottom: left (issuer, number; Nơi nhận) before right (national name, date; signer)."""
    columns: dict[int, list[Line]] = {}
    seen: list[object] = []  # the cell elements themselves: ids of freed proxies could be reused
    for row in table.rows:
        for index, cell in enumerate(_unique_cells(row)):
            if any(cell._tc is other for other in seen):  # vertically merged: the same cell again
                continue
            seen.append(cell._tc)
            for paragraph in cell.paragraphs:
                columns.setdefault(index, []).extend(_paragraph_lines(paragraph, zone))
    return [line for index in sorted(columns) for line in columns[index]]
