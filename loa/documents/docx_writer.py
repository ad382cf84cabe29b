"""DOCX layout of a Nghị định 30/2020/NĐ-CP "văn bản có tên loại" (Mẫu 1.4: plans, reports); see domain.md §8.

The writer owns every position, size and number; the caller's `Nd30Document` holds only text. The fixed strings
below ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Nơi nhận:" …) are legal format, the same in every interface language,
so they are not translatable.
"""

import io
import zipfile
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from loa.documents.model import Appendix, Block, Nd30Document, Table
from loa.documents.numbering import point_letter, roman
from loa.documents.ooxml import (
    FONT,
    LANGUAGE,
    Container,
    add_page_field,
    add_rule,
    add_run,
    border,
    format_paragraph,
    layout_table,
    mark_size,
    new_paragraph,
    nfc,
    restart_page_numbers,
    row_flags,
    set_fonts,
    text_width,
)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_TITLE = "Nơi nhận:"
KINH_GUI = "Kính gửi:"
DRAFT_MARK = "DỰ THẢO"

BODY_SIZE = 14
ISSUER_SIZE = 13
NUMBER_SIZE = 13
# 12 pt keeps the national name on one line of the right column (about 88 mm bold; 96 mm at 13 pt).
NATIONAL_NAME_SIZE = 12
MOTTO_SIZE = 13
PLACE_DATE_SIZE = 14
RECIPIENTS_TITLE_SIZE = 12
RECIPIENTS_SIZE = 11
TABLE_SIZE = 12
PAGE_NUMBER_SIZE = 13
BODY_LINE = 1.15  # "multiple 1.15": within the decree's single-to-1.5 range, the usual look of typed plans
BODY_AFTER = 6
FIRST_LINE_INDENT = Cm(1.27)

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT


@dataclass(frozen=True)
class _Page:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float

    @property
    def text_width(self) -> Length:
        return Mm(self.width_mm - self.left_mm - self.right_mm)


PORTRAIT = _Page(210, 297, top_mm=20, bottom_mm=20, left_mm=30, right_mm=15)
# A landscape sheet is bound along its top edge, so the portrait margins turn with it: the 30 mm binding margin
# goes to the top and the 15 mm one to the bottom.
LANDSCAPE = _Page(297, 210, top_mm=30, bottom_mm=15, left_mm=20, right_mm=20)

# About 40/60 across the 165 mm text width; the right column must hold the national name on one line.
HEADER_COLUMNS = (Mm(65), Mm(100))
SIGNATURE_COLUMNS = (Mm(80), Mm(85))


def render_docx(doc: Nd30Document) -> bytes:
    """The whole document as DOCX bytes."""
    document = docx.Document()
    set_defaults(document, title=doc.core_title or " ".join([doc.type_name, *doc.summary]), size=BODY_SIZE)
    section = document.sections[0]
    _set_page(section, PORTRAIT)
    _page_number_header(section)
    if doc.draft:
        _draft_mark(document)
    _header(document, doc)
    _title(document, doc)
    if doc.kinh_gui:
        _kinh_gui(document, doc.kinh_gui)
    for basis in doc.bases:
        add_run(_body_paragraph(document), basis, BODY_SIZE, italic=True)
    _body(document, doc.body)
    add_run(_body_paragraph(document, after=12, keep_with_next=True), doc.closing, BODY_SIZE)
    _signature(document, doc)
    for appendix in doc.appendices:
        _appendix(document, appendix)
    _tail_paragraph(document)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip_times(out.getvalue())


# 1980-01-01, the earliest time a zip entry can carry: the same document then gives the same bytes, whenever it is
# written (the PDF cache in pdf.py is keyed on them). python-docx stamps each entry with the time of writing.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_zip_times(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = entry.external_attr
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


