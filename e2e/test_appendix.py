"""The Sở Nội vụ's coordinator keys a province plan's 8-task appendix as officers do it: the rows copied out of the
Word plan and pasted, then the same appendix through the XLSX template. Every click, fill, key and file choice is
counted from signing in to the saved plan; the goal is 40 actions at most (filling the template in Excel happens
outside Loa and is not counted)."""

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOAL = 40
PHONE = {"width": 390, "height": 844}

# The appendix of a province plan as it sits in the Word file, copied row by row (tab between cells; the second
# paragraph of a cell on a line of its own, as Word puts it on the clipboard).
WORD_ROWS = "\n".join(
    "\t".join(cells)
    for cells in [
        ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"),
        (
            "1",
            "Xây dựng chuyên mục cải cách hành chính trên Báo Hà Tĩnh và Cổng thông tin điện tử tỉnh",
            "Sở Nội vụ",
            "Báo Hà Tĩnh; Cổng Thông tin điện tử tỉnh",
            "Hằng tháng",
            "12 chuyên mục",
        ),
        (
            "2",
            "Phát sóng phóng sự về cải cách hành chính trên truyền hình",
            "Đài Phát thanh và Truyền hình Hà Tĩnh",
            "Sở Nội vụ",
            "Quý III/2026",
            "04 phóng sự",
        ),
        (
            "3",
            "Tổ chức hội nghị đối thoại của lãnh đạo tỉnh với người dân, doanh nghiệp\nvề thủ tục hành chính",
            "Sở Nội vụ; Văn phòng UBND tỉnh",
            "Các cơ quan báo chí",
            "30/6/2026",
            "01 hội nghị",
        ),
        (
            "4",
            "Tập huấn nghiệp vụ cho công chức làm công tác cải cách hành chính",
            "Sở Nội vụ",
            "Sở Tư pháp",
            "Quý II/2026",
            "02 lớp",
        ),
        (
            "5",
            "Tuyên truyền trên hệ thống loa truyền thanh cơ sở",
            "UBND các xã, phường",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Thường xuyên",
            "",
        ),
        (
            "6",
            "Tổ chức cuộc thi tìm hiểu về cải cách hành chính",
            "Sở Nội vụ",
            "Sở Giáo dục và Đào tạo",
            "Tháng 9/2026",
            "01 cuộc thi",
        ),
        (
            "7",
            "Đăng tin, bài trên mạng xã hội Zalo, Facebook của các cơ quan",
            "Các sở, ban, ngành",
            "",
            "Hằng quý",
            "",
        ),
        (
            "8",
            "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa",
            "UBND các xã, phường",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Thường xuyên",
            "Bảng niêm yết",
        ),
    ]
)
RESULTS = Path(__file__).resolve().parent.parent / "test-results"


def record(name: str, actions: int) -> None:
    """The count, for the person reading the run (test-results/appendix-actions.txt)."""
    RESULTS.mkdir(exist_ok=True)
    with (RESULTS / "appendix-actions.txt").open("a", encoding="utf-8") as out:
        out.write(f"{name}: {actions} actions (goal {GOAL})\n")


class Officer:
    """The page, with every action the officer takes counted."""

    def __init__(self, page: Any) -> None:
        self.page, self.actions = page, 0

    def click(self, locator: Any) -> None:
        self.actions += 1
        locator.click()

    def fill(self, locator: Any, text: str) -> None:
        self.actions += 1  # typing a value, or pasting with Ctrl+V
        locator.fill(text)

    def choose(self, locator: Any, **option: str) -> None:
        self.actions += 1
        locator.select_option(**option)

    def upload(self, locator: Any, path: Path) -> None:
        self.actions += 1
        locator.set_input_files(str(path))

    def press(self, locator: Any, key: str) -> None:
        self.actions += 1
        locator.press(key)


def new_province_plan(officer: Officer, title: str) -> None:
    page = officer.page
    page.goto(page.base_url + "/")
    officer.fill(page.get_by_label("Tên đăng nhập"), "snv.dieuphoi")
    officer.fill(page.get_by_label("Mật khẩu"), "Loa-demo-2026")
    officer.click(page.get_by_role("button", name="Đăng nhập"))
    officer.click(page.get_by_role("link", name="Kế hoạch", exact=True))
    officer.click(page.get_by_role("link", name="Lập kế hoạch mới"))
    officer.choose(page.get_by_label("Đơn vị ban hành"), label="Tỉnh Hà Tĩnh")
    officer.click(page.get_by_role("button", name="Tạo dự thảo"))
    officer.fill(page.get_by_label("Trích yếu"), title)
    officer.click(page.get_by_test_id("to-appendix-import"))
    expect(page.get_by_role("heading", name="Nhập phụ lục nhiệm vụ")).to_be_visible()


def check_saved(title: str) -> Any:
    from loa.plans.models import Plan

    plan = Plan.objects.get(title=title)
    tasks = list(plan.tasks.order_by("position"))
    assert len(tasks) == 8
    assert set(tasks[0].channels) == {"bao_chi", "cong_ttdt"} and tasks[0].frequency == "monthly"
    assert tasks[2].co_leads and tasks[2].coordinating_note == "Các cơ quan báo chí"
    assert tasks[4].lead_group == "all_communes" and tasks[4].deadline is None
    assert tasks[6].lead_group == "all_departments" and tasks[6].frequency == "quarterly"
    return plan


