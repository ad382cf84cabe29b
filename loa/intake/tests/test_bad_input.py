"""Files that cannot be imported get a clear Vietnamese message, save nothing and never crash."""

import io
import random
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from pypdf import PdfWriter

from loa.core.tests.needs import need_program
from loa.intake.errors import DocumentError
from loa.intake.extract import extract
from loa.intake.models import DocumentImport
from loa.intake.readers import read_document
from loa.intake.services import import_start
from loa.plans.models import Plan

FIXTURES = Path(__file__).parent / "fixtures" / "docs"


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_pdf() -> bytes:
    """A PDF whose page has no text layer, as a scanner makes them."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    reader_source = (FIXTURES / "06-xa-tan-phu-report-2026q1.pdf").read_bytes()
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(reader_source)))
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_docx() -> bytes:
    """What Word writes for a password-protected .docx: an OLE container holding an EncryptedPackage stream."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00")
    directory += "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 4096


def zip_bomb() -> bytes:
    """A "DOCX" whose document part inflates to 300 MB of zeros from a few hundred kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\x00" * (1 << 20)
            for _ in range(300):
                part.write(chunk)
    return buffer.getvalue()


BAD_FILES = {
    "empty": ("rong.docx", b"", "rỗng"),
    "blank text": ("trang.txt", b"   \n\n  ", "rỗng"),
    "wrong extension": ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "không phải"),
    "spreadsheet named docx": ("bang.docx", b"PK\x03\x04" + b"\x00" * 100, "bị hỏng"),
    "corrupt docx": ("hong.docx", docx_bytes("Kế hoạch")[:1500], "bị hỏng"),
    "zip that is not Word": ("nen.docx", None, "không phải văn bản Word"),
    "corrupt pdf": ("hong.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\nxref garbage", "bị hỏng"),
    "encrypted docx": ("mat-khau.docx", encrypted_docx(), "đặt mật khẩu"),
    "binary junk": ("rac.txt", bytes(range(256)) * 20, "không phải văn bản"),
}


def _zip_not_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    return buffer.getvalue()


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_with_a_vietnamese_message(case):
    name, data, words = BAD_FILES[case]
    data = _zip_not_word() if data is None else data
    with pytest.raises(DocumentError) as error:
        read_document(name, data)
    assert words in error.value.message and name in error.value.message


def test_a_scan_without_text_says_ocr_is_needed():
    with pytest.raises(DocumentError) as error:
        read_document("scan.pdf", blank_pdf())
    assert "OCR" in error.value.message and "ảnh quét" in error.value.message


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(DocumentError) as error:
        read_document("bao-mat.pdf", encrypted_pdf())
    assert "mật khẩu" in error.value.message


def test_a_zip_bomb_is_not_inflated():
    data = zip_bomb()
    assert len(data) < 2 * 2**20  # small on disk …
    with pytest.raises(DocumentError) as error:
        read_document("bom.docx", data)  # … refused from its directory, before anything is inflated
    assert "zip bomb" in error.value.message


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, db, settings):
    """A real 200 MB file (sparse on disk): the command refuses it from its size and saves nothing."""
    big = tmp_path / "ke-hoach-200mb.docx"
    with big.open("wb") as handle:
        handle.truncate(200 * 2**20)
    before = (Plan.objects.count(), DocumentImport.objects.count())
    with pytest.raises(CommandError) as error:
        call_command("plan", "import", str(big), "--unit", "42")
    assert "200,0 MB" in str(error.value) and "vượt giới hạn 20 MB" in str(error.value)
    assert (Plan.objects.count(), DocumentImport.objects.count()) == before


def test_html_scripts_are_never_part_of_the_text():
    page = (
        "<html><head><script>alert('x')</script><style>p{}</style></head><body>"
        "<nav>Trang chủ | Tin tức</nav><article><h1>KẾ HOẠCH</h1><p>Tuyên truyền cải cách hành chính năm 2026</p>"
        "<script>document.write('Số: 99/KH-UBND')</script><p onclick=\"steal()\">Căn cứ Nghị quyết số 76/NQ-CP "
        "ngày 15/7/2021 của Chính phủ;</p></article><footer>Bản quyền</footer></body></html>"
    )
    source = read_document("trang.html", page.encode())
    text = source.text
    assert "alert" not in text and "99/KH-UBND" not in text and "steal" not in text and "Trang chủ" not in text
    assert "76/NQ-CP" in text and "Tuyên truyền cải cách hành chính năm 2026" in text


def test_a_bad_file_saves_nothing(world):
    before = (Plan.objects.count(), DocumentImport.objects.count(), DocumentImport.history.count())
    with pytest.raises(DocumentError):
        import_start(actor=world.users["leader"], unit=world.commune, name="scan.pdf", data=blank_pdf())
    assert (Plan.objects.count(), DocumentImport.objects.count(), DocumentImport.history.count()) == before


def test_an_old_doc_file_is_converted_and_read(tmp_path):
    need_program("soffice", "libreoffice-writer-nogui")
    source = tmp_path / "ke-hoach.docx"
    source.write_bytes((FIXTURES / "04-xa-kim-lien-plan-2026.docx").read_bytes())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    old = (tmp_path / "ke-hoach.doc").read_bytes()
    assert old.startswith(b"\xd0\xcf\x11\xe0")  # a real binary Word 97–2003 file
    result = extract(read_document("ke-hoach.doc", old)).as_json()
    assert (result["number"], result["date"], result["issuer"]) == ("08/KH-UBND", "2026-01-22", "UBND xã Kim Liên")
    assert [c["number"] for c in result["legal_bases"]][:2] == ["76/NQ-CP", "118/2025/NĐ-CP"]
    # (LibreOffice's own DOC export flattens python-docx tables, so the appendix is not compared here.)


def _with_body_xml(extra: str) -> bytes:
    """A Word file with raw WordprocessingML added before its section properties."""
    base = docx_bytes("KẾ HOẠCH", "Tuyên truyền cải cách hành chính")
    source = zipfile.ZipFile(io.BytesIO(base))
    xml = source.read("word/document.xml").decode().replace("<w:sectPr", extra + "<w:sectPr", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, xml.encode() if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


def test_word_text_inside_content_controls_and_tracked_insertions_is_read():
    data = _with_body_xml(
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Số: 18/KH-UBND</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        '<w:p><w:r><w:t xml:space="preserve">Căn cứ Nghị quyết số </w:t></w:r><w:ins w:id="1" w:author="a" '
        'w:date="2026-01-01T00:00:00Z"><w:r><w:t>76/NQ-CP</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:delText>99/NQ-CP</w:delText></w:r></w:del></w:p>"
    )
    text = read_document("ke-hoach.docx", data).text
    assert "Số: 18/KH-UBND" in text and "Căn cứ Nghị quyết số 76/NQ-CP" in text and "99/NQ-CP" not in text


def test_malformed_html_and_overlong_text_are_refused():
    with pytest.raises(DocumentError, match="lỗi cú pháp"):
        read_document("trang.html", b"<html><body><p>K\xe1\xba\xbe HO\xe1\xba\xa0CH</p><![ x")
    with pytest.raises(DocumentError, match="quá dài"):
        read_document("dai.txt", ("Kế hoạch tuyên truyền. " * 100_000).encode())


def test_a_pdf_whose_pages_draw_too_much_is_refused_before_layout():
    """Twenty pages sharing one heavy content stream: the cost is the drawing, not the (small) file."""
    ops = b"".join(b"BT /F1 6 Tf %d %d Td (x%d) Tj ET\n" % (i % 500, (i * 7) % 800, i) for i in range(20_000))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + i} 0 R" for i in range(20))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count 20 >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 3 0 R >> >> /Contents 24 0 R >>"
    )
    objects += [page.encode()] * 20
    objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
    with pytest.raises(DocumentError, match="quá phức tạp"):
        read_document("nang.pdf", _pdf(objects))


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of these object bodies (numbered from 1, the first the catalog), with its cross-reference table."""
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    data += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return data


