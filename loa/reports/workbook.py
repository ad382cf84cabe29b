"""A report's data tables as a spreadsheet: the appendices' figures as real numbers, one sheet per table."""

from datetime import date
from typing import Any

from loa.activity.progress import ProgressStatus
from loa.core.catalogs import Channel, ReformArea, vi_label
from loa.core.dates import display_date
from loa.core.xlsx import write_sheets

from .catalog import ReportStatus
from .consolidation import ANNEX_FIGURES
from .document import SUBJECT, TOTAL, annex_status, number_symbol
from .narrative import period_text, quantities
from .selectors import ReportState


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _window(state: ReportState) -> tuple[date, date]:
    window = state.figures.get("window") or {}
    start, end = _day(window.get("from")), _day(window.get("to"))
    return start or state.period.start, end or state.period.end


XLSX_CHANNEL_HEADERS = [
    "STT",
    "Mã hình thức",
    "Hình thức",
    "Số hoạt động",
    "Số lượng (chi tiết)",
    "Số người tham dự",
    "Lượt người được tiếp cận",
]
XLSX_AREA_HEADERS = ["STT", "Mã lĩnh vực", "Lĩnh vực", "Số hoạt động", "Lượt người được tiếp cận"]
XLSX_TASK_HEADERS = [
    "STT",
    "Nhiệm vụ",
    "Kế hoạch",
    "Hình thức",
    "Lĩnh vực CCHC",
    "Thời hạn",
    "Đơn vị tính",
    "Chỉ tiêu",
    "Trong kỳ",
    "Lũy kế",
    "Số hoạt động",
    "Tỷ lệ (%)",
    "Tình trạng",
]
XLSX_ANNEX_HEADERS = [
    "STT",
    "Mã đơn vị",
    "Đơn vị",
    "Tình trạng báo cáo",
    "Lần gửi",
    "Gửi muộn",
    "Được tổng hợp",
    "Số hoạt động",
    "Trực tuyến",
    "Truyền thống",
    "Lượt người được tiếp cận",
    "Minh chứng",
]


def report_xlsx(state: ReportState) -> bytes:
    """The appendices' data as real numbers, one sheet per table, plus a notes sheet naming the report."""
    figures = state.figures
    channel_rows: list[list[Any]] = [
        [
            i,
            code,
            vi_label(Channel, code),
            row.get("count", 0),
            quantities(row.get("measures", {})),
            row.get("participants", 0),
            row.get("reach", 0),
        ]
        for i, (code, row) in enumerate(figures.get("by_channel", {}).items(), start=1)
    ]
    totals = figures["totals"]
    channel_rows.append([None, None, TOTAL, totals["count"], None, totals["participants"], totals["reach"]])
    area_rows = [
        [i, code, vi_label(ReformArea, code), row.get("count", 0), row.get("reach", 0)]
        for i, (code, row) in enumerate(figures.get("by_area", {}).items(), start=1)
    ]
    task_rows = [
        [
            i,
            t["title"],
            t.get("plan", ""),
            vi_label(Channel, t.get("channel") or ""),
            vi_label(ReformArea, t.get("reform_area") or ""),
            _day(t.get("deadline")),
            t.get("measure", ""),
            t.get("target"),
            t.get("achieved", 0),
            t.get("cumulative", 0),
            t.get("activities", 0),
            t.get("percent", 0),
            vi_label(ProgressStatus, t.get("status", "")),
        ]
        for i, t in enumerate(figures.get("tasks", []), start=1)
    ]
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("Theo hình thức", XLSX_CHANNEL_HEADERS, channel_rows),
        ("Theo lĩnh vực", XLSX_AREA_HEADERS, area_rows),
        ("Nhiệm vụ", XLSX_TASK_HEADERS, task_rows),
    ]
    if state.annex:
        annex_rows = [
            [
                i,
                row["unit"],
                row["name"],
                annex_status(row),
                row.get("version", 0),
                "Có" if row.get("late") else "Không",
                "Có" if row.get("counted") else "Không",
                *(row.get(key, 0) if row.get("counted") else None for key in ANNEX_FIGURES),
            ]
            for i, row in enumerate(state.annex, start=1)
        ]
        sheets.append(("Đơn vị báo cáo", XLSX_ANNEX_HEADERS, annex_rows))
    start, end = _window(state)
    status = vi_label(ReportStatus, state.status)
    if state.version is not None:
        status += f" (lần gửi {state.version.number})"
    notes = [
        f"Báo cáo {number_symbol(state).strip()}: Kết quả {SUBJECT} {period_text(state.period)}",
        f"Đơn vị báo cáo: {state.unit.name} ({state.unit.code})",
        f"Kỳ số liệu: {display_date(start)} – {display_date(end)}",
        f"Tình trạng: {status}",
    ]
    return write_sheets(sheets, notes=notes)
