"""The public CCHC column as a commune lives it (issue 21 item 1), from accounts made through Loa: the administrator
adds the commune's editor and leader. The editor records an activity with a photo, marks it "Đăng công khai", edits
the draft and sends it; the leader finds it on the to-do and approves it. The item then appears, with its photo, on
the commune's public column at /cchc/<code>/ (on a phone, without an account) and in its Atom feed, and publishing
recorded the commune's portal activity by itself. Last, the settings page gives the snippet for the commune's portal.

Done when (the issue): "browser test: a leader approves a news item and it appears in the column and its feed."

The province is one the demo leaves empty (Huế, 46), as in test_feedback and test_surveys."""

import random
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot, settle
from .test_feedback import phone_page
from .test_province_journey import ADMIN_PASSWORD, PROVINCE, as_user, first_login, press
from .test_shell import login
from .test_surveys import FITS, create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR, EDITOR_PASSWORD, EDITOR_NAME = "hue.xa.tintuc", "Song-Huong-Xanh-2604", "Trần Thị Biên Tập"
LEADER, LEADER_PASSWORD, LEADER_NAME = "hue.xa.lanhdao", "Nui-Ngu-Binh-7731", "Nguyễn Văn Duyệt"
ACTIVITY = "Treo pano hướng dẫn nộp hồ sơ trực tuyến tại nhà văn hóa thôn"
TITLE = "Xã treo pano hướng dẫn người dân nộp hồ sơ trực tuyến"
SUMMARY = "Pano có mã QR dẫn đến Cổng Dịch vụ công quốc gia, đặt tại nhà văn hóa các thôn."
BODY = (
    "Công chức Bộ phận Một cửa hỗ trợ người dân tạo tài khoản định danh điện tử vào sáng thứ Bảy.\n\n"
    "Bà con cần hỗ trợ liên hệ Bộ phận Một cửa của xã."
)
ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_leader_approves_a_news_item_and_it_appears_in_the_column_and_its_feed(page, chromium, tmp_path):
    from loa.activity.demo import demo_png
    from loa.activity.models import Activity
    from loa.column.catalog import NewsStatus
    from loa.column.models import NewsItem
    from loa.org.models import OrgUnit, User

    office_errors: list[str] = []
    page.on("response", lambda r: office_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    province = OrgUnit.objects.get(code=PROVINCE)
    commune = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("path").first()
    assert not User.objects.filter(unit__path__startswith=province.path).exists(), "the province starts empty"
    assert not NewsItem.objects.filter(unit=commune).exists()
    photo = tmp_path / "pano-dich-vu-cong.png"
    photo.write_bytes(demo_png(random.Random(21), 640, 400))

    # 1. The administrator adds the commune's editor and leader; each signs in and chooses a password.
    login(page, "quantri", ADMIN_PASSWORD)
    page.get_by_role("heading", name="Việc cần làm").wait_for()
    editor_otp = create_account(page, EDITOR, EDITOR_NAME, commune, "Đầu mối CCHC (nhập liệu)", "Công chức")
    leader_otp = create_account(page, LEADER, LEADER_NAME, commune, "Lãnh đạo đơn vị", "Phó Chủ tịch UBND xã")
    first_login(page, LEADER, leader_otp, LEADER_PASSWORD)
    first_login(page, EDITOR, editor_otp, EDITOR_PASSWORD)

    # 2. The editor records an activity with a photo.
    page.goto(page.base_url + "/activities/new/")
    page.get_by_role("heading", name="Ghi nhận hoạt động").wait_for()
    page.get_by_label("Tiêu đề").fill(ACTIVITY)
    page.get_by_label("Hình thức").select_option("truc_quan")
    page.get_by_label("Số lượng").fill("3")
    page.get_by_label("Đơn vị tính").fill("pano")
    page.get_by_text("Thông tin thêm: đối tượng, người tham dự, đường dẫn, kinh phí, mô tả").click()
    page.get_by_label("Mô tả").fill("Ba pano tại nhà văn hóa các thôn.")
    page.locator("input[type=file][name=evidence]").set_input_files(str(photo))
    press(page, page.get_by_role("button", name="Lưu", exact=True))
    page.get_by_text("Đã ghi nhận hoạt động").wait_for()
    activity = Activity.objects.get(title=ACTIVITY)
    assert activity.unit == commune and activity.evidence.get().kind == "png"

    # 3. On the activity's page: "Đăng công khai", the draft prefilled from the activity, edited and sent.
    expect(page.get_by_role("heading", name=ACTIVITY)).to_be_visible()
    page.get_by_test_id("publish-activity").click()
    page.get_by_test_id("news-form-heading").wait_for()
    form = page.get_by_test_id("news-form")
    expect(form.get_by_label("Tiêu đề")).to_have_value(ACTIVITY)
    expect(form.get_by_label("Nội dung", exact=True)).to_have_value("Ba pano tại nhà văn hóa các thôn.")
    expect(form.locator("input[name=images]")).to_be_checked()  # the activity's photo, chosen
    form.get_by_label("Tiêu đề").fill(TITLE)
    form.get_by_label("Tóm tắt").fill(SUMMARY)
    form.get_by_label("Nội dung", exact=True).fill(BODY)
    screenshot(page, "column-1-draft-form")
    press(page, page.get_by_test_id("news-save-send"))
    page.get_by_text("Đã gửi tin cho lãnh đạo duyệt.").wait_for()
    expect(page.get_by_test_id("news-status")).to_have_text("Chờ duyệt")
    expect(page.get_by_test_id("news-approve")).to_have_count(0)  # the editor does not approve
    item = NewsItem.objects.get(activity=activity)
    assert (item.status, item.title, item.images.count()) == (NewsStatus.PENDING, TITLE, 1)
    # Not public yet.
    anonymous = chromium.new_context(locale="vi-VN")
    answer = anonymous.request.get(f"{page.base_url}/cchc/{commune.code}/tin/{item.pk}/")
    assert answer.status == 404
    assert TITLE not in anonymous.request.get(f"{page.base_url}/cchc/{commune.code}/").text()
    anonymous.close()

    # 4. The leader: the item on the to-do, then approved.
    as_user(page, LEADER, LEADER_PASSWORD)
    waiting = page.get_by_test_id("todo-news_pending")
    expect(waiting.locator("h2")).to_contain_text("Tin chờ duyệt")
    expect(waiting).to_contain_text(TITLE)
    expect(waiting).to_contain_text(EDITOR_NAME)
    settle(page.context)
    screenshot(page, "column-2-leader-todo")
    waiting.get_by_role("link", name=TITLE).click()
    page.get_by_test_id("news-title").wait_for()
    expect(page.get_by_test_id("news-images").locator("img")).to_have_count(1)
    press(page, page.get_by_test_id("news-approve"))
    page.get_by_text("Đã duyệt: tin đã đăng trên chuyên mục CCHC.").wait_for()
    expect(page.get_by_test_id("news-status")).to_have_text("Đã đăng")
    public_url = f"{page.base_url}/cchc/{commune.code}/tin/{item.pk}/"
    expect(page.get_by_test_id("news-public-url")).to_contain_text(public_url)
    expect(page.get_by_test_id("news-portal-activity")).to_be_visible()
    screenshot(page, "column-3-approved")
    item.refresh_from_db()
    portal = Activity.objects.get(unit=commune, channel="cong_ttdt")
    assert (item.status, item.portal_activity, item.approved_by.username) == (NewsStatus.PUBLISHED, portal, LEADER)
    assert (portal.date, portal.measure, portal.quantity, portal.title) == (
        timezone.localdate(),
        "tin, bài",
        Decimal(1),
        TITLE,
    )
    assert portal.url.endswith(f"/cchc/{commune.code}/tin/{item.pk}/")

    # 5. A citizen on a phone, no account: the commune's column, the item with its photo, the feed.
    phone_context, citizen, phone_errors = phone_page(chromium)
    try:
        citizen.goto(f"{page.base_url}/cchc/{commune.code}/")
        expect(citizen.get_by_test_id("column-unit")).to_have_text(commune.display_name)
        card = citizen.get_by_test_id("column-news").filter(has_text=TITLE)
        expect(card).to_have_count(1)
        expect(card).to_contain_text(SUMMARY)
        expect(citizen.get_by_test_id("column-feedback")).to_have_attribute("href", f"/phan-anh/?unit={commune.code}")
        assert citizen.evaluate(FITS), "the column is wider than the phone"
        screenshot(citizen, "column-4-home-phone")
        card.get_by_role("link", name=TITLE).click()
        citizen.get_by_test_id("column-item").wait_for()
        assert citizen.url == public_url
        item_page = citizen.get_by_test_id("column-item")
        expect(item_page).to_contain_text("Bà con cần hỗ trợ liên hệ Bộ phận Một cửa của xã.")
        image = item_page.locator("figure img")
        expect(image).to_have_count(1)
        image.scroll_into_view_if_needed()
        citizen.wait_for_function("document.querySelector('figure img').naturalWidth > 0")
        assert citizen.evaluate(FITS), "the item is wider than the phone"
        screenshot(citizen, "column-5-item-phone")

        feed = phone_context.request.get(f"{page.base_url}/cchc/{commune.code}/feed/")
        assert feed.status == 200 and feed.headers["content-type"].startswith("application/atom+xml")
        entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == [TITLE]
        assert entries[0].find(f"{ATOM}link").get("href") == public_url

        citizen.goto(f"{page.base_url}/cchc/{commune.code}/tim-kiem/?q=ho so truc tuyen")
        expect(citizen.get_by_test_id("column-results").get_by_test_id("column-news")).to_contain_text(TITLE)
        settle(phone_context)
    finally:
        phone_context.close()

    # The same column on a desktop screen.
    page.goto(f"{page.base_url}/cchc/{commune.code}/")
    expect(page.get_by_test_id("column-news").filter(has_text=TITLE)).to_have_count(1)
    screenshot(page, "column-6-home-desktop")
    page.goto(f"{page.base_url}/cchc/{province.code}/")
    expect(page.get_by_role("link", name=commune.name, exact=True)).to_be_visible()
    screenshot(page, "column-7-province-desktop")

    # 6. The editor's settings page: the snippet to paste into the commune's portal (plain HTML) and its preview.
    as_user(page, EDITOR, EDITOR_PASSWORD)
    page.get_by_role("link", name="Chuyên mục CCHC", exact=True).click()
    page.get_by_test_id("column-heading").wait_for()
    expect(page.get_by_test_id("column-items")).to_contain_text(TITLE)
    page.get_by_role("link", name="Cài đặt và mã nhúng").click()
    snippet = page.get_by_test_id("column-snippet").input_value()
    assert f'<iframe src="{page.base_url}/cchc/{commune.code}/nhung/"' in snippet and "<script" not in snippet
    frame = page.frame_locator("iframe.embed-preview")
    expect(frame.get_by_test_id("column-news").filter(has_text=TITLE)).to_have_count(1)
    settle(page.context)
    screenshot(page, "column-8-settings-embed")

    assert office_errors == [], f"office pages that failed: {office_errors}"
    assert phone_errors == [], f"failures on the phone: {phone_errors}"
