"""A commune leader drops an existing Word plan in, checks what Loa read beside the source text,
corrects the title and saves it as a draft plan with its task appendix."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[1] / "loa/intake/tests/fixtures/docs/04-xa-kim-lien-plan-2026.docx"


def test_import_review_and_save_a_word_plan(page):
    from loa.plans.models import Plan

    login(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/plans/")
    page.get_by_test_id("import-link").click()
    page.get_by_label("Tệp văn bản (DOCX, PDF, TXT, HTML hoặc DOC)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Đọc tệp").click()

    expect(page.get_by_role("heading", name="Rà soát văn bản nhập")).to_be_visible()
    source = page.get_by_test_id("source-text")
    expect(source.locator("mark.hl-citation").first).to_be_visible()
    expect(source.locator("mark.hl-number")).to_have_count(1)
    expect(page.get_by_test_id("doc-type")).to_contain_text("KH")
    expect(page.get_by_test_id("tasks").locator("tbody tr")).to_have_count(6)
    expect(page.get_by_label("Căn cứ, văn bản thực hiện")).to_contain_text("Căn cứ Nghị quyết số 76/NQ-CP")
    screenshot(page, "intake-1-review")

    title = page.get_by_label("Trích yếu")
    title.fill(title.input_value() + " (bản nhập)")
    page.get_by_role("button", name="Lưu thành dự thảo kế hoạch").click()
    page.get_by_text("Đã lưu dự thảo kế hoạch từ tệp").wait_for()
    plan = Plan.objects.get(title__endswith="(bản nhập)")
    assert plan.tasks.count() == 6 and plan.status == "draft"
    screenshot(page, "intake-2-draft")

    page.goto(f"{page.base_url}/plans/import/")
    expect(page.get_by_role("link", name=SAMPLE.name)).to_be_visible()  # the recent imports list


DISTRICT_PLAN = Path(__file__).resolve().parents[1] / "loa/intake/tests/fixtures/docs/01-district-plan-2022.txt"


def test_a_plan_of_a_district_that_ended_asks_whose_draft_it_becomes(page):
    """A commune leader imports the district's 2022 plan: Loa says the district ended on 1 July 2025 and asks for
    whom the draft is; saving without choosing is refused, nothing is filed silently."""
    from loa.plans.models import Plan

    login(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/plans/import/")
    page.get_by_label("Tệp văn bản (DOCX, PDF, TXT, HTML hoặc DOC)").set_input_files(str(DISTRICT_PLAN))
    page.get_by_role("button", name="Đọc tệp").click()
    notice = page.get_by_test_id("issuer-check")
    expect(notice).to_contain_text("«UBND huyện Ninh Giang»")
    expect(notice).to_contain_text("đã thôi hoạt động từ ngày 01/07/2025")
    screenshot(page, "intake-3-ended-issuer")
    page.get_by_role("button", name="Lưu thành dự thảo kế hoạch").click()  # the browser asks for the choice first
    assert page.locator("input[name=unit]").first.evaluate("radio => radio.validity.valueMissing")
    expect(page.get_by_test_id("issuer-check")).to_be_visible()  # still on the review page
    assert not Plan.objects.filter(imports__filename=DISTRICT_PLAN.name).exists()
    page.get_by_label("Phường Thành Sen").check()
    page.get_by_role("button", name="Lưu thành dự thảo kế hoạch").click()
    page.get_by_text("Đã lưu dự thảo kế hoạch từ tệp").wait_for()
    assert Plan.objects.get(imports__filename=DISTRICT_PLAN.name).issuer.name == "Phường Thành Sen"
    page.set_viewport_size({"width": 390, "height": 844})
    page.go_back()
    screenshot(page, "intake-3-ended-issuer-phone")


def test_the_task_table_keeps_the_title_in_view_while_it_scrolls(page):
    login(page, "xa1.lanhdao")
    page.goto(f"{page.base_url}/plans/import/")
    page.get_by_label("Tệp văn bản (DOCX, PDF, TXT, HTML hoặc DOC)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Đọc tệp").click()
    page.get_by_role("button", name="Lưu thành dự thảo kế hoạch").click()
    page.get_by_text("Đã lưu dự thảo kế hoạch từ tệp").wait_for()
    table = page.get_by_test_id("rows-tasks")
    title = table.locator("td.f-title").first
    before = title.bounding_box()
    table.locator(".scroll").evaluate("box => box.scrollLeft = box.scrollWidth")
    after = title.bounding_box()
    assert before is not None and after is not None and abs(after["x"] - before["x"]) < 1
    assert table.locator(".scroll").evaluate("box => box.scrollLeft") > 200  # it did scroll
    screenshot(page, "plans-editor-tasks-scrolled")
    table.screenshot(path=str(screenshot(page, "plans-editor-tasks-scrolled").with_name("plans-editor-tasks.png")))
