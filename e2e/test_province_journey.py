"""A province goes live in the browser, from nothing: the administrator adds the Sở Nội vụ and its coordinator,
the coordinator imports 70 commune accounts from the XLSX template (a bad row first: nothing is created), a
commune editor signs in for the first time, records an activity and asks the leader to sign, the leader sends,
the coordinator returns it with a reason, the editor fixes it, the leader resends and the coordinator accepts.
Every step's notices are counted per person, and none reaches anyone outside the province.

The province is one the demo leaves empty (Huế, 46); the report is the latest period the commune's regime asks
for whose window has closed, so the journey runs the same any day of the year."""

import io
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVINCE = "46"  # Thành phố Huế: 40 communes, no demo data, no users
SNV_CODE = "46.SNV"
ADMIN_PASSWORD = "Loa-demo-2026"
HEADERS = ["Đơn vị", "Họ và tên", "Vai trò", "Tên đăng nhập", "Chức vụ", "Thư điện tử", "Điện thoại"]
EDITOR, LEADER = "Đầu mối CCHC (nhập liệu)", "Lãnh đạo đơn vị"
BAD_ROW = 37  # a line of the sheet (the header is line 1)


def settle(page):
    """Wait until the page's own requests (the menu's to-do count, by htmx) are answered. The live server's SQLite
    is one in-memory database shared by its threads with table locks: a write racing a read there fails at once
    ("database table is locked"), which a real server's file database would wait out."""
    page.wait_for_load_state("networkidle")


def press(page, locator):
    """Click something that writes, once nothing else is in flight."""
    settle(page)
    locator.click()


def sign_out(page):
    settle(page)
    page.context.clear_cookies()


def first_login(page, username, one_time, new_password):
    """Sign in with a one-time password: Loa holds every page until the person chooses a password of their own."""
    sign_out(page)
    login(page, username, one_time)
    page.get_by_test_id("must-change").wait_for()
    assert page.url.endswith("/password/")
    page.goto(page.base_url + "/reports/")
    assert page.url.endswith("/password/"), "a one-time password must not open other pages"
    page.locator("#id_old_password").fill(one_time)
    page.locator("#id_new_password1").fill(new_password)
    page.locator("#id_new_password2").fill(new_password)
    press(page, page.get_by_role("button", name="Đổi mật khẩu"))
    page.get_by_role("heading", name="Đã đổi mật khẩu").wait_for()
    page.goto(page.base_url + "/")
    page.get_by_role("heading", name="Việc cần làm").wait_for()


def as_user(page, username, password):
    sign_out(page)
    login(page, username, password)
    page.get_by_role("heading", name="Việc cần làm").wait_for()


def home_shot(page, name, phone=False):
    page.goto(page.base_url + "/")
    page.get_by_test_id("todo").wait_for()
    page.wait_for_load_state("networkidle")  # the menu's to-do count arrives by htmx
    if phone:
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(200)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the phone home scrolls sideways ({width} px)"
    screenshot(page, f"province-{name}")
    if phone:
        page.set_viewport_size({"width": 1280, "height": 800})


def notices_of(page):
    page.goto(page.base_url + "/notifications/")
    return page.get_by_test_id("notifications")


def latest_closed_period(unit):
    """The latest period the unit's regime asks for whose data window closed before today (Quý III or 9 tháng
    in December; last year's Quý IV or Năm early in the year)."""
    from loa.reports.regimes import periods_due

    today = timezone.localdate()
    closed = [p for year in (today.year - 1, today.year) for p in periods_due(unit, year) if p.end < today]
    return max(closed, key=lambda p: p.end)  # the first of equals: a quarter before the longer period


