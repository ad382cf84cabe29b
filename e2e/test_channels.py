"""The channel registry as its keepers use it (issue 19, item 3): a commune's editor adds its Facebook page and
writes the CCHC programme of its loudspeakers into the registry; the Sở's coordinator sees both in the coverage
table."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_reports import as_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commune_keeps_its_channels_and_the_province_sees_them(page):
    from loa.channels.models import UnitChannel
    from loa.org.models import OrgUnit

    commune = OrgUnit.objects.get(code="18073")
    # The demo's registry, made sure of: loudspeakers without a CCHC programme, no Facebook page.
    UnitChannel.objects.filter(unit=commune, kind="facebook_page").delete()
    UnitChannel.objects.update_or_create(
        unit=commune, kind="loudspeaker_system", name="", defaults={"address": "Nhà văn hóa", "cchc": ""}
    )
    as_user(page, "xa1.nhaplieu")
    page.get_by_role("link", name="Kênh thông tin").click()
    expect(page.get_by_test_id("channels-title")).to_contain_text(commune.name)

    form = page.get_by_test_id("channel-add")
    form.get_by_label("Loại kênh").select_option("facebook_page")
    form.get_by_label("Tên kênh").fill("Trang Facebook phường Thành Sen")
    form.get_by_label("Địa chỉ:").fill("https://facebook.com/thanhsen")
    form.get_by_label("Ngày kiểm tra").fill("01/12/2026")
    form.get_by_role("button", name="Thêm kênh").click()
    page.get_by_text("Đã thêm kênh vào sổ kênh của đơn vị.").wait_for()
    expect(page.get_by_test_id("channels").locator("tr[data-kind='facebook_page']")).to_contain_text(
        "Trang Facebook phường Thành Sen"
    )

    edit = page.get_by_test_id("channels").locator("tr[data-kind='loudspeaker_system'] + tr details")
    edit.locator("summary").click()
    edit.get_by_label("Chuyên mục, nội dung CCHC").fill("Chuyên mục «Cải cách hành chính» sáng thứ Hai")
    edit.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu kênh.").wait_for()
    screenshot(page, "channels-1-commune")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "channels-2-commune-phone")
    page.set_viewport_size({"width": 1280, "height": 800})

    as_user(page, "snv.dieuphoi")
    page.goto(f"{page.base_url}/channels/coverage/?unit=42")
    row = page.get_by_test_id("coverage").locator("tr[data-unit='18073']")
    expect(row.locator("td[data-kind='loudspeaker_system']")).to_contain_text("CCHC")
    expect(row.locator("td[data-kind='facebook_page']")).to_contain_text("✓")
    screenshot(page, "channels-3-coverage")
