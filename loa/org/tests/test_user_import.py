"""Bulk import of accounts: template with drop-downs, all-or-nothing, errors by row and column, credential sheet."""

import io

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from loa.core.errors import DomainError, ImportRejected
from loa.org.credentials import by_unit, credentials_from_token, credentials_token, credentials_xlsx
from loa.org.models import User
from loa.org.scope import Perm, units
from loa.org.selectors import current_q
from loa.org.user_import import COLUMNS, H_ROLE, H_UNIT, H_USERNAME, import_accounts, unit_label, user_template

EDITOR_LABEL = "Đầu mối CCHC (nhập liệu)"


def xlsx(rows, headers=COLUMNS):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def province_rows(world, n=70):
    """n people across the units of the coordinator's province; every third leaves the username blank."""
    reach = list(units(world.users["coordinator"], Perm.MANAGE_USERS).filter(current_q()).order_by("path"))
    assert len(reach) >= n // 2
    rows = []
    for i in range(n):
        unit = reach[i % len(reach)]
        username = "" if i % 3 == 0 else f"nhap.{i:03d}"
        role = EDITOR_LABEL if i % 2 else "Lãnh đạo đơn vị"
        rows.append([unit_label(unit), f"Nguyễn Văn Số {i}", role, username, "Chuyên viên", f"cb{i}@example.vn", ""])
    return rows


def test_template_has_drop_downs_limited_to_the_reach(world):
    wb = load_workbook(io.BytesIO(user_template(actor=world.users["coordinator"])))
    sheet = wb.worksheets[0]
    assert [c.value for c in sheet[1]] == COLUMNS
    lists = wb.worksheets[1]
    assert lists.sheet_state == "hidden"
    units_offered = [r[0] for r in lists.iter_rows(min_row=2, values_only=True) if r[0]]
    roles_offered = [r[1] for r in lists.iter_rows(min_row=2, values_only=True) if r[1]]
    assert unit_label(world.commune) in units_offered
    assert unit_label(world.foreign_commune) not in units_offered
    assert "Quản trị hệ thống" not in roles_offered and EDITOR_LABEL in roles_offered
    validations = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations["A2"].endswith(f"$A${len(units_offered) + 1}")
    assert validations["C2"].endswith(f"$B${len(roles_offered) + 1}")


def test_seventy_good_rows_create_seventy_accounts_with_one_time_passwords(world):
    before = User.objects.count()
    created = import_accounts(actor=world.users["coordinator"], content=xlsx(province_rows(world)))
    assert len(created) == 70 and User.objects.count() == before + 70
    users = {u.username: u for u in User.objects.filter(username__in=[c.username for c in created])}
    assert len(users) == 70
    for c in created[:10]:
        user = users[c.username]
        assert user.must_change_password and user.check_password(c.password) and c.username.isascii()
        assert user.history.latest().history_user == world.users["coordinator"]
    generated = [c for c in created if not c.username.startswith("nhap.")]
    assert len(generated) == 24
    assert all(c.username == f"{c.full_name.split()[-1]}nvs.{c.unit_code.lower()}" for c in generated)


def test_check_only_creates_nothing(world):
    before = User.objects.count()
    checked = import_accounts(actor=world.users["coordinator"], content=xlsx(province_rows(world)), dry_run=True)
    assert len(checked) == 70 and all(c.password == "" for c in checked)
    assert User.objects.count() == before


def test_roles_read_in_either_language_and_by_code(world):
    rows = province_rows(world, 3)
    rows[0][2], rows[1][2], rows[2][2] = "Unit leader", "editor", "đầu mối cchc (nhập liệu)"
    checked = import_accounts(actor=world.users["coordinator"], content=xlsx(rows), dry_run=True)
    assert len(checked) == 3


def test_one_bad_row_creates_nothing_and_names_row_and_column(world):
    rows = province_rows(world)
    rows[35][2] = "Trưởng thôn"  # line 37 of the sheet (the header is line 1)
    before = User.objects.count()
    with pytest.raises(ImportRejected) as caught:
        import_accounts(actor=world.users["coordinator"], content=xlsx(rows))
    assert [(e.row, e.column) for e in caught.value.errors] == [(37, H_ROLE)]
    assert "Dòng 37, cột «Vai trò»" in str(caught.value.errors[0])
    assert User.objects.count() == before