def test_a_pdf_page_with_a_huge_damaged_stream_is_refused_without_decompressing_it(monkeypatch) -> None:
    """Found by `loa fuzz`: pypdf retries a damaged compressed stream byte by byte (9 s of CPU for a 3 MB page).
    A page whose instructions take more room compressed than any plan's page does uncompressed is refused first."""
    import pypdf.filters

    stream = bytearray(zlib.compress(random.Random(7).randbytes(600_000)))
    stream[len(stream) // 2 : len(stream) // 2 + 8] = b"\xff" * 8  # damaged in the middle
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + bytes(stream) + b"\nendstream",
    ]
    decompressed: list[int] = []
    real = pypdf.filters.decompress

    def counted(data: bytes) -> bytes:
        decompressed.append(len(data))
        return real(data)

    monkeypatch.setattr(pypdf.filters, "decompress", counted)
    with pytest.raises(DocumentError, match="quá phức tạp"):
        read_document("hong.pdf", _pdf(objects))
    assert decompressed == []


HTML_PAGE = (FIXTURES / "08-portal-page-snv-hai-phong-plan-2026.html").read_bytes()


@pytest.mark.parametrize(
    ("piece", "named"),
    [
        (b"<table><tr><td>" * 3000, "bảng lồng trong bảng sâu hơn 10 tầng"),  # took 19 s to read before the bound
        (b"<div>" * 5000, "lồng nhau sâu hơn 200 tầng"),
        (b"<p>x</p>" * 60_000, "hơn 100.000 thẻ HTML"),
        (b"</span>" * 120_000, "hơn 100.000 thẻ HTML"),
        (b"<" * 300_000, "hơn 100.000 thẻ HTML"),  # no tag at all, yet 2 µs each for the standard parser
    ],
)
def test_html_pages_past_the_parse_bounds_are_refused_by_count(piece: bytes, named: str) -> None:
    """Bounds on what the page holds, not on a clock: the same page gets the same answer on any machine."""
    data = HTML_PAGE[:4000] + piece + HTML_PAGE[4000:]
    with pytest.raises(DocumentError, match="quá phức tạp") as refused:
        read_document("trang.html", data)
    assert named in refused.value.message and "trang.html" in refused.value.message


