"""The registry in XLSX: the template (drop-down of kinds, instructions), the export of a subtree (which reads back
as the same registry) and the import, all or nothing.

Import semantics, said in the template: each unit named in the file gets exactly the rows of the file (rows are
matched by unit, kind and name; a unit's channel missing from the file is removed); units not named are untouched.
"""

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from loa.core.catalogs import vi_label
from loa.core.errors import ImportRejected, RowError
from loa.core.text import fold
from loa.core.xlsx import append_row, cell_date, cell_int, cell_str, column_index, read_rows
from loa.org.models import OrgUnit
from loa.org.scope import Actor

from .catalog import KINDS, ChannelKind
from .models import UnitChannel
from .services import ChannelInput, apply_import, check, cleaned, may_keep

MAX_ROWS = 20_000
UNIT = "Mã đơn vị"
KIND = "Loại kênh"
REQUIRED = [UNIT, KIND]
OPTIONAL = [
    "Tên đơn vị",
    "Tên kênh",
    "Địa chỉ",
    "Chuyên mục, nội dung CCHC",
    "Số lượng",
    "Ngày kiểm tra",
    "Ghi chú",
]
HEADERS = [UNIT, "Tên đơn vị", KIND, *OPTIONAL[1:]]
_WIDTHS = [12, 36, 30, 30, 40, 40, 10, 14, 30]


@dataclass
class ImportResult:
    units: int
    rows: int
    added: int
    changed: int
    removed: int
    unchanged: int
    dry_run: bool


def _kind_code(text: str) -> str:
    if text in ChannelKind.values:
        return text
    folded = fold(text)
    for code in ChannelKind.values:
        if folded == fold(vi_label(ChannelKind, code)):
            return code
    return text


def read_channels(*, actor: Actor, content: bytes) -> dict[int, tuple[OrgUnit, list[ChannelInput]]]:
    """Every row checked (unit in the actor's keeping, kind, lengths, dates, duplicates); ImportRejected naming
    every bad cell, or each unit's rows."""
    headers, rows = read_rows(content, max_rows=MAX_ROWS)
    col = column_index(headers, REQUIRED, OPTIONAL)
    probe: list[RowError] = []
    codes = {cell_str(v, col[UNIT], r, UNIT, probe, max_length=32) for r, v in rows}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    today = timezone.localdate()
    errors: list[RowError] = []
    plan: dict[int, tuple[OrgUnit, list[ChannelInput]]] = {}
    seen: dict[tuple[int, str, str], int] = {}
    for row, values in rows:
        cell_errors: list[RowError] = []

        def text(
            header: str,
            limit: int = 255,
            values: list[Any] = values,
            row: int = row,
            cell_errors: list[RowError] = cell_errors,
        ) -> str:
            return cell_str(values, col.get(header), row, header, cell_errors, max_length=limit)

        code = text(UNIT, 32)
        unit = units.get(code)
        if unit is None or not may_keep(actor, unit):
            if not cell_errors:
                errors.append(RowError(row, UNIT, _("không có đơn vị «%(v)s» trong phạm vi của bạn") % {"v": code}))
            unit = None
        kind_text = text(KIND, 100)
        data = cleaned(
            ChannelInput(
                kind=_kind_code(kind_text),
                name=text("Tên kênh"),
                address=text("Địa chỉ"),
                cchc=text("Chuyên mục, nội dung CCHC"),
                quantity=cell_int(values, col.get("Số lượng"), row, "Số lượng", cell_errors, maximum=100_000),
                checked_on=cell_date(values, col.get("Ngày kiểm tra"), row, "Ngày kiểm tra", cell_errors),
                note=text("Ghi chú"),
            )
        )
        errors += cell_errors
        problems = check(data, today) if kind_text or not cell_errors else []
        errors += [RowError(row, c, m) for c, m in problems if not any(e.column == c for e in cell_errors)]
        if unit is None or problems or cell_errors:
            continue
        key = (unit.pk, data.kind, data.name)
        if key in seen:
            errors.append(
                RowError(
                    row,
                    "Tên kênh",
                    _("trùng loại kênh và tên với dòng %(r)s; đặt tên khác để phân biệt") % {"r": seen[key]},
                )
            )
            continue
        seen[key] = row
        plan.setdefault(unit.pk, (unit, []))[1].append(data)
    if errors:
        raise ImportRejected(
            _("Tệp có %(n)s lỗi; chưa nhập dòng nào. Sửa các dòng dưới đây rồi nhập lại.") % {"n": len(errors)}, errors
        )
    return plan


