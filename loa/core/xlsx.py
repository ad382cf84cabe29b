"""Spreadsheet helpers shared by every import: read with python-calamine, write with openpyxl."""

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from .dates import parse_day
from .errors import DomainError, RowError
from .text import normalize

XLSX_MAGIC = b"PK\x03\x04"


def read_rows(content: bytes, *, max_rows: int) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers of the first sheet and its data rows as (row number the user sees, values)."""
    if not content.startswith(XLSX_MAGIC):
        raise DomainError(_("Tệp không phải là bảng tính Excel (.xlsx). Hãy tải mẫu và điền lại."))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception:
        raise DomainError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc được bảo vệ bằng mật khẩu.")) from None
    if not sheet:
        raise DomainError(_("Tệp Excel không có dữ liệu."))
    headers = [normalize(str(h)) if h is not None else "" for h in sheet[0]]
    rows = []
    for index, values in enumerate(sheet[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        rows.append((index, list(values)))
    if len(rows) > max_rows:
        raise DomainError(
            _("Tệp có %(n)s dòng dữ liệu, vượt giới hạn %(max)s dòng.") % {"n": len(rows), "max": max_rows}
        )
    return headers, rows


def column_index(headers: list[str], required: Sequence[str], optional: Sequence[str] = ()) -> dict[str, int]:
    missing = [h for h in required if h not in headers]
    if missing:
        raise DomainError(
            _("Tệp thiếu cột bắt buộc: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(f"«{m}»" for m in missing)}
        )
    return {h: headers.index(h) for h in [*required, *optional] if h in headers}


def cell_text(values: list[Any], index: int | None) -> str:
    if index is None or index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # calamine reads whole numbers as floats
    return normalize(str(value))


def cell_date(values: list[Any], index: int | None, row: int, column: str, errors: list[RowError]) -> date | None:
    if index is None or index >= len(values) or values[index] in (None, ""):
        return None
    value = values[index]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize(str(value))
    day = parse_day(text)
    if day is not None:
        return day
    errors.append(RowError(row, column, _("ngày «%(value)s» không hợp lệ (dùng dd/mm/yyyy)") % {"value": text}))
    return None


def write_table(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, notes: Sequence[str] = ()
) -> bytes:
    """One-sheet workbook: bold frozen header row, sensible widths, optional notes sheet."""
    return write_sheets([(title, headers, rows)], notes=notes)


Sheet = tuple[str, Sequence[str], Sequence[Sequence[Any]]]


def write_sheets(sheets: Sequence[Sheet], *, notes: Sequence[str] = ()) -> bytes:
    """A workbook of (title, headers, rows) sheets, each with a bold frozen header row, plus notes."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, headers, rows in sheets:
        _sheet(wb, title, headers, rows)
    if notes:
        guide = wb.create_sheet(_("Hướng dẫn"))
        for line in notes:
            guide.append([line])
        guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _sheet(wb: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    ws = wb.create_sheet(title[:31])
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True, name="Times New Roman")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"  # Vietnamese day-first dates, whatever the reader's locale
    for i, header in enumerate(headers, start=1):
        width = max([len(str(header)), *(len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r))])
        ws.column_dimensions[get_column_letter(i)].width = min(max(12, width + 2), 60)
    ws.freeze_panes = "A2"
