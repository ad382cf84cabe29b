"""Offline entry (issue 22), as a commune's officer on a phone in a province that starts empty: the administrator and
the coordinator make the accounts; the officer opens the entry page once online, loses the connection, records three
activities (two with photos), reloads the page still offline, and gets everything to the server when the connection
returns, once, even though the first answers are lost on the way back. Meanwhile the commune's leader corrects one
of them online while the phone edits its own copy: the conflict is shown and both versions are kept. A session that
expired while offline asks to sign in again, then sends what waited."""

import random
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from loa.activity.demo import demo_png

from .conftest import screenshot, settle
from .test_province_journey import ADMIN_PASSWORD, PROVINCE, first_login, press
from .test_shell import login
from .test_surveys import create_account

pytestmark = pytest.mark.browser

COORDINATOR, EDITOR, LEADER = "hue.ngoaituyen.snv", "hue.ngoaituyen.xa", "hue.ngoaituyen.ld"
PASSWORD = "Cau-Truong-Tien-5824"
PHONE = {"width": 390, "height": 844}
MARK = "Ngoại tuyến"
# Failures a page without a connection reports by design: requests that could not be sent, and the answers a
# signed-out session and a lost answer give. Anything else in the console fails the test.
EXPECTED_OFFLINE = re.compile(
    r"ERR_INTERNET_DISCONNECTED|ERR_FAILED|htmx:(sendError|afterRequest|responseError)"
    r"|Failed to load resource|Failed to fetch"
)


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from a JPEG's start-of-frame segment."""
    at = 2
    while at < len(data):
        marker, length = data[at + 1], int.from_bytes(data[at + 2 : at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(data[at + 5 : at + 7], "big")
        at += 2 + length
    raise AssertionError("not a JPEG with a frame header")


def _accounts(page, commune):
    """The administrator adds the Sở Nội vụ and its coordinator; the coordinator adds the commune's two people."""
    from loa.org.models import OrgUnit

    login(page, "quantri", ADMIN_PASSWORD)
    page.get_by_role("heading", name="Việc cần làm").wait_for()
    snv = OrgUnit.objects.filter(code=f"{PROVINCE}.SNV").first()
    if snv is None:
        page.goto(f"{page.base_url}/units/{PROVINCE}/")
        page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
        page.locator("#id_code").fill(f"{PROVINCE}.SNV")
        page.locator("#id_name").fill("Sở Nội vụ thành phố Huế")
        page.locator("#id_unit_type").select_option(label="Sở Nội vụ")
        press(page, page.get_by_role("button", name="Lưu"))
        page.get_by_role("heading", name="Sở Nội vụ thành phố Huế").wait_for()
        snv = OrgUnit.objects.get(code=f"{PROVINCE}.SNV")
    one_time = create_account(page, COORDINATOR, "Hồ Thị Điều", snv, "Chuyên viên CCHC Sở Nội vụ (điều phối)", "CV")
    first_login(page, COORDINATOR, one_time, PASSWORD)
    editor = create_account(page, EDITOR, "Lê Văn Bản", commune, "Đầu mối CCHC (nhập liệu)", "Công chức")
    leader = create_account(page, LEADER, "Trần Văn Lãnh", commune, "Lãnh đạo đơn vị", "Phó Chủ tịch UBND")
    return editor, leader


def _record(phone, title, day, photo=None):
    phone.get_by_test_id("field-title").fill(title)
    phone.get_by_test_id("field-channel").select_option("phat_thanh")
    phone.get_by_test_id("field-date").fill(day.strftime("%d/%m/%Y"))
    phone.get_by_test_id("field-quantity").fill("2")
    phone.locator("input[name=reform_areas][value=tthc]").check()
    if photo is not None:
        phone.get_by_test_id("field-files").set_input_files(photo)
        expect(phone.get_by_test_id("file-item")).to_have_count(1)
    before = int(phone.get_by_test_id("outbox-count").inner_text())
    phone.get_by_test_id("save").click()
    expect(phone.get_by_test_id("outbox-count")).to_have_text(str(before + 1))


def test_three_activities_recorded_offline_reach_the_server_once_and_a_conflict_keeps_both(page, chromium):
    from loa.activity.models import Activity, Evidence
    from loa.offline.models import Outcome, State, SyncRecord
    from loa.org.models import OrgUnit, User

    province = OrgUnit.objects.get(code=PROVINCE)
    commune = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("path")[1]
    assert not User.objects.filter(unit=commune).exists(), "the commune starts without accounts"
    editor_otp, leader_otp = _accounts(page, commune)
    day = timezone.localdate() - timedelta(days=1)

    # 1. The officer's phone: signed in once with a connection, the entry page installed by the service worker.
    context = chromium.new_context(
        locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True, service_workers="allow"
    )
    phone = context.new_page()
    phone.base_url = page.base_url
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    first_login(phone, EDITOR, editor_otp, PASSWORD)
    phone.goto(phone.base_url + "/offline/")
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    expect(phone.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    manifest = phone.locator("link[rel=manifest]").get_attribute("href")
    assert manifest == "/manifest.webmanifest"

    # 2. No connection: three activities, two with photos (a 2,400 px photo is stored reduced).
    context.set_offline(True)
    expect(phone.get_by_test_id("connection")).to_have_attribute("data-state", "offline")
    big = demo_png(random.Random(5), 2400, 1600)
    for n in range(3):
        photo = {"name": f"anh-{n}.png", "mimeType": "image/png", "buffer": big} if n < 2 else None
        _record(phone, f"{MARK} {n + 1}: phát thanh ở thôn", day, photo)
    stored = phone.evaluate(
        """() => new Promise((done) => {
          const open = indexedDB.open("loa-offline");
          open.onsuccess = () => {
            const db = open.result, names = Array.from(db.objectStoreNames);
            done(names);
          };
        })"""
    )
    assert stored, "the outbox lives in IndexedDB"
    assert Activity.objects.filter(unit=commune).count() == 0

    # 3. Reloaded while still offline: the page comes from the service worker, the three records from the outbox.
    phone.reload()
    expect(phone.get_by_test_id("outbox-count")).to_have_text("3")
    expect(phone.get_by_test_id("outbox-item")).to_have_count(3)
    screenshot(phone, "offline-outbox-phone")

    # 4. The connection returns, but the first three answers are lost on the way back: the server applied them,
    # the phone does not know. It sends again (a retry); the server recognises each record and adds nothing.
    lost: list[str] = []

    def lose_answer(route):
        if len(lost) < 3:
            route.fetch()  # the server receives and applies it...
            lost.append(route.request.url)
            route.abort("connectionreset")  # ...and the answer never reaches the phone
        else:
            route.continue_()

    phone.route("**/api/offline/records", lose_answer)
    context.set_offline(False)
    phone.get_by_test_id("sync-now").click()
    expect(phone.get_by_test_id("connection")).to_have_attribute("data-state", "online")
    phone.wait_for_timeout(500)
    assert len(lost) >= 1
    assert Activity.objects.filter(unit=commune, title__startswith=MARK).count() >= 1
    for _attempt in range(3):  # a retry each time the officer presses "Gửi ngay"
        if phone.get_by_test_id("outbox-count").inner_text() == "0":
            break
        settle(context)
        phone.get_by_test_id("sync-now").click()
        phone.wait_for_timeout(500)
    expect(phone.get_by_test_id("outbox-count")).to_have_text("0")
    expect(phone.get_by_test_id("sent-item")).to_have_count(3)
    expect(phone.get_by_test_id("last-sync")).not_to_be_empty()
    phone.unroute("**/api/offline/records")
    phone.get_by_test_id("sync-now").click()  # and once more with nothing waiting
    settle(context)
    activities = Activity.objects.filter(unit=commune, title__startswith=MARK)
    assert activities.count() == 3
    assert Evidence.objects.filter(activity__unit=commune).count() == 2
    assert all(a.device_id is not None and a.created_by.username == EDITOR for a in activities)
    photo = Evidence.objects.filter(activity__unit=commune).first()
    with photo.file.open("rb") as stored_photo:
        assert photo.kind == "jpg" and jpeg_size(stored_photo.read()) == (1600, 1067)  # reduced on the phone
    assert SyncRecord.objects.filter(unit=commune, outcome=Outcome.CREATED).count() == 3

    # 5. The leader corrects activity 1 online while the phone, offline again, edits its own copy.
    first = activities.get(title__startswith=f"{MARK} 1")
    office = chromium.new_context(locale="vi-VN", viewport={"width": 1280, "height": 800})
    leader = office.new_page()
    leader.base_url = page.base_url
    first_login(leader, LEADER, leader_otp, PASSWORD)
    leader.goto(f"{page.base_url}/activities/{first.pk}/edit/")
    leader.locator("#id_title").fill(f"{MARK} 1: phát thanh ở thôn (lãnh đạo sửa)")
    press(leader, leader.get_by_role("button", name="Lưu"))
    leader.get_by_text("Đã lưu thay đổi.").wait_for()

    context.set_offline(True)
    item = phone.get_by_test_id("sent-item").filter(has_text=f"{MARK} 1")
    item.get_by_test_id("sent-edit").click()
    expect(phone.get_by_test_id("editing")).to_be_visible()
    phone.get_by_test_id("field-title").fill(f"{MARK} 1: phát thanh ở thôn (sửa trên điện thoại)")
    phone.get_by_test_id("save").click()
    expect(phone.get_by_test_id("outbox-count")).to_have_text("1")
    context.set_offline(False)
    phone.get_by_test_id("sync-now").click()
    review = phone.get_by_test_id("review-item")
    expect(review).to_have_count(1)
    expect(review).to_contain_text("Cả hai bản đều được giữ")
    screenshot(phone, "offline-conflict-phone")
    first.refresh_from_db()
    assert first.title.endswith("(lãnh đạo sửa)") and first.revision == 2
    conflict = SyncRecord.objects.get(unit=commune, outcome=Outcome.CONFLICT)
    assert conflict.state == State.OPEN and conflict.data["title"].endswith("(sửa trên điện thoại)")

    # 6. The officer opens the conflict: both versions side by side; the phone's is chosen, the leader's stays in
    # the activity's history.
    review.get_by_test_id("review-link").click()
    compare = phone.get_by_test_id("record-compare")
    expect(compare.locator("tr.differs")).to_have_count(1)
    expect(compare).to_contain_text("(sửa trên điện thoại)")
    expect(compare).to_contain_text("(lãnh đạo sửa)")
    screenshot(phone, "offline-conflict-choice-phone")
    press(phone, phone.get_by_test_id("keep-device"))
    expect(phone.get_by_test_id("record-state")).to_have_text("Đã dùng bản từ thiết bị")
    first.refresh_from_db()
    assert first.title.endswith("(sửa trên điện thoại)") and first.revision == 3
    assert first.history.filter(title__endswith="(lãnh đạo sửa)").exists()

    # 7. The session ends while the phone is offline (signed out elsewhere): a fourth record waits; back online the
    # page asks to sign in again, and after signing in it sends the record by itself.
    phone.goto(phone.base_url + "/offline/")
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    context.clear_cookies()
    _record(phone, f"{MARK} 4: pano ở nhà văn hóa", day)
    context.set_offline(False)
    phone.get_by_test_id("sync-now").click()
    expect(phone.get_by_test_id("session-expired")).to_be_visible()
    assert not activities.filter(title__startswith=f"{MARK} 4").exists()
    phone.get_by_test_id("session-login").click()
    phone.get_by_label("Tên đăng nhập").fill(EDITOR)
    phone.get_by_label("Mật khẩu").fill(PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    expect(phone.get_by_test_id("sent-item").filter(has_text=f"{MARK} 4")).to_have_count(1)
    expect(phone.get_by_test_id("outbox-count")).to_have_text("0")
    assert Activity.objects.filter(unit=commune, title__startswith=MARK).count() == 4

    settle(office)
    office.close()
    settle(context)
    context.close()
    unexpected = [p for p in problems if not EXPECTED_OFFLINE.search(p)]
    assert unexpected == [], unexpected
