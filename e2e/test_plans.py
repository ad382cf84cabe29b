"""A commune officer drafts a plan with three tasks in the table editor, the leader issues it, the DOCX downloads."""

import io
import re

import pytest
from docx import Document
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick(row, field, wanted):
    """Choose in a picker (picker.js) as an officer does: open it, type the name without diacritics, Enter."""
    cell = row.locator(f"td.f-{field}")
    cell.locator(".picker-toggle").click()
    cell.locator(".picker-panel input[type=search]").fill(wanted)
    cell.locator(".picker-panel input[type=search]").press("Enter")
    cell.locator(".picker-panel input[type=search]").press("Escape")


def fill_task(page, index, title, lead, channel, quantity):
    row = page.locator(f"#section-tasks tr[data-row='{index}']")
    row.locator("textarea[name$='-title']").fill(title)
    pick(row, "leads", lead)
    pick(row, "channels", channel)
    row.locator("input[name$='-quantity']").fill(quantity)


def test_create_plan_with_three_tasks_issue_and_download_docx(page, chromium):
    from loa.plans.models import Plan

    Plan.objects.filter(issuer__code="18073").delete()  # start the commune from scratch
    login(page, "xa1.nhaplieu")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Lập kế hoạch mới").click()
    page.get_by_label("Đơn vị ban hành").select_option(label="Phường Thành Sen")
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.get_by_role("heading", name="Phụ lục nhiệm vụ").wait_for()

    for index in range(3):  # htmx adds each row without reloading the page
        page.get_by_role("button", name="+ Thêm nhiệm vụ").click()
        page.locator(f"#section-tasks tr[data-row='{index}']").wait_for()
    fill_task(
        page, 0, "Đăng tin cải cách hành chính trên trang thông tin điện tử", "van phong hdnd", "cong thong tin", "8"
    )
    fill_task(page, 1, "Phát thanh cải cách hành chính trên loa truyền thanh", "phong van hoa", "phat thanh", "24")
    fill_task(page, 2, "Niêm yết công khai thủ tục hành chính", "trung tam phuc vu", "niem yet", "1.500")
    page.locator("#section-tasks tr[data-row='2'] button[title='Chuyển lên']").click()  # reorder: row 3 → 2
    second = page.locator("#section-tasks tr[data-row='1'] textarea[name$='-title']")
    expect(second).to_have_value(re.compile("^Niêm yết"))  # waits for htmx to swap the table
    page.get_by_label("Họ tên người ký").fill("Nguyễn Thị Ký")
    screenshot(page, "10-soan-ke-hoach-bang-nhiem-vu")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_test_id("task-table").wait_for()
    assert page.get_by_test_id("task-count").inner_text() == "3"
    screenshot(page, "11-ke-hoach-du-thao")
    plan = Plan.objects.get(issuer__code="18073")
    assert [t.title.split()[0] for t in plan.tasks.order_by("position")] == ["Đăng", "Niêm", "Phát"]

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/plans/{plan.pk}/")
    page.get_by_role("link", name="Ban hành", exact=True).click()
    page.get_by_label("Số văn bản").fill("")
    page.get_by_role("button", name="Ban hành").click()
    assert "còn thiếu số văn bản" in page.get_by_role("alert").inner_text()
    page.get_by_label("Số văn bản").fill("5")
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_test_id("plan-status").wait_for()
    assert "Đã ban hành" in page.get_by_test_id("plan-status").inner_text()
    page.get_by_role("heading", name="Kế hoạch số 05/KH-UBND").wait_for()
    screenshot(page, "12-ke-hoach-da-ban-hanh")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải DOCX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: PTH123, SIM115
    header = "\n".join(c.text for row in document.tables[0].rows for c in row.cells)
    assert "Số: 05/KH-UBND" in header and "PHƯỜNG THÀNH SEN" in header
    assert any(r.cells[1].text.startswith("Niêm yết công khai") for r in document.tables[-1].rows)


def test_coordinator_cascades_the_provincial_plan_and_sees_status(page):
    from loa.plans.models import Plan

    province_plan = Plan.objects.get(issuer__code="42", parent__isnull=True)
    login(page, "snv.dieuphoi")
    page.goto(f"{page.base_url}/plans/{province_plan.pk}/")
    page.get_by_role("heading", name="Kế hoạch số 18/KH-UBND").wait_for()
    assert page.get_by_test_id("task-count").inner_text() == "18"
    screenshot(page, "13-ke-hoach-tinh")
    page.get_by_role("link", name="Kế hoạch triển khai của cấp dưới").click()
    table = page.get_by_test_id("cascade-status")
    assert table.get_by_text("Chưa có").count() > 50
    page.get_by_role("button", name="Tạo dự thảo cho tất cả đơn vị chưa có").click()
    page.get_by_text("dự thảo kế hoạch triển khai").first.wait_for()
    assert table.get_by_text("Chưa có").count() == 0
    assert table.get_by_text("Đã ban hành").count() == 3
    screenshot(page, "14-trien-khai-cap-duoi")


def test_amendment_shows_the_diff_on_the_plan_page(page):
    from loa.plans.models import Plan

    plan = Plan.objects.get(issuer__code="18073", status="issued")
    login(page, "xa1.nhaplieu")
    page.goto(f"{page.base_url}/plans/{plan.pk}/")
    page.get_by_role("button", name="Điều chỉnh kế hoạch").click()
    page.get_by_role("link", name="Sửa bản điều chỉnh").click()
    first_quantity = page.locator("#section-tasks tr[data-row='0'] input[name$='-quantity']")
    first_quantity.fill("12")
    page.get_by_role("button", name="Lưu", exact=True).click()
    diff = page.get_by_test_id("plan-diff")
    diff.wait_for()
    assert "chỉ tiêu: 12" in diff.locator("ins").first.inner_text()
    assert "chỉ tiêu: 8" in diff.locator("del").first.inner_text()
    screenshot(page, "15-dieu-chinh-so-sanh")
