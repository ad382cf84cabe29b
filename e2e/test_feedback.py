"""Citizens' feedback as a province lives it (issue 20 item 5), from accounts made through Loa: the administrator
adds the Sở Nội vụ's coordinator, who adds a commune's editor. A citizen on a phone, without an account, sends two
items to the commune from the public form: A (with contact details, agreeing to publish) and B (anonymous). The
commune's editor finds A in the list and passes it to the Sở Nội vụ with a reason; the coordinator takes it on and
answers it, published, within its deadline. B is left until it is overdue: it shows on the editor's to-do, on the
coordinator's province-wide overdue list and under the list's overdue filter. The citizen follows both with their
tracking codes (never seeing their own contact details there) and finds A among the published answers.

Done when (the issue): "A feedback item goes from the public form to the unit, is forwarded, answered within its
deadline, and another becomes overdue and appears on the to-do of the handler; the citizen follows both with the
tracking code."

The province is one the demo leaves empty (Huế, 46), as in test_province_journey and test_surveys."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot, settle
from .test_province_journey import ADMIN_PASSWORD, PROVINCE, SNV_CODE, as_user, first_login, press
from .test_shell import login
from .test_surveys import FITS, PHONE, create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR, COORDINATOR_PASSWORD = "hue.phananh", "Dap-Da-Phu-Van-4417"
EDITOR, EDITOR_PASSWORD = "hue.xa.phananh", "Cho-Dong-Ba-2688"
COORDINATOR_NAME, EDITOR_NAME = "Hoàng Thị Điều Phối", "Phan Văn Tiếp Nhận"

# Item A: a complaint about a procedure, with contact details, published with the citizen's consent.
A = {
    "kind": "fb_issue",
    "subject": "Hồ sơ đăng ký khai sinh quá hẹn trả kết quả",
    "content": "Tôi nộp hồ sơ đăng ký khai sinh cho con tại Bộ phận Một cửa, đã quá ngày hẹn năm ngày "
    "mà chưa nhận được kết quả, cũng không được báo lý do.",
    "procedure": "Đăng ký khai sinh",
    "name": "Nguyễn Thị Bảo Mật",
    "phone": "0912 345 678",
    "email": "bao.mat.pa@example.vn",
}
# Item B: a proposal, anonymous, not to be published.
B = {
    "kind": "fb_proposal",
    "subject": "Đề nghị niêm yết mức phí chứng thực tại quầy",
    "content": "Đề nghị xã niêm yết công khai mức phí, lệ phí chứng thực bản sao tại quầy tiếp nhận để "
    "người dân biết trước khi nộp.",
}
REASON = "Việc chậm trả kết quả đăng ký khai sinh liên quan phần mềm hộ tịch dùng chung do Sở quản lý."
ANSWER = (
    "Kính gửi Ông/Bà, Sở Nội vụ đã làm việc với Ủy ban nhân dân xã: hồ sơ chậm do lỗi đồng bộ phần mềm hộ tịch, "
    "đã được khắc phục; kết quả đã trả ngày hôm nay và xã đã có văn bản xin lỗi theo quy định."
)


def ensure_snv(page, province):
    """The province's Sở Nội vụ, added through Loa's unit pages when the test database lacks it."""
    from loa.org.models import OrgUnit

    snv = OrgUnit.objects.filter(parent=province, unit_type="so_noi_vu").first()
    if snv is not None:
        return snv
    page.goto(f"{page.base_url}/units/{PROVINCE}/")
    page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
    page.locator("#id_code").fill(SNV_CODE)
    page.locator("#id_name").fill("Sở Nội vụ thành phố Huế")
    page.locator("#id_short_name").fill("Sở Nội vụ")
    page.locator("#id_unit_type").select_option(label="Sở Nội vụ")
    press(page, page.get_by_role("button", name="Lưu"))
    page.get_by_role("heading", name="Sở Nội vụ thành phố Huế").wait_for()
    return OrgUnit.objects.get(code=SNV_CODE)


def fill_feedback(form, item, *, consent):
    form.locator(f"input[type=radio][name='kind'][value='{item['kind']}']").check()
    form.get_by_label("Tiêu đề", exact=True).fill(item["subject"])
    form.get_by_label("Nội dung", exact=True).fill(item["content"])
    form.get_by_label("Thủ tục hành chính liên quan (nếu có)").fill(item.get("procedure", ""))
    form.get_by_label("Họ và tên", exact=True).fill(item.get("name", ""))
    form.get_by_label("Số điện thoại").fill(item.get("phone", ""))
    form.get_by_label("Thư điện tử").fill(item.get("email", ""))
    consent_box = form.locator("input[type=checkbox][name='consent']")
    consent_box.check() if consent else consent_box.uncheck()


def phone_page(chromium):
    """A citizen's phone: its own context (no cookie of the office's browser), console errors and failed
    requests collected for the end of the test."""
    context = chromium.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    citizen = context.new_page()
    errors: list[str] = []
    citizen.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    citizen.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, citizen, errors


def assert_no_contact(text, where):
    for secret in (A["name"], A["phone"], A["phone"].replace(" ", ""), A["email"]):
        assert secret not in text, f"{where} shows the citizen's contact detail «{secret}»"


def test_feedback_goes_from_the_public_form_through_forwarding_to_an_answer_and_another_becomes_overdue(page, chromium):
    from loa.core.workdays import add_working_days
    from loa.feedback.catalog import FeedbackStatus
    from loa.feedback.models import Feedback
    from loa.feedback.reminders import send_feedback_reminders
    from loa.notify.models import Notification
    from loa.org.models import OrgUnit, User

    office_errors: list[str] = []  # an office page that answers 4xx/5xx (the console only says "404")
    page.on("response", lambda r: office_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    today = timezone.localdate()
    province = OrgUnit.objects.get(code=PROVINCE)
    commune = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("path").first()
    assert not User.objects.filter(unit__path__startswith=province.path).exists(), "the province starts empty"
    assert not Feedback.objects.filter(unit__path__startswith=province.path).exists()

    # 1. Accounts through Loa: the administrator adds the Sở Nội vụ (when missing) and its coordinator; the
    # coordinator, signed in for the first time, adds the commune's editor, who signs in and sets a password.
    login(page, "quantri", ADMIN_PASSWORD)
    page.get_by_role("heading", name="Việc cần làm").wait_for()
    snv = ensure_snv(page, province)
    coordinator_otp = create_account(
        page, COORDINATOR, COORDINATOR_NAME, snv, "Chuyên viên CCHC Sở Nội vụ (điều phối)", "Chuyên viên CCHC"
    )
    first_login(page, COORDINATOR, coordinator_otp, COORDINATOR_PASSWORD)
    editor_otp = create_account(page, EDITOR, EDITOR_NAME, commune, "Đầu mối CCHC (nhập liệu)", "Công chức")
    first_login(page, EDITOR, editor_otp, EDITOR_PASSWORD)
    editor, coordinator = User.objects.get(username=EDITOR), User.objects.get(username=COORDINATOR)
    assert (editor.unit, coordinator.unit) == (commune, snv)

    # 2. A citizen on a phone, no account: A from the commune's own link (?unit=), with contact details and
    # consent; B from the province's list of units (?tinh=), anonymous, no consent. Each gets a tracking code.
    phone_context, citizen, phone_errors = phone_page(chromium)
    try:
        citizen.goto(f"{page.base_url}/phan-anh/?unit={commune.code}")
        form = citizen.get_by_test_id("feedback-form")
        form.wait_for()
        expect(form).to_contain_text(f"Gửi đến: {commune.name}")
        fill_feedback(form, A, consent=True)
        assert citizen.evaluate(FITS), "the public form is wider than the phone"
        screenshot(citizen, "feedback-1-form-phone")
        citizen.get_by_test_id("feedback-send").click()
        citizen.get_by_test_id("feedback-sent").wait_for()
        code_a = citizen.get_by_test_id("feedback-code").inner_text().strip()
        assert citizen.url.endswith(f"/phan-anh/tra-cuu/?ma={code_a}&moi=1")
        expect(citizen.get_by_test_id("track-status")).to_have_text("Chờ xử lý")
        assert citizen.evaluate(FITS), "the page of the sent item is wider than the phone"
        screenshot(citizen, "feedback-2-sent-phone")

        citizen.goto(f"{page.base_url}/phan-anh/?tinh={PROVINCE}")
        form = citizen.get_by_test_id("feedback-form")
        choice = form.get_by_test_id("feedback-unit")
        communes = choice.locator("optgroup[label='Xã, phường, đặc khu'] option")
        expect(communes.filter(has_text=commune.name)).to_have_count(1)
        expect(
            choice.locator("optgroup[label='UBND tỉnh, các sở, ban, ngành'] option", has_text=snv.name)
        ).to_have_count(1)
        choice.select_option(commune.code)
        fill_feedback(form, B, consent=False)
        citizen.get_by_test_id("feedback-send").click()
        citizen.get_by_test_id("feedback-sent").wait_for()
        code_b = citizen.get_by_test_id("feedback-code").inner_text().strip()
        settle(phone_context)
    finally:
        phone_context.close()
    assert code_a != code_b and all(c.startswith(f"PA{today:%y}-") for c in (code_a, code_b))
    item_a, item_b = Feedback.objects.get(code=code_a), Feedback.objects.get(code=code_b)
    for item in (item_a, item_b):
        assert (item.unit, item.addressed_to, item.status) == (commune, commune, FeedbackStatus.RECEIVED)
        assert (item.received_on, item.answer_by) == (today, add_working_days(today, 15))  # the default rules
    assert (item_a.name, item_a.phone, item_a.email, item_a.consent_publish) == (
        A["name"],
        A["phone"].replace(" ", ""),  # stored as digits
        A["email"],
        True,
    )
    assert (item_b.name, item_b.phone, item_b.email, item_b.consent_publish) == ("", "", "", False)
    assert (item_a.kind, item_b.kind) == ("fb_issue", "fb_proposal")
    # The commune's handler heard of both.
    assert Notification.objects.filter(user=editor, key=f"feedback:{item_a.pk}:received").exists()
    assert Notification.objects.filter(user=editor, key=f"feedback:{item_b.pk}:received").exists()

    # 3. The commune's editor: the menu "Phản ánh", the commune's list, A; not within the commune's authority,
    # passed to the Sở Nội vụ with a reason.
    page.get_by_role("link", name="Phản ánh", exact=True).click()
    page.get_by_test_id("feedback-heading").wait_for()
    expect(page.get_by_test_id("feedback-heading")).to_contain_text(commune.name)
    rows = page.get_by_test_id("feedback-items")
    expect(rows.locator(f"tr[data-code='{code_a}']")).to_contain_text(A["subject"])
    expect(rows.locator(f"tr[data-code='{code_b}']")).to_contain_text(B["subject"])
    rows.locator(f"tr[data-code='{code_a}']").get_by_role("link", name=code_a).click()
    page.get_by_test_id("feedback-subject").wait_for()
    assert page.url.endswith(f"/feedback/{item_a.pk}/")
    expect(page.get_by_test_id("feedback-status")).to_have_text("Chờ xử lý")
    expect(page.get_by_test_id("feedback-contact")).to_contain_text(A["phone"].replace(" ", ""))  # the handler sees it
    page.get_by_text("Chuyển đơn vị có thẩm quyền", exact=True).click()
    forward = page.get_by_test_id("feedback-forward")
    forward.locator("select[name='to_unit']").select_option(label=snv.name)
    forward.get_by_label("Lý do chuyển").fill(REASON)
    press(page, forward.get_by_role("button", name="Chuyển"))
    page.get_by_text(f"Đã chuyển phản ánh đến {snv.name}.").wait_for()
    screenshot(page, "feedback-3-after-forward")
    # The editor, who no longer handles A, must land on a page that answers, not on A's page now out of their
    # reach (checked at the end, with the other failed office pages, so the journey runs on).
    after_forward = list(office_errors)
    item_a.refresh_from_db()
    assert (item_a.unit, item_a.addressed_to, item_a.status, item_a.arrived_on) == (
        snv,
        commune,
        FeedbackStatus.RECEIVED,
        today,
    )
    assert item_a.answer_by == add_working_days(today, 15)  # the deadline starts again at the Sở
    assert Notification.objects.filter(user=coordinator, key=f"feedback:{item_a.pk}:forwarded:{snv.pk}").exists()

    # 4. The coordinator takes A on, answers it and publishes the answer (the citizen agreed).
    as_user(page, COORDINATOR, COORDINATOR_PASSWORD)
    page.goto(f"{page.base_url}/feedback/{item_a.pk}/")
    expect(page.get_by_test_id("feedback-status")).to_have_text("Chờ xử lý")
    press(page, page.get_by_test_id("feedback-accept"))
    page.get_by_text("Đã nhận xử lý phản ánh.").wait_for()
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đang xử lý")
    answer = page.get_by_test_id("feedback-answer-form")
    answer.get_by_label("Nội dung trả lời").fill(ANSWER)
    answer.get_by_label("Công khai câu trả lời trên chuyên mục trả lời phản ánh, kiến nghị").check()
    press(page, answer.get_by_role("button", name="Gửi trả lời"))
    page.get_by_text("Đã trả lời phản ánh.").wait_for()
    expect(page.get_by_test_id("feedback-status")).to_have_text("Đã trả lời")
    expect(page.get_by_test_id("feedback-answer")).to_contain_text("lỗi đồng bộ phần mềm hộ tịch")
    history = page.get_by_test_id("feedback-events")
    expect(history.locator("li")).to_have_count(4)
    expect(history.locator("li").nth(0)).to_contain_text(f"Tiếp nhận · {commune.name}")
    expect(history.locator("li").nth(1)).to_contain_text(f"Chuyển đơn vị có thẩm quyền · {commune.name} → {snv.name}")
    expect(history.locator("li").nth(1)).to_contain_text(EDITOR_NAME)
    expect(history.locator("li").nth(1)).to_contain_text(REASON)
    expect(history.locator("li").nth(2)).to_contain_text(f"Nhận xử lý · {snv.name} · {COORDINATOR_NAME}")
    expect(history.locator("li").nth(3)).to_contain_text(f"Trả lời · {snv.name} · {COORDINATOR_NAME}")
    screenshot(page, "feedback-4-detail-history")
    item_a.refresh_from_db()
    assert (item_a.status, item_a.published, item_a.answered_by) == (FeedbackStatus.ANSWERED, True, coordinator)
    assert item_a.answered_on == today and item_a.answered_on <= item_a.answer_by, "answered within its deadline"

    # 5. B becomes overdue. Backdated in the database (a browser test cannot move the live server's clock
    # through the browser): received 45 days ago, its deadline 15 working days after that, already past.
    received = today - timedelta(days=45)
    past_due = add_working_days(received, 15)
    assert past_due < today
    Feedback.objects.filter(pk=item_b.pk).update(
        received_on=received, arrived_on=received, forward_by=add_working_days(received, 5), answer_by=past_due
    )
    # The daily job tells the commune's handler, once.
    assert send_feedback_reminders(today=today).overdue >= 1  # the demo province's overdue items count too
    assert Notification.objects.filter(user=editor, key=f"feedback:{item_b.pk}:overdue:{past_due}").exists()
    assert send_feedback_reminders(today=today).overdue == 0

    # The coordinator's to-do: B among the province's overdue items, with the unit where it waits; A is gone.
    page.goto(page.base_url + "/")
    overdue_section = page.get_by_test_id("todo-feedback_overdue")
    expect(overdue_section.locator("h2")).to_contain_text("Phản ánh, kiến nghị quá hạn trong tỉnh")
    expect(overdue_section).to_contain_text(f"{code_b} · {B['subject']}")
    expect(overdue_section).to_contain_text(commune.name)
    expect(overdue_section).not_to_contain_text(code_a)

    # The editor's to-do: B in the section of what the commune must answer, marked overdue, linking to it.
    as_user(page, EDITOR, EDITOR_PASSWORD)
    own = page.get_by_test_id("todo-feedback")
    expect(own.locator("h2")).to_contain_text("Phản ánh, kiến nghị cần trả lời")
    entry = own.locator("li", has_text=code_b)
    expect(entry).to_contain_text(B["subject"])
    expect(entry).to_contain_text("Quá hạn")
    expect(entry).to_contain_text(f"hạn {past_due:%d/%m/%Y}")
    assert "tone-danger" in (entry.get_attribute("class") or "")
    expect(own).not_to_contain_text(code_a)
    settle(page.context)
    screenshot(page, "feedback-5-todo-overdue")
    entry.get_by_role("link").click()
    page.get_by_test_id("feedback-subject").wait_for()
    assert page.url.endswith(f"/feedback/{item_b.pk}/")
    expect(page.get_by_text("quá hạn", exact=True)).to_be_visible()

    # The commune's list, overdue only: B with its tag.
    page.goto(f"{page.base_url}/feedback/?unit={commune.code}")
    page.get_by_label("chỉ phản ánh quá hạn").check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**overdue=1**")
    rows = page.get_by_test_id("feedback-items").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-code", code_b)
    expect(rows.first.get_by_test_id("overdue-tag")).to_have_text("quá hạn")

    # 6. The citizen follows both on the phone with the codes: A answered (the step to the Sở, the answer), B
    # still waiting; the tracking page never shows the sender's name, phone or e-mail. A is published.
    phone_context, citizen, more_errors = phone_page(chromium)
    phone_errors += more_errors
    try:
        citizen.goto(f"{page.base_url}/phan-anh/tra-cuu/")
        citizen.get_by_label("Mã tra cứu").fill(code_a.lower())  # typed as it comes, the case does not matter
        citizen.get_by_role("button", name="Tra cứu").click()
        result = citizen.get_by_test_id("track-result")
        result.wait_for()
        expect(citizen.get_by_test_id("track-status")).to_have_text("Đã trả lời")
        expect(result).to_contain_text(f"Đơn vị xử lý: {snv.name}")
        expect(result).to_contain_text(f"Chuyển đơn vị có thẩm quyền → {snv.name}")
        expect(result).not_to_contain_text(REASON)  # the handlers' reason is theirs
        expect(citizen.get_by_test_id("track-answer")).to_contain_text("đã có văn bản xin lỗi theo quy định")
        assert citizen.evaluate(FITS), "the tracking page is wider than the phone"
        assert_no_contact(citizen.content(), "the tracking page of A")
        screenshot(citizen, "feedback-6-track-a-phone")

        citizen.goto(f"{page.base_url}/phan-anh/tra-cuu/?ma={code_b}")
        expect(citizen.get_by_test_id("track-status")).to_have_text("Chờ xử lý")
        expect(citizen.get_by_test_id("track-result")).to_contain_text(f"hạn trả lời {past_due:%d/%m/%Y}")
        expect(citizen.get_by_test_id("track-answer")).to_have_count(0)
        assert_no_contact(citizen.content(), "the tracking page of B")

        citizen.goto(f"{page.base_url}/phan-anh/cong-khai/")
        published = citizen.get_by_test_id("published-item").filter(has_text=A["subject"])
        expect(published).to_have_count(1)
        expect(published).to_contain_text(snv.name)
        expect(published).to_contain_text("lỗi đồng bộ phần mềm hộ tịch")
        expect(citizen.get_by_test_id("published-item").filter(has_text=B["subject"])).to_have_count(0)
        assert_no_contact(citizen.content(), "the published answers")
        settle(phone_context)
    finally:
        phone_context.close()

    # Last, so the journey above runs whatever the consoles said: a missing asset shows up here.
    assert after_forward == [], f"after passing A on, the editor's browser was sent to a failing page: {after_forward}"
    assert office_errors == [], f"office pages that failed: {office_errors}"
    assert phone_errors == [], f"browser console errors on the phone: {phone_errors}"
