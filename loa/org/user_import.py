"""XLSX import of accounts: a template with drop-downs of the units and roles the actor may give, a check of every
row, then all the accounts created in one transaction (with one-time passwords), or none."""

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from loa.core.errors import DomainError, ImportRejected, PermissionDenied, RowError
from loa.core.text import fold
from loa.core.xlsx import append_row, cell_str, column_index, read_rows

from .accounts import account_create, grantable_roles, role_unit_problem, suggest_username, usernames_of
from .catalog import Role, UnitType
from .credentials import Credential
from .models import OrgUnit, User
from .scope import Actor, Perm, units
from .selectors import current_q

H_UNIT, H_NAME, H_ROLE, H_USERNAME = "Đơn vị", "Họ và tên", "Vai trò", "Tên đăng nhập"
H_POSITION, H_EMAIL, H_PHONE = "Chức vụ", "Thư điện tử", "Điện thoại"
REQUIRED = [H_UNIT, H_NAME, H_ROLE]
OPTIONAL = [H_USERNAME, H_POSITION, H_EMAIL, H_PHONE]
COLUMNS = [H_UNIT, H_NAME, H_ROLE, H_USERNAME, H_POSITION, H_EMAIL, H_PHONE]
# What each column's field holds (User); unit and role are looked up, so any short text will do.
MAX_LENGTH = {H_UNIT: 600, H_NAME: 150, H_ROLE: 100, H_USERNAME: 150, H_POSITION: 150, H_EMAIL: 254, H_PHONE: 40}
_CODE_AT_END = re.compile(r"\(([A-Za-z0-9._-]+)\)\s*$")


@dataclass
class AccountRow:
    row: int
    unit: OrgUnit | None
    full_name: str
    role: str
    username: str
    position: str = ""
    email: str = ""
    phone: str = ""


def unit_label(unit: OrgUnit) -> str:
    """How a unit reads in the drop-down and is read back: its name, then its code in brackets."""
    return f"{unit.name} ({unit.code})"


def unit_title(unit: OrgUnit) -> str:
    """A unit's name on the credential sheet: a commune's sections ("Phòng Kinh tế") with their commune, since
    every commune has one of the same name."""
    if unit.unit_type in {UnitType.PHONG_XA, UnitType.LEGACY_PHONG} and unit.parent is not None:
        return f"{unit.name}, {unit.parent.name}"
    return unit.name


def _reach(actor: Actor) -> list[OrgUnit]:
    return list(units(actor, Perm.MANAGE_USERS).filter(current_q()).select_related("parent").order_by("path"))


