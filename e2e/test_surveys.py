"""A satisfaction survey as a province lives it (issue 20), from accounts made through Loa: the administrator adds
the Sở Nội vụ's coordinator, who adds a commune's editor; the coordinator creates the commune's survey on the
built-in SIPAS questionnaire, opens it, adds a counter as a collection point and downloads its QR poster; a citizen
answers on a phone from the poster's address, without an account; the commune's editor types a paper answer; the
coordinator reads the results, whose index is the one worked out by hand from the stored rule, and the one
`loa.surveys.selectors.results` gives.

The province is one the demo leaves empty (Huế, 46), as in test_province_journey."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .conftest import screenshot, settle
from .test_province_journey import ADMIN_PASSWORD, PROVINCE, SNV_CODE, as_user, first_login, press
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
COORDINATOR, COORDINATOR_PASSWORD = "hue.khaosat", "Song-Huong-7391"
EDITOR, EDITOR_PASSWORD = "hue.xa.nhaplieu", "Cau-Truong-Tien-5820"
POINT = "Bộ phận Một cửa, quầy số 1"
HUMAN_SECONDS = 6  # the service flags an answer sent under 5 seconds after the form was shown

# The citizen's answers by QR and the editor's paper answer. Counted by the stored rule: the satisfaction questions
# (…_HL) and the overall one (CHUNG), pooled; 4–5 is positive; 0 ("Không trả lời") and unanswered are not valid.
# Perception (…_N1) and expectation (…_MD) answers are given too, and must not count.
CITIZEN = {"F1_HL": 5, "F2_HL": 4, "F3_HL": 2, "F4_HL": 0, "CHUNG": 5, "F1_N1": 1, "F1_MD": 5}
PAPER = {"F1_HL": 1, "F5_HL": 4, "CHUNG": 4, "F2_N1": 5, "F2_MD": 1}
# Valid: citizen 5, 4, 2, 5 (3 positive of 4); paper 1, 4, 4 (2 positive of 3): 5 of 7 = 71.428… → 71.43 (half up).
EXPECTED_INDEX = Decimal("71.43")
EXPECTED_TEXT = "71,43%"


def hand_index(*answer_sets):
    counted = [v for answers in answer_sets for k, v in answers.items() if k.endswith("_HL") or k == "CHUNG"]
    valid = [v for v in counted if v != 0]
    return (Decimal(sum(1 for v in valid if v >= 4) * 100) / len(valid)).quantize(Decimal("0.01"))


def create_account(page, username, full_name, unit, role, position):
    page.goto(page.base_url + "/users/new/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Họ và tên").fill(full_name)
    page.get_by_label("Đơn vị").select_option(label=f"{unit.name} ({unit.code})")
    page.get_by_label("Vai trò").select_option(label=role)
    page.get_by_label("Chức vụ").fill(position)
    press(page, page.get_by_role("button", name="Lưu"))
    page.get_by_role("heading", name=f"Đã tạo tài khoản {username}").wait_for()
    return page.get_by_test_id("one-time-password").inner_text().strip()


def answer(scope, answers):
    for key, value in answers.items():
        scope.locator(f"input[type=radio][name='{key}'][value='{value}']").check()


def test_a_commune_runs_a_survey_from_qr_poster_and_paper_to_its_index(page, chromium):
    from loa.org.models import OrgUnit, User
    from loa.surveys.models import CollectionPoint, Response, Survey
    from loa.surveys.selectors import results

    assert hand_index(CITIZEN, PAPER) == EXPECTED_INDEX
    province = OrgUnit.objects.get(code=PROVINCE)
    commune = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("path").first()
    assert not User.objects.filter(unit__path__startswith=province.path).exists(), "the province starts empty"
    assert not Survey.objects.filter(unit=commune).exists()

    # 1. The administrator adds the Sở Nội vụ (when missing) and its coordinator; the coordinator adds the editor.
    login(page, "quantri", ADMIN_PASSWORD)
    page.get_by_role("heading", name="Việc cần làm").wait_for()
    snv = OrgUnit.objects.filter(parent=province, unit_type="so_noi_vu").first()
    if snv is None:
        page.goto(f"{page.base_url}/units/{PROVINCE}/")
        page.get_by_role("link", name="Thêm đơn vị trực thuộc").click()
        page.locator("#id_code").fill(SNV_CODE)
        page.locator("#id_name").fill("Sở Nội vụ thành phố Huế")
        page.locator("#id_short_name").fill("Sở Nội vụ")
        page.locator("#id_unit_type").select_option(label="Sở Nội vụ")
        press(page, page.get_by_role("button", name="Lưu"))
        page.get_by_role("heading", name="Sở Nội vụ thành phố Huế").wait_for()
        snv = OrgUnit.objects.get(code=SNV_CODE)
    coordinator_otp = create_account(
        page, COORDINATOR, "Trần Thị Khảo Sát", snv, "Chuyên viên CCHC Sở Nội vụ (điều phối)", "Chuyên viên CCHC"
    )
    first_login(page, COORDINATOR, coordinator_otp, COORDINATOR_PASSWORD)
    editor_otp = create_account(page, EDITOR, "Lê Văn Nhập", commune, "Đầu mối CCHC (nhập liệu)", "Công chức")
    assert User.objects.get(username=EDITOR).unit == commune

    # 2. The coordinator: the menu "Khảo sát", the commune's surveys, a survey on the built-in questionnaire.
    page.get_by_role("link", name="Khảo sát", exact=True).click()
    page.get_by_test_id("surveys-title").wait_for()
    page.goto(f"{page.base_url}/surveys/?unit={commune.code}")
    expect(page.get_by_test_id("surveys-title")).to_contain_text(commune.name)
    expect(page.get_by_test_id("surveys")).to_contain_text("Chưa có cuộc khảo sát nào.")
    year = timezone.localdate().year
    title = f"Khảo sát sự hài lòng năm {year} — {commune.name}"
    form = page.get_by_test_id("survey-create")
    form.get_by_label("Tên cuộc khảo sát").fill(title)
    form.get_by_label("Ngày bắt đầu").fill(f"01/01/{year}")
    form.get_by_label("Ngày kết thúc").fill(f"31/12/{year}")
    form.get_by_label("Số lượt giải quyết TTHC dự kiến trong kỳ (N)").fill("1000")
    form.get_by_label("Sai số cho phép (%)").fill("5")
    form.get_by_label("Mẫu phiếu").select_option("builtin")
    screenshot(page, "surveys-1-create")
    press(page, form.get_by_role("button", name="Tạo"))
    page.get_by_text("Đã tạo cuộc khảo sát.").wait_for()
    survey = Survey.objects.get(unit=commune)
    assert page.url.endswith(f"/surveys/{survey.pk}/")
    assert (survey.title, survey.starts_on, survey.ends_on) == (title, date(year, 1, 1), date(year, 12, 31))
    assert survey.population == 1000 and survey.margin == Decimal("0.050")
    expect(page.get_by_test_id("survey-status")).to_have_text("Đang chuẩn bị")
    press(page, page.get_by_test_id("survey-open"))
    page.get_by_text("Đã mở khảo sát.").wait_for()
    expect(page.get_by_test_id("survey-status")).to_have_text("Đang thu phiếu")

    # 3. A collection point, its QR address, its poster.
    page.get_by_role("link", name="Điểm khảo sát và áp phích mã QR").click()
    assert page.url.endswith(f"/surveys/points/?unit={commune.code}")
    page.get_by_test_id("point-add").get_by_label("Tên điểm khảo sát").fill(POINT)
    press(page, page.get_by_test_id("point-add").get_by_role("button", name="Thêm"))
    page.get_by_text("Đã thêm điểm khảo sát.").wait_for()
    point = CollectionPoint.objects.get(unit=commune)
    row = page.get_by_test_id("points").locator(f"tr[data-point='{point.pk}']")
    expect(row).to_contain_text(POINT)
    expect(row).to_contain_text(title)  # the poster leads to the open survey
    qr_url = row.get_by_test_id("point-url").get_attribute("href")
    assert qr_url == f"{page.base_url}/khao-sat/diem/{point.code}/"
    screenshot(page, "surveys-2-points")
    settle(page.context)
    with page.expect_download() as download:
        row.get_by_test_id("point-poster").click()
    poster = Path(download.value.path()).read_bytes()
    assert poster.startswith(b"%PDF"), poster[:20]
    assert download.value.suggested_filename == f"ap-phich-khao-sat-{point.code}.pdf"

    # 4. A citizen at the counter scans the poster: a phone, no account, no cookie of the office's browser.
    phone_context = chromium.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    citizen = phone_context.new_page()
    errors: list[str] = []
    citizen.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    citizen.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        citizen.goto(qr_url)
        form = citizen.get_by_test_id("survey-form")
        form.wait_for()
        expect(citizen.get_by_test_id("survey-title")).to_have_text(title)
        expect(citizen.locator(".pub-unit")).to_contain_text(f"{commune.name} · {POINT}")
        assert citizen.evaluate(FITS), "the public form is wider than the phone"
        answer(form, CITIZEN)
        screenshot(citizen, "surveys-3-citizen-form-phone")
        citizen.wait_for_timeout(HUMAN_SECONDS * 1000)  # a person reads before sending
        citizen.get_by_test_id("survey-send").click()
        citizen.get_by_test_id("survey-thanks").wait_for()
        assert citizen.url.endswith("/khao-sat/cam-on/")
        assert citizen.evaluate(FITS), "the thank-you page is wider than the phone"
        screenshot(citizen, "surveys-4-citizen-thanks-phone")
    finally:
        phone_context.close()
    from_qr = Response.objects.get(survey=survey)
    assert (from_qr.source, from_qr.status, from_qr.flags) == ("via_qr", "in_tally", "")
    assert from_qr.point == point and from_qr.unit == commune and from_qr.entered_by is None
    assert from_qr.answers["F1_HL"] == 5 and from_qr.answers["F4_HL"] == 0 and from_qr.answers["F5_HL"] == 0

    # 5. The commune's editor: first sign-in, then a paper questionnaire typed on the entry page.
    first_login(page, EDITOR, editor_otp, EDITOR_PASSWORD)
    page.goto(f"{page.base_url}/surveys/?unit={commune.code}")
    page.get_by_test_id("surveys").get_by_role("link", name=title).click()
    press(page, page.get_by_test_id("survey-enter"))
    assert page.url.endswith(f"/surveys/{survey.pk}/enter/")
    entry = page.get_by_test_id("entry-form")
    entry.get_by_label("Nguồn phiếu").select_option("via_paper")
    answer(entry, PAPER)
    press(page, page.get_by_test_id("entry-save"))
    page.get_by_text("Đã ghi phiếu").wait_for()
    screenshot(page, "surveys-5-paper-entry")
    editor = User.objects.get(username=EDITOR)
    on_paper = Response.objects.get(survey=survey, entered_by=editor)
    assert (on_paper.source, on_paper.status, on_paper.answered_on) == ("via_paper", "in_tally", timezone.localdate())
    assert on_paper.unit == commune and on_paper.point is None
    assert sorted(Response.objects.filter(survey=survey).values_list("source", flat=True)) == ["via_paper", "via_qr"]

    # 6. The coordinator reads the results: 2 answers, the index worked out by hand, the same as the selector's.
    as_user(page, COORDINATOR, COORDINATOR_PASSWORD)
    page.goto(f"{page.base_url}/surveys/{survey.pk}/")
    expect(page.get_by_test_id("survey-answers")).to_have_text("2")
    expect(page.get_by_test_id("survey-overall")).to_have_text(EXPECTED_TEXT)
    expect(page.get_by_test_id("survey-rule")).to_contain_text("Không trả lời")
    survey.refresh_from_db()
    found = results(survey)
    assert found.result.answers == 2 and found.result.index == EXPECTED_INDEX
    assert found.by_source == {"via_qr": 1, "via_paper": 1} and found.flagged == 0
    assert found.target == 286  # n = N / (1 + N·e²) for N = 1000, e = 5 %
    screenshot(page, "surveys-6-results")
    page.goto(f"{page.base_url}/surveys/?unit={commune.code}")
    survey_row = page.get_by_test_id("surveys").locator(f"tr[data-survey='{survey.pk}']")
    expect(survey_row.get_by_test_id("survey-index")).to_have_text(EXPECTED_TEXT)
    expect(survey_row).to_contain_text("2 / 286")

    # Last, so the journey above runs whatever the phone's console said: a missing asset shows up here.
    assert errors == [], f"browser console errors on the phone: {errors}"
