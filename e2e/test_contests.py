"""A quiz contest as a province lives it (issue 21), from accounts made through Loa: the administrator adds the Sở
Nội vụ's coordinator, who imports a question bank from XLSX (checked first, then for real), creates a quiz of five
questions drawn by a blueprint (3 on administrative procedures, 2 on institutions) with a one-minute time limit and
two prizes, adds a round and publishes it. Three people take part on the public page without an account (one on a
phone), each naming their commune through the search box typed without diacritics; a fourth starts an attempt and
sends it after the time limit: refused, not counted. Once the round has closed, the coordinator finishes it: the
ranking lists the three by score with the prizes, the certificates come as a PDF of one page per winner, the contest
page counts the people per unit, and each commune with a participant has its contest activity.

Who answers what right is known from the imported file (question text → right option text), never from the order
the questions are drawn or their options shuffled: the scores are fixed whatever the draw.

Timing: the round opens a minute before it is added and closes at the first whole minute at least ROUND_SECONDS
later (datetime-local inputs hold minutes); the late attempt is started first, the three others run while it waits
out its minute and the 3 s grace. The clock is moved past the deadline and then past the close (time_machine; the
live server runs in the test's process) instead of waiting for them.

The province is one the demo leaves empty (Huế, 46), as in test_province_journey and test_surveys."""

import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from loa.core.tests.needs import need_program

from .conftest import RESULTS, screenshot, settle
from .test_feedback import ensure_snv
from .test_province_journey import ADMIN_PASSWORD, PROVINCE, first_login, press
from .test_province_journey import settle as idle
from .test_shell import login
from .test_surveys import FITS, PHONE, create_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COORDINATOR, COORDINATOR_PASSWORD = "hue.cuocthi", "Ngo-Mon-Dai-Noi-3517"
COORDINATOR_NAME = "Tôn Nữ Thi Đua"
DESKTOP = {"width": 1280, "height": 800}
# The round closes at the first whole minute at least this long after it is added: room for three people to play
# on a CI machine busy with the other database's run.
ROUND_SECONDS = 140
LATE_MARGIN = 2  # seconds past the deadline and its grace before the late answers are sent
TITLE = "Tìm hiểu cải cách hành chính năm {year}"
RULES = (
    "Cán bộ, công chức, viên chức và người lao động trong tỉnh tham gia.\n"
    "Mỗi người dự thi một lượt mỗi vòng, làm 5 câu hỏi trắc nghiệm trong 1 phút và dự đoán số người tham gia vòng thi."
)
TTHC, THE_CHE, CONG_VU = "Cải cách thủ tục hành chính", "Cải cách thể chế", "Cải cách chế độ công vụ"

