"""Certificates (giấy chứng nhận) for the prize winners of a round or of the whole contest (issue 21 item 4).

One A4 landscape page per winner, in its own section: the Nghị định 30 header (the organising unit at the left, the
national name and motto at the right), the title, "Tặng" and the winner's name, their unit, the prize won, the score,
then the place and date and the signature block at the bottom right, inside a double page border.

A certificate is a Vietnamese document (Times New Roman, like every document Loa writes), so its texts are literal.
The DOCX is deterministic (fixed zip times, no creation time), so the PDF cache in `documents.pdf` serves a reprint.
"""

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import docx
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Length, Mm, RGBColor

from loa.core.dates import document_date
from loa.core.errors import DomainError
from loa.documents.docx_writer import MOTTO, NATIONAL_NAME, fixed_zip_times, set_defaults
from loa.documents.ooxml import (
    Container,
    add_rule,
    add_run,
    format_paragraph,
    layout_table,
    mark_size,
    new_paragraph,
    row_flags,
    text_width,
)
from loa.documents.pdf import docx_to_pdf
from loa.plans.defaults import header_lines, place_for

from .catalog import ContestKind
from .models import Contest
from .ranking import Ranked

TITLE = "GIẤY CHỨNG NHẬN"
GIVEN_TO = "Tặng"
ACHIEVED = "Đã đạt "
OVERALL = "Chung cuộc"  # the round label of the whole contest's prizes

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 297, 210
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_SIDE_MM = 20, 16, 24
TEXT_WIDTH = Mm(PAGE_WIDTH_MM - 2 * MARGIN_SIDE_MM)
# The header's columns: the right one holds the national name on one line at 13 pt bold (about 96 mm).
HEADER_COLUMNS = (Mm(105), Mm(PAGE_WIDTH_MM - 2 * MARGIN_SIDE_MM - 105))
SIGNATURE_COLUMNS = (Mm(125), Mm(PAGE_WIDTH_MM - 2 * MARGIN_SIDE_MM - 125))
BODY_INDENT = Mm(12)  # the prize sentence keeps clear of the border on long titles

ISSUER_SIZE = 13
NATIONAL_SIZE = 13
MOTTO_SIZE = 14
SIGN_SIZE = 15
LINE_HEIGHT = 1.15  # a single-spaced line of Times New Roman (Liberation Serif), in em
TITLE_COLOUR = RGBColor(0xC0, 0x00, 0x00)
# Page border: a double line, 24 pt in from the edge of the sheet.
BORDER_STYLE, BORDER_EIGHTHS, BORDER_SPACE_PT = "double", 6, 24


@dataclass(frozen=True)
class _Style:
    """The sizes (pt) and spaces of a certificate's body; the first of STYLES whose estimated height fits the page
    is used, so that long names and titles still leave one page per certificate."""

    title_before: float
    title: float
    body: float
    name: float  # the largest; a long name steps down to hold on one line while it can
    line: float  # the prize sentence's line spacing
    gap: float  # the space after the name, the unit and the prize sentence
    sign_before: float
    signature_space: int  # empty lines for the handwritten signature and the seal


STYLES = (
    _Style(title_before=36, title=40, body=17, name=32, line=1.15, gap=6, sign_before=24, signature_space=4),
    _Style(title_before=24, title=36, body=16, name=28, line=1.1, gap=4, sign_before=16, signature_space=4),
    _Style(title_before=14, title=34, body=15, name=26, line=1.1, gap=3, sign_before=10, signature_space=3),
    _Style(title_before=4, title=28, body=13, name=20, line=1.0, gap=2, sign_before=4, signature_space=3),
)
# What the page holds between its margins, less a safety share for the estimate's error.
BUDGET_PT = (PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) / 25.4 * 72 * 0.93

CENTER = WD_ALIGN_PARAGRAPH.CENTER
_YEAR = re.compile(r"\b(năm) (\d{4})\b")


@dataclass(frozen=True)
class Certificate:
    """What one certificate says; every text as printed (the issuer's lines are put in capitals)."""

    issuer: str  # the organising unit, "SỞ NỘI VỤ"; "\n" between lines ("ỦY BAN NHÂN DÂN\nXÃ HÒA VANG")
    place: str  # the place name of the date line, "Huế"
    on: date
    contest_title: str
    round_label: str  # "Vòng 2", or OVERALL
    winner_name: str
    winner_unit: str
    prize: str  # "Giải Nhất"
    score: str  # "10/10 câu đúng"
    signer_title: str = ""  # "GIÁM ĐỐC"; blank with the name: an empty signature block to fill in by hand
    signer_name: str = ""
    parent_issuer: str = ""  # the line above the issuer, "UBND THÀNH PHỐ ĐÀ NẴNG"; may be blank


