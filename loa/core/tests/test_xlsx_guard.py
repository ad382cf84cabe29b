"""Hostile workbooks are measured and refused before python-calamine reads them (issue 16, item 1)."""

import io
import resource
import signal
import subprocess
import sys
import zipfile

import pytest

from loa.activity.xlsx_io import template
from loa.core.archive import ArchiveRefused, inflate
from loa.core.errors import DomainError
from loa.core.xlsx import read_rows

from .hostile_xlsx import HOSTILE, corner, package, text_cell

_RAW_READ = """
import io, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
from python_calamine import CalamineWorkbook
sheet = CalamineWorkbook.from_filelike(io.BytesIO(sys.stdin.buffer.read())).get_sheet_by_index(0)
sheet.to_python(skip_empty_area=False)
"""


def test_the_corner_file_aborts_calamine_itself():
    """Why the guard exists: read directly, the 1.5 KB file kills the process with SIGABRT, which no Python handler
    catches (run in a child process, with its address space capped, so this test run survives)."""
    child = subprocess.run([sys.executable, "-c", _RAW_READ], input=corner(), capture_output=True, timeout=60)
    assert child.returncode == -signal.SIGABRT, child.stderr[-500:]
    assert b"memory allocation of 549755813888 bytes failed" in child.stderr


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_hostile_workbook_is_refused_with_the_limit_named(name):
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(DomainError) as refused:
        read_rows(HOSTILE[name](), max_rows=200_000)
    message = refused.value.message
    assert "vượt giới hạn" in message or "zip bomb" in message
    assert "5.000.000" in message or "201.001" in message or "MB" in message
    # Refused before anything was built: the process did not grow by more than a few MB.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before < 50 * 1024


def test_the_limits_follow_the_import_and_a_real_template_passes():
    headers, rows = read_rows(template(), max_rows=5000)
    assert headers[0] == "Ngày" and len(rows) == 1
    # 6,002 rows: within an activities import (200,000), beyond a units import (5,000 + 1,000 blank).
    cells = "".join(f'<row r="{r}">{text_cell(f"A{r}", "x")}</row>' for r in (1, 6002))
    assert len(read_rows(package(cells), max_rows=200_000)[1]) == 1
    with pytest.raises(DomainError, match=r"6\.001 dòng"):
        read_rows(package(cells), max_rows=5000)
    with pytest.raises(DomainError, match="100 cột"):
        read_rows(package(f'<row r="1">{text_cell("A1", "x")}{text_cell("CW1", "y")}</row>'), max_rows=10)


def test_cells_without_references_are_counted_as_calamine_counts_them():
    fits = package("<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 100 + "</row>", stored=True)
    assert len(read_rows(fits, max_rows=10)[0]) == 100
    beyond = package("<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 101 + "</row>", stored=True)
    with pytest.raises(DomainError, match="cột 101"):
        read_rows(beyond, max_rows=10)


def test_an_entry_that_inflates_beyond_its_declared_size_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "<a>" + "x" * 100_000 + "</a>")
    data = buffer.getvalue()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("a.xml")
    assert len(b"".join(inflate(data, info))) == info.file_size
    info.file_size = 1000  # what a forged directory would claim
    with pytest.raises(ArchiveRefused):
        b"".join(inflate(data, info))


def test_a_forged_directory_is_refused_through_read_rows():
    content = bytearray(corner())
    # Shrink the claimed size of the sheet in the central directory and the local header: the guard must notice
    # the data does not end where the claim says.
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    claimed = info.file_size.to_bytes(4, "little")
    forged = (100).to_bytes(4, "little")
    assert bytes(content).count(claimed) >= 1
    content = bytearray(bytes(content).replace(claimed, forged))
    with pytest.raises(DomainError):
        read_rows(bytes(content), max_rows=200_000)


def test_a_part_that_is_not_xml_to_a_strict_parser_is_still_bounded():
    """A lenient reader could take a part starting with garbage for a sheet: its cell tags are counted anyway."""
    cells = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 150 + b"</row>"
    disguised = package("", extra={"xl/media/image1.png": b"\x89PNG\r\n" + cells}, stored=True)
    with pytest.raises(DomainError, match="vượt giới hạn"):
        read_rows(disguised, max_rows=10)
    harmless = package("", extra={"xl/media/image1.png": b"\x89PNG\r\n" + b"\x00" * 5000}, stored=True)
    with pytest.raises(DomainError, match="không có dữ liệu"):
        read_rows(harmless, max_rows=10)