def test_rows_outside_the_reach_or_above_the_rank_are_refused(world):
    rows = [
        [unit_label(world.foreign_commune), "Lê Văn Xa", EDITOR_LABEL, "", "", "", ""],
        [unit_label(world.commune), "Lê Văn Quyền", "Quản trị hệ thống", "", "", "", ""],
        [unit_label(world.commune), "Lê Văn Trùng", EDITOR_LABEL, "xa1.nhaplieu", "", "", ""],
        [unit_label(world.commune), "Lê Văn Lặp", EDITOR_LABEL, "lap.mot", "", "", ""],
        [unit_label(world.commune), "Lê Văn Lặp", EDITOR_LABEL, "LAP.MOT", "", "sai-dia-chi", ""],
        [world.commune.code, "", EDITOR_LABEL, "có dấu", "", "", ""],
    ]
    with pytest.raises(ImportRejected) as caught:
        import_accounts(actor=world.users["coordinator"], content=xlsx(rows))
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (2, H_UNIT),
        (3, H_ROLE),
        (4, H_USERNAME),
        (6, H_USERNAME),
        (6, "Thư điện tử"),
        (7, "Họ và tên"),
        (7, H_USERNAME),
    }


def test_officers_cannot_import(world):
    from loa.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_accounts(actor=world.users["editor"], content=xlsx(province_rows(world, 2)))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"username,unit\nx,y\n", "không phải là bảng tính Excel"),
        (b"PK\x03\x04 broken zip", "Không đọc được tệp Excel"),
        (None, "Tệp thiếu cột bắt buộc"),
    ],
)
def test_hostile_files_get_a_vietnamese_message(world, content, message):
    content = content if content is not None else xlsx([["a", "b"]], headers=["Tên", "Mã"])
    with pytest.raises(DomainError, match=message):
        import_accounts(actor=world.users["coordinator"], content=content)


def test_too_many_rows_are_refused(world, settings):
    settings.LOA_IMPORT_MAX_ROWS = 10
    with pytest.raises(DomainError, match="vượt giới hạn 10 dòng"):
        import_accounts(actor=world.users["coordinator"], content=xlsx(province_rows(world, 12)))


def test_credential_sheet_has_one_sheet_per_unit(world):
    created = import_accounts(actor=world.users["coordinator"], content=xlsx(province_rows(world, 6)))
    book = CalamineWorkbook.from_filelike(io.BytesIO(credentials_xlsx(created)))
    sheets = by_unit(created)
    assert book.sheet_names == [s.unit_code for s in sheets]
    first = book.get_sheet_by_index(0).to_python()
    assert first[0][0] == sheets[0].unit_name and "http" in str(first[1][0])
    assert [first[4][1], first[4][2]] == [sheets[0].accounts[0].username, sheets[0].accounts[0].password]


def test_credential_token_is_only_for_its_maker(world):
    created = import_accounts(actor=world.users["coordinator"], content=xlsx(province_rows(world, 2)))
    token = credentials_token(world.users["coordinator"], created)
    assert credentials_from_token(world.users["coordinator"], token) == created
    with pytest.raises(DomainError, match="không phải do bạn tạo"):
        credentials_from_token(world.users["admin"], token)
    with pytest.raises(DomainError, match="hết hạn"):
        credentials_from_token(world.users["coordinator"], token[:-3] + "abc")


def test_the_same_file_imported_twice_gives_nobody_a_second_account(world):
    """Issue 16, item 7: rows without a username got a made-up one, so a repeat created a second account for each
    of those people. Now every row of the repeat is refused: usernames in use, and people who have an account."""
    coordinator = world.users["coordinator"]
    rows = [[*row[:3], "", *row[4:]] for row in province_rows(world, n=9)]  # no usernames: Loa makes them up
    import_accounts(actor=coordinator, content=xlsx(rows))
    before = User.objects.count()
    with pytest.raises(ImportRejected) as caught:
        import_accounts(actor=coordinator, content=xlsx(rows))
    assert len(caught.value.errors) == 9
    first = caught.value.errors[0]
    assert first.row == 2 and "«Nguyễn Văn Số 0» đã có tài khoản" in first.message
    assert User.objects.count() == before
    other = [[rows[0][0], "Nguyễn Văn Số 0", EDITOR_LABEL, "so0.khac", "", "", ""]]  # a namesake: named apart
    assert len(import_accounts(actor=coordinator, content=xlsx(other))) == 1
