"""The printable poster of a collection point: A4 portrait, the unit and the point, the title of the survey, a QR code
about 10 cm wide that leads to the point's address, the address itself and three lines on how to answer.

The poster is a Vietnamese document (Times New Roman, like every document Loa writes), so its texts are literal. The
DOCX is deterministic (fixed zip times, no creation time), so the PDF cache in `documents.pdf` serves a reprint.
"""

import io

import docx
import segno
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm

from loa.documents.docx_writer import fixed_zip_times, set_defaults
from loa.documents.ooxml import add_run, format_paragraph
from loa.documents.pdf import docx_to_pdf

from .models import CollectionPoint

TITLE = "KHẢO SÁT SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC"
SUBTITLE = "đối với sự phục vụ của cơ quan hành chính nhà nước"
STEPS = (
    "1. Mở camera hoặc Zalo trên điện thoại, quét mã QR.",
    "2. Trả lời các câu hỏi, chỉ mất khoảng 3 phút.",
    "3. Phiếu không ghi họ tên; ý kiến của Ông/Bà giúp cải thiện chất lượng phục vụ.",
)
QR_WIDTH = Cm(10)
QR_PIXELS = 1200  # about 300 dpi across 10 cm: sharp on any office printer
MARGIN_MM = 20
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def qr_png(url: str) -> bytes:
    """The QR code of `url` as PNG: error correction M, a quiet zone of 4 modules, about QR_PIXELS wide."""
    code = segno.make(url, error="m")
    width, _height = code.symbol_size(scale=1, border=4)
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, -(-QR_PIXELS // width)), border=4)
    return out.getvalue()


def poster_docx(point: CollectionPoint, url: str) -> bytes:
    """The poster as DOCX bytes (the same point and address always give the same bytes)."""
    document = docx.Document()
    set_defaults(document, title=f"Khảo sát sự hài lòng - {point.name}", size=14)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    section.header_distance = section.footer_distance = Mm(10)

    add_run(format_paragraph(document.add_paragraph(), CENTER, after=3), point.unit.name.upper(), 16, bold=True)
    add_run(format_paragraph(document.add_paragraph(), CENTER, after=30), point.name, 15)
    title = format_paragraph(document.add_paragraph(), CENTER, after=6, line=1.1)
    first_line, _sep, second_line = TITLE.partition(" CỦA ")
    add_run(title, first_line, 26, bold=True).add_break()  # "KHẢO SÁT SỰ HÀI LÒNG" / "CỦA NGƯỜI DÂN, TỔ CHỨC"
    add_run(title, f"CỦA {second_line}", 26, bold=True)
    add_run(format_paragraph(document.add_paragraph(), CENTER, after=24), SUBTITLE, 17, italic=True)
    picture = format_paragraph(document.add_paragraph(), CENTER, after=6)
    picture.add_run().add_picture(io.BytesIO(qr_png(url)), width=QR_WIDTH)
    add_run(format_paragraph(document.add_paragraph(), CENTER, after=30), url, 14, bold=True)
    for step in STEPS:
        add_run(format_paragraph(document.add_paragraph(), LEFT, after=8, left=Cm(1), right=Cm(1)), step, 16)
    out = io.BytesIO()
    document.save(out)
    return fixed_zip_times(out.getvalue())


def poster_pdf(point: CollectionPoint, url: str) -> bytes:
    """The poster as PDF (LibreOffice; DomainError when it is not installed)."""
    return docx_to_pdf(poster_docx(point, url))
