"""A Sở Nội vụ coordinator opens the province dashboard, sees the charts drawn, drills down to one commune and
from there to the commune's activity list."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drill_from_province_to_a_commune(page):
    from loa.org.models import User

    commune = User.objects.get(username="xa1.nhaplieu").unit
    login(page, "snv.dieuphoi")
    page.get_by_role("link", name="Thống kê").click()
    expect(page.get_by_test_id("dash-title")).to_contain_text("Tỉnh Hà Tĩnh")
    province_total = int(page.get_by_test_id("kpi-activities").inner_text().replace(".", ""))
    assert province_total > 0
    # Chart.js drew on every canvas (a blank canvas keeps its default 300×150 and draws nothing).
    page.wait_for_function("() => Object.keys(Chart.instances).length === 4")
    screenshot(page, "dashboard-1-province")

    # The units table sorts by a column's heading: people reached, largest first, then smallest first.
    table = page.get_by_test_id("units-table")

    def reached() -> list[int]:
        return [int(t.replace(".", "")) for t in table.locator("tbody tr td:nth-child(5)").all_inner_texts()]

    table.get_by_role("button", name="Người được tiếp cận").click()
    expect(table.locator("th[aria-sort=descending]")).to_have_count(1)
    assert reached() == sorted(reached(), reverse=True) and reached()[0] > reached()[-1]
    table.get_by_role("button", name="Người được tiếp cận").click()
    assert reached() == sorted(reached())
    names = table.locator("tbody tr td:first-child")
    before = names.all_inner_texts()  # by people reached
    # A to Z in Vietnamese order (the browser's own collation, numbers inside names read as numbers).
    expected = page.evaluate("names => names.slice().sort(new Intl.Collator('vi', {numeric: true}).compare)", before)
    assert before != expected
    table.get_by_role("button", name="Đơn vị").click()
    assert names.all_inner_texts() == expected
    table.get_by_role("button", name="Đơn vị").click()
    assert names.all_inner_texts() == expected[::-1]

    row = table.locator(f'tr[data-unit="{commune.code}"]')
    commune_total = int(row.locator("td.num").first.inner_text().replace(".", ""))
    row.get_by_role("link", name=commune.name).click()
    expect(page.get_by_test_id("dash-title")).to_contain_text(commune.name)
    expect(page.get_by_test_id("trail")).to_contain_text("Tỉnh Hà Tĩnh")
    assert int(page.get_by_test_id("kpi-activities").inner_text().replace(".", "")) == commune_total
    assert commune_total < province_total
    screenshot(page, "dashboard-2-commune")

    with page.expect_download() as download:
        page.get_by_test_id("xlsx-channels").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    page.get_by_test_id("activity-link").click()
    expect(page).to_have_url(re.compile(rf"/activities/\?.*unit={re.escape(commune.code)}"))
