"""A commune officer records an activity with an evidence file from a task and sees the task's progress move."""

import random
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from .conftest import RESULTS, screenshot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_activity_with_evidence_and_see_task_progress_move(page, tmp_path):
    from loa.activity.demo import demo_png
    from loa.activity.models import Activity
    from loa.activity.progress import percent, unit_open_tasks
    from loa.org.models import OrgUnit

    commune = OrgUnit.objects.get(code="18073")
    row = next(r for r in unit_open_tasks(commune) if r.target is not None and r.target >= 4)
    task, before = row.task, row.percent
    expected = percent(min((row.achieved + 2) / row.target, Decimal(1)))
    assert expected > before
    photo = tmp_path / "pano-cchc.png"
    photo.write_bytes(demo_png(random.Random(7)))

    login(page, "xa1.nhaplieu")
    page.get_by_role("link", name="Nhiệm vụ", exact=True).click()
    line = page.locator(f"[data-testid=open-tasks] tr[data-task='{task.pk}']").first
    expect(line.get_by_test_id("percent")).to_have_text(f"{before}%")
    screenshot(page, "activity-1-tasks-before")
    line.get_by_role("link", name="Ghi nhận").click()

    page.get_by_role("heading", name="Ghi nhận hoạt động").wait_for()
    expect(page.locator(f"input[name=tasks][value='{task.pk}']")).to_be_checked()  # the task is pre-selected
    page.get_by_label("Tiêu đề").fill("Treo pano tuyên truyền dịch vụ công trực tuyến tại nhà văn hóa")
    page.get_by_label("Số lượng").fill("2")
    page.get_by_label("Hình thức").select_option("truc_quan")
    expect(page.get_by_label("Đơn vị tính")).not_to_have_value("")  # filled from the channel
    page.get_by_label("Đơn vị tính").fill(task.measure or "cái")
    page.locator("input[type=file][name=evidence]").set_input_files(str(photo))
    expect(page.locator("[data-dropzone-list] li")).to_contain_text("pano-cchc.png")
    screenshot(page, "activity-2-quick-form")
    page.get_by_role("button", name="Lưu", exact=True).click()

    page.get_by_text("Đã ghi nhận hoạt động").wait_for()
    line = page.locator(f"tr[data-task='{task.pk}']").first
    expect(line.get_by_test_id("percent")).to_have_text(f"{expected}%")
    screenshot(page, "activity-3-tasks-after")

    # The demo's CCHC column has news of a similar pano: the one recorded here is the editor's, titled exactly so.
    activity = Activity.objects.get(
        title="Treo pano tuyên truyền dịch vụ công trực tuyến tại nhà văn hóa", created_by__username="xa1.nhaplieu"
    )
    assert activity.evidence.get().name == "pano-cchc.png" and list(activity.tasks.all()) == [task]
    page.goto(f"{page.base_url}/activities/{activity.pk}/")
    expect(page.get_by_test_id("evidence")).to_contain_text("pano-cchc.png")
    with page.expect_download() as download:
        page.get_by_role("link", name="pano-cchc.png", exact=True).click()
    assert download.value.suggested_filename == "pano-cchc.png"
    screenshot(page, "activity-4-detail")


def test_search_calendar_and_list_filters(page):
    login(page, "xa1.nhaplieu")
    page.get_by_role("searchbox", name="Tìm kiếm").fill("tuyen truyen zalo")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("found-activities")).to_contain_text("Tuyên truyền trên Zalo")
    page.get_by_role("link", name="Hoạt động", exact=True).click()
    page.get_by_label("Hình thức").select_option("phat_thanh")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_test_id("activities")).to_contain_text("Phát thanh")
    page.get_by_role("link", name="Lịch", exact=True).click()
    expect(page.get_by_test_id("calendar")).to_be_visible()
    screenshot(page, "activity-5-calendar")
    assert (RESULTS / "activity-5-calendar.png").exists()
