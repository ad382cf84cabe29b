"""A coordinator creates the province's accounts from Excel (a bad row first), downloads the credential sheet and
opens the printable page; a new officer signs in with the one-time password and must choose a new one."""

import io
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def account_file(bad_row=None):
    from loa.org.models import User
    from loa.org.tests.test_user_import import province_rows, xlsx

    class World:
        users = {"coordinator": User.objects.select_related("unit").get(username="snv.dieuphoi")}

    rows = province_rows(World, 70)
    if bad_row is not None:
        rows[bad_row - 2][2] = "Trưởng thôn"
    return xlsx(rows)


def upload(page, content, check_only=False):
    page.set_input_files(
        "input[type=file]", {"name": "tai-khoan.xlsx", "mimeType": "application/octet-stream", "buffer": content}
    )
    box = page.get_by_label("Chỉ kiểm tra, chưa ghi")
    box.set_checked(check_only)
    page.get_by_role("button", name="Thực hiện").click()


def test_coordinator_imports_seventy_accounts_and_a_newcomer_changes_the_password(page, chromium):
    from loa.org.models import User

    before = User.objects.count()
    login(page, "snv.dieuphoi")
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Nhập từ Excel").click()
    upload(page, account_file(bad_row=37))
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    assert "37" in errors.inner_text() and "Vai trò" in errors.inner_text()
    assert User.objects.count() == before
    screenshot(page, "accounts-01-import-errors")

    upload(page, account_file())
    page.get_by_role("heading", name="Đã tạo 70 tài khoản").wait_for()
    assert User.objects.count() == before + 70
    screenshot(page, "accounts-02-import-done")
    with page.expect_download() as download:
        page.get_by_test_id("credentials-xlsx").click()
    book = CalamineWorkbook.from_filelike(io.BytesIO(Path(download.value.path()).read_bytes()))
    first = book.get_sheet_by_index(0).to_python()
    username, password = str(first[4][1]), str(first[4][2])
    with page.expect_popup() as popup:
        page.get_by_test_id("credentials-print").click()
    printable = popup.value
    printable.wait_for_load_state()
    assert printable.locator(".credential-page").count() == len(book.sheet_names)
    assert password in printable.content()
    printable.screenshot(path=str(screenshot(page, "accounts-03-credential-sheet")))  # first page only: 70 are long

    newcomer = chromium.new_context(locale="vi-VN").new_page()
    newcomer.base_url = page.base_url
    login(newcomer, username, password)
    newcomer.get_by_test_id("must-change").wait_for()
    assert newcomer.url.endswith("/password/")
    newcomer.goto(page.base_url + "/activities/")
    assert newcomer.url.endswith("/password/")
    screenshot(newcomer, "accounts-04-first-login")
    newcomer.locator("#id_old_password").fill(password)
    newcomer.locator("#id_new_password1").fill("Thanh-Sen-2026-rieng")
    newcomer.locator("#id_new_password2").fill("Thanh-Sen-2026-rieng")
    newcomer.get_by_role("button", name="Đổi mật khẩu").click()
    newcomer.get_by_role("heading", name="Đã đổi mật khẩu").wait_for()
    newcomer.goto(page.base_url + "/")
    assert not newcomer.url.endswith("/password/")
    assert not User.objects.get(username=username).must_change_password
    newcomer.context.close()
    page.goto(page.base_url + "/users/?q=nhap.00")
    page.get_by_test_id("users").wait_for()
    screenshot(page, "accounts-05-user-list")