def score_text(ranked: Ranked, kind: str) -> str:
    """The score as printed: `10/10 câu đúng` for a quiz, `85/100 điểm` for a contest of entries, and over several
    rounds how many (`28/30 câu đúng qua 3 vòng thi`)."""
    result = ranked.result
    unit = "câu đúng" if kind == ContestKind.QUIZ else "điểm"
    text = f"{result.score}/{result.max_score} {unit}"
    return f"{text} qua {result.rounds} vòng thi" if result.rounds > 1 else text


def certificates_for(
    contest: Contest,
    label: str,
    ranked: Sequence[Ranked],
    *,
    place: str,
    on: date,
    signer_title: str,
    signer_name: str,
) -> list[Certificate]:
    """One certificate for each row of `ranked` that won a prize, in ranking order; `label` names the round
    ("Vòng 2") or the whole contest (OVERALL). The issuer's lines are the organising unit's Nghị định 30 header."""
    parent_line, issuer_lines = header_lines(contest.unit)
    return [
        Certificate(
            issuer="\n".join(issuer_lines),
            parent_issuer=parent_line,
            place=place,
            on=on,
            contest_title=contest.title,
            round_label=label,
            winner_name=row.result.name,
            winner_unit=row.result.unit_name,
            prize=row.prize,
            score=score_text(row, contest.kind),
            signer_title=signer_title,
            signer_name=signer_name,
        )
        for row in ranked
        if row.prize
    ]


def certificates_docx(certs: Sequence[Certificate]) -> bytes:
    """The certificates as DOCX bytes, one landscape page (one section) each; DomainError when there are none."""
    if not certs:
        raise DomainError(_("Chưa có người đạt giải để in giấy chứng nhận."), code="no_winners")
    document = docx.Document()
    set_defaults(document, title=f"Giấy chứng nhận - {certs[0].contest_title}", size=STYLES[0].body)
    _set_page(document.sections[0])
    for index, cert in enumerate(certs):
        if index:
            section = document.add_section(WD_SECTION.NEW_PAGE)
            # python-docx ends the previous section with a new empty paragraph: at full size it could push the
            # previous certificate onto a second page.
            mark_size(format_paragraph(document.paragraphs[-1], CENTER), 1)
            _set_page(section)
        _certificate(document, cert)
    # Word wants a paragraph after the last table; a tiny one, so that it never spills onto a page of its own.
    mark_size(format_paragraph(document.add_paragraph(), CENTER), 1)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip_times(out.getvalue())


def certificates_pdf(certs: Sequence[Certificate]) -> bytes:
    """The certificates as PDF, one page each (LibreOffice; DomainError when it is not installed)."""
    return docx_to_pdf(certificates_docx(certs))


