"""A commune leader self-assesses the communication criterion, explaining a point Loa found no evidence for; the
province's Sở Nội vụ appraises it with a comment; the ranking shows the appraised score."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_self_assessment_then_appraisal(page):
    from django.utils import timezone

    from loa.org.models import User

    commune = User.objects.get(username="xa1.lanhdao").unit
    year = timezone.localdate().year
    login(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/scores/{commune.code}/{year}/")
    expect(page.get_by_test_id("sheet-title")).to_contain_text(commune.name)
    page.get_by_label("Điểm tự chấm 4.1").fill("1")
    page.get_by_label("Điểm tự chấm 4.2").fill("1")
    page.get_by_label("Giải trình 4.2").fill("Có ảnh chụp pano và đường dẫn bài đăng trên Zalo của xã")
    page.get_by_test_id("save-self").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm.")).to_be_visible()
    expect(page.get_by_test_id("self-total")).to_have_text("2")
    screenshot(page, "scoring-1-self")

    page.get_by_role("button", name="Đăng xuất").click()
    login(page, "snv.dieuphoi")
    page.goto(f"{page.base_url}/scores/{commune.code}/{year}/")
    page.get_by_label("Điểm thẩm định 4.2").fill("0,5")
    page.get_by_test_id("save-appraisal").click()
    expect(page.get_by_text("hãy ghi nhận xét")).to_be_visible()  # a lower score needs a comment
    page.get_by_label("Điểm thẩm định 4.2").fill("0,5")
    page.get_by_label("Nhận xét 4.2").fill("Chưa có ảnh pano kèm theo")
    page.get_by_test_id("save-appraisal").click()
    expect(page.get_by_text("Đã lưu điểm thẩm định.")).to_be_visible()
    expect(page.get_by_test_id("appraised-total")).to_have_text("1,5")
    screenshot(page, "scoring-2-appraised")

    page.goto(f"{page.base_url}/scores/?year={year}")
    row = page.get_by_test_id("ranking").locator(f'tr[data-unit="{commune.code}"]')
    expect(row).to_contain_text("1,5")
    screenshot(page, "scoring-3-ranking")
