"""The credential sheet handed out after accounts are created: one block per unit with each person's username and
one-time password, as an XLSX workbook (one sheet per unit) or a printable page (one page per unit).

The passwords are never stored in clear. The web carries them from the import's answer to the sheet's download in
a signed token kept only in that answer's page, valid for an hour and only for the person who imported.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from loa.core.errors import DomainError
from loa.core.xlsx import append_row

from .scope import Actor

TOKEN_SALT = "loa.org.credentials"
TOKEN_MAX_AGE = 3600


@dataclass(frozen=True)
class Credential:
    unit_code: str
    unit_name: str
    full_name: str
    username: str
    password: str  # the one-time password; "" on a check-only pass


@dataclass(frozen=True)
class UnitSheet:
    unit_code: str
    unit_name: str
    accounts: list[Credential]


def by_unit(credentials: Sequence[Credential]) -> list[UnitSheet]:
    ordered = sorted(credentials, key=lambda c: (c.unit_code, c.username))
    return [
        UnitSheet(code, rows[0].unit_name, rows)
        for code, group in groupby(ordered, key=lambda c: c.unit_code)
        for rows in [list(group)]
    ]


def credentials_xlsx(credentials: Sequence[Credential]) -> bytes:
    """One sheet per unit (named by its code, always unique and valid as a sheet name): the unit, Loa's address,
    then one row per person."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    headers = [_("Họ và tên"), _("Tên đăng nhập"), _("Mật khẩu dùng một lần")]
    for sheet in by_unit(credentials):
        ws = wb.create_sheet(sheet.unit_code[:31])
        append_row(ws, [sheet.unit_name])
        append_row(ws, [_("Địa chỉ truy cập Loa: %(url)s") % {"url": settings.LOA_SITE_URL}])
        append_row(ws, [_("Đăng nhập lần đầu bằng mật khẩu dưới đây; Loa sẽ yêu cầu đổi mật khẩu ngay.")])
        append_row(ws, headers)
        for cell in (ws["A1"], *ws[4]):
            cell.font = Font(bold=True, name="Times New Roman")
        for c in sheet.accounts:
            append_row(ws, [c.full_name, c.username, c.password])
        for column, width in zip("ABC", (36, 30, 24), strict=True):
            ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def credentials_token(actor: Actor, credentials: Sequence[Credential]) -> str:
    rows = [[c.unit_code, c.unit_name, c.full_name, c.username, c.password] for c in credentials]
    return signing.dumps({"by": getattr(actor, "pk", None), "rows": rows}, salt=TOKEN_SALT, compress=True)


def credentials_from_token(actor: Actor, token: str) -> list[Credential]:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise DomainError(
            _("Bảng tài khoản đã hết hạn hoặc không hợp lệ: mật khẩu chỉ được cấp một lần, hãy cấp lại mật khẩu.")
        ) from None
    if data.get("by") != getattr(actor, "pk", None):
        raise DomainError(_("Bảng tài khoản này không phải do bạn tạo."))
    return [Credential(*row) for row in data["rows"]]