# The bank: (area, topic, question, right option, three wrong options, the right option's letter, legal basis,
# explanation). The blueprint draws 3 of the 6 on procedures and 2 of the 4 on institutions; the 2 on the civil
# service are never drawn.
BANK = [
    (
        TTHC,
        "Một cửa",
        "Bộ phận Một cửa cấp xã có nhiệm vụ nào sau đây?",
        "Hướng dẫn, tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính",
        [
            "Ban hành văn bản quy phạm pháp luật của tỉnh",
            "Xét xử các vụ án hành chính",
            "Thu thuế thu nhập doanh nghiệp",
        ],
        "A",
        "Nghị định số 118/2025/NĐ-CP của Chính phủ",
        "Bộ phận Một cửa là đầu mối hướng dẫn, tiếp nhận hồ sơ, trả kết quả giải quyết thủ tục hành chính.",
    ),
    (
        TTHC,
        "Dịch vụ công trực tuyến",
        "Người đã nộp hồ sơ trực tuyến theo dõi tiến độ giải quyết hồ sơ của mình bằng cách nào?",
        "Tra cứu bằng mã hồ sơ trên Cổng Dịch vụ công",
        [
            "Chỉ hỏi trực tiếp tại quầy tiếp nhận",
            "Chờ thư báo qua đường bưu chính",
            "Không theo dõi được cho đến khi có kết quả",
        ],
        "B",
        "Nghị định số 118/2025/NĐ-CP của Chính phủ",
        "Mỗi hồ sơ nộp trực tuyến có một mã hồ sơ để tra cứu tiến độ.",
    ),
    (
        TTHC,
        "Một cửa",
        "Hồ sơ thủ tục hành chính bị giải quyết quá hạn thì cơ quan có lỗi phải làm gì?",
        "Gửi văn bản xin lỗi và hẹn lại ngày trả kết quả",
        ["Yêu cầu người dân nộp lại hồ sơ mới", "Thu thêm phí giải quyết nhanh", "Không phải làm gì"],
        "C",
        "Nghị định số 118/2025/NĐ-CP của Chính phủ",
        "Cơ quan, đơn vị có lỗi làm quá hạn phải xin lỗi bằng văn bản và hẹn lại thời gian trả kết quả.",
    ),
    (
        TTHC,
        "Công khai thủ tục",
        "Thủ tục hành chính được công khai ở đâu để người dân biết?",
        "Tại nơi tiếp nhận hồ sơ và trên Cổng Dịch vụ công",
        ["Chỉ trong sổ lưu nội bộ của cơ quan", "Chỉ khi người dân hỏi bằng văn bản", "Không phải công khai"],
        "D",
        "Nghị định số 63/2010/NĐ-CP của Chính phủ",
        "Thủ tục hành chính phải được công khai đầy đủ, thường xuyên, rõ ràng, đúng địa chỉ.",
    ),
    (
        TTHC,
        "Số hóa hồ sơ",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính nhằm mục đích gì?",
        "Tái sử dụng dữ liệu, người dân không phải nộp lại giấy tờ đã có",
        ["Tăng số lượng giấy tờ phải nộp", "Thay thế hoàn toàn Bộ phận Một cửa", "Thu thêm lệ phí lưu trữ"],
        "A",
        "Nghị định số 45/2020/NĐ-CP của Chính phủ",
        "Kết quả đã số hóa được dùng lại, người dân không phải cung cấp lại thông tin đã có.",
    ),
    (
        TTHC,
        "Phản ánh, kiến nghị",
        "Người dân phản ánh, kiến nghị về quy định hành chính qua kênh nào sau đây?",
        "Hệ thống tiếp nhận phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia",
        ["Chỉ qua đơn gửi Tòa án nhân dân", "Chỉ qua báo chí", "Không có kênh nào"],
        "B",
        "Nghị định số 20/2008/NĐ-CP của Chính phủ",
        "Phản ánh, kiến nghị về quy định hành chính được tiếp nhận trên Cổng Dịch vụ công quốc gia.",
    ),
    (
        THE_CHE,
        "Văn bản quy phạm pháp luật",
        "Luật nào hiện quy định việc ban hành văn bản quy phạm pháp luật?",
        "Luật Ban hành văn bản quy phạm pháp luật năm 2025",
        ["Luật Tổ chức chính quyền địa phương", "Luật Cán bộ, công chức", "Luật Tiếp cận thông tin"],
        "A",
        "Luật số 64/2025/QH15",
        "Luật Ban hành văn bản quy phạm pháp luật năm 2025 có hiệu lực từ ngày 01/4/2025.",
    ),
    (
        THE_CHE,
        "Văn bản quy phạm pháp luật",
        "Hội đồng nhân dân cấp tỉnh ban hành văn bản quy phạm pháp luật dưới hình thức nào?",
        "Nghị quyết",
        ["Quyết định", "Chỉ thị", "Thông tư"],
        "B",
        "Luật số 64/2025/QH15",
        "Hội đồng nhân dân ban hành nghị quyết.",
    ),
    (
        THE_CHE,
        "Văn bản quy phạm pháp luật",
        "Ủy ban nhân dân cấp tỉnh ban hành văn bản quy phạm pháp luật dưới hình thức nào?",
        "Quyết định",
        ["Nghị quyết", "Pháp lệnh", "Thông tư"],
        "C",
        "Luật số 64/2025/QH15",
        "Ủy ban nhân dân ban hành quyết định.",
    ),
    (
        THE_CHE,
        "Mục tiêu",
        "Mục tiêu của cải cách thể chế là gì?",
        "Hệ thống pháp luật đồng bộ, khả thi, công khai, minh bạch",
        ["Tăng số lượng văn bản hằng năm", "Giảm số đại biểu Hội đồng nhân dân", "Bỏ việc lấy ý kiến người dân"],
        "D",
        "Nghị quyết số 76/NQ-CP của Chính phủ",
        "Cải cách thể chế hướng tới hệ thống pháp luật đồng bộ, thống nhất, khả thi, công khai, minh bạch.",
    ),
    (
        CONG_VU,
        "Đạo đức công vụ",
        "Khi tiếp người dân, công chức phải làm gì?",
        "Lịch sự, tận tình, hướng dẫn đầy đủ một lần",
        ["Yêu cầu quay lại nhiều lần", "Chỉ tiếp người quen", "Từ chối giải thích"],
        "A",
        "Luật Cán bộ, công chức",
        "Công chức phải có thái độ lịch sự, tôn trọng nhân dân.",
    ),
    (
        CONG_VU,
        "Đánh giá công chức",
        "Công chức được đánh giá, xếp loại chất lượng định kỳ bao lâu một lần?",
        "Hằng năm",
        ["Mười năm một lần", "Chỉ khi nghỉ hưu", "Không đánh giá"],
        "C",
        "Nghị định số 90/2020/NĐ-CP của Chính phủ",
        "Đánh giá, xếp loại chất lượng được thực hiện hằng năm.",
    ),
]
RIGHT = {text: right for _area, _topic, text, right, *_rest in BANK}
AREA_OF = {text: area for area, _topic, text, *_rest in BANK}

