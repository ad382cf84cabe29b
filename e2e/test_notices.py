"""Notices in the browser: the editor asks the leader to sign, the leader finds it among the notices and
sends, the Sở Nội vụ is told, reminds the other units with select-all (the message says who was reached
and which units nobody hears for), returns the report, and the unit is told the reason."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot
from .test_reports import as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_request_send_remind_and_return_reach_the_right_people(page):
    from collections import Counter

    from loa.notify.models import Notification

    year = timezone.localdate().year
    period = f"{year}Q1"
    url = f"{page.base_url}/reports/18073/{period}/"
    page.on("dialog", lambda dialog: dialog.accept())
    Notification.objects.all().delete()

    as_user(page, "xa1.nhaplieu")
    page.goto(url)
    page.get_by_test_id("request-signature").click()
    page.get_by_text("Đã trình lãnh đạo ký; lãnh đạo đơn vị đã được thông báo.").wait_for()
    expect(page.get_by_test_id("awaiting-signature")).to_be_visible()

    as_user(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/notifications/")
    notices = page.get_by_test_id("notifications")
    expect(notices).to_contain_text("Trình ký báo cáo Quý I")
    screenshot(page, "notices-1-leader")
    notices.get_by_role("link", name="Trình ký báo cáo Quý I").first.click()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")

    as_user(page, "snv.dieuphoi")
    page.goto(f"{page.base_url}/notifications/")
    expect(page.get_by_test_id("notifications")).to_contain_text("Phường Thành Sen đã gửi báo cáo Quý I")
    page.goto(f"{page.base_url}/reports/board/?recipient=42.SNV&period={period}")
    boxes = page.locator("[data-testid=board] input[name=units]")
    page.get_by_test_id("select-all").check()
    assert boxes.count() > 3 and all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.get_by_test_id("remind").click()
    expect(page.get_by_text("Đã gửi thông báo nhắc đến 5 người của 3 đơn vị")).to_be_visible()
    expect(page.get_by_text("Không nhắc được 82 đơn vị")).to_be_visible()  # no account yet
    screenshot(page, "notices-2-remind")
    page.goto(url)
    page.get_by_test_id("return-box").locator("summary").click()
    page.get_by_label("Lý do trả lại").fill("Đề nghị bổ sung số liệu phát thanh.")
    page.get_by_test_id("return").click()
    expect(page.get_by_test_id("report-status")).to_have_text("Trả lại")

    as_user(page, "xa1.nhaplieu")
    page.goto(f"{page.base_url}/notifications/")
    expect(page.get_by_test_id("notifications")).to_contain_text("Đề nghị bổ sung số liệu phát thanh.")
    screenshot(page, "notices-3-editor")

    per_user = Counter(Notification.objects.values_list("user__username", flat=True))
    assert per_user == {
        "xa1.lanhdao": 2,  # asked to sign; returned
        "xa1.nhaplieu": 1,  # returned
        "snv.dieuphoi": 1,  # sent
        "snv.lanhdao": 1,
        "xa2.nhaplieu": 1,  # reminded
        "xa2.lanhdao": 1,
        "xa3.nhaplieu": 1,
        "xa3.lanhdao": 1,
        "stp.nhaplieu": 1,
    }