def set_defaults(document: Document, *, title: str, size: float) -> None:
    """Times New Roman at `size`, Vietnamese, single spacing as the document defaults, so text added later by hand
    in Word or LibreOffice matches; plus fixed core properties (every DOCX Loa writes: documents, posters)."""
    styles = document.styles.element
    for rFonts in styles.iter(qn("w:rFonts")):
        set_fonts(rFonts.getparent())
    rPr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        rPr.find(qn(tag)).set(qn("w:val"), str(round(size * 2)))
    lang = rPr.find(qn("w:lang"))
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)
    spacing = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    set_fonts(normal.element.get_or_add_rPr())

    props = document.core_properties
    props.title = nfc(title)[:255]  # the core property holds at most 255 characters
    props.author = props.last_modified_by = "Loa"
    props.comments = ""
    props.language = LANGUAGE
    props.revision = 1
    # No creation or change time (the template's says 2013): the time of writing would make every download of the
    # same document other bytes; the document's own date is in its text.
    for tag in ("dcterms:created", "dcterms:modified"):
        for stamp in props._element.findall(qn(tag)):
            props._element.remove(stamp)
    # The template's thumbnail is python-docx's logo, which file managers would show as the document preview.
    package_rels = document.part.package.rels
    for rId in [rId for rId, rel in package_rels.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        del package_rels[rId]
    # Word 2010's stylesWithEffects copy of the styles still names theme fonts (Calibri, Cambria); later versions
    # ignore it and Word 2010 rebuilds it, so it goes rather than contradict styles.xml.
    for rId in [rId for rId, rel in document.part.rels.items() if rel.reltype == _STYLES_WITH_EFFECTS]:
        del document.part.rels[rId]
    theme_language = document.settings.element.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)


def _set_page(section: Section, page: _Page) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if page.width_mm > page.height_mm else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.top_mm), Mm(page.bottom_mm)
    section.left_margin, section.right_margin = Mm(page.left_mm), Mm(page.right_mm)
    section.header_distance = section.footer_distance = Mm(10)
    section.gutter = Mm(0)
    # The decree puts no number on the first page: a separate, empty first-page header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False


def _page_number_header(section: Section) -> None:
    """Arabic page number centred in the top margin."""
    paragraph = section.header.paragraphs[0]
    format_paragraph(paragraph, CENTER)
    add_page_field(paragraph, PAGE_NUMBER_SIZE)


def _draft_mark(document: Document) -> None:
    """The bold "DỰ THẢO" mark in a one-line frame at the top right of page 1: a boxed paragraph held right by its
    left indent, above the header table."""
    box = text_width(DRAFT_MARK, BODY_SIZE, bold=True) + Mm(8)
    paragraph = document.add_paragraph()
    format_paragraph(paragraph, CENTER, after=6, left=Length(PORTRAIT.text_width - box), right=Mm(1))
    border(paragraph, "top", "left", "bottom", "right", size_eighths=8, space_pt=2)
    add_run(paragraph, DRAFT_MARK, BODY_SIZE, bold=True)


def _line(container: Container, text: str, size: float, *, bold: bool = False, italic: bool = False) -> None:
    add_run(format_paragraph(new_paragraph(container), CENTER), text, size, bold=bold, italic=italic)


def _header(document: Document, doc: Nd30Document) -> None:
    """Boxes 1–4: two rows so that the number and the place-date line sit level whatever the issuer's height."""
    table = document.add_table(rows=2, cols=2)
    layout_table(table, HEADER_COLUMNS, borders=False, cell_margin=Mm(0))
    issuer, national = table.cell(0, 0), table.cell(0, 1)
    for cell in (issuer, national, table.cell(1, 0), table.cell(1, 1)):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    if doc.parent_issuer:
        _line(issuer, doc.parent_issuer.upper(), ISSUER_SIZE)
    for line in doc.issuer:
        _line(issuer, line.upper(), ISSUER_SIZE, bold=True)
    longest = max((text_width(line.upper(), ISSUER_SIZE, bold=True) for line in doc.issuer), default=Mm(30))
    # A line too long for the column wraps, so the visible text is at most the column wide.
    add_rule(issuer, Length(int(min(longest, HEADER_COLUMNS[0]) * 0.4)), HEADER_COLUMNS[0])

    _line(national, NATIONAL_NAME, NATIONAL_NAME_SIZE, bold=True)
    _line(national, MOTTO, MOTTO_SIZE, bold=True)
    add_rule(national, text_width(MOTTO, MOTTO_SIZE, bold=True), HEADER_COLUMNS[1])

    number = format_paragraph(new_paragraph(table.cell(1, 0)), CENTER, before=6)
    add_run(number, doc.number, NUMBER_SIZE)
    place_date = format_paragraph(new_paragraph(table.cell(1, 1)), CENTER, before=6)
    # Long place names ("Thành phố Hồ Chí Minh, ngày …") wrap at 14 pt; the decree allows 13, so step down first.
    fits = text_width(doc.place_date, PLACE_DATE_SIZE) <= HEADER_COLUMNS[1] - Mm(2)
    add_run(place_date, doc.place_date, PLACE_DATE_SIZE if fits else PLACE_DATE_SIZE - 1, italic=True)


