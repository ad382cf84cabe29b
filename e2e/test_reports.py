"""A commune drafts its quarterly report, the leader submits it, the Sở Nội vụ returns it with a reason,
the commune corrects and resubmits (version 2, with a diff both sides see), and the Sở accepts it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, username):
    # Let the last action's page finish (its redirect, the menu's count) before the session is dropped: a response
    # still on its way would otherwise land in the next person's session.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    login(page, username)
    page.get_by_role("heading", name="Tổng quan").wait_for()


def test_submit_return_resubmit_accept_with_diff(page):
    from loa.reports.models import Report, ReportVersion

    year = timezone.localdate().year
    period = f"{year}Q1"
    url = f"{page.base_url}/reports/18073/{period}/"
    page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo?" confirmations

    as_user(page, "xa1.nhaplieu")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name=f"Quý I năm {year}").first.click()
    expect(page.get_by_test_id("report-status")).to_have_text("Nháp")
    expect(page.get_by_test_id("total-count")).not_to_have_text("0")
    expect(page.get_by_test_id("submit")).to_have_count(0)  # an editor drafts, the leader submits
    page.locator("#id_difficulties").fill("Người dân còn ít sử dụng dịch vụ công trực tuyến.")
    page.get_by_test_id("save").click()
    page.get_by_text("Đã lưu bản nháp báo cáo.").wait_for()
    screenshot(page, "report-1-draft")

    as_user(page, "xa1.lanhdao")
    page.goto(url)
    page.get_by_test_id("submit").click()
    page.get_by_text("Đã gửi báo cáo (lần 1).").wait_for()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")

    as_user(page, "snv.dieuphoi")
    page.goto(f"{page.base_url}/reports/board/?recipient=42.SNV&period={period}")
    row = page.locator("[data-testid=board] tr[data-unit='18073']")
    expect(row).to_contain_text("Đã gửi")
    expect(page.get_by_test_id("submitted")).to_have_text("1")
    screenshot(page, "report-2-board")
    row.get_by_role("link", name="Xem, tiếp nhận").click()
    page.get_by_test_id("return-box").locator("summary").click()
    page.get_by_label("Lý do trả lại").fill("Đề nghị bổ sung kết quả hội nghị đối thoại với người dân.")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Trả lại")

    as_user(page, "xa1.nhaplieu")
    page.goto(url)
    expect(page.get_by_test_id("return-reason")).to_contain_text("hội nghị đối thoại")
    page.locator("#id_difficulties").fill(
        "Người dân còn ít sử dụng dịch vụ công trực tuyến.\nĐã bổ sung kết quả hội nghị đối thoại với người dân."
    )
    page.get_by_test_id("save").click()
    page.get_by_text("Đã lưu bản nháp báo cáo.").wait_for()

    as_user(page, "xa1.lanhdao")
    page.goto(url)
    page.get_by_test_id("submit").click()
    page.get_by_text("Đã gửi báo cáo (lần 2).").wait_for()

    as_user(page, "snv.dieuphoi")
    page.goto(url)
    page.get_by_test_id("versions").get_by_role("link", name="so sánh với lần trước").click()
    diff = page.get_by_test_id("plan-diff")
    expect(diff).to_contain_text("+ Đã bổ sung kết quả hội nghị đối thoại với người dân.")
    screenshot(page, "report-3-diff")
    page.goto(url)
    page.get_by_test_id("accept").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã tiếp nhận")
    screenshot(page, "report-4-accepted")

    report = Report.objects.get(unit__code="18073", period=period)
    assert report.status == "accepted" and report.version == 2
    assert ReportVersion.objects.filter(report=report).count() == 2

    page.goto(f"{page.base_url}/reports/42.SNV/{period}/")  # the consolidated report counts it
    annex = page.get_by_test_id("annex").locator("tr", has_text="Phường Thành Sen")
    expect(annex).to_contain_text("Đã tiếp nhận")
    screenshot(page, "report-5-consolidated")
