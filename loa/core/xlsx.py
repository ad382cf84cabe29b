"""Spreadsheet helpers shared by every import and export: read with python-calamine (after `xlsx_guard` has
measured the file), parse every cell strictly into a value or a RowError, write with openpyxl (text as text)."""

import io
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from .dates import parse_day
from .errors import DomainError, RowError
from .numbers import parse_quantity, vn_number
from .text import normalize
from .xlsx_guard import SheetLimits, check_workbook

XLSX_MAGIC = b"PK\x03\x04"
# Caps on the table a file may make the reader build, whatever the import: Loa's templates have at most 15
# columns, blank rows between data rows are allowed up to ROW_SLACK, and MAX_CELLS bounds the memory (about
# 100 bytes a cell between calamine's table and Python's rows).
MAX_COLUMNS = 100
ROW_SLACK = 1000
MAX_CELLS = 5_000_000
# Excel's own limit on a cell's text; longer text can only come from a crafted file.
MAX_CELL_TEXT = 32767


def sheet_limits(max_rows: int) -> SheetLimits:
    rows = max_rows + ROW_SLACK + 1
    return SheetLimits(rows=rows, columns=MAX_COLUMNS, cells=min(MAX_CELLS, rows * MAX_COLUMNS))


def read_rows(content: bytes, *, max_rows: int) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers of the first sheet and its data rows as (row number the user sees, values).

    The file is measured first (`xlsx_guard`): calamine is only given a workbook whose table fits the caps."""
    if not content.startswith(XLSX_MAGIC):
        raise DomainError(_("Tệp không phải là bảng tính Excel (.xlsx). Hãy tải mẫu và điền lại."))
    check_workbook(content, sheet_limits(max_rows))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        # Not skipping the empty area keeps the row numbers the user sees in Excel.
        table = iter(workbook.get_sheet_by_index(0).to_python(skip_empty_area=False))
        first = next(table, None)
        headers = [normalize(str(h)) if h is not None else "" for h in first] if first is not None else []
        rows = []
        for index, values in enumerate(table, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows.append((index, list(values)))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # also calamine's Rust panics (pyo3's PanicException is a BaseException)
        raise DomainError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc được bảo vệ bằng mật khẩu.")) from None
    if first is None:
        raise DomainError(_("Tệp Excel không có dữ liệu."))
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
    """A cell as text, leniently (for lookups: headers, codes matched against known values); importers that keep
    what they read use `cell_str`, which refuses what a database cannot store."""
    if index is None or index >= len(values) or values[index] is None:
        return ""
    value = values[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # calamine reads whole numbers as floats
    return normalize(str(value))


# Control characters (NUL among them, which PostgreSQL refuses in text) have no place in a cell a person typed;
# tabs and line breaks are white space and normalised away.
# Characters a workbook cannot hold (control characters but tab and line breaks, lone surrogates): refused or
# replaced wherever text reaches a spreadsheet.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# An integer or decimal written the Vietnamese way ("1.500", "2,5") or plainly: ASCII digits only, no exponent.
_NUMBER_TEXT = re.compile(r"[+-]?[0-9][0-9., ]*")


def _present(values: list[Any], index: int | None) -> Any:
    """The raw cell, or None when the column is absent or the cell blank."""
    if index is None or index >= len(values):
        return None
    value = values[index]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _shown(value: Any) -> str:
    """A bad value as the message shows it: short, printable."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and abs(value) < 1e15:
        return vn_number(value)
    text = CONTROL.sub("?", str(value))
    return text if len(text) <= 40 else text[:37] + "..."


def cell_str(
    values: list[Any], index: int | None, row: int, column: str, errors: list[RowError], *, max_length: int
) -> str:
    """A text cell, normalised; a RowError for control characters or text longer than the field holds."""
    value = _present(values, index)
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else f"{value:%d/%m/%Y}"
    elif isinstance(value, date):
        text = f"{value:%d/%m/%Y}"
    else:
        text = str(value)
    if CONTROL.search(text):
        errors.append(RowError(row, column, _("có ký tự điều khiển không hợp lệ (ký tự ẩn); hãy gõ lại ô này")))
        return ""
    text = normalize(text)
    if len(text) > max_length:
        errors.append(
            RowError(
                row, column, _("dài %(n)s ký tự, quá giới hạn %(max)s ký tự") % {"n": len(text), "max": max_length}
            )
        )
        return ""
    return text


