"""Importing a plan document: a 10-page Word plan with a 40-row task appendix (issue 6 asks under 0.5 s).

Timed: reading and extracting it (what the upload and `--dry-run` do), and the whole import with the
draft plan written (rolled back after each run). The floor is python-docx opening the same file and
reading the text of its paragraphs and table cells, which any import must do.
"""

import copy
import io
from pathlib import Path

from django.db import transaction
from docx import Document

from loa.intake.services import import_file, read
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .common import Timing, measure

SOURCE = Path(__file__).resolve().parents[1] / "loa/intake/tests/fixtures/docs/03-snv-ha-tinh-plan-2026.docx"


def ten_page_plan() -> bytes:
    """The Sở Nội vụ fixture plan with its body repeated to about ten A4 pages and 40 appendix rows."""
    document = Document(io.BytesIO(SOURCE.read_bytes()))
    body = [p for p in document.paragraphs if len(p.text) > 60]
    anchor = body[-1]._p
    for _ in range(6):  # about 1,500 words a round
        for paragraph in body:
            anchor.addnext(copy.deepcopy(paragraph._p))
    table = document.tables[-1]
    row = table.rows[-1]._tr
    for _ in range(33):
        row.addnext(copy.deepcopy(row))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _floor(data: bytes) -> None:
    document = Document(io.BytesIO(data))
    text = [p.text for p in document.paragraphs]
    text += [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def _import(unit: OrgUnit, data: bytes) -> None:
    with transaction.atomic():
        import_file(actor=SYSTEM, unit=unit, name="ke-hoach-10-trang.docx", data=data)
        transaction.set_rollback(True)


def run(*, repeat: int, **_: object) -> list[Timing]:
    data = ten_page_plan()
    reading = read("ke-hoach-10-trang.docx", data)
    words = sum(len(line.text.split()) for line in reading.source.lines)
    count = f"{words:,}".replace(",", ".")
    tasks = len(reading.extraction.tasks)
    print(f"  tệp {len(data) // 1024} KB, {count} chữ (khoảng {words // 450} trang A4), {tasks} nhiệm vụ")
    unit = OrgUnit.objects.get(code="42.SNV")
    floor = measure(lambda: _floor(data), repeat)[0]
    results = []
    p50, p95 = measure(lambda: read("ke-hoach-10-trang.docx", data), repeat)
    results.append(Timing("đọc và trích xuất DOCX 10 trang", p50, p95, floor))
    p50, p95 = measure(lambda: _import(unit, data), repeat)
    results.append(Timing("nhập thành dự thảo kế hoạch", p50, p95, floor))
    return results
