"""DOCX → PDF through the real LibreOffice: Vietnamese text survives, page numbers skip page 1."""

import io
import re
import stat
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from loa.core.errors import DomainError
from loa.core.tests.needs import need
from loa.documents.docx_writer import render_docx
from loa.documents.pdf import docx_to_pdf, pdf_available
from loa.documents.tests.sample import sample_document


@pytest.fixture(scope="module")
def pdf() -> bytes:
    need(pdf_available(), "LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    return docx_to_pdf(render_docx(sample_document()), cached=False)


def _pages(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFC", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_pdf_keeps_the_vietnamese_text(pdf):
    assert pdf.startswith(b"%PDF")
    text = "\n".join(_pages(pdf))
    flat = re.sub(r"\s+", " ", text)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ngày 28 tháng 01 năm 2022",
        "HUYỆN NINH GIANG",
        "Số: 18/KH-UBND",
        "KẾ HOẠCH",
        "Nguyễn Đình Tranh",
        "đ) Mối quan hệ giữa Nhà nước và nhân dân",
        "Nơi nhận:",
        "CÁC NHIỆM VỤ, SẢN PHẨM THỰC HIỆN KẾ HOẠCH",
    ):
        assert expected in flat, expected
    for word in ("HUYỆN", "HOẠCH", "kỹ năng"):  # letters the old Liberation 1.07 fonts lacked
        assert word in flat, word


def test_page_numbers_skip_the_first_page_and_restart_in_the_appendix(pdf):
    pages = _pages(pdf)
    assert len(pages) >= 2
    appendix = next(i for i, page in enumerate(pages) if "Phụ lục" in _lines(page)[:3])
    assert appendix >= 1
    for index, page in enumerate(pages):
        lines = _lines(page)
        if index in (0, appendix):
            assert not any(re.fullmatch(r"\d{1,2}", line) for line in lines[:3]), f"page {index + 1} is numbered"
        else:
            expected = str(index + 1 if index < appendix else index - appendix + 1)
            assert expected in lines[:2], f"page {index + 1}: {lines[:2]}"


def test_one_font_family_renders_everything(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    # Times New Roman or its metric twin; any other family means LibreOffice fell back for missing glyphs.
    assert fonts and all(name.startswith(("TimesNewRoman", "LiberationSerif")) for name in fonts), fonts


def test_first_page_is_a4_portrait_and_the_appendix_landscape(pdf):
    pages = PdfReader(io.BytesIO(pdf)).pages
    width, height = (float(v) * 25.4 / 72 for v in pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (210, 297)
    width, height = (float(v) * 25.4 / 72 for v in pages[-1].mediabox.upper_right)
    assert (round(width), round(height)) == (297, 210)


def test_concurrent_conversions_use_private_profiles(pdf):
    data = render_docx(sample_document(draft=True))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: docx_to_pdf(data), range(2)))
    assert all(result.startswith(b"%PDF") for result in results)
    assert all("DỰ THẢO" in _pages(result)[0] for result in results)


def test_missing_libreoffice_is_a_clear_domain_error(monkeypatch):
    monkeypatch.setattr("loa.documents.pdf.shutil.which", lambda name: None)
    assert not pdf_available()
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        docx_to_pdf(b"PK")
    assert caught.value.message == (
        "Chưa cài LibreOffice trên máy chủ nên không xuất được PDF. "
        "Quản trị viên cài gói Debian «libreoffice-writer-nogui» rồi thử lại."
    )


def _fake_soffice(directory: Path, script: str) -> None:
    """A stand-in `soffice` program on PATH: exercises our handling of a broken or hanging LibreOffice."""
    program = directory / "soffice"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)


def test_failed_conversion_reports_libreoffice_output(monkeypatch, tmp_path):
    _fake_soffice(tmp_path, 'echo "Error: source file could not be loaded"; exit 1')
    monkeypatch.setenv("PATH", str(tmp_path))
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        docx_to_pdf(b"not a document")
    assert caught.value.message == "Không chuyển được văn bản sang PDF: Error: source file could not be loaded"


def test_conversion_without_output_file(monkeypatch, tmp_path):
    _fake_soffice(tmp_path, "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path))
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        docx_to_pdf(b"not a document")
    assert caught.value.message == "Không chuyển được văn bản sang PDF: LibreOffice không tạo ra tệp PDF."


def test_hanging_conversion_times_out(monkeypatch, tmp_path):
    # The child spawns a grandchild, as the real soffice wrapper does; the timeout must kill both.
    _fake_soffice(tmp_path, f"sleep 60 & echo $! > {tmp_path}/pid; wait")
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    started = time.monotonic()
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        docx_to_pdf(b"not a document", timeout=1)
    assert time.monotonic() - started < 20
    assert caught.value.message == "Không chuyển được văn bản sang PDF: LibreOffice chạy quá 1 giây."
    status = Path(f"/proc/{int((tmp_path / 'pid').read_text())}/stat")

    def stopped() -> bool:
        # Gone, or a zombie waiting for init to reap it: either way no longer running.
        try:
            return status.read_text().split(")")[-1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    # The kill is sent before the error is raised, but a loaded machine may take a moment to deliver it
    # (seen once in a full run: the grandchild still "R" when read at once).
    deadline = time.monotonic() + 5
    while not stopped() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stopped()
