"""The Sở Nội vụ's coordinator narrows the change log to one commune's edits of plans, pages through it and takes
the same entries as XLSX."""

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_filters_the_log_and_downloads_it(page: Any) -> None:
    login(page, "snv.dieuphoi")
    page.goto(page.base_url + "/audit/")
    expect(page.get_by_role("heading", name="Nhật ký thay đổi")).to_be_visible()
    page.get_by_label("Loại đối tượng").select_option(label="Kế hoạch")
    page.get_by_label("Thao tác").select_option(label="Tạo mới")
    page.get_by_role("button", name="Lọc").click()
    rows = page.locator("table.data tbody tr")
    expect(rows.first).to_contain_text("Kế hoạch")
    count = rows.count()
    assert count >= 1
    for i in range(count):
        expect(rows.nth(i)).to_contain_text("Kế hoạch")
    screenshot(page, "audit-1-filtered")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "audit-1-filtered-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_download() as download:
        page.get_by_test_id("audit-export").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet is not None
    assert sheet.max_row - 1 == count  # the same entries as the page

    page.get_by_label("Từ ngày").fill("31/02/2026")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Nhập một ngày hợp lệ.")).to_be_visible()
