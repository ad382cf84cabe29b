"""Confirmations in the browser: "Ký gửi báo cáo" asks before freezing (the question lives on the submit button),
a report sent before its cut-off asks a second question about later activities, and a form-level data-confirm
(deleting an activity) asks too. Each test fails when no dialog appears; dismissing changes nothing."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loa.core.periods import standard_periods

from .test_reports import as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, accept):
    """Record every dialog's text and accept (True), dismiss (False), or accept all before the `accept`-th (a
    number) and dismiss that one. Returns the texts seen and the handler (to remove it)."""
    seen: list[str] = []

    def handle(dialog):
        seen.append(dialog.message)
        ok = accept if isinstance(accept, bool) else len(seen) < accept
        if ok:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", handle)
    return seen, handle


def test_submit_asks_before_freezing(page):
    from loa.reports.models import Report

    year = timezone.localdate().year
    url = f"{page.base_url}/reports/18073/{year}Q1/"
    as_user(page, "xa1.lanhdao")
    page.goto(url)
    seen, handler = answer(page, False)
    page.get_by_test_id("submit").click()
    page.wait_for_timeout(300)
    assert len(seen) == 1 and "không sửa được" in seen[0], seen  # no dialog: the report would be frozen at once
    expect(page.get_by_test_id("report-status")).to_have_text("Nháp")
    assert not Report.objects.filter(unit__code="18073", period=f"{year}Q1", status="submitted").exists()

    page.remove_listener("dialog", handler)
    page.goto(url)
    accepted, _handler = answer(page, True)
    page.get_by_test_id("submit").click()
    page.get_by_text("Đã gửi báo cáo (lần 1).").wait_for()
    assert len(accepted) == 1, accepted
    expect(page.get_by_test_id("report-status")).to_have_text("Đã gửi")


def test_early_submission_asks_a_second_question(page):
    from loa.reports.models import Report

    today = timezone.localdate()
    running = [p for p in standard_periods(today.year) if p.start <= today < p.end and "Q" in p.id]
    if not running:
        pytest.skip("today is a cut-off day: no quarter is still running")
    period = running[0]
    url = f"{page.base_url}/reports/18073/{period.id}/"
    as_user(page, "xa1.lanhdao")
    page.goto(url)
    expect(page.get_by_test_id("early-note")).to_contain_text("phát sinh sau khi gửi")
    seen, _handler = answer(page, 2)  # accept the first question, dismiss the second
    page.get_by_test_id("submit").click()
    page.wait_for_timeout(300)
    assert len(seen) == 2, seen
    assert "Vẫn gửi sớm?" in seen[1] and period.end.strftime("%d/%m/%Y") in seen[1]
    expect(page.get_by_test_id("report-status")).to_have_text("Nháp")
    assert not Report.objects.filter(unit__code="18073", period=period.id, status="submitted").exists()


def test_early_submission_accepted_twice_covers_until_today(page):
    from loa.reports.models import Report

    today = timezone.localdate()
    running = [p for p in standard_periods(today.year) if p.start <= today < p.end and "Q" in p.id]
    if not running:
        pytest.skip("today is a cut-off day: no quarter is still running")
    period = running[0]
    as_user(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/reports/18073/{period.id}/")
    seen, _handler = answer(page, True)
    page.get_by_test_id("submit").click()
    page.get_by_text("Đã gửi báo cáo (lần 1).").wait_for()
    assert len(seen) == 2, seen
    report = Report.objects.get(unit__code="18073", period=period.id)
    assert report.status == "submitted" and report.window_end == today
    expect(page.get_by_test_id("window")).to_contain_text(f"{today:%d/%m/%Y}")


def test_form_level_confirmation_dismissed_keeps_the_activity(page):
    from loa.activity.models import Activity

    activity = Activity.objects.filter(unit__code="18073", date__gte=date(timezone.localdate().year, 1, 1)).latest(
        "date"
    )
    as_user(page, "xa1.nhaplieu")
    page.goto(f"{page.base_url}/activities/{activity.pk}/")
    seen, _handler = answer(page, False)
    page.get_by_role("button", name="Xóa").click()
    page.wait_for_timeout(300)
    assert len(seen) == 1 and "Xóa hoạt động" in seen[0], seen
    assert Activity.objects.filter(pk=activity.pk).exists()