def import_channels(*, actor: Actor, content: bytes, dry_run: bool = False) -> ImportResult:
    """Check the whole file, then make each named unit's registry its rows, or change nothing. A dry run applies
    the file inside a transaction that is rolled back, so its counts are exactly what the import would do."""
    plan = read_channels(actor=actor, content=content)
    with transaction.atomic():
        counts = apply_import(actor, plan)
        if dry_run:
            transaction.set_rollback(True)
    return ImportResult(units=len(plan), rows=sum(len(rows) for _u, rows in plan.values()), dry_run=dry_run, **counts)


def import_summary(result: ImportResult) -> str:
    """What an import did (or, checked only, would do): one sentence for the page, the API and the CLI."""
    values = {
        "units": result.units,
        "added": result.added,
        "changed": result.changed,
        "removed": result.removed,
        "unchanged": result.unchanged,
    }
    if result.dry_run:
        return (
            _(
                "Tệp hợp lệ: %(units)s đơn vị; sẽ thêm %(added)s kênh, sửa %(changed)s, xóa %(removed)s, "
                "giữ nguyên %(unchanged)s."
            )
            % values
        )
    return (
        _(
            "Đã nhập sổ kênh của %(units)s đơn vị: thêm %(added)s kênh, sửa %(changed)s, xóa %(removed)s, "
            "giữ nguyên %(unchanged)s."
        )
        % values
    )


def _row(channel: UnitChannel) -> list[Any]:
    return [
        channel.unit.code,
        channel.unit.name,
        vi_label(ChannelKind, channel.kind),
        channel.name,
        channel.address,
        channel.cchc,
        channel.quantity,
        channel.checked_on,
        channel.note,
    ]


def workbook(channels: list[UnitChannel], *, example: bool = False) -> bytes:
    """The registry sheet (the rows of `channels`, or an example), a hidden list of kinds behind the drop-down of
    the "Loại kênh" column, and the instructions."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sổ kênh"
    append_row(sheet, HEADERS)
    for index, width in enumerate(_WIDTHS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    rows = [_row(c) for c in channels] if not example else _EXAMPLE
    for values in rows:
        append_row(sheet, values)
        checked = sheet.cell(row=sheet.max_row, column=HEADERS.index("Ngày kiểm tra") + 1)
        if isinstance(checked.value, date):
            checked.number_format = "DD/MM/YYYY"
    kinds = book.create_sheet("Danh mục")
    append_row(kinds, [KIND])
    labels = [vi_label(ChannelKind, code) for code in ChannelKind.values]
    for label in labels:
        append_row(kinds, [label])
    kinds.sheet_state = "hidden"
    rule = DataValidation(
        type="list",
        formula1=f"='Danh mục'!$A$2:$A${len(labels) + 1}",
        allow_blank=False,
        showErrorMessage=True,
        error=_("Hãy chọn một loại kênh trong danh sách."),
    )
    letter = get_column_letter(HEADERS.index(KIND) + 1)
    rule.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(rule)
    guide = book.create_sheet("Hướng dẫn")
    for line in _guide():
        append_row(guide, [line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_EXAMPLE: list[list[Any]] = [
    ["42.XA.00001", "UBND xã Ví dụ", vi_label(ChannelKind, "web_portal"), "", "https://vidu.hatinh.gov.vn",
     "https://vidu.hatinh.gov.vn/cai-cach-hanh-chinh", None, "02/12/2026", ""],
    ["42.XA.00001", "UBND xã Ví dụ", vi_label(ChannelKind, "loudspeaker_system"), "", "Nhà văn hóa xã",
     "Chuyên mục «Cải cách hành chính» thứ Sáu hằng tuần", 12, "02/12/2026", ""],
]  # fmt: skip


def _guide() -> list[str]:
    lines = [
        _("Cách điền sổ kênh thông tin"),
        _("Mỗi dòng là một kênh của một đơn vị; cột «Mã đơn vị» và «Loại kênh» là bắt buộc."),
        _(
            "Mỗi đơn vị có trong tệp sẽ có đúng các kênh ghi trong tệp: kênh đã có mà không ghi trong tệp sẽ bị xóa; "
            "đơn vị không có trong tệp giữ nguyên. Xuất sổ kênh, sửa rồi nhập lại là cách an toàn nhất."
        ),
        _("Hai kênh cùng loại của một đơn vị (hai tờ báo) phân biệt bằng «Tên kênh»."),
        _("Cột «Chuyên mục, nội dung CCHC» để trống nghĩa là kênh chưa có chuyên mục, nội dung về CCHC."),
        _("Ngày kiểm tra: dd/mm/yyyy. Tệp được kiểm tra toàn bộ; có lỗi thì không nhập dòng nào."),
        "",
        _("Ý nghĩa các cột theo loại kênh:"),
    ]
    for code, spec in KINDS.items():
        counted = f"; {spec.quantity}" if spec.quantity is not None else ""
        lines.append(f"- {vi_label(ChannelKind, code)}: {spec.address}; {spec.cchc}{counted}.")
    return lines