def _title(document: Document, doc: Nd30Document) -> None:
    """Box 5a: type name, summary lines, and a rule of about a third of the summary's length."""
    type_name = format_paragraph(document.add_paragraph(), CENTER, before=18)
    add_run(type_name, doc.type_name.upper(), BODY_SIZE, bold=True)
    for line in doc.summary:
        add_run(format_paragraph(document.add_paragraph(), CENTER, keep_with_next=True), line, BODY_SIZE, bold=True)
    longest = max((text_width(line, BODY_SIZE, bold=True) for line in doc.summary), default=Mm(60))
    width = Length(min(max(int(longest / 3), Mm(25)), int(PORTRAIT.text_width / 2)))
    add_rule(document, width, PORTRAIT.text_width, after=12)


def _kinh_gui(document: Document, entries: list[str]) -> None:
    """One addressee on the same line; several one per line as "- …;", the last ending ".", aligned on the dash."""
    names = [entry.strip().rstrip(";.,").strip() for entry in entries]
    if len(names) == 1:
        paragraph = format_paragraph(document.add_paragraph(), CENTER, after=BODY_AFTER)
        add_run(paragraph, f"{KINH_GUI} {names[0]}.", BODY_SIZE)
        return
    label_left = Mm(35)
    list_left = Length(label_left + text_width(KINH_GUI, BODY_SIZE) + Mm(3))
    for index, name in enumerate(names):
        last = index == len(names) - 1
        paragraph = format_paragraph(
            document.add_paragraph(), LEFT, after=BODY_AFTER if last else 0, left=list_left, keep_with_next=not last
        )
        text = f"- {name}{'.' if last else ';'}"
        if index == 0:
            # Hanging indent: "Kính gửi:" starts at label_left, the tab takes the first dash to list_left.
            paragraph.paragraph_format.first_line_indent = Length(label_left - list_left)
            paragraph.paragraph_format.tab_stops.add_tab_stop(list_left, WD_TAB_ALIGNMENT.LEFT)
            text = f"{KINH_GUI}\t{text}"
        add_run(paragraph, text, BODY_SIZE)


def _body_paragraph(document: Document, *, after: float = BODY_AFTER, keep_with_next: bool = False) -> Paragraph:
    """Justified, first-line indent 1.27 cm, ≥ 6 pt after: bases, body text and the closing."""
    return format_paragraph(
        document.add_paragraph(),
        JUSTIFY,
        after=after,
        line=BODY_LINE,
        first_line=FIRST_LINE_INDENT,
        keep_with_next=keep_with_next,
    )


@dataclass
class _Counters:
    part: int = 0
    section: int = 0
    clause: int = 0
    point: int = 0


def _body(document: Document, blocks: list[Block]) -> None:
    """Box 6: the writer numbers parts and sections (Roman), clauses (1.) and points (a), in Vietnamese order)."""
    count = _Counters()
    for block in blocks:
        if block.kind == "part":
            count.part, count.section, count.clause, count.point = count.part + 1, 0, 0, 0
            heading = format_paragraph(document.add_paragraph(), CENTER, before=6, keep_with_next=True)
            add_run(heading, f"Phần {roman(count.part)}", BODY_SIZE, bold=True)
            if block.text:
                title = format_paragraph(document.add_paragraph(), CENTER, after=BODY_AFTER, keep_with_next=True)
                add_run(title, block.text.upper(), BODY_SIZE, bold=True)
        elif block.kind == "section":
            count.section, count.clause, count.point = count.section + 1, 0, 0
            heading = _body_paragraph(document, keep_with_next=True)
            add_run(heading, f"{roman(count.section)}. {block.text.upper()}", BODY_SIZE, bold=True)
        elif block.kind == "clause":
            count.clause, count.point = count.clause + 1, 0
            _numbered(document, f"{count.clause}.", block)
        elif block.kind == "point":
            count.point += 1
            _numbered(document, f"{point_letter(count.point)})", block)
        elif block.kind == "note":
            note = format_paragraph(document.add_paragraph(), CENTER, after=BODY_AFTER, line=BODY_LINE)
            add_run(note, block.text, BODY_SIZE, italic=True)
        else:
            prefix = {"bullet": "- ", "subbullet": "+ "}.get(block.kind, "")
            add_run(_body_paragraph(document), prefix + block.text, BODY_SIZE)


def _numbered(document: Document, label: str, block: Block) -> None:
    """A clause or point: with a title, "1. Title" as a bold lead-in (then ": text" if any); else "1. text"."""
    paragraph = _body_paragraph(document, keep_with_next=bool(block.title and not block.text))
    if not block.title:
        add_run(paragraph, f"{label} {block.text}", BODY_SIZE)
        return
    lead = f"{label} {block.title}"
    if block.text:
        lead += " " if block.title.rstrip()[-1:] in ":.;" else ": "
    add_run(paragraph, lead, BODY_SIZE, bold=True)
    if block.text:
        add_run(paragraph, block.text, BODY_SIZE)


