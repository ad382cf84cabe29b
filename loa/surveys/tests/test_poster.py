"""A collection point's QR poster: one A4 page, the unit and the point, the QR of the point's address, the address."""

import io
import re
import struct
import zipfile

import docx
import pytest
import segno
from docx.shared import Cm
from pypdf import PdfReader

from loa.documents.pdf import pdf_available
from loa.surveys import services
from loa.surveys.poster import STEPS, SUBTITLE, TITLE, poster_docx, poster_pdf, qr_png

URL = "https://loa.example.gov.vn/khao-sat/diem/k7m2qx9p/"


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def point(world):
    return services.point_create(actor=world.users["editor"], unit=world.commune, name="Bộ phận Một cửa - Quầy số 1")


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_the_docx_carries_the_texts_and_the_qr_of_the_address(point):
    content = poster_docx(point, URL)
    assert content == poster_docx(point, URL)  # deterministic: the PDF cache serves a reprint
    document = docx.Document(io.BytesIO(content))
    text = flat("\n".join(p.text for p in document.paragraphs))
    for line in (point.unit.name.upper(), point.name, TITLE, SUBTITLE, URL, *STEPS):
        assert line in text, line
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text}
    assert fonts == {"Times New Roman"}
    [shape] = document.inline_shapes
    assert shape.width == Cm(10)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(images) == 1
        embedded = package.read(images[0])
        assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # The image is the QR of the address (no decoder here: it is segno's rendering of exactly this code).
    assert embedded == qr_png(URL)
    code = segno.make(URL, error="m")
    assert code.error == "M" and code.designator == f"{code.version}-M"
    modules, _height = code.symbol_size(scale=1, border=4)
    width, height = png_size(embedded)
    assert width == height and width % modules == 0 and width >= 1200  # whole pixels a module, ~300 dpi at 10 cm
    assert qr_png(URL.replace("k7m2qx9p", "k7m2qx9q")) != embedded  # another point, another code


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice is not installed")
def test_the_pdf_is_one_a4_page_with_the_unit_and_the_address(point, world):
    pdf = poster_pdf(point, URL)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = flat(reader.pages[0].extract_text())
    assert world.commune.name.upper() in text
    assert URL in text and flat(TITLE) in text
    assert re.search(r"/Subtype\s*/Image", pdf.decode("latin-1"))  # the QR is there as an image


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice is not installed")
def test_long_names_still_fit_one_page(world):
    long_name = "Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính " * 4
    point = services.point_create(actor=world.users["editor"], unit=world.commune, name=long_name[:255])
    reader = PdfReader(io.BytesIO(poster_pdf(point, URL + "?from=poster-printed-at-the-counter")))
    assert len(reader.pages) == 1
