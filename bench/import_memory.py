"""Peak memory of imports: 100,000 activity rows (check-only pass: reading, parsing and validating every row, the
part whose memory grows with the file; the write path is timed by `activity_import`) and each hostile workbook of
issue 16 (refused before the reader builds anything), and of a 1.5 KB file spanning the largest table the caps let
through (the bound on what a tiny file can cost). Peak RSS is the kernel's high-water mark (VmHWM), reset
before each case through /proc/self/clear_refs, so each figure is that case's own peak."""

import json
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from loa.activity.xlsx_io import import_activities
from loa.core.errors import DomainError
from loa.core.tests.hostile_xlsx import HOSTILE, largest_within_caps
from loa.core.xlsx import read_rows
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .activity_import import workbook
from .common import Timing


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _peak(call: Any) -> dict[str, Any]:
    Path("/proc/self/clear_refs").write_text("5")  # reset the high-water mark to the current RSS
    before = _rss_kib("VmRSS")
    started = time.perf_counter()
    try:
        outcome = f"{call()}"
    except DomainError as refused:
        outcome = f"từ chối: {refused.message}"
    seconds = time.perf_counter() - started
    peak = _rss_kib("VmHWM")
    return {
        "seconds": round(seconds, 2),
        "rss_before_mb": round(before / 1024, 1),
        "peak_rss_mb": round(peak / 1024, 1),
        "peak_growth_mb": round((peak - before) / 1024, 1),
        "outcome": outcome[:200],
    }


def run(*, rows: int, repeat: int) -> list[Timing]:
    unit = OrgUnit.objects.filter(unit_type="ubnd_xa", valid_to__isnull=True).order_by("-code").first()
    assert unit is not None
    content = workbook(rows)
    cases: dict[str, dict[str, Any]] = {}
    cases[f"nhập {rows} dòng hoạt động (chỉ kiểm tra)"] = _peak(
        lambda: import_activities(actor=SYSTEM, unit=unit, content=content, dry_run=True)
    ) | {"file_bytes": len(content)}
    for name, build in [*HOSTILE.items(), ("largest table within the caps", largest_within_caps)]:
        hostile = build()
        cases[f"tệp độc hại: {name}"] = _peak(lambda h=hostile: read_rows(h, max_rows=200_000)) | {
            "file_bytes": len(hostile)
        }
    for name, case in cases.items():
        print(
            f"  {name:<48} đỉnh RSS {case['peak_rss_mb']:7.1f} MB (+{case['peak_growth_mb']:.1f} MB)"
            f"  {case['seconds']:6.2f} s  — {case['outcome'][:70]}"
        )
    folder = Path(settings.BASE_DIR) / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"import-memory-{connection.vendor}-{timezone.now():%Y%m%d-%H%M}.json"
    path.write_text(json.dumps({"rows": rows, "cases": cases}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"  → {path}")
    return [Timing(name, case["seconds"] * 1000, case["seconds"] * 1000) for name, case in cases.items()]