# The people: how many of their 5 answers are right, where they work (the search typed without diacritics), phone.
HOA = {"name": "Nguyễn Thị Hoa", "search": "phu xuan", "unit": "Phường Phú Xuân", "phone": "0905 111 222"}
MINH = {"name": "Trần Văn Minh", "search": "phu xuan", "unit": "Phường Phú Xuân", "phone": "0914 333 444"}
LAN = {"name": "Lê Thị Lan", "search": "vy da", "unit": "Phường Vỹ Dạ", "phone": "0935 555 666"}
HUNG = {"name": "Phạm Văn Hùng", "search": "thuan hoa", "unit": "Phường Thuận Hóa", "phone": "0983 777 888"}
RIGHT_ANSWERS = {HOA["name"]: 5, MINH["name"]: 4, LAN["name"]: 2}
GUESSES = {HOA["name"]: "4", MINH["name"]: "10", LAN["name"]: "3", HUNG["name"]: "5"}


def bank_workbook() -> bytes:
    """The bank's own template, its example row replaced by BANK."""
    from loa.contests.bank_xlsx import HEADERS, SHEET, template

    book = load_workbook(io.BytesIO(template()))
    sheet = book[SHEET]
    assert [c.value for c in sheet[1]] == HEADERS
    sheet.delete_rows(2)
    for area, topic, text, right, wrong, letter, source, explanation in BANK:
        options = list(wrong)
        options.insert("ABCD".index(letter), right)
        sheet.append(["", area, topic, text, *options, letter, source, explanation, "Có"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Clock:
    """The test's and the live server's clock (one process), moved forward only, and running on from there."""

    def __init__(self) -> None:
        self.traveller: Any = None

    def move(self, to: datetime) -> None:
        to = max(to, timezone.now())  # never back: what happened so far keeps its order
        if self.traveller is not None:
            self.traveller.stop()
        self.traveller = time_machine.travel(to, tick=True)
        self.traveller.start()

    def stop(self) -> None:
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    found = Clock()
    yield found
    found.stop()


def minute_floor(moment):
    return moment.replace(second=0, microsecond=0)


def local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def public_page(chromium, *, phone=False, expected=()):
    """A person's own browser (no account, no cookie of anyone else's): console errors and failed requests are
    collected for the end of the test, except the `expected` (status, address part) pairs."""
    if phone:
        context = chromium.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    else:
        context = chromium.new_context(locale="vi-VN", viewport=DESKTOP)
    person = context.new_page()
    errors: list[str] = []

    def failed(response):
        if response.status >= 400 and not any(response.status == s and part in response.url for s, part in expected):
            errors.append(f"{response.status} {response.url}")

    def console(msg):
        # Chromium logs the answer of a refused form as "Failed to load resource … 400": expected when refused.
        if msg.type == "error" and not (expected and "status of 400" in msg.text):
            errors.append(msg.text)

    person.on("console", console)
    person.on("response", failed)
    return context, person, errors


def join(person, link, who, *, shot="", refused=""):
    """Open the contest's public page, name oneself, find the unit by typing without diacritics, start (or be
    `refused` with that message)."""
    person.goto(link)
    form = person.get_by_test_id("join-form")
    form.wait_for()
    form.get_by_label("Họ và tên").fill(who["name"])
    form.get_by_label("Số điện thoại").fill(who["phone"])
    form.get_by_test_id("unit-search").fill(who["search"])
    form.get_by_role("button", name="Tìm", exact=True).click()
    form = person.get_by_test_id("join-form")
    choice = form.get_by_test_id("unit-select")
    expect(choice.locator("option", has_text=who["unit"])).to_have_count(1)
    # The search narrowed the province's list to a few units (the empty "— Chọn đơn vị —" first).
    assert choice.locator("option").count() <= 6, choice.inner_text()
    expect(form.get_by_label("Họ và tên")).to_have_value(who["name"])  # what was typed is kept
    choice.select_option(label=who["unit"])
    if shot:
        screenshot(person, shot)
    form.get_by_test_id("join").click()
    if refused:
        expect(person.get_by_test_id("contest-error")).to_have_text(refused)
        return
    person.get_by_test_id("attempt-form").wait_for()
    assert "/bai/" in person.url


def answer_sheet(person, right: int) -> None:
    """Answer the attempt's questions: the first `right` with the right option (known from the imported file),
    the others with a wrong one. The questions drawn are the blueprint's: 3 on procedures, 2 on institutions."""
    questions = person.locator("fieldset.pub-q")
    expect(questions).to_have_count(5)
    texts = []
    for i in range(questions.count()):
        question = questions.nth(i)
        legend = question.locator("legend").inner_text().strip()
        assert legend.startswith(f"Câu {i + 1}. "), legend
        text = legend.removeprefix(f"Câu {i + 1}. ")
        assert text in RIGHT, f"a question not from the imported file: {legend}"
        texts.append(text)
        labels = question.locator("label")
        expect(labels).to_have_count(4)
        shown = [labels.nth(k).inner_text().strip() for k in range(4)]
        assert [s[:2] for s in shown] == ["A.", "B.", "C.", "D."], shown
        options = [s[2:].strip() for s in shown]
        assert RIGHT[text] in options, (text, options)
        pick = options.index(RIGHT[text]) if i < right else next(k for k, o in enumerate(options) if o != RIGHT[text])
        labels.nth(pick).locator("input[type=radio]").check()
    assert sorted(AREA_OF[t] for t in texts) == sorted([TTHC] * 3 + [THE_CHE] * 2), texts


def take_part(chromium, link, who, *, phone=False, shots=False):
    """One person from the public page to the result; returns (score text, result address, errors)."""
    suffix = "phone" if phone else "desktop"
    context, person, errors = public_page(chromium, phone=phone)
    try:
        join(person, link, who, shot=f"contests-4-public-page-{suffix}" if shots else "")
        expect(person.get_by_test_id("deadline")).to_contain_text("Bài nộp sau giờ này không được tính.")
        expect(person.locator(".pub-unit")).to_have_text(f"{who['name']} · {who['unit']}")
        answer_sheet(person, RIGHT_ANSWERS[who["name"]])
        person.get_by_test_id("prediction").fill(GUESSES[who["name"]])
        if phone:
            assert person.evaluate(FITS), "the attempt page is wider than the phone"
        if shots:
            screenshot(person, f"contests-5-attempt-{suffix}")
        person.get_by_test_id("submit").click()
        person.get_by_test_id("score").wait_for()
        assert "/ket-qua/" in person.url
        score = person.get_by_test_id("score").inner_text().strip()
        result = person.url
        expect(person.locator(".pub-done")).to_contain_text("Đáp án và giải thích được công bố sau khi vòng thi đóng.")
        expect(person.locator(".pub-done")).to_contain_text(f"Dự đoán của bạn: {GUESSES[who['name']]}.")
        if phone:
            assert person.evaluate(FITS), "the result page is wider than the phone"
        if shots:
            screenshot(person, f"contests-6-result-{suffix}")
        settle(context)
    finally:
        context.close()
    return score, result, errors


def menu(page, name):
    return page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=name, exact=True)


def phone_shot(page, name, wide: list[str]):
    """The office page at 390 px too: noted when it scrolls sideways (checked at the end), then back to desktop."""
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(200)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        wide.append(f"{name}: {width} px")
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def test_a_quiz_round_from_bank_import_to_ranking_and_certificates_with_a_late_attempt_refused(
    page, chromium, tmp_path, clock
):
    from pypdf import PdfReader

    from loa.activity.models import Activity
    from loa.contests.catalog import AttemptStatus, ContestStatus
    from loa.contests.models import Attempt, Contest, Question, RoundActivity
    from loa.contests.play import GRACE
    from loa.org.models import OrgUnit, User

    need_program("soffice", "libreoffice-writer-nogui")  # the certificates' PDF
    office_errors: list[str] = []
    page.on("response", lambda r: office_errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    wide: list[str] = []
    province = OrgUnit.objects.get(code=PROVINCE)
    communes = {u.name: u for u in OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa")}
    assert {HOA["unit"], LAN["unit"], HUNG["unit"]} <= set(communes)
    assert not User.objects.filter(unit__path__startswith=province.path).exists(), "the province starts empty"
    assert not Question.objects.filter(owner__path__startswith=province.path).exists()
    assert not Contest.objects.filter(unit__path__startswith=province.path).exists()

    # 1. Accounts through Loa: the administrator adds the Sở Nội vụ (when missing) and its coordinator, who signs in
    # for the first time and chooses a password.
    login(page, "quantri", ADMIN_PASSWORD)
    page.get_by_role("heading", name="Việc cần làm").wait_for()
    snv = ensure_snv(page, province)
    otp = create_account(
        page, COORDINATOR, COORDINATOR_NAME, snv, "Chuyên viên CCHC Sở Nội vụ (điều phối)", "Chuyên viên CCHC"
    )
    first_login(page, COORDINATOR, otp, COORDINATOR_PASSWORD)

    # 2. The question bank from XLSX: checked first (nothing written), then imported; the list shows the 12.
    menu(page, "Cuộc thi").click()
    page.get_by_role("main").get_by_role("link", name="Ngân hàng câu hỏi").click()
    page.wait_for_url("**/contests/bank/**")
    expect(page.get_by_test_id("questions")).to_contain_text("Chưa có câu hỏi nào.")
    page.get_by_role("link", name="Nhập từ Excel").click()
    page.wait_for_url("**/contests/bank/import/**")
    upload = tmp_path / "ngan-hang-cau-hoi-cchc.xlsx"
    upload.write_bytes(bank_workbook())
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(upload)
    expect(page.get_by_label("Chỉ kiểm tra, chưa ghi")).to_be_checked()  # checking first is the default
    press(page, page.get_by_role("button", name="Thực hiện"))
    page.get_by_text(f"Tệp hợp lệ: {len(BANK)} câu hỏi mới, 0 câu sửa, 0 câu giữ nguyên.").wait_for()
    screenshot(page, "contests-1-import-check")
    idle(page)
    assert not Question.objects.filter(owner=snv).exists(), "a check wrote questions"
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(upload)
    page.get_by_label("Chỉ kiểm tra, chưa ghi").uncheck()
    press(page, page.get_by_role("button", name="Thực hiện"))
    page.get_by_text(f"Đã nhập: {len(BANK)} câu hỏi mới, 0 câu sửa, 0 câu giữ nguyên.").wait_for()
    assert "/contests/bank/" in page.url
    rows = page.get_by_test_id("questions").locator("tbody tr")
    expect(rows).to_have_count(len(BANK))
    for _area, _topic, text, *_rest in BANK:
        expect(page.get_by_test_id("questions")).to_contain_text(text)
    expect(rows.filter(has_text=TTHC)).to_have_count(6)
    expect(rows.filter(has_text=THE_CHE)).to_have_count(4)
    screenshot(page, "contests-2-bank")
    idle(page)
    stored = {q.text: q.options[q.answer] for q in Question.objects.filter(owner=snv)}
    assert stored == RIGHT, "the bank's right answers are the file's"

    # 3. The contest: a quiz of 5 questions (3 + 2 by area), 1 minute, 1 attempt a round, a prediction, 2 prizes.
    year = timezone.localdate().year
    title = TITLE.format(year=year)
    menu(page, "Cuộc thi").click()
    page.get_by_test_id("contest-new").click()
    form = page.get_by_test_id("contest-form")
    form.get_by_label("Loại cuộc thi").select_option(label="Thi trắc nghiệm trực tuyến")
    form.get_by_label("Tên cuộc thi").fill(title)
    form.get_by_label("Thể lệ").fill(RULES)
    form.get_by_label("Số lượt thi tối đa mỗi vòng").fill("1")
    form.get_by_label("Thời gian làm bài (phút)").fill("1")
    form.locator("select[name=bp_area_0]").select_option(label=TTHC)
    form.locator("input[name=bp_count_0]").fill("3")
    form.locator("select[name=bp_area_1]").select_option(label=THE_CHE)
    form.locator("input[name=bp_count_1]").fill("2")
    form.get_by_label("Câu hỏi dự đoán").select_option(label="Dự đoán số người tham gia vòng thi")
    form.get_by_label("Cơ cấu giải mỗi vòng (mỗi dòng: tên giải: số giải)").fill("Giải Nhất: 1\nGiải Nhì: 1")
    screenshot(page, "contests-3-contest-form")
    press(page, form.get_by_role("button", name="Lưu"))
    page.get_by_text("Đã tạo cuộc thi.").wait_for()
    idle(page)
    contest = Contest.objects.get(unit=snv)
    assert page.url.endswith(f"/contests/{contest.pk}/")
    assert (contest.time_limit, contest.attempts_per_round, contest.prediction) == (60, 1, "pred_people")
    assert contest.blueprint == [
        {"area": "tthc", "topic": "", "count": 3},
        {"area": "the_che", "topic": "", "count": 2},
    ]
    assert contest.prizes == [{"label": "Giải Nhất", "count": 1}, {"label": "Giải Nhì", "count": 1}]
    expect(page.get_by_test_id("contest-status")).to_have_text("Đang chuẩn bị")
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text(f"3 câu {TTHC}; 2 câu {THE_CHE}")
    expect(facts).to_contain_text("1 lượt mỗi vòng · 1 phút mỗi lượt")
    expect(facts).to_contain_text("Điểm cao hơn → Dự đoán gần đúng hơn")

    # The round: opened a minute ago, closing at the first whole minute ROUND_SECONDS from now; then published.
    now = timezone.now()
    opens = minute_floor(now) - timedelta(minutes=1)
    closes = minute_floor(now + timedelta(seconds=ROUND_SECONDS + 59))
    adding = page.get_by_test_id("round-add")
    adding.get_by_label("Mở lúc").fill(local_input(opens))
    adding.get_by_label("Đóng lúc").fill(local_input(closes))
    press(page, adding.get_by_role("button", name="Thêm vòng thi"))
    page.get_by_text("Đã thêm vòng thi.").wait_for()
    press(page, page.get_by_test_id("publish"))
    page.get_by_text("Đã công bố cuộc thi.").wait_for()
    expect(page.get_by_test_id("contest-status")).to_have_text("Đã công bố")
    link = page.get_by_test_id("public-link").get_attribute("href")
    idle(page)
    contest.refresh_from_db()
    round_ = contest.rounds.get()
    assert (round_.number, round_.opens_at, round_.closes_at) == (1, opens, closes)
    assert contest.status == ContestStatus.PUBLISHED
    assert link == f"{page.base_url}/cuoc-thi/{contest.code}/"

    # 4. The late one starts first and leaves the page open past the minute and its grace, while the others play.
    late_context, late, late_errors = public_page(
        chromium, expected=[(400, f"/cuoc-thi/{contest.code}/bai/"), (400, f"/cuoc-thi/{contest.code}/vao-thi/")]
    )
    try:
        join(late, link, HUNG)
        late_attempt = Attempt.objects.get(participant__name=HUNG["name"])
        assert late_attempt.deadline == late_attempt.started_at + timedelta(minutes=1), "the time limit, not the close"
        assert late_attempt.deadline + GRACE + timedelta(seconds=LATE_MARGIN) < round_.closes_at
        answer_sheet(late, 5)
        late.get_by_test_id("prediction").fill(GUESSES[HUNG["name"]])

        # 5. Three people on the public page, each in their own browser; Hoa on a phone.
        scores, results = {}, {}
        errors: list[str] = []
        for who, phone, shots in ((MINH, False, True), (HOA, True, True), (LAN, False, False)):
            scores[who["name"]], results[who["name"]], more = take_part(chromium, link, who, phone=phone, shots=shots)
            errors += more
        assert scores == {name: f"{n}/5 câu đúng" for name, n in RIGHT_ANSWERS.items()}, scores

        # The late answers, sent after the deadline and the grace: refused (400), the attempt closed unscored.
        # The server's clock moves past the deadline and its grace instead of the test waiting for it: the live server
        # runs in this process, so travelling in time here is travelling there.
        clock.move(late_attempt.deadline + GRACE + timedelta(seconds=LATE_MARGIN))
        with late.expect_response(lambda r: r.request.method == "POST" and "/bai/" in r.url) as sent:
            late.get_by_test_id("submit").click()
        assert sent.value.status == 400
        refusal = late.get_by_test_id("late")
        expect(refusal).to_have_text(
            "Đã quá thời gian làm bài (1 phút) hoặc vòng thi đã đóng: bài làm không được tính."
        )
        expect(late.get_by_role("heading", name="Hết giờ làm bài")).to_be_visible()
        screenshot(late, "contests-7-late-desktop")
        late.set_viewport_size(PHONE)
        late.wait_for_timeout(200)
        assert late.evaluate(FITS), "the late page is wider than the phone"
        screenshot(late, "contests-7-late-phone")
        # One attempt a round: the same person cannot start again.
        late.set_viewport_size(DESKTOP)
        join(late, link, HUNG, refused="Bạn đã thi đủ 1 lượt của vòng này. Hẹn gặp lại ở vòng sau.")
        settle(late_context)
    finally:
        late_context.close()
    late_attempt.refresh_from_db()
    assert late_attempt.status == AttemptStatus.LATE and late_attempt.score == 0 and late_attempt.answers == {}
    assert timezone.now() < round_.closes_at, "the late answers came while the round was open"
    done = Attempt.objects.filter(participant__round=round_, status=AttemptStatus.DONE)
    assert {a.participant.name: a.score for a in done} == RIGHT_ANSWERS

    # 6. The round closes; the coordinator finishes it from the contest page.
    clock.move(round_.closes_at + timedelta(seconds=1))
    page.goto(f"{page.base_url}/contests/{contest.pk}/")
    row = page.get_by_test_id("rounds").locator("tr[data-round='1']")
    expect(row.locator("td").nth(3)).to_have_text("4")  # people who joined, the late one too
    press(page, row.get_by_test_id("finish-1"))
    page.get_by_text("Đã tổng kết vòng thi: ghi nhận 4 hoạt động cuộc thi.").wait_for()
    assert page.url.endswith(f"/contests/{contest.pk}/rounds/1/ranking/")

    # The ranking: the three by score, the prizes, the late one nowhere.
    ranking = page.get_by_test_id("ranking").locator("tbody tr")
    expect(ranking).to_have_count(3)
    order = sorted(RIGHT_ANSWERS, key=lambda name: -RIGHT_ANSWERS[name])
    for place, name in enumerate(order):
        expect(ranking.nth(place)).to_have_attribute("data-rank", str(place + 1))
        expect(ranking.nth(place).locator("td").nth(1)).to_have_text(name)
        expect(ranking.nth(place).locator("td").nth(3)).to_have_text(scores[name].removesuffix(" câu đúng"))
    expect(page.get_by_test_id("ranking")).not_to_contain_text(HUNG["name"])
    winners = page.get_by_test_id("winners").locator("tbody tr")
    expect(winners).to_have_count(2)
    for line, cells in zip(
        (winners.nth(0), winners.nth(1)),
        (["Giải Nhất", "1", HOA["name"], HOA["unit"], "5/5"], ["Giải Nhì", "2", MINH["name"], MINH["unit"], "4/5"]),
        strict=True,
    ):
        expect(line.locator("td")).to_have_text(cells)
    expect(page.get_by_text("Con số thực tế của câu dự đoán: 3")).to_be_visible()  # 3 sent in time
    activities = page.locator(
        "section.card", has=page.get_by_role("heading", name="Hoạt động đã ghi nhận khi tổng kết")
    )
    expect(activities.locator("li")).to_have_count(4)
    joined = f"Tham gia cuộc thi “{title}”, vòng 1"
    expect(activities).to_contain_text(f"{HOA['unit']}: {joined} (2 người)")
    expect(activities).to_contain_text(f"{LAN['unit']}: {joined} (1 người)")
    expect(activities).to_contain_text(f"{HUNG['unit']}: {joined} (1 người)")
    expect(activities).to_contain_text(f"{snv.name}: Tổ chức cuộc thi “{title}”, vòng 1 (4 người)")
    screenshot(page, "contests-8-ranking-desktop")
    phone_shot(page, "contests-8-ranking", wide)

    # The certificates: a PDF, one page per winner.
    idle(page)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_test_id("certificates").click()
    assert download.value.suggested_filename == "giay-chung-nhan-vong-1.pdf"
    pdf = RESULTS / "contests-certificates.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    assert HOA["name"] in texts[0] and "Giải Nhất" in texts[0], texts[0]
    assert MINH["name"] in texts[1] and "Giải Nhì" in texts[1], texts[1]

    # The contest page: people and attempts per unit (the province's row first), the round finished.
    page.goto(f"{page.base_url}/contests/{contest.pk}/")
    table = page.get_by_test_id("participation")
    for unit, people in (
        (province, 4),
        (communes[HOA["unit"]], 2),
        (communes[LAN["unit"]], 1),
        (communes[HUNG["unit"]], 1),
    ):
        line = table.locator(f"tr[data-unit='{unit.code}']")
        expect(line.locator("td").nth(0)).to_have_text(unit.name)
        expect(line.locator("td").nth(1)).to_have_text(str(people))
        expect(line.locator("td").nth(2)).to_have_text(str(people))  # one attempt each, the late one's included
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(page.get_by_test_id("finish-1")).to_have_text("Tổng kết lại")
    screenshot(page, "contests-9-detail-desktop")
    phone_shot(page, "contests-9-detail", wide)

    # The communes' contest activities, as the coordinator reads a commune's list.
    idle(page)
    for who, people in ((HOA, 2), (LAN, 1), (HUNG, 1)):
        unit = communes[who["unit"]]
        link_ = RoundActivity.objects.get(round=round_, unit=unit, organiser=False)
        activity = Activity.objects.get(pk=link_.activity_id)
        assert (activity.channel, activity.participants, activity.online) == ("cuoc_thi", people, True)
        assert sorted(activity.reform_areas) == ["the_che", "tthc"]
        page.goto(f"{page.base_url}/activities/?unit={unit.code}")
        expect(page.get_by_test_id("activities")).to_contain_text(joined)
    idle(page)

    # The public results of finished rounds show the winners; no account needed.
    context, person, more = public_page(chromium, phone=True)
    try:
        person.goto(link)
        person.get_by_test_id("standings-link").click()
        expect(person.locator("main")).to_contain_text(HOA["name"])
        expect(person.locator("main")).to_contain_text("Giải Nhất")
        expect(person.locator("main")).not_to_contain_text(HUNG["name"])
        expect(person.locator("main")).not_to_contain_text(HOA["phone"])
        assert person.evaluate(FITS), "the public results are wider than the phone"
        screenshot(person, "contests-10-public-standings-phone")
        # Hoa opens her result again: now that the round has closed, the right answers and their grounds.
        person.goto(results[HOA["name"]])
        expect(person.get_by_test_id("score")).to_have_text("5/5 câu đúng")
        review = person.locator("section.pub-group", has=person.get_by_role("heading", name="Đáp án"))
        expect(review.locator(".pub-q")).to_have_count(5)
        expect(review.locator(".pub-q", has_text="✔")).to_have_count(5)
        expect(review).to_contain_text("Căn cứ: ")
        assert person.evaluate(FITS), "the reviewed result is wider than the phone"
        screenshot(person, "contests-11-result-review-phone")
        settle(context)
    finally:
        context.close()
    errors += more

    assert office_errors == [], f"office pages that failed: {office_errors}"
    assert errors == [] and late_errors == [], f"public pages' console errors or failures: {errors + late_errors}"
    assert wide == [], f"office pages wider than the phone: {wide}"
