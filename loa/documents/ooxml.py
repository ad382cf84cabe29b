"""WordprocessingML details python-docx has no API for: fonts on all four slots, borders, widths, fields.

Every run written through `add_run` gets Times New Roman on ascii/hAnsi/cs/eastAsia, an explicit size and black
colour, so the document looks the same whatever the reader's default styles or theme are.
"""

import unicodedata
from collections.abc import Sequence
from typing import Protocol

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
_FONT_SLOTS = ("ascii", "hAnsi", "cs", "eastAsia")
# A theme attribute (w:asciiTheme …) overrides the explicit font of its slot, so it must go.
_THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme")
_BLACK = RGBColor(0, 0, 0)

# Schema order of the children that follow the ones we insert (CT_PPr, CT_TblPr, CT_SectPr, CT_TcPr).
_PPR_AFTER_PBDR = (
    *("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct"),
    *("w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind"),
    *("w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment"),
    *("w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)
_PPR_AFTER_RPR = ("w:sectPr", "w:pPrChange")
_TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
_TBLPR_AFTER_CELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
_SECTPR_AFTER_PGNUM = (
    *("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter"),
    *("w:docGrid", "w:printerSettings", "w:sectPrChange"),
)


class Container(Protocol):
    """Anything paragraphs can be appended to: the document body, a table cell, a header."""

    def add_paragraph(self, text: str = ..., style: str | ParagraphStyle | None = ...) -> Paragraph: ...


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def twips(length: Length) -> str:
    return str(length.twips)


def set_fonts(rPr: BaseOxmlElement) -> None:
    """Times New Roman on every slot of the `w:rFonts` of this `w:rPr`, creating it if needed."""
    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = OxmlElement("w:rFonts")
        style = rPr.find(qn("w:rStyle"))
        rPr.insert(0 if style is None else 1, rFonts)
    for slot in _THEME_SLOTS:
        rFonts.attrib.pop(qn(f"w:{slot}"), None)
    for slot in _FONT_SLOTS:
        rFonts.set(qn(f"w:{slot}"), FONT)


def add_run(paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False) -> Run:
    run = paragraph.add_run(nfc(text))
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = _BLACK
    set_fonts(run._r.get_or_add_rPr())
    return run


def new_paragraph(container: Container) -> Paragraph:
    """A paragraph to write into; a fresh table cell already holds one empty paragraph, which is reused."""
    paragraphs = getattr(container, "paragraphs", None)
    if paragraphs and len(paragraphs) == 1 and not paragraphs[0].runs and paragraphs[0]._p.pPr is None:
        first: Paragraph = paragraphs[0]
        return first
    return container.add_paragraph()


def format_paragraph(
    paragraph: Paragraph,
    align: WD_ALIGN_PARAGRAPH,
    *,
    before: float = 0,
    after: float = 0,
    line: float = 1.0,
    first_line: Length | None = None,
    left: Length | None = None,
    right: Length | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = first_line
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def mark_size(paragraph: Paragraph, size: float) -> None:
    """Font size of the paragraph mark, which sets the height of an empty paragraph."""
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = OxmlElement("w:rPr")
        pPr.insert_element_before(rPr, *_PPR_AFTER_RPR)
    set_fonts(rPr)
    for tag in ("w:sz", "w:szCs"):
        rPr.append(OxmlElement(tag, {qn("w:val"): str(int(size * 2))}))


def border(paragraph: Paragraph, *sides: str, size_eighths: int = 6, space_pt: int = 1) -> None:
    """Single black paragraph border on `sides` ("top", "left", "bottom", "right"), between the indents."""
    pPr = paragraph._p.get_or_add_pPr()
    pBdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):  # schema order
        if side in sides:
            attrs = {"w:val": "single", "w:sz": str(size_eighths), "w:space": str(space_pt), "w:color": "000000"}
            pBdr.append(OxmlElement(f"w:{side}", {qn(k): v for k, v in attrs.items()}))
    pPr.insert_element_before(pBdr, *_PPR_AFTER_PBDR)


def add_rule(container: Container, width: Length, column: Length, *, after: float = 0) -> Paragraph:
    """A short centred solid line: the bottom border of a tiny empty paragraph whose indents leave `width`.

    Nghị định 30 draws these under the issuer, the motto and the summary; a paragraph border keeps them in the
    text flow, so they move with the text in Word and LibreOffice alike (a drawn shape would not).
    """
    indent = Length(max(0, int((column - width) / 2)))
    paragraph = new_paragraph(container)
    format_paragraph(paragraph, WD_ALIGN_PARAGRAPH.CENTER, after=after, left=indent, right=indent)
    border(paragraph, "bottom")
    mark_size(paragraph, 2)
    return paragraph


def add_page_field(paragraph: Paragraph, size: float) -> None:
    """A PAGE field; Word and LibreOffice recompute its result ("1" here) on every page."""

    def field_char(kind: str) -> None:
        add_run(paragraph, "", size)._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))

    field_char("begin")
    instruction = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    instruction.text = " PAGE "
    add_run(paragraph, "", size)._r.append(instruction)
    field_char("separate")
    add_run(paragraph, "1", size)
    field_char("end")


def layout_table(table: Table, widths: Sequence[Length], *, borders: bool, cell_margin: Length) -> None:
    """Fixed widths on the table, its grid and every cell (LibreOffice reads the grid, Word the cells), then borders.

    Without this the autofit layout squeezes the right header column and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" wraps.
    """
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tblPr = table._tbl.tblPr
    tblW = tblPr.find(qn("w:tblW"))
    tblW.set(qn("w:type"), "dxa")
    tblW.set(qn("w:w"), twips(Length(sum(widths))))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    tblBorders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        value = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"} if borders else {"w:val": "nil"}
        tblBorders.append(OxmlElement(f"w:{side}", {qn(k): v for k, v in value.items()}))
    tblPr.insert_element_before(tblBorders, *_TBLPR_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margins.append(OxmlElement(f"w:{side}", {qn("w:w"): twips(cell_margin), qn("w:type"): "dxa"}))
    tblPr.insert_element_before(margins, *_TBLPR_AFTER_CELLMAR)


def row_flags(row: _Row, *, header: bool = False) -> None:
    """Rows never break across pages; a header row repeats at the top of each page."""
    trPr = row._tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:cantSplit"))
    if header:
        trPr.append(OxmlElement("w:tblHeader"))


def restart_page_numbers(sectPr: BaseOxmlElement) -> None:
    """Number this section's pages from 1 (a new section starts as a copy of the previous one's settings)."""
    for old in sectPr.findall(qn("w:pgNumType")):
        sectPr.remove(old)
    pgNumType = OxmlElement("w:pgNumType", {qn("w:start"): "1"})
    sectPr.insert_element_before(pgNumType, *_SECTPR_AFTER_PGNUM)


def text_width(text: str, size: float, *, bold: bool = False) -> Length:
    """Estimated printed width of one line in Times New Roman, good to a few per cent.

    Average advance widths in em, measured on Liberation Serif (metric-compatible with Times New Roman); used only
    to size the short rules, which the decree wants at a fraction of (or equal to) the text above them.
    """
    ems = 0.0
    for char in nfc(text):
        if char == " ":
            ems += 0.25
        elif char.isdigit():
            ems += 0.5
        elif char.isupper():
            ems += 0.70 if bold else 0.67
        elif char.isalpha():
            ems += 0.49 if bold else 0.46
        else:
            ems += 0.33
    return Pt(ems * size)
