"""XLSX import of units (departments, commune sections, media…): validate every row, then write all or nothing."""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from loa.core.errors import DomainError, ImportRejected, RowError
from loa.core.text import fold
from loa.core.xlsx import cell_date, cell_str, column_index, read_rows, write_table

from .catalog import UnitType
from .models import OrgUnit, code_validator
from .scope import Actor, Perm, can
from .services import unit_create

H_CODE, H_NAME, H_SHORT, H_TYPE, H_PARENT = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên ngắn",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
)
H_EMAIL, H_PHONE, H_ADDRESS, H_FROM = "Thư điện tử", "Điện thoại", "Địa chỉ", "Hiệu lực từ"
# What each column's field holds (OrgUnit); the unit type is looked up, so any short text will do.
MAX_LENGTH = {
    H_CODE: 32,
    H_NAME: 255,
    H_SHORT: 120,
    H_TYPE: 100,
    H_PARENT: 32,
    H_EMAIL: 254,
    H_PHONE: 40,
    H_ADDRESS: 255,
}
REQUIRED = [H_CODE, H_NAME, H_TYPE, H_PARENT]
OPTIONAL = [H_SHORT, H_EMAIL, H_PHONE, H_ADDRESS, H_FROM]


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    unit_type: str
    parent_code: str
    short_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    valid_from: date | None = None


def unit_template() -> bytes:
    types = ", ".join(f"{t.value} ({t.label})" for t in UnitType)
    notes = [
        _("Mỗi dòng là một đơn vị. Các cột bắt buộc: %(cols)s.") % {"cols": ", ".join(REQUIRED)},
        _("Mã đơn vị: chữ không dấu, chữ số, dấu chấm, gạch ngang; duy nhất trong toàn hệ thống."),
        _("Mã đơn vị cấp trên: mã của đơn vị đã có trong Loa hoặc của một dòng phía trên trong tệp."),
        _("Loại đơn vị: mã hoặc tên tiếng Việt, một trong: %(types)s.") % {"types": types},
        _("Hiệu lực từ: ngày dạng dd/mm/yyyy (có thể để trống)."),
        _("Tệp chỉ được nhập khi mọi dòng đều hợp lệ; nếu có lỗi, không dòng nào được ghi."),
    ]
    example = ["42.SNV.TTT", "Phòng Thông tin, tuyên truyền", "", "khac", "42.SNV", "", "", "", "01/01/2026"]
    return write_table(
        _("Đơn vị"),
        [*REQUIRED[:2], H_SHORT, H_TYPE, H_PARENT, H_EMAIL, H_PHONE, H_ADDRESS, H_FROM],
        [example],
        notes=notes,
    )


def _unit_type(text: str) -> str | None:
    key = fold(text)
    for t in UnitType:
        if key in {t.value, fold(str(t.label))}:
            return str(t.value)
    return None


def parse_units(content: bytes) -> tuple[list[UnitRow], list[RowError]]:
    headers, rows = read_rows(content, max_rows=settings.LOA_IMPORT_MAX_ROWS)
    col = column_index(headers, REQUIRED, OPTIONAL)
    parsed: list[UnitRow] = []
    errors: list[RowError] = []
    for number, values in rows:

        def text(header: str, values: list[object] = values, number: int = number) -> str:
            return cell_str(values, col.get(header), number, header, errors, max_length=MAX_LENGTH[header])

        row = UnitRow(
            number,
            text(H_CODE),
            text(H_NAME),
            "",
            text(H_PARENT),
            text(H_SHORT),
            text(H_EMAIL),
            text(H_PHONE),
            text(H_ADDRESS),
            cell_date(values, col.get(H_FROM), number, H_FROM, errors),
        )
        raw_type = text(H_TYPE)
        for header, value in (
            (H_CODE, row.code),
            (H_NAME, row.name),
            (H_TYPE, raw_type),
            (H_PARENT, row.parent_code),
        ):
            if not value and not any(e.row == number and e.column == header for e in errors):
                errors.append(RowError(number, header, _("không được để trống")))
        if row.code and not re.match(code_validator.regex, row.code):
            errors.append(RowError(number, H_CODE, _("mã «%(code)s» chứa ký tự không hợp lệ") % {"code": row.code}))
        if raw_type:
            unit_type = _unit_type(raw_type)
            if unit_type is None:
                errors.append(
                    RowError(
                        number,
                        H_TYPE,
                        _("loại đơn vị «%(value)s» không có trong danh mục") % {"value": raw_type},
                    )
                )
            else:
                row.unit_type = unit_type
        parsed.append(row)
    return parsed, errors


def import_units(*, actor: Actor, content: bytes, dry_run: bool = False) -> list[UnitRow]:
    """Check the whole file; write every row in one transaction, or nothing and raise ImportRejected."""
    rows, errors = parse_units(content)
    existing = {
        u.code: u for u in OrgUnit.objects.filter(code__in={r.code for r in rows} | {r.parent_code for r in rows})
    }
    seen: set[str] = set()
    for row in rows:
        if row.code in existing:
            errors.append(RowError(row.row, H_CODE, _("mã «%(code)s» đã tồn tại") % {"code": row.code}))
        if row.code in seen:
            errors.append(RowError(row.row, H_CODE, _("mã «%(code)s» bị lặp trong tệp") % {"code": row.code}))
        if row.parent_code and row.parent_code not in existing and row.parent_code not in seen:
            errors.append(
                RowError(
                    row.row,
                    H_PARENT,
                    _("không tìm thấy đơn vị cấp trên «%(code)s»") % {"code": row.parent_code},
                )
            )
        elif row.parent_code in existing and not can(actor, Perm.MANAGE_UNITS, existing[row.parent_code]):
            errors.append(
                RowError(
                    row.row,
                    H_PARENT,
                    _("đơn vị «%(code)s» nằm ngoài phạm vi quản lý của bạn") % {"code": row.parent_code},
                )
            )
        seen.add(row.code)
    if errors:
        raise ImportRejected(_("Tệp có %(n)s lỗi; chưa có đơn vị nào được nhập.") % {"n": len(errors)}, errors)
    if dry_run:
        return rows
    created: dict[str, OrgUnit] = {}
    with transaction.atomic():
        for row in rows:
            parent = created.get(row.parent_code) or existing[row.parent_code]
            try:
                created[row.code] = unit_create(
                    actor=actor,
                    code=row.code,
                    name=row.name,
                    unit_type=row.unit_type,
                    parent=parent,
                    short_name=row.short_name,
                    email=row.email,
                    phone=row.phone,
                    address=row.address,
                    valid_from=row.valid_from,
                )
            except DomainError as exc:
                raise ImportRejected(
                    _("Tệp có lỗi; chưa có đơn vị nào được nhập."), [RowError(row.row, H_NAME, exc.message)]
                ) from None
    return rows
