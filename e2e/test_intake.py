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