def cell_number(
    values: list[Any],
    index: int | None,
    row: int,
    column: str,
    errors: list[RowError],
    *,
    minimum: Decimal | int,
    maximum: Decimal | int,
    places: int,
) -> Decimal | None:
    """A number cell (a number, or text such as "1.500" or "2,5"), within [minimum, maximum] and with at most
    `places` decimals; None when blank; a RowError (and None) for anything else."""
    value = _present(values, index)
    if value is None:
        return None
    number = _number_within(value, row, column, errors, minimum, maximum)
    if number is None:
        return None
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places and number != number.quantize(Decimal(1).scaleb(-places)):
        errors.append(
            RowError(row, column, _("«%(v)s» có quá %(n)s chữ số thập phân") % {"v": _shown(value), "n": places})
        )
        return None
    return number


def cell_int(
    values: list[Any],
    index: int | None,
    row: int,
    column: str,
    errors: list[RowError],
    *,
    minimum: int = 0,
    maximum: int = 2_147_483_647,
) -> int | None:
    """A whole-number cell within [minimum, maximum] (the default is what every integer column holds on both
    databases); None when blank; a RowError (and None) for anything else."""
    value = _present(values, index)
    if value is None:
        return None
    number = _number_within(value, row, column, errors, minimum, maximum)
    if number is None:
        return None
    if number != number.to_integral_value():
        errors.append(RowError(row, column, _("«%(v)s» phải là số nguyên") % {"v": _shown(value)}))
        return None
    return int(number)


def _number_within(
    value: Any, row: int, column: str, errors: list[RowError], minimum: Decimal | int, maximum: Decimal | int
) -> Decimal | None:
    """The cell's number when it is one within [minimum, maximum]; else a RowError and None."""
    number = _as_decimal(value)
    if number is None:
        errors.append(RowError(row, column, _("«%(v)s» không phải là số") % {"v": _shown(value)}))
        return None
    if not minimum <= number <= maximum:
        errors.append(
            RowError(
                row,
                column,
                _("%(v)s nằm ngoài khoảng %(min)s – %(max)s")
                % {"v": _shown(value), "min": vn_number(minimum), "max": vn_number(maximum)},
            )
        )
        return None
    return number


def _as_decimal(value: Any) -> Decimal | None:
    """A finite Decimal from a number or from number text; None for booleans, dates, NaN, infinities, words."""
    if isinstance(value, (bool, date, datetime, time, timedelta)):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value)) if math.isfinite(value) else None
    text = str(value).strip()
    if len(text) > 40 or not _NUMBER_TEXT.fullmatch(text):
        return None
    try:
        return parse_quantity(text)
    except ValueError:
        return None


def cell_date(values: list[Any], index: int | None, row: int, column: str, errors: list[RowError]) -> date | None:
    value = _present(values, index)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize(CONTROL.sub("", str(value)))[:40]
    day = parse_day(text) if isinstance(value, str) else None
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
            append_row(guide, [line])
        guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# What a spreadsheet program would take as the start of a formula when a cell is typed or opened as CSV.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def append_row(ws: Worksheet, values: Sequence[Any]) -> None:
    """Append one row, every text written as text: openpyxl turns a str starting with "=" into a live formula
    (an activity titled =HYPERLINK(…) would run in the coordinator's Excel). The value stays exactly what the
    user typed, so re-importable exports read back the same; the quote-prefix style keeps Excel from
    re-reading it as a formula when the cell is edited."""
    ws.append(list(values))
    # The row just written, by its number: `ws.max_row` scans every cell of the sheet, which made a 5,000-row
    # export take 20 s instead of 2.
    row = ws._current_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_START):
            cell = ws.cell(row=row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True


def _sheet(wb: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    ws = wb.create_sheet(title[:31])
    append_row(ws, headers)
    for cell in ws[1]:
        cell.font = Font(bold=True, name="Times New Roman")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        append_row(ws, row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD/MM/YYYY"  # Vietnamese day-first dates, whatever the reader's locale
    for i, header in enumerate(headers, start=1):
        width = max([len(str(header)), *(len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r))])
        ws.column_dimensions[get_column_letter(i)].width = min(max(12, width + 2), 60)
    ws.freeze_panes = "A2"
