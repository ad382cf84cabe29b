"""The Sở Nội vụ proposes to commend a commune: it finds the commune by typing its name without diacritics, the
commune's activities of the year come up as evidence to tick, nothing is typed by code or id."""

from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commendation_is_proposed_by_choosing_not_typing_codes(page: Any) -> None:
    from loa.scoring.models import Commendation

    login(page, "snv.dieuphoi")
    page.goto(page.base_url + "/scores/commendations/?year=2026")
    form = page.locator("#propose")
    unit = form.locator(".picker-box").first
    unit.locator(".picker-toggle").click()
    unit.locator("input[type=search]").fill("thanh sen")
    unit.locator("input[type=search]").press("Enter")
    expect(unit.locator(".picker-toggle")).to_have_text("Phường Thành Sen")
    evidence = page.get_by_test_id("evidence")
    expect(evidence.locator(".picker-toggle")).to_be_visible()  # the commune's activities, swapped in by htmx
    evidence.locator(".picker-toggle").click()
    evidence.locator(".picker-list input[type=checkbox]").first.check()
    evidence.locator("input[type=search]").press("Escape")
    form.get_by_label("Thành tích hoặc hạn chế").fill("Duy trì chuyên mục CCHC đều đặn trên trang thông tin điện tử")
    screenshot(page, "commendation-1-form")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "commendation-1-form-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    form.get_by_role("button", name="Lưu đề xuất").click()
    expect(page.get_by_text("Đã lưu đề xuất.")).to_be_visible()
    item = Commendation.objects.get()
    assert item.unit.name == "Phường Thành Sen" and item.activities.count() == 1