def test_an_eight_task_appendix_pasted_from_word(page: Any) -> None:
    officer = Officer(page)
    title = "Kế hoạch thông tin, tuyên truyền CCHC năm 2026 (dán từ Word)"
    new_province_plan(officer, title)
    officer.fill(page.get_by_label("Dán các dòng của phụ lục (chép từ bảng Word hoặc Excel)"), WORD_ROWS)
    officer.click(page.get_by_role("button", name="Xem trước"))
    rows = page.get_by_test_id("appendix-rows").locator("tbody tr")
    expect(rows).to_have_count(8)
    expect(rows.nth(2)).to_contain_text("Sở Nội vụ; Văn phòng UBND tỉnh")
    expect(rows.nth(4)).to_contain_text("Thường xuyên")
    screenshot(page, "appendix-1-preview")
    page.set_viewport_size(PHONE)
    screenshot(page, "appendix-1-preview-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    officer.click(page.get_by_test_id("appendix-save"))
    expect(page.get_by_text("Đã thêm 8 nhiệm vụ vào phụ lục.")).to_be_visible()

    # One more channel for the contest task, through the picker, searching without diacritics.
    contest = page.locator("#section-tasks tr[data-row='5'] td.f-channels")
    officer.click(contest.locator(".picker-toggle"))
    officer.fill(contest.locator("input[type=search]"), "mang xa hoi")
    officer.press(contest.locator("input[type=search]"), "Enter")
    expect(contest.locator(".picker-toggle")).to_contain_text("Mạng xã hội")
    officer.press(contest.locator("input[type=search]"), "Escape")
    screenshot(page, "appendix-2-editor")
    officer.click(page.get_by_role("button", name="Lưu", exact=True))
    expect(page.get_by_text("Đã lưu kế hoạch.")).to_be_visible()

    plan = check_saved(title)
    assert "mang_xa_hoi" in plan.tasks.get(position=6).channels
    record("8-task appendix pasted from Word", officer.actions)
    assert officer.actions <= GOAL


def test_the_same_appendix_through_the_xlsx_template(page: Any, tmp_path: Path) -> None:
    officer = Officer(page)
    title = "Kế hoạch thông tin, tuyên truyền CCHC năm 2026 (mẫu Excel)"
    new_province_plan(officer, title)
    with page.expect_download() as download:
        officer.click(page.get_by_test_id("appendix-template"))
    # In Excel (not counted): the rows typed into the template, the lists' values chosen as they are written.
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["Phụ lục"]
    table = [line.split("\t") for line in WORD_ROWS.replace("\nvề", " về").split("\n")[1:]]
    for number, task, lead, coordinating, deadline, product in table:
        quantity, _, measure = product.partition(" ")
        numeric = quantity.isdigit()
        sheet.append(
            [
                int(number),
                task,
                "",
                "",
                "",
                lead,
                coordinating,
                deadline,
                "",
                "" if numeric else product,
                int(quantity) if numeric else None,
                measure if numeric else "",
                "",
            ]
        )
    filled = tmp_path / "phu-luc.xlsx"
    book.save(filled)

    officer.upload(
        page.get_by_label("Hoặc chọn tệp (mẫu Excel .xlsx, hoặc văn bản Word .docx có bảng phụ lục)"), filled
    )
    officer.click(page.get_by_role("button", name="Xem trước"))
    expect(page.get_by_test_id("appendix-rows").locator("tbody tr")).to_have_count(8)
    officer.click(page.get_by_test_id("appendix-save"))
    expect(page.get_by_text("Đã thêm 8 nhiệm vụ vào phụ lục.")).to_be_visible()
    check_saved(title)
    record("8-task appendix through the XLSX template", officer.actions)
    assert officer.actions <= GOAL


def test_errors_are_named_by_row_and_column_and_nothing_is_added(page: Any) -> None:
    from loa.plans.models import Plan

    officer = Officer(page)
    title = "Kế hoạch có phụ lục sai"
    new_province_plan(officer, title)
    wrong = WORD_ROWS.replace("Sở Tư pháp\tQuý II/2026", "Sở Tư pháp\tkhi có yêu cầu").replace(
        "Đài Phát thanh và Truyền hình Hà Tĩnh\tSở Nội vụ", "Sở Thông tin và Truyền thông\tSở Nội vụ"
    )
    officer.fill(page.get_by_label("Dán các dòng của phụ lục (chép từ bảng Word hoặc Excel)"), wrong)
    officer.click(page.get_by_role("button", name="Xem trước"))
    preview = page.get_by_test_id("appendix-preview")
    expect(preview).to_contain_text(
        "Dòng 3, cột «Cơ quan chủ trì»: không tìm thấy đơn vị «Sở Thông tin và Truyền thông»."
    )
    expect(preview).to_contain_text("Dòng 5, cột «Thời hạn»: không đọc được thời hạn «khi có yêu cầu» trong năm 2026.")
    expect(page.get_by_test_id("appendix-save")).to_have_count(0)
    screenshot(page, "appendix-3-errors")
    assert Plan.objects.get(title=title).tasks.count() == 0
