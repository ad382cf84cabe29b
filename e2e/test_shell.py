import re

import pytest

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username, password="Loa-demo-2026"):
    page.goto(page.base_url + "/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_editor_logs_in_sees_vietnamese_shell_and_searches_without_diacritics(page):
    login(page, "xa1.nhaplieu")
    page.get_by_role("heading", name="Tổng quan").wait_for()
    assert page.get_by_test_id("role").inner_text() == "Đầu mối CCHC (nhập liệu)"
    assert "Thành Sen" in page.get_by_test_id("current-user").inner_text()
    screenshot(page, "01-tong-quan-nhap-lieu")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    search = page.get_by_placeholder("Tên hoặc mã, có dấu hay không dấu")
    search.fill("da nang")  # htmx updates the results as the officer types
    page.get_by_role("link", name="Thành phố Đà Nẵng").wait_for()
    assert re.search(r"\d+ đơn vị", page.get_by_test_id("result-count").inner_text())
    search.fill("huong khe")
    page.get_by_role("link", name="Xã Hương Khê").wait_for()
    screenshot(page, "02-tim-don-vi-khong-dau")
    page.get_by_role("link", name="Xã Hương Khê").click()
    page.get_by_role("heading", name="Xã Hương Khê").wait_for()
    # Another province's commune: the directory is visible, its people are not.
    assert page.get_by_test_id("members").count() == 0


def test_wrong_password_shows_vietnamese_message(page):
    login(page, "xa1.nhaplieu", "sai")
    page.get_by_role("alert").wait_for()
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.get_by_role("alert").inner_text()
    screenshot(page, "03-dang-nhap-sai")


def test_coordinator_sees_audit_and_users(page):
    login(page, "snv.dieuphoi")
    page.get_by_role("link", name="Nhật ký thay đổi").first.click()
    page.get_by_role("heading", name="Nhật ký thay đổi").wait_for()
    page.get_by_role("link", name="Người dùng").click()
    page.get_by_role("cell", name="xa1.nhaplieu", exact=True).wait_for()
    screenshot(page, "04-nguoi-dung-dieu-phoi")