def test_html_just_inside_the_bounds_is_read_and_an_oversized_page_is_refused() -> None:
    deep = HTML_PAGE[:4000] + b"<table><tr><td>" * 9 + b"<tr><td>Nhi\xe1\xbb\x87m v\xe1\xbb\xa5</td></tr>" * 2000
    source = read_document("trang.html", deep + HTML_PAGE[4000:])
    assert any("Nhiệm vụ" in cell for table in source.tables for row in table for cell in row)
    with pytest.raises(DocumentError, match="nặng hơn 5 MB"):
        read_document("trang.html", HTML_PAGE + b"<!-- " + b"x" * (5 * 2**20) + b" -->")


def test_a_page_ending_in_thousands_of_unfinished_tags_is_refused_by_count() -> None:
    """Found by `loa fuzz`: a 4 MB page whose end held an unclosed quote took 292 s of CPU, since the standard parser
    scans to the end again for every "<" after it. The constructs left open at the end are counted instead."""
    with pytest.raises(DocumentError, match="quá phức tạp") as refused:
        read_document("trang.html", HTML_PAGE + b'<a href="x' + b" <b" * 5000)
    assert "mở mà không đóng ở cuối trang" in refused.value.message
    # A page cut short (one tag left open, as a download that stopped) is still read.
    source = read_document("trang.html", HTML_PAGE + b'<a href="x <b')
    assert any("CCHC" in line.text or "cải cách" in line.text.lower() for line in source.lines)


def _peak_of_reading(data: bytes) -> tuple[int, DocumentError | None]:
    import tracemalloc

    tracemalloc.start()
    try:
        read_document("trang.html", data)
    except DocumentError as error:
        return tracemalloc.get_traced_memory()[1], error
    finally:
        tracemalloc.stop()
    return 0, None