def _signature(document: Document, doc: Nd30Document) -> None:
    """Boxes 7–9: "Nơi nhận" on the left level with the authority lines on the right, in a borderless table."""
    table = document.add_table(rows=1, cols=2)
    layout_table(table, SIGNATURE_COLUMNS, borders=False, cell_margin=Mm(0))
    row_flags(table.rows[0])
    recipients, signer = table.cell(0, 0), table.cell(0, 1)
    recipients.vertical_alignment = signer.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    add_run(
        format_paragraph(new_paragraph(recipients), LEFT),
        RECIPIENTS_TITLE,
        RECIPIENTS_TITLE_SIZE,
        bold=True,
        italic=True,
    )
    for entry in doc.recipients:
        add_run(format_paragraph(recipients.add_paragraph(), LEFT), f"- {entry}", RECIPIENTS_SIZE)

    for line in doc.signature:
        _line(signer, line.upper(), BODY_SIZE, bold=True)
    for _ in range(4):  # room for the handwritten signature and the seal
        mark_size(format_paragraph(signer.add_paragraph(), CENTER), BODY_SIZE)
    _line(signer, doc.signer_name, BODY_SIZE, bold=True)


def _tail_paragraph(document: Document) -> None:
    """A tiny empty paragraph to end the body after a table: Word needs one there, and it must not push a page."""
    _shrink(document.add_paragraph())


def _shrink(paragraph: Paragraph) -> None:
    mark_size(format_paragraph(paragraph, LEFT), 1)


def _appendix(document: Document, appendix: Appendix) -> None:
    """Each appendix opens a section of its own, landscape if asked, numbered from 1 without a number on page 1."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    # python-docx ends the previous section with a new empty paragraph; at full size it could spill onto a page
    # of its own after the signature or the previous appendix table.
    _shrink(document.paragraphs[-1])
    page = LANDSCAPE if appendix.landscape else PORTRAIT
    _set_page(section, page)
    restart_page_numbers(section._sectPr)

    _line(document, appendix.label, BODY_SIZE, bold=True)
    _line(document, appendix.title.upper(), BODY_SIZE, bold=True)
    reference = format_paragraph(document.add_paragraph(), CENTER, after=12)
    add_run(reference, appendix.reference, BODY_SIZE, italic=True)
    _table(document, appendix.table, page.text_width)


def _table(document: Document, data: Table, text_width: Length) -> None:
    """Bordered table, header row bold and repeated on every page, rows never split, group rows merged and bold."""
    columns = len(data.headers)
    if len(data.widths_mm) != columns:
        raise ValueError(f"{len(data.widths_mm)} widths for {columns} columns")
    scale = text_width.mm / sum(data.widths_mm)  # absorb rounding so the table spans the text width exactly
    widths = [Mm(width * scale) for width in data.widths_mm]
    table = document.add_table(rows=1 + len(data.rows), cols=columns)
    layout_table(table, widths, borders=True, cell_margin=Mm(1.5))
    centred = {i for i, header in enumerate(data.headers) if header.strip().upper() in {"STT", "TT"}}
    centred |= data.figure_columns

    row_flags(table.rows[0], header=True)
    for cell, header in zip(table.rows[0].cells, data.headers, strict=True):
        _cell_text(cell, header, bold=True, align=CENTER)
    for index, values in enumerate(data.rows):
        if len(values) > columns:
            raise ValueError(f"row {index} has {len(values)} cells for {columns} columns")
        row = table.rows[index + 1]
        row_flags(row)
        if index in data.group_rows:
            merged = row.cells[0].merge(row.cells[-1])
            merged.width = Length(sum(widths))
            _cell_text(merged, " ".join(v.strip() for v in values if v.strip()), bold=True, align=LEFT)
            continue
        padded = [*values, *[""] * (columns - len(values))]
        for column, (cell, value) in enumerate(zip(row.cells, padded, strict=True)):
            _cell_text(cell, value, bold=index in data.bold_rows, align=CENTER if column in centred else LEFT)


def _cell_text(cell: _Cell, text: str, *, bold: bool, align: WD_ALIGN_PARAGRAPH) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, line in enumerate(text.split("\n")):
        paragraph = new_paragraph(cell) if index == 0 else cell.add_paragraph()
        add_run(format_paragraph(paragraph, align, before=2, after=2), line, TABLE_SIZE, bold=bold)