def test_a_province_goes_live_from_accounts_to_an_accepted_report(page):
    from loa.notify.models import Notification
    from loa.org.models import OrgUnit, User
    from loa.reports.models import Report

    province = OrgUnit.objects.get(code=PROVINCE)
    communes = list(OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("path"))
    assert len(communes) >= 35
    assert not User.objects.filter(unit__path__startswith=province.path).exists(), "the province starts empty"
    assert User.objects.filter(username="quantri", role="admin", is_active=True).exists()
    first_notice = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    dialogs: list[str] = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)

    # 1. The administrator adds the province's Sở Nội vụ, then its coordinator (one-time password shown once).
    login(page, "quantri", ADMIN_PASSWORD)
    page.get_by_role("heading", name="Việc cần làm").wait_for()
    home_shot(page, "1-admin")
    snv = OrgUnit.objects.filter(parent=province, unit_type="so_noi_vu").first()
    if snv is None:
        page.goto(f"{page.base_url}/units/{PROVINCE}/")
        page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
        page.locator("#id_code").fill(SNV_CODE)
        page.locator("#id_name").fill("Sở Nội vụ thành phố Huế")
        page.locator("#id_short_name").fill("Sở Nội vụ")
        page.locator("#id_unit_type").select_option(label="Sở Nội vụ")
        press(page, page.get_by_role("button", name="Lưu"))
        page.get_by_role("heading", name="Sở Nội vụ thành phố Huế").wait_for()
        snv = OrgUnit.objects.get(code=SNV_CODE)
    assert snv.parent_id == province.pk

    page.goto(page.base_url + "/users/new/")
    page.get_by_label("Tên đăng nhập").fill("hue.dieuphoi")
    page.get_by_label("Họ và tên").fill("Trần Thị Điều Phối")
    page.get_by_label("Đơn vị").select_option(label=f"{snv.name} ({snv.code})")
    page.get_by_label("Vai trò").select_option(label="Chuyên viên CCHC Sở Nội vụ (điều phối)")
    page.get_by_label("Chức vụ").fill("Chuyên viên CCHC")
    press(page, page.get_by_role("button", name="Lưu"))
    page.get_by_role("heading", name="Đã tạo tài khoản hue.dieuphoi").wait_for()
    coordinator_otp = page.get_by_test_id("one-time-password").inner_text().strip()
    assert len(coordinator_otp) == 14
    assert User.objects.filter(unit__path__startswith=province.path).count() == 1

    # 2. The coordinator's first sign-in; the template; a file with one bad row; the fixed file; the sheet.
    first_login(page, "hue.dieuphoi", coordinator_otp, "Song-Huong-7391")
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("link", name="Nhập từ Excel").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet, lists = template.worksheets[0], template.worksheets[1]
    assert [c.value for c in sheet[1]] == HEADERS
    offered_units = [r[0] for r in lists.iter_rows(min_row=2, values_only=True) if r[0]]
    offered_roles = [r[1] for r in lists.iter_rows(min_row=2, values_only=True) if r[1]]
    assert EDITOR in offered_roles and LEADER in offered_roles and "Quản trị hệ thống" not in offered_roles
    assert all(label.endswith(")") for label in offered_units)
    labels = {label.rsplit("(", 1)[1].rstrip(")"): label for label in offered_units}
    outside = OrgUnit.objects.filter(code__in=labels).exclude(path__startswith=province.path)
    assert len(labels) > 35 and not outside.exists(), "the drop-down offers the province's units only"
    chosen = communes[:35]
    rows = []
    for number, commune in enumerate(chosen, start=1):
        for role, name, position in ((EDITOR, "Lê Văn Nhập", "Công chức"), (LEADER, "Phạm Thị Lãnh", "Phó Chủ tịch")):
            rows.append([labels[commune.code], f"{name} {number:02d}", role, "", position, "", ""])
    assert len(rows) == 70

    def account_file(bad):
        book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        accounts = book.worksheets[0]
        for line, row in enumerate(rows, start=2):
            values = list(row)
            if bad and line == BAD_ROW:
                values[0] = "Phường Thành Sen (18073)"  # Hà Tĩnh: outside this coordinator's reach
            for column, value in enumerate(values, start=1):
                accounts.cell(row=line, column=column, value=value or None)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def upload(content):
        page.set_input_files(
            "input[type=file]",
            {"name": "tai-khoan-hue.xlsx", "mimeType": "application/octet-stream", "buffer": content},
        )
        page.get_by_label("Chỉ kiểm tra, chưa ghi").set_checked(False)
        press(page, page.get_by_role("button", name="Thực hiện"))

    before = User.objects.count()
    upload(account_file(bad=True))
    errors = page.get_by_test_id("import-errors")
    errors.wait_for()
    error_rows = errors.locator("tbody tr")
    expect(error_rows).to_have_count(1)
    expect(error_rows.locator("td").nth(0)).to_have_text(str(BAD_ROW))
    expect(error_rows.locator("td").nth(1)).to_have_text("Đơn vị")
    expect(error_rows).to_contain_text("Phường Thành Sen (18073)")
    assert User.objects.count() == before, "a file with a bad row creates nothing"
    screenshot(page, "province-2-import-errors")

    upload(account_file(bad=False))
    page.get_by_role("heading", name="Đã tạo 70 tài khoản").wait_for()
    assert User.objects.count() == before + 70
    assert User.objects.filter(unit__in=chosen, role="editor").count() == 35
    assert User.objects.filter(unit__in=chosen, role="leader").count() == 35
    with page.expect_download() as credentials:
        press(page, page.get_by_test_id("credentials-xlsx"))
    book = CalamineWorkbook.from_filelike(io.BytesIO(Path(credentials.value.path()).read_bytes()))
    assert len(book.sheet_names) == 35
    commune = chosen[0]
    people = {str(r[0]): (str(r[1]), str(r[2])) for r in book.get_sheet_by_name(commune.code).to_python()[4:]}
    editor, editor_otp = people["Lê Văn Nhập 01"]
    leader, leader_otp = people["Phạm Thị Lãnh 01"]
    assert User.objects.get(username=editor).unit == commune and User.objects.get(username=leader).unit == commune
    home_shot(page, "3-coordinator-before")

    # 3. The editor: first sign-in, the to-do, an activity in the period, the report sent up for signature.
    period = latest_closed_period(commune)
    url = f"{page.base_url}/reports/{commune.code}/{period.id}/"
    first_login(page, editor, editor_otp, "Cau-Truong-Tien-5820")
    reports_todo = page.get_by_test_id("todo-reports")
    expect(reports_todo).to_be_visible()
    expect(reports_todo).to_contain_text("quá hạn gửi")
    expect(reports_todo).to_contain_text(period.label)  # the latest closed period, sent by nobody yet
    home_shot(page, "4-editor")
    home_shot(page, "4-editor-phone", phone=True)

    page.goto(page.base_url + "/activities/new/")
    page.get_by_role("heading", name="Ghi nhận hoạt động").wait_for()
    page.get_by_label("Tiêu đề").fill("Hội nghị đối thoại về dịch vụ công trực tuyến")
    page.get_by_label("Hình thức").select_option("hoi_nghi")
    page.get_by_label("Ngày", exact=True).fill((period.end - timedelta(days=10)).strftime("%d/%m/%Y"))
    page.get_by_label("Số lượng").fill("1")
    page.get_by_label("Đơn vị tính").fill("hội nghị")
    press(page, page.get_by_role("button", name="Lưu", exact=True))
    page.get_by_text("Đã ghi nhận hoạt động").wait_for()

    page.goto(page.base_url + "/")
    page.get_by_test_id("todo-reports").get_by_role("link", name=f"{period.label}:").click()
    assert page.url == url
    expect(page.get_by_test_id("report-status")).to_have_text("Nháp")
    expect(page.get_by_test_id("total-count")).to_have_text("1")
    expect(page.get_by_test_id("submit")).to_have_count(0)  # an editor drafts; the leader signs
    page.locator("#id_difficulties").fill("Người dân còn ít dùng dịch vụ công trực tuyến.")
    press(page, page.get_by_test_id("save"))
    page.get_by_text("Đã lưu bản nháp báo cáo.").wait_for()
    press(page, page.get_by_test_id("request-signature"))
    page.get_by_text("Đã trình lãnh đạo ký; lãnh đạo đơn vị đã được thông báo.").wait_for()
    expect(page.get_by_test_id("awaiting-signature")).to_be_visible()

    # 4. The leader: first sign-in, the report on the to-do and in the notices, the confirmation, sent.
    first_login(page, leader, leader_otp, "Nui-Ngu-Binh-4618")
    signature = page.get_by_test_id("todo-signature")
    expect(signature).to_contain_text(f"{commune.name} — {period.label}")
    home_shot(page, "5-leader")
    notices = notices_of(page)
    title = f"Trình ký báo cáo {period.label} của {commune.name}"
    expect(notices).to_contain_text(title)
    notices.get_by_role("link", name=title).click()
    assert page.url == url
    assert dialogs == []
    press(page, page.get_by_test_id("submit"))
    page.get_by_text("Đã gửi báo cáo (lần 1).").wait_for()
    assert len(dialogs) == 1 and "không sửa được" in dialogs[0], dialogs  # asked before freezing, once
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")

    # 5. The coordinator is told and returns it; the editor is told why and fixes it; the leader resends;
    #    the coordinator accepts; the unit is told.
    as_user(page, "hue.dieuphoi", "Song-Huong-7391")
    expect(page.get_by_test_id("todo-review")).to_contain_text(commune.name)
    sent = f"{commune.name} đã gửi báo cáo {period.label}"
    notices = notices_of(page)
    expect(notices).to_contain_text(sent)
    notices.get_by_role("link", name=sent).click()
    reason = "Đề nghị bổ sung số người dự hội nghị đối thoại."
    page.get_by_test_id("return-box").locator("summary").click()
    page.get_by_label("Lý do trả lại").fill(reason)
    press(page, page.get_by_test_id("return"))
    expect(page.get_by_test_id("report-status")).to_have_text("Trả lại")

    as_user(page, editor, "Cau-Truong-Tien-5820")
    expect(page.get_by_test_id("todo-reports")).to_contain_text(reason)
    notices = notices_of(page)
    expect(notices).to_contain_text(f"Báo cáo {period.label} bị trả lại")
    expect(notices).to_contain_text(reason)
    page.goto(url)
    expect(page.get_by_test_id("return-reason")).to_contain_text(reason)
    page.locator("#id_difficulties").fill(
        "Người dân còn ít dùng dịch vụ công trực tuyến.\nHội nghị đối thoại có 120 người dự."
    )
    press(page, page.get_by_test_id("save"))
    page.get_by_text("Đã lưu bản nháp báo cáo.").wait_for()

    as_user(page, leader, "Nui-Ngu-Binh-4618")
    notices = notices_of(page)
    notices.get_by_role("link", name=f"Báo cáo {period.label} bị trả lại").click()
    press(page, page.get_by_test_id("submit"))
    page.get_by_text("Đã gửi báo cáo (lần 2).").wait_for()
    assert len(dialogs) == 2 and "không sửa được" in dialogs[1], dialogs

    as_user(page, "hue.dieuphoi", "Song-Huong-7391")
    expect(notices_of(page).get_by_role("link", name=sent)).to_have_count(2)  # version 1 and version 2
    page.goto(url)
    press(page, page.get_by_test_id("accept"))
    expect(page.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    report = Report.objects.get(unit=commune, period=period.id)
    assert report.status == "accepted" and report.version == 2 and report.recipient == snv
    assert "120 người dự" in report.sections["difficulties"]
    home_shot(page, "6-coordinator-after")

    accepted = f"Báo cáo {period.label} đã được tiếp nhận"
    as_user(page, editor, "Cau-Truong-Tien-5820")
    expect(notices_of(page)).to_contain_text(accepted)
    as_user(page, leader, "Nui-Ngu-Binh-4618")
    expect(notices_of(page)).to_contain_text(accepted)
    home_shot(page, "7-leader-after")

    # 6. Who heard what: each notice counted, none outside the province.
    journey = Notification.objects.filter(pk__gt=first_notice)
    assert Counter(journey.values_list("user__username", flat=True)) == {
        leader: 3,  # asked to sign; returned; accepted
        editor: 2,  # returned; accepted
        "hue.dieuphoi": 2,  # sent (version 1); sent again (version 2)
    }
    assert not journey.exclude(user__unit__path__startswith=province.path).exists()