def user_template(*, actor: Actor) -> bytes:
    """The import workbook: the accounts sheet with drop-downs for the unit and role columns (only the units and
    roles the actor may give), the lists on a hidden sheet, and a sheet of instructions."""
    reach = _reach(actor)
    roles = [str(Role(r).label) for r in grantable_roles(actor) if r != Role.ADMIN]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Tài khoản")
    append_row(ws, COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True, name="Times New Roman")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column, width in zip("ABCDEFG", (48, 30, 34, 24, 24, 28, 16), strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"
    lists = wb.create_sheet(_("Danh mục"))
    append_row(lists, [H_UNIT, H_ROLE])
    for i in range(max(len(reach), len(roles))):
        append_row(lists, [unit_label(reach[i]) if i < len(reach) else None, roles[i] if i < len(roles) else None])
    lists.sheet_state = "hidden"
    last = settings.LOA_IMPORT_MAX_ROWS + 1
    for column, count, header in (("A", len(reach), H_UNIT), ("C", len(roles), H_ROLE)):
        if not count:
            continue
        source = "A" if column == "A" else "B"
        check = DataValidation(
            type="list",
            formula1=f"'{lists.title}'!${source}$2:${source}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=header,
            error=_("Hãy chọn một giá trị trong danh sách."),
        )
        check.add(f"{column}2:{column}{last}")
        ws.add_data_validation(check)
    guide = wb.create_sheet(_("Hướng dẫn"))
    for line in (
        _("Mỗi dòng là một tài khoản. Các cột bắt buộc: %(cols)s.") % {"cols": ", ".join(REQUIRED)},
        _("Đơn vị và Vai trò: chọn trong danh sách thả xuống (chỉ gồm các đơn vị và vai trò bạn được cấp)."),
        _("Tên đăng nhập: có thể để trống, Loa sẽ tự đặt từ họ tên và mã đơn vị (chữ không dấu)."),
        _("Mỗi tài khoản nhận một mật khẩu dùng một lần, phải đổi ở lần đăng nhập đầu tiên."),
        _("Tệp chỉ được nhập khi mọi dòng đều hợp lệ; nếu có lỗi, không tài khoản nào được tạo."),
    ):
        append_row(guide, [line])
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class _UnitLookup:
    """Units of the actor's reach by code and by (folded) name; a name shared by two units is ambiguous."""

    def __init__(self, reach: Sequence[OrgUnit]) -> None:
        self.by_code = {u.code: u for u in reach}
        self.by_name: dict[str, list[OrgUnit]] = {}
        for u in reach:
            self.by_name.setdefault(fold(u.name), []).append(u)

    def find(self, text: str) -> OrgUnit | None:
        match = _CODE_AT_END.search(text)
        code = match.group(1) if match else text
        if code in self.by_code:
            return self.by_code[code]
        named = self.by_name.get(fold(text), [])
        return named[0] if len(named) == 1 else None


def _role(text: str) -> str | None:
    """A role by code or by label, in either language (a template made in English reads back in Vietnamese)."""
    key = fold(text)
    for language in ("vi", "en"):
        with translation.override(language):
            found = next((str(r.value) for r in Role if key in {r.value, fold(str(r.label))}), None)
        if found:
            return found
    return None


def parse_accounts(actor: Actor, content: bytes) -> tuple[list[AccountRow], list[RowError]]:
    headers, rows = read_rows(content, max_rows=settings.LOA_IMPORT_MAX_ROWS)
    col = column_index(headers, REQUIRED, OPTIONAL)
    lookup = _UnitLookup(_reach(actor))
    allowed = set(grantable_roles(actor))
    parsed: list[AccountRow] = []
    errors: list[RowError] = []
    for number, values in rows:
        cells = {
            header: cell_str(values, col.get(header), number, header, errors, max_length=MAX_LENGTH[header])
            for header in COLUMNS
        }

        def text(header: str, cells: dict[str, str] = cells) -> str:
            return cells[header]

        row = AccountRow(number, None, text(H_NAME), "", text(H_USERNAME), text(H_POSITION), text(H_EMAIL))
        row.phone = text(H_PHONE)
        for header in REQUIRED:
            if not text(header) and not any(e.row == number and e.column == header for e in errors):
                errors.append(RowError(number, header, _("không được để trống")))
        if text(H_UNIT):
            row.unit = lookup.find(text(H_UNIT))
            if row.unit is None:
                errors.append(
                    RowError(
                        number,
                        H_UNIT,
                        _("không tìm thấy đơn vị «%(value)s» trong phạm vi quản lý của bạn") % {"value": text(H_UNIT)},
                    )
                )
        if text(H_ROLE):
            role = _role(text(H_ROLE))
            if role is None:
                errors.append(
                    RowError(number, H_ROLE, _("vai trò «%(value)s» không có trong danh mục") % {"value": text(H_ROLE)})
                )
            elif role not in allowed or role == Role.ADMIN:
                errors.append(
                    RowError(number, H_ROLE, _("bạn không được cấp vai trò «%(value)s»") % {"value": text(H_ROLE)})
                )
            elif problem := role_unit_problem(role, row.unit):
                errors.append(RowError(number, H_ROLE, problem))
            else:
                row.role = role
        if row.username:
            try:
                User.username_validator(row.username)
                if len(row.username) > 150 or not row.username.isascii():
                    raise ValidationError("")
            except ValidationError:
                errors.append(
                    RowError(
                        number,
                        H_USERNAME,
                        _("tên đăng nhập «%(value)s» chỉ được gồm chữ không dấu, chữ số và . @ + - _")
                        % {"value": row.username},
                    )
                )
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                errors.append(RowError(number, H_EMAIL, _("địa chỉ «%(value)s» không hợp lệ") % {"value": row.email}))
        parsed.append(row)
    return parsed, errors


def _check_usernames(rows: list[AccountRow], errors: list[RowError]) -> None:
    """Usernames given must be new and appear once; blank ones are made up, unique against both."""
    given = {r.username.lower() for r in rows if r.username}
    existing = {
        u.lower()
        for u in User.objects.annotate(key=Lower("username")).filter(key__in=given).values_list("username", flat=True)
    }
    seen: set[str] = set()
    for row in rows:
        if not row.username:
            continue
        key = row.username.lower()
        if key in existing:
            errors.append(
                RowError(row.row, H_USERNAME, _("tên đăng nhập «%(value)s» đã được dùng") % {"value": row.username})
            )
        elif key in seen:
            errors.append(
                RowError(row.row, H_USERNAME, _("tên đăng nhập «%(value)s» bị lặp trong tệp") % {"value": row.username})
            )
        seen.add(key)
    # A row without a username whose person already has an account in the unit is the same file sent again (or the
    # same person twice): a made-up username would give them a second account. Refused like a username in use.
    blank = [r for r in rows if not r.username and r.unit is not None]
    known = {
        (unit_id, fold(name)): username
        for unit_id, name, username in User.objects.filter(
            unit__in={r.unit for r in blank}, is_active=True
        ).values_list("unit_id", "full_name", "username")
    }
    taken_by_unit: dict[int, set[str]] = {}
    for row in rows:
        if row.username or row.unit is None:
            continue
        existing_account = known.get((row.unit.pk, fold(row.full_name)))
        if existing_account and row.full_name:
            errors.append(
                RowError(
                    row.row,
                    H_NAME,
                    _(
                        "«%(name)s» đã có tài khoản «%(username)s» ở đơn vị này; nếu là người khác, hãy ghi tên đăng "
                        "nhập riêng"
                    )
                    % {"name": row.full_name, "username": existing_account},
                )
            )
            continue
        if row.unit.pk not in taken_by_unit:
            taken_by_unit[row.unit.pk] = usernames_of(row.unit)
        taken = taken_by_unit[row.unit.pk]
        row.username = suggest_username(row.unit, row.full_name, taken | seen)
        taken.add(row.username)
        seen.add(row.username)


def import_accounts(*, actor: Actor, content: bytes, dry_run: bool = False) -> list[Credential]:
    """Check the whole file; create every account in one transaction, or none and raise ImportRejected. Returns
    each account with its one-time password (empty on a check-only pass): the only time it is ever given."""
    if not grantable_roles(actor):
        raise PermissionDenied(_("Bạn không có quyền tạo tài khoản."))
    rows, errors = parse_accounts(actor, content)
    _check_usernames(rows, errors)
    if errors:
        errors.sort(key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99))
        raise ImportRejected(_("Tệp có %(n)s lỗi; chưa có tài khoản nào được tạo.") % {"n": len(errors)}, errors)
    result: list[Credential] = []
    if dry_run:
        return [Credential(r.unit.code, unit_title(r.unit), r.full_name, r.username, "") for r in rows if r.unit]
    with transaction.atomic():
        for row in rows:
            assert row.unit is not None
            try:
                user, password = account_create(
                    actor=actor,
                    username=row.username,
                    role=row.role,
                    unit=row.unit,
                    full_name=row.full_name,
                    email=row.email,
                    position=row.position,
                    phone=row.phone,
                )
            except DomainError as exc:
                raise ImportRejected(
                    _("Tệp có lỗi; chưa có tài khoản nào được tạo."), [RowError(row.row, H_NAME, exc.message)]
                ) from None
            result.append(Credential(row.unit.code, unit_title(row.unit), user.full_name, user.username, password))
    return result
