"""Phone-sized pages (390 × 844): the menu folds into a button, the page never scrolls sideways, wide tables scroll
inside their own box with the row's name kept in view. Screenshots at 390 and 1280 go to test-results/."""

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def editor_pages() -> list[tuple[str, str]]:
    year = timezone.localdate().year
    return [
        ("home", "/"),
        ("activity-form", "/activities/new/"),
        ("activities", "/activities/"),
        ("tasks", "/activities/tasks/"),
        ("reports", "/reports/"),
        ("report", f"/reports/18073/{year}Q1/"),
        ("plans", "/plans/"),
        ("dashboard", "/dashboard/"),
    ]


def overflowing(page: Any) -> list[str]:
    """What sticks out of the screen, to name it when the page does not fit."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
             .filter(e => !e.closest('.table-scroll, .scroll'))
             .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )


def test_editor_pages_fit_a_phone_with_the_menu_folded(page):
    login(page, "xa1.nhaplieu")
    page.get_by_role("heading", name="Tổng quan").wait_for()
    for name, path in editor_pages():
        page.set_viewport_size(DESKTOP)
        page.goto(page.base_url + path)
        expect(page.get_by_test_id("menu-toggle")).to_be_hidden()  # the desktop menu is always unfolded
        expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_visible()
        screenshot(page, f"phone-{name}-1280")

        page.set_viewport_size(PHONE)
        page.goto(page.base_url + path)
        assert page.evaluate(FITS), f"{name} is wider than the phone: {overflowing(page)}"
        toggle = page.get_by_test_id("menu-toggle")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("navigation", name="Điều hướng chính")).to_be_hidden()
        # The folded header is one line (it took about 250 px of the 844 before).
        assert page.locator("header.topbar").bounding_box()["height"] <= 64
        screenshot(page, f"phone-{name}-390")


def test_menu_button_opens_the_menu_and_its_links_are_reachable(page):
    page.set_viewport_size(PHONE)
    login(page, "xa1.nhaplieu")
    page.get_by_role("heading", name="Tổng quan").wait_for()
    toggle = page.get_by_role("button", name="Danh mục")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    links = nav.get_by_role("link")
    assert links.count() >= 8
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["height"] >= 40, f"{links.nth(i).inner_text()} is {box['height']} px high"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    for name in ("Thông báo", "Đổi mật khẩu"):
        assert page.get_by_role("link", name=name).bounding_box()["height"] >= 40
    assert page.get_by_role("button", name="Đăng xuất").bounding_box()["height"] >= 40
    assert page.evaluate(FITS)
    screenshot(page, "phone-menu-open-390")

    page.keyboard.press("Escape")  # closes and gives the focus back to the button
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.click()
    nav.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    page.get_by_role("heading", name="Nhiệm vụ của Phường Thành Sen").wait_for()
    expect(page.get_by_test_id("menu-toggle")).to_have_attribute("aria-expanded", "false")  # folded on the new page


def assert_scrolls_in_its_box_with_name_in_view(page: Any, table_testid: str, column: int, offset: float = 0) -> None:
    """The table's box is narrower than the table; scrolled to the end, the page has not moved and the row's
    name (column `column`, 1-based) is still at the box's left edge (after `offset` px of check boxes), on top of
    the cells sliding under it."""
    box = page.get_by_test_id(table_testid).locator("xpath=..")
    expect(box).to_have_class(re.compile(r"^(table-scroll|scroll)$"))  # .scroll: the older name of the box
    widths = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert widths[0] > widths[1] + 50, f"{table_testid} does not need to scroll at 390 px: {widths}"
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    name = page.get_by_test_id(table_testid).locator(f"tbody tr:first-child > td:nth-child({column})")
    name.evaluate("c => window.scrollTo(0, c.getBoundingClientRect().top + window.scrollY - 200)")  # vertically only
    left = box.bounding_box()["x"]
    cell = name.bounding_box()
    assert abs(cell["x"] - left - offset) <= 2, (cell, left)
    assert cell["x"] + cell["width"] <= PHONE["width"]
    # The cell on top at the name's place is the name cell itself, not a scrolled column under it.
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('td')?.cellIndex",
        [cell["x"] + cell["width"] / 2, cell["y"] + min(cell["height"], 30) / 2],
    )
    assert on_top == column - 1
    assert page.evaluate("window.scrollX") == 0 and page.evaluate(FITS)


def test_wide_tables_scroll_inside_their_box_with_the_name_in_view(page):
    page.set_viewport_size(PHONE)
    login(page, "xa1.nhaplieu")
    page.get_by_role("heading", name="Tổng quan").wait_for()
    page.goto(page.base_url + "/activities/tasks/")
    assert_scrolls_in_its_box_with_name_in_view(page, "open-tasks", column=2)  # code first, then the task
    screenshot(page, "phone-tasks-scrolled-390")
    page.goto(page.base_url + "/activities/")
    assert_scrolls_in_its_box_with_name_in_view(page, "activities", column=2)  # date first, then the title
    page.goto(page.base_url + "/reports/")
    assert_scrolls_in_its_box_with_name_in_view(page, "period-table", column=1)
    screenshot(page, "phone-reports-scrolled-390")


def test_coordinator_board_and_dashboard_fit_a_phone(page):
    page.set_viewport_size(PHONE)
    login(page, "snv.dieuphoi")
    page.get_by_role("heading", name="Tổng quan").wait_for()
    assert page.evaluate(FITS), overflowing(page)
    screenshot(page, "phone-home-coordinator-390")
    year = timezone.localdate().year
    page.goto(f"{page.base_url}/reports/board/?recipient=42.SNV&period={year}Q1")
    assert page.evaluate(FITS), overflowing(page)
    # The check box to pick a unit and the unit's name both stay in view.
    assert_scrolls_in_its_box_with_name_in_view(page, "board", column=2, offset=40)
    checkbox = page.get_by_test_id("board").locator("tbody input[type=checkbox]").first
    assert checkbox.bounding_box()["x"] >= 0
    screenshot(page, "phone-board-390")
    for name, path in (("dashboard-coordinator", "/dashboard/"), ("plans-coordinator", "/plans/")):
        page.goto(page.base_url + path)
        assert page.evaluate(FITS), f"{name}: {overflowing(page)}"
        screenshot(page, f"phone-{name}-390")
    page.set_viewport_size(DESKTOP)
    page.goto(f"{page.base_url}/reports/board/?recipient=42.SNV&period={year}Q1")
    screenshot(page, "phone-board-1280")


def test_without_scripts_the_menu_stays_unfolded_and_usable(chromium, seeded):
    context = chromium.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.base_url = seeded.url
    try:
        login(page, "xa1.nhaplieu")
        page.get_by_role("heading", name="Tổng quan").wait_for()
        expect(page.get_by_test_id("menu-toggle")).to_be_hidden()  # a button that could not work is not shown
        nav = page.get_by_role("navigation", name="Điều hướng chính")
        expect(nav).to_be_visible()
        assert page.evaluate(FITS), overflowing(page)  # Playwright's own scripts still run
        screenshot(page, "phone-home-noscript-390")
        nav.get_by_role("link", name="Báo cáo", exact=True).click()
        page.get_by_role("heading", name="Báo cáo định kỳ · Phường Thành Sen").wait_for()
    finally:
        context.close()