@pytest.mark.parametrize(
    "tag",
    [
        b"<D" + b" a" * 200_000,  # left open to the end of the page
        b'<D a=">"' + b" b" * 200_000 + b">",  # a quoted ">" does not end a tag
        b"<D " + "a\u3000".encode() * 200_000,  # any white space separates attributes, not only ASCII
    ],
)
def test_a_tag_of_hundreds_of_thousands_of_attributes_is_refused_without_exhausting_memory(tag: bytes) -> None:
    """Found by `loa fuzz`: a 4 MB page with one "<" left open before 700,000 words took 330 MB in the standard parser
    (its expression for where a tag ends keeps a record per attribute), past what a worker may use; 200,000 of them
    took about 100 MB."""
    peak, refused = _peak_of_reading(HTML_PAGE[:4000] + tag + HTML_PAGE[4000:])
    assert refused is not None and "hơn 50.000 khoảng trắng giữa các thuộc tính" in refused.message
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB"


def test_an_inline_drawing_with_thousands_of_points_is_read() -> None:
    path = b'<svg><path d="' + b"L 1 2 " * 5_000 + b'"/></svg>'
    source = read_document("trang.html", HTML_PAGE[:4000] + path + HTML_PAGE[4000:])
    assert any("cải cách" in line.text.lower() for line in source.lines)


def test_a_page_of_a_million_one_letter_words_is_refused_without_exhausting_memory() -> None:
    """Found by `loa fuzz`: a 4 MB page whose text was millions of short words took 350 MB to read (splitting it into
    words), past the 500 MB a worker may use with Django loaded. Text is gathered up to the 1.000.000 characters a plan
    may have, with white space collapsed by a regular expression."""
    data = HTML_PAGE[:4000] + b"<p>" + "ệ ".encode() * 1_300_000 + b"</p>" + HTML_PAGE[4000:]
    assert len(data) < 5 * 2**20  # inside the HTML size bound: the reader must get through it
    peak, refused = _peak_of_reading(data)
    assert refused is not None and "dài hơn 1.000.000 ký tự" in refused.message and "trang.html" in refused.message
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB"


def test_text_with_more_lines_than_any_plan_is_refused_before_extraction() -> None:
    with pytest.raises(DocumentError, match=r"hơn 50\.000 dòng"):
        read_document("dai.txt", "Kế hoạch\n".encode() * 60_000)
    with pytest.raises(DocumentError, match=r"hơn 50\.000 dòng"):
        read_document("dai.txt", b"a\n" * 250_000)


def test_a_word_file_claiming_a_zip_version_python_cannot_read_is_refused_not_crashed() -> None:
    """Found by `loa fuzz`: the standard zip reader raises NotImplementedError, which escaped the reader (a 500)."""
    data = bytearray((FIXTURES / "03-snv-ha-tinh-plan-2026.docx").read_bytes())
    directory = data.find(b"PK\x01\x02")
    data[directory + 6 : directory + 8] = (127).to_bytes(2, "little")  # "version needed to extract": 12.7
    with pytest.raises(DocumentError, match="bị hỏng"):
        read_document("ke-hoach.docx", bytes(data))


def test_a_preamble_of_citations_is_read_for_its_bases_only_so_far() -> None:
    """Found by `loa fuzz`: a text plan whose preamble was one run of 60,000 citations took 8 s of CPU. Text over
    1.000.000 characters is refused; below that, only the first 20.000 characters of the bases are parsed."""
    line = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; "
    with pytest.raises(DocumentError, match=r"dài hơn 1\.000\.000 ký tự"):
        read_document("dai.txt", (line * (1_000_001 // len(line) + 1)).encode())
    title = "KẾ HOẠCH\nThông tin, tuyên truyền cải cách hành chính năm 2026\n"
    text = title + line * 3_000 + "\nI. MỤC ĐÍCH\nTuyên truyền."
    reading = extract(read_document("ke-hoach.txt", text.encode()))
    assert 1 <= len(reading.legal_bases) <= 20_000 // len(line) + 1
    assert reading.legal_bases[0].number_symbol == "30/2020/NĐ-CP"
