"""Import of a real XLSX file through the audited path (validation, history rows, task links)."""

import io
import time
from datetime import date, timedelta

from openpyxl import Workbook

from loa.activity.models import Activity
from loa.activity.xlsx_io import REQUIRED, import_activities
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .common import Timing


def workbook(rows: int) -> bytes:
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Hoạt động")
    sheet.append(REQUIRED)
    first = date(2026, 1, 2)
    for i in range(rows):
        sheet.append(
            [
                first + timedelta(days=i % 300),
                "Mạng xã hội",
                "tthc, chinh_phu_so",
                f"Bài đăng CCHC số {i}",
                2,
                "bài đăng",
                150,
                "https://zalo.me/x",
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(*, rows: int, repeat: int) -> list[Timing]:
    unit = OrgUnit.objects.filter(unit_type="ubnd_xa", valid_to__isnull=True).order_by("-code").first()
    assert unit is not None
    content = workbook(rows)
    started = time.perf_counter()
    count = import_activities(actor=SYSTEM, unit=unit, content=content)
    seconds = time.perf_counter() - started
    Activity.objects.filter(unit=unit, title__startswith="Bài đăng CCHC số ").delete()
    print(f"  nhập {count:,} dòng: {seconds:.1f} s ({count / seconds:,.0f} dòng/giây)".replace(",", "."))
    return [Timing(f"nhập {rows} dòng XLSX (một lần)", seconds * 1000, seconds * 1000)]
