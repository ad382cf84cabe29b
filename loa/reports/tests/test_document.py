"""The report as a Nghị định 30 document, its spreadsheet and the ZIP of many reports, read back from the bytes."""

import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any

import docx
import pytest
from django.utils import timezone
from docx.oxml.ns import qn
from python_calamine import CalamineWorkbook

from loa.activity.models import Activity
from loa.core.tests.needs import need
from loa.documents.pdf import pdf_available
from loa.org.scope import SYSTEM
from loa.reports.document import annex_status, report_docx, report_pdf, text_blocks
from loa.reports.exports import EXPORTS, export_filename, reports_zip
from loa.reports.selectors import ReportState, report_state
from loa.reports.services import report_accept, report_save, report_submit
from loa.reports.workbook import report_xlsx


def report_year() -> int:
    return timezone.localdate().year


def period_id() -> str:
    return f"{report_year()}M9"


def paragraphs(content: bytes) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    body = docx.Document(io.BytesIO(content)).element.body
    texts = ("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))
    return [text.strip() for text in texts if text.strip()]


def table_rows(content: bytes, first_header: str) -> list[list[str]]:
    """The rows (header included) of the first table whose second header cell is `first_header`."""
    for table in docx.Document(io.BytesIO(content)).tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if len(rows[0]) > 1 and rows[0][1] == first_header:
            return rows
    raise AssertionError(f"no table headed {first_header!r}")


def number(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.fixture(autouse=True)
def nine_months_of_work(world: Any) -> None:
    """Work in the nine months of two communes and a commune's section; a draft and a day past the cut-off that the
    report must leave out."""
    from loa.activity.tests.factories import ActivityFactory
    from loa.org.models import OrgUnit

    year = report_year()
    section = OrgUnit.objects.get(code=f"{world.commune.code}.VHXH")
    work = [
        (world.commune, date(year, 2, 3), "phat_thanh", "confirmed"),
        (world.commune, date(year, 5, 12), "cong_ttdt", "confirmed"),
        (world.commune, date(year, 5, 13), "cong_ttdt", "confirmed"),
        (section, date(year, 7, 1), "truc_quan", "confirmed"),
        (world.commune, date(year, 6, 1), "hoi_nghi", "draft"),
        (world.commune, date(year, 9, 20), "hoi_nghi", "confirmed"),  # after the nine months' cut-off (14/9)
        (world.other_commune, date(year, 4, 4), "cong_ttdt", "confirmed"),
    ]
    for unit, day, channel, status in work:
        ActivityFactory(unit=unit, date=day, channel=channel, status=status)


@pytest.fixture
def commune_state(world: Any) -> ReportState:
    return report_state(actor=SYSTEM, unit=world.commune, period=period_id())


def test_commune_report_document(world: Any, commune_state: ReportState) -> None:
    state = commune_state
    content = report_docx(state)
    texts = paragraphs(content)
    year = state.period.year

    assert "BÁO CÁO" in texts
    assert "DỰ THẢO" in texts
    numbers = [t for t in texts if t.startswith("Số:")]
    assert numbers == ["Số:       /BC-UBND"]  # drafts are never numbered
    assert any(t.endswith(f"ngày      tháng      năm {timezone.localdate().year}") for t in texts)
    kinh_gui = next(t for t in texts if t.startswith("Kính gửi:"))
    assert world.snv.name in kinh_gui
    assert kinh_gui.endswith(".")

    opening = next(t for t in texts if t.startswith("Thực hiện "))
    subject = "công tác thông tin, tuyên truyền cải cách hành chính"
    assert f"báo cáo kết quả {subject} 9 tháng năm {year} như sau:" in opening
    assert "I. KẾT QUẢ THỰC HIỆN" in texts
    assert "1. Công tác ban hành văn bản, chỉ đạo, điều hành" in texts
    assert "2. Kết quả thông tin, tuyên truyền theo từng hình thức" in texts
    assert "(Số liệu chi tiết tại các phụ lục kèm theo)" in texts
    assert "II. NHỮNG THUẬN LỢI, KHÓ KHĂN" in texts
    assert "1. Thuận lợi" in texts
    assert "2. Khó khăn, hạn chế" in texts
    assert f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ IV NĂM {year}" in texts
    assert "IV. ĐỀ XUẤT, KIẾN NGHỊ" in texts
    closing = next(t for t in texts if t.startswith("Trên đây là báo cáo"))
    assert closing.endswith("./.")
    assert texts.index(closing) > texts.index("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    assert "Nơi nhận:" in texts
    assert "- Như trên;" in texts
    assert "- Lưu: VT." in texts
    assert "Phụ lục I" in texts
    assert "Phụ lục II" in texts
    assert "KẾT QUẢ THÔNG TIN, TUYÊN TRUYỀN THEO HÌNH THỨC" in texts
    assert any(t.startswith("(Kèm theo Báo cáo số       /BC-UBND ngày") for t in texts)

    # The total of appendix I is the count of confirmed activities of the commune's subtree in the window.
    expected = Activity.objects.filter(
        unit_path__startswith=world.commune.path,
        date__range=(state.period.start, state.period.end),
        status="confirmed",
    ).count()
    assert expected == 4  # three in the commune, one in its section
    assert state.figures["totals"]["count"] == expected
    rows = table_rows(content, "Hình thức")
    assert rows[0] == ["STT", "Hình thức", "Số hoạt động", "Số lượng", "Số người tham dự", "Lượt người được tiếp cận"]
    total = next(row for row in rows if row[1] == "Tổng cộng")
    assert number(total[2]) == expected
    assert sum(number(row[2]) for row in rows[1:] if row[1] != "Tổng cộng") == expected
    assert rows.index(total) == len(rows) - 1
    bold = docx.Document(io.BytesIO(content)).tables
    total_row = next(r for t in bold for r in t.rows if r.cells[1].text.strip() == "Tổng cộng")
    assert all(run.bold for cell in total_row.cells for p in cell.paragraphs for run in p.runs)


def test_numbered_report_shows_number_and_date(world: Any) -> None:
    year = timezone.localdate().year
    report_save(
        actor=SYSTEM,
        unit=world.commune,
        period=period_id(),
        register=(5, date(year, 1, 5)),
        signer_name="Lê Văn A",
    )
    state = report_state(actor=SYSTEM, unit=world.commune, period=period_id())
    texts = paragraphs(report_docx(state))

    assert "Số: 05/BC-UBND" in texts
    place_date = next(t for t in texts if f"ngày 05 tháng 01 năm {year}" in t)
    assert place_date.startswith(f"{texts[texts.index('Số: 05/BC-UBND') + 1].split(',')[0]},")  # "Place, ngày …"
    assert any(t.startswith(f"(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 01 năm {year} của ") for t in texts)
    assert "Lê Văn A" in texts


def test_xlsx_sheets_carry_the_figures(commune_state: ReportState) -> None:
    state = commune_state
    book = CalamineWorkbook.from_filelike(io.BytesIO(report_xlsx(state)))
    assert book.sheet_names == ["Theo hình thức", "Theo lĩnh vực", "Nhiệm vụ", "Hướng dẫn"]

    rows = book.get_sheet_by_name("Theo hình thức").to_python()
    assert rows[0][:4] == ["STT", "Mã hình thức", "Hình thức", "Số hoạt động"]
    counts = {row[1]: row[3] for row in rows[1:] if row[1]}
    assert counts == {code: row["count"] for code, row in state.figures["by_channel"].items()}
    assert rows[-1][2] == "Tổng cộng"
    assert rows[-1][3] == state.figures["totals"]["count"]

    areas = book.get_sheet_by_name("Theo lĩnh vực").to_python()
    assert {row[1]: row[3] for row in areas[1:]} == {c: r["count"] for c, r in state.figures["by_area"].items()}

    notes = [row[0] for row in book.get_sheet_by_name("Hướng dẫn").to_python()]
    assert any(state.unit.name in str(line) for line in notes)
    start, end = state.period.start, state.period.end
    assert f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" in " ".join(map(str, notes))
    assert any(line.startswith("Tình trạng: ") for line in notes)


def test_snv_report_has_the_reporters_appendix(world: Any, province_plan: Any) -> None:
    """The Sở Nội vụ leads tasks of the province's plan (appendix III); its reporters come fourth."""
    state = report_state(actor=SYSTEM, unit=world.snv, period=period_id())
    assert state.annex, "the Sở Nội vụ should expect reports from the province's units"
    content = report_docx(state)
    texts = paragraphs(content)
    assert "Số:       /BC-SNV" in texts
    assert "Phụ lục IV" in texts
    assert "KẾT QUẢ CỦA CÁC ĐƠN VỊ BÁO CÁO" in texts
    rows = table_rows(content, "Đơn vị")
    assert len(rows) == 1 + len(state.annex) + 1  # header, one row per reporter, total
    assert [row[1] for row in rows[1:-1]] == [row["name"] for row in state.annex]
    assert rows[-1][1] == "Tổng cộng"

    book = CalamineWorkbook.from_filelike(io.BytesIO(report_xlsx(state)))
    assert "Đơn vị báo cáo" in book.sheet_names
    assert len(book.get_sheet_by_name("Đơn vị báo cáo").to_python()) == 1 + len(state.annex)


def test_accepted_reporter_counts_in_the_snv_annex(world: Any) -> None:
    report_save(actor=SYSTEM, unit=world.commune, period=period_id(), register=(3, date(report_year(), 9, 15)))
    on_time = datetime(report_year(), 9, 15, 9, tzinfo=UTC)
    report = report_submit(actor=SYSTEM, unit=world.commune, period=period_id(), now=on_time)
    report_accept(actor=SYSTEM, report=report)
    commune = report_state(actor=SYSTEM, unit=world.commune, period=period_id())
    assert commune.version is not None
    texts = paragraphs(report_docx(commune))
    assert "DỰ THẢO" not in texts  # accepted: a final document
    assert "Số: 03/BC-UBND" in texts

    snv = report_state(actor=SYSTEM, unit=world.snv, period=period_id())
    content = report_docx(snv)
    rows = table_rows(content, "Đơn vị")
    row = next(r for r in rows if r[1] == world.commune.name)
    assert row[2] == "Đã tiếp nhận"
    assert number(row[3]) == commune.figures["totals"]["count"] > 0
    own = rows[1]
    assert own[1] == world.snv.name and own[2] == "Số liệu của đơn vị tổng hợp"  # the Sở's own row comes first
    counted = [own, *(r for r in rows[2:-1] if r[2].startswith("Đã tiếp nhận"))]
    assert number(rows[-1][3]) == sum(number(r[3]) for r in counted)  # the total adds accepted reports only
    assert number(rows[-1][3]) == snv.figures["totals"]["count"]  # and equals the report's body
    assert all(r[3] == "" for r in rows[2:-1] if not r[2].startswith("Đã tiếp nhận"))
    reporting = snv.figures["reporting"]
    assert reporting["sent"] == 1 and reporting["accepted"] == 1 and reporting["missing"] == reporting["expected"] - 1
    assert snv.sections["direction"].startswith(f"Có 1/{reporting['expected']} đơn vị thuộc diện báo cáo đã gửi")
    tables = [
        [[c.text.strip() for c in row.cells] for row in t.rows] for t in docx.Document(io.BytesIO(content)).tables
    ]
    missing = next(t for t in tables if t[0] == ["STT", "Đơn vị", "Đầu mối liên hệ"])
    assert len(missing) - 1 == reporting["missing"] and world.commune.name not in [r[1] for r in missing]

    book = CalamineWorkbook.from_filelike(io.BytesIO(report_xlsx(snv)))
    annex = book.get_sheet_by_name("Đơn vị báo cáo").to_python()
    line = next(r for r in annex if r[1] == world.commune.code)
    assert line[3] == "Đã tiếp nhận"
    assert line[7] == commune.figures["totals"]["count"]


def test_zip_of_reports(world: Any, commune_state: ReportState) -> None:
    other = report_state(actor=SYSTEM, unit=world.other_commune, period=period_id())
    calls: list[tuple[int, int]] = []
    content = reports_zip([commune_state, other], "docx", progress=lambda done, total: calls.append((done, total)))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert names == [export_filename(commune_state, "docx"), export_filename(other, "docx")]
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
        assert paragraphs(archive.read(names[0]))[0]
    assert calls == [(1, 2), (2, 2)]

    # The same report twice still gives two files.
    with zipfile.ZipFile(io.BytesIO(reports_zip([commune_state, commune_state], "xlsx"))) as archive:
        assert len(set(archive.namelist())) == 2


def test_export_filename_is_ascii(commune_state: ReportState) -> None:
    name = export_filename(commune_state, "docx")
    code = commune_state.unit.code.lower().replace(".", "-")
    assert name == f"bao-cao-{commune_state.period.id.lower()}-{code}.docx"
    assert name.isascii()
    assert export_filename(commune_state, "xlsx").endswith(".xlsx")
    assert set(EXPORTS) == {"docx", "pdf", "xlsx"}


def test_annex_status_labels() -> None:
    assert annex_status({"status": "", "late": False}) == "Chưa gửi"
    assert annex_status({"status": "submitted", "late": True}) == "Đã gửi (muộn)"
    assert annex_status({"status": "returned", "late": False}) == "Trả lại"
    assert annex_status({"status": "draft", "late": False}) == "Nháp"


def test_text_lines_become_blocks() -> None:
    blocks = text_blocks("Mở đầu:\n\n- một;\n+ chi tiết\n-5% không phải gạch đầu dòng")
    assert [(b.kind, b.text) for b in blocks] == [
        ("para", "Mở đầu:"),
        ("bullet", "một;"),
        ("subbullet", "chi tiết"),
        ("para", "-5% không phải gạch đầu dòng"),
    ]


def test_pdf(commune_state: ReportState) -> None:
    need(pdf_available(), "LibreOffice", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    assert report_pdf(commune_state).startswith(b"%PDF")


def test_the_snv_reports_the_province_plan_across_every_unit(world: Any, province_plan: Any) -> None:
    from loa.activity.progress import plan_progress

    snv = report_state(actor=SYSTEM, unit=world.snv, period=period_id())
    superior = snv.figures["superior_tasks"]
    assert superior["plan"] == province_plan.number_symbol and len(superior["tasks"]) == 8
    # The same pairs as the plan's progress page, counted per task.
    pairs = plan_progress(province_plan, today=snv.period.end).rows
    for task, row in zip(province_plan.tasks.order_by("position", "pk"), superior["tasks"], strict=True):
        assert row["units"] == sum(1 for p in pairs if p.task.pk == task.pk) and row["title"] == task.title
    assert f"Kế hoạch số {province_plan.number_symbol} của" in snv.sections["direction"]
    tables = [
        [[c.text.strip() for c in r.cells] for r in t.rows] for t in docx.Document(io.BytesIO(report_docx(snv))).tables
    ]
    table = next(t for t in tables if t[0][:3] == ["STT", "Nhiệm vụ", "Số đơn vị thực hiện"])
    assert len(table) - 1 == 8