def _set_page(section: Section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin = section.right_margin = Mm(MARGIN_SIDE_MM)
    section.header_distance = section.footer_distance = Mm(8)
    section.gutter = Mm(0)
    _page_border(section)


def _page_border(section: Section) -> None:
    """A double line around the page, measured from the sheet's edge (w:pgBorders; python-docx has no API)."""
    sectPr = section._sectPr
    for old in sectPr.findall(qn("w:pgBorders")):
        sectPr.remove(old)
    borders = OxmlElement("w:pgBorders", {qn("w:offsetFrom"): "page"})
    for side in ("top", "left", "bottom", "right"):  # schema order
        attrs = {"w:val": BORDER_STYLE, "w:sz": str(BORDER_EIGHTHS), "w:space": str(BORDER_SPACE_PT)}
        borders.append(OxmlElement(f"w:{side}", {qn(k): v for k, v in {**attrs, "w:color": "000000"}.items()}))
    # Schema order: after w:pgMar and w:paperSrc, before everything else python-docx writes there.
    anchor = sectPr.find(qn("w:paperSrc"))
    if anchor is None:
        anchor = sectPr.find(qn("w:pgMar"))
    if anchor is None:
        anchor = sectPr.find(qn("w:pgSz"))
    anchor.addnext(borders)


def _line(container: Container, text: str, size: float, *, bold: bool = False, italic: bool = False) -> None:
    add_run(format_paragraph(new_paragraph(container), CENTER), text, size, bold=bold, italic=italic)


def _certificate(document: Document, cert: Certificate) -> None:
    texts = _Texts.of(cert)
    style = next((style for style in STYLES if _height(texts, style) <= BUDGET_PT), STYLES[-1])
    # The room left over goes above the title and above the signature, so the page is filled evenly.
    spare = max(0.0, BUDGET_PT - _height(texts, style)) / 2
    style = replace(style, title_before=style.title_before + spare, sign_before=style.sign_before + spare)
    _header(document, texts)
    title = format_paragraph(document.add_paragraph(), CENTER, before=style.title_before, after=4)
    add_run(title, TITLE, style.title, bold=True).font.color.rgb = TITLE_COLOUR
    add_run(format_paragraph(document.add_paragraph(), CENTER, after=4), GIVEN_TO, style.body, italic=True)
    add_run(
        format_paragraph(document.add_paragraph(), CENTER, after=style.gap),
        texts.name,
        _name_size(texts, style),
        bold=True,
    )
    if texts.unit:
        unit = format_paragraph(document.add_paragraph(), CENTER, after=style.gap, left=BODY_INDENT, right=BODY_INDENT)
        add_run(unit, texts.unit, style.body)
    achieved = format_paragraph(
        document.add_paragraph(), CENTER, after=style.gap, line=style.line, left=BODY_INDENT, right=BODY_INDENT
    )
    add_run(achieved, ACHIEVED, style.body)
    add_run(achieved, texts.prize, style.body, bold=True)
    add_run(achieved, texts.tail, style.body)
    if texts.score:
        add_run(format_paragraph(document.add_paragraph(), CENTER), texts.score, style.body - 1, italic=True)
    _signature(document, texts, style)


@dataclass(frozen=True)
class _Texts:
    """A certificate's texts as printed: spaces collapsed, capitals where the layout wants them."""

    parent_issuer: str
    issuer: list[str]
    name: str
    unit: str
    prize: str
    tail: str  # the prize sentence after the prize: the round and the contest
    score: str
    place_date: str
    signer_title: list[str]
    signer_name: str

    @classmethod
    def of(cls, cert: Certificate) -> "_Texts":
        tail = f" {_round_phrase(cert.round_label)} {_contest_phrase(cert.contest_title)}".rstrip()
        unit = _flat(cert.winner_unit)
        score = _flat(cert.score)
        return cls(
            parent_issuer=_flat(cert.parent_issuer).upper(),
            issuer=[_flat(line).upper() for line in cert.issuer.splitlines() if line.strip()],
            name=_flat(cert.winner_name),
            unit=f"Đơn vị: {unit}" if unit else "",
            prize=_flat(cert.prize),
            tail=_YEAR.sub("\\1\u00a0\\2", tail),  # "năm 2026" never split across two lines
            score=f"Kết quả: {score}" if score else "",
            place_date=document_date(cert.on, _flat(cert.place)),
            signer_title=[_flat(line).upper() for line in cert.signer_title.splitlines() if line.strip()],
            signer_name=_flat(cert.signer_name),
        )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _lines(text: str, size: float, width: Length, *, bold: bool = False) -> int:
    """Estimated number of lines `text` takes in a column `width` wide (word wrapping wastes about 5 %)."""
    return max(1, math.ceil(text_width(text, size, bold=bold) * 1.05 / width))


def _name_size(texts: _Texts, style: _Style) -> float:
    """The style's name size, stepped down by 2 pt (not below the body's size + 3) until the name holds on a line."""
    size = style.name
    while size - 2 >= style.body + 3 and _lines(texts.name, size, TEXT_WIDTH, bold=True) > 1:
        size -= 2
    return size


def _height(texts: _Texts, style: _Style) -> float:
    """The estimated height (pt) of a certificate's body in `style`."""
    column = HEADER_COLUMNS[0]
    left = sum(_lines(line, ISSUER_SIZE, column, bold=True) for line in texts.issuer)
    if texts.parent_issuer:
        left += _lines(texts.parent_issuer, ISSUER_SIZE, column)
    height = max(left * ISSUER_SIZE, NATIONAL_SIZE + MOTTO_SIZE) * LINE_HEIGHT + 3
    height += style.title_before + style.title * LINE_HEIGHT + 4 + style.body * LINE_HEIGHT + 4
    name_size = _name_size(texts, style)
    height += _lines(texts.name, name_size, TEXT_WIDTH, bold=True) * name_size * LINE_HEIGHT + style.gap
    inner = Length(TEXT_WIDTH - 2 * BODY_INDENT)
    if texts.unit:
        height += _lines(texts.unit, style.body, inner) * style.body * LINE_HEIGHT + style.gap
    sentence = f"{ACHIEVED}{texts.prize}{texts.tail}"
    height += _lines(sentence, style.body, inner) * style.body * LINE_HEIGHT * style.line + style.gap
    if texts.score:
        height += (style.body - 1) * LINE_HEIGHT
    signature_lines = 1 + max(1, len(texts.signer_title)) + style.signature_space + 1
    return height + style.sign_before + signature_lines * SIGN_SIZE * LINE_HEIGHT


def _round_phrase(label: str) -> str:
    """The round inside the sentence: "Vòng 2" as written, "chung cuộc" in lower case ("Giải Nhất chung cuộc")."""
    label = " ".join(label.split())
    return label.lower() if label.casefold() == OVERALL.casefold() else label


def _contest_phrase(title: str) -> str:
    """The contest as named in the sentence: a title that does not say what it is gets "Cuộc thi" and quotes."""
    title = " ".join(title.split())
    if title.casefold().startswith(("cuộc thi", "hội thi")):
        return title[:1].upper() + title[1:]
    return f"Cuộc thi “{title}”"


def _header(document: Document, texts: _Texts) -> None:
    """Nghị định 30's header: the unit at the left over a short rule, the national name and motto at the right."""
    table = document.add_table(rows=1, cols=2)
    layout_table(table, HEADER_COLUMNS, borders=False, cell_margin=Mm(0))
    issuer, national = table.cell(0, 0), table.cell(0, 1)
    issuer.vertical_alignment = national.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    if texts.parent_issuer:
        _line(issuer, texts.parent_issuer, ISSUER_SIZE)
    for line in texts.issuer:
        _line(issuer, line, ISSUER_SIZE, bold=True)
    longest = max((text_width(line, ISSUER_SIZE, bold=True) for line in texts.issuer), default=Mm(30))
    add_rule(issuer, Length(int(min(longest, HEADER_COLUMNS[0]) * 0.4)), HEADER_COLUMNS[0])

    _line(national, NATIONAL_NAME, NATIONAL_SIZE, bold=True)
    _line(national, MOTTO, MOTTO_SIZE, bold=True)
    add_rule(national, text_width(MOTTO, MOTTO_SIZE, bold=True), HEADER_COLUMNS[1])


def _signature(document: Document, texts: _Texts, style: _Style) -> None:
    """The place and date, in italics, over the signer's title and name at the bottom right; with no signer, the
    same room left blank to fill in by hand."""
    table = document.add_table(rows=1, cols=2)
    layout_table(table, SIGNATURE_COLUMNS, borders=False, cell_margin=Mm(0))
    row_flags(table.rows[0])
    signer = table.cell(0, 1)
    signer.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    fits = text_width(texts.place_date, SIGN_SIZE) <= SIGNATURE_COLUMNS[1] - Mm(2)
    place_date = format_paragraph(new_paragraph(signer), CENTER, before=style.sign_before)
    add_run(place_date, texts.place_date, SIGN_SIZE if fits else SIGN_SIZE - 2, italic=True)
    for line in texts.signer_title or [""]:
        _line(signer, line, SIGN_SIZE, bold=True)
    for _blank in range(style.signature_space):
        mark_size(format_paragraph(signer.add_paragraph(), CENTER), SIGN_SIZE)
    _line(signer, texts.signer_name, SIGN_SIZE, bold=True)


DEFAULT_SIGNER_TITLE = "TM. BAN TỔ CHỨC\nTRƯỞNG BAN"


def signing(unit: Any, asked: Mapping[str, str]) -> tuple[str, str, str]:
    """The place, signer's title and signer's name a certificate is printed with: what the organiser typed on the
    form, else the unit's địa danh (as its plans carry it) and the organising committee's head."""
    place = " ".join(str(asked.get("place", "")).split())[:60] or place_for(unit)
    title = str(asked.get("title", "")).strip()[:120] or DEFAULT_SIGNER_TITLE
    return place, title, " ".join(str(asked.get("signer", "")).split())[:120]
