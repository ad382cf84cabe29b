"""The Sở Nội vụ drafts its consolidated report for a quarter in which units reported on time, late, were returned or
sent nothing (issue 19, item 1): the counts open the report, the province plan's progress across the units is
shown, the annex adds up to the body, and the texts of three communes are merged into one paragraph to edit. Then
up to the ministry (item 2): the Sở's leader sends it, the province's leader accepts it and sends the province's
report, drafted from it, to the Bộ Nội vụ, whose officer receives it on the ministry's board."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot
from .test_reports import as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = [
    "Đăng 6 tin về dịch vụ công trực tuyến trên Trang TTĐT. Niêm yết đầy đủ TTHC tại Bộ phận Một cửa.",
    "Niêm yết đầy đủ TTHC tại bộ phận một cửa. Phát thanh 12 lượt trên hệ thống loa.",
    "Phát thanh 12 lượt trên hệ thống loa. Tổ chức 1 hội nghị đối thoại với Nhân dân.",
]


def _reports(year: int) -> list:
    """Three communes on time and accepted (their texts to merge), one late and accepted, one returned."""
    from loa.org.models import OrgUnit
    from loa.org.scope import SYSTEM
    from loa.reports.services import report_accept, report_return, report_save, report_submit

    period = f"{year}Q1"
    on_time, late = datetime(year, 3, 19, 9, tzinfo=UTC), datetime(year, 3, 25, 9, tzinfo=UTC)
    communes = list(OrgUnit.objects.filter(parent__code="42", unit_type="ubnd_xa").order_by("code")[:5])
    for unit, text in zip(communes[:3], TEXTS, strict=True):
        report_save(actor=SYSTEM, unit=unit, period=period, sections={"channels": text})
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period=period, now=on_time))
    report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=communes[3], period=period, now=late))
    sent = report_submit(actor=SYSTEM, unit=communes[4], period=period, now=on_time)
    report_return(actor=SYSTEM, report=sent, reason="Bổ sung số liệu phát thanh.")
    return communes


def test_the_so_drafts_its_consolidated_report_and_merges_three_texts(page):
    year = timezone.localdate().year
    communes = _reports(year)
    as_user(page, "snv.dieuphoi")
    page.goto(f"{page.base_url}/reports/42.SNV/{year}Q1/")

    direction = page.locator("#id_direction")
    expect(direction).to_have_value(
        lambda_contains("đơn vị thuộc diện báo cáo đã gửi báo cáo (3 đúng hạn, 1 gửi muộn)")
    )
    expect(direction).to_have_value(lambda_contains("1 báo cáo bị trả lại để bổ sung"))
    expect(page.get_by_test_id("superior-tasks")).to_be_visible()
    body_total = page.get_by_test_id("total-count").inner_text()
    expect(page.get_by_test_id("annex-total").locator("th").nth(2)).to_have_text(body_total)
    screenshot(page, "consolidated-1-counts")

    offers = page.get_by_test_id("offers-channels")
    offers.locator("summary").click()
    for unit in communes[:3]:
        offers.get_by_label(unit.name).check()
    page.get_by_test_id("merge-channels").click()
    page.get_by_text("Đã gộp nội dung vào cuối mục").wait_for()
    a, b, c = (u.name for u in communes[:3])
    merged = page.locator("#id_channels").input_value()
    assert f"- {a}: Đăng 6 tin về dịch vụ công trực tuyến trên Trang TTĐT." in merged
    assert f"- {a} và {b}: Niêm yết đầy đủ TTHC tại Bộ phận Một cửa." in merged
    assert f"- {b} và {c}: Phát thanh 12 lượt trên hệ thống loa." in merged
    assert merged.count("Phát thanh 12 lượt trên hệ thống loa.") == 1  # said by two, written once
    screenshot(page, "consolidated-2-merged")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#id_channels").scroll_into_view_if_needed()
    screenshot(page, "consolidated-3-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    period = f"{year}Q1"
    as_user(page, "snv.lanhdao")
    page.goto(f"{page.base_url}/reports/42.SNV/{period}/")
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo?"
    page.get_by_test_id("submit").click()
    page.get_by_text("Đã gửi báo cáo (lần 1).").wait_for()
    sent_total = page.get_by_test_id("total-count").inner_text()

    as_user(page, "tinh.lanhdao")
    page.goto(f"{page.base_url}/reports/42.SNV/{period}/")
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    page.goto(f"{page.base_url}/reports/42/{period}/")
    expect(page.get_by_test_id("total-count")).to_have_text(sent_total)  # the Sở's figures, not counted twice
    expect(page.get_by_test_id("offers-channels")).to_contain_text("Sở Nội vụ")
    screenshot(page, "consolidated-4-province")
    page.get_by_test_id("submit").click()
    page.get_by_text("Đã gửi báo cáo (lần 1).").wait_for()

    _ministry_officer()
    as_user(page, "bnv.vucchc")
    page.goto(f"{page.base_url}/reports/board/?recipient=BNV&period={period}")
    row = page.locator("[data-testid=board] tr[data-unit='42']")
    expect(row).to_contain_text("Đã gửi")
    screenshot(page, "consolidated-5-ministry-board")
    row.get_by_role("link", name="Xem, tiếp nhận").click()
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    screenshot(page, "consolidated-6-ministry-accepted")
    # What the ministry's people may not see (the communes' reports) is asserted in loa/reports/tests/test_ministry.py.


def _ministry_officer() -> None:
    from loa.org.catalog import Role
    from loa.org.scope import SYSTEM
    from loa.org.services import user_create
    from loa.reports.regimes import ministry

    user = user_create(
        actor=SYSTEM,
        username="bnv.vucchc",
        full_name="Chuyên viên Vụ Cải cách hành chính",
        unit=ministry(),
        role=Role.COORDINATOR,
        password="Loa-demo-2026",
    )
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])


def lambda_contains(text: str):
    """A pattern for `to_have_value` that matches a textarea whose value contains `text`."""
    import re

    return re.compile(re.escape(text))
