"""The province's issued plan (`factories`) as DOCX (Nghị định 30), PDF through LibreOffice, and XLSX, read back."""

import io
import unicodedata

import pytest
from docx import Document
from docx.shared import Mm
from python_calamine import CalamineWorkbook

from loa.core.catalogs import ReformArea
from loa.core.tests.needs import need_program
from loa.plans.document import plan_docx, plan_pdf, plan_xlsx
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput

from .factories import PROVINCE_TASKS, RESPONSIBILITIES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def texts(doc):
    return [p.text for p in doc.paragraphs]


def cell_texts(table):
    return [unicodedata.normalize("NFC", c.text) for row in table.rows for c in row.cells]


@pytest.fixture
def docx(province_plan):
    return Document(io.BytesIO(plan_docx(province_plan)))


def test_header_number_date_and_title(docx, province_plan):
    header = cell_texts(docx.tables[0])
    joined = "\n".join(header)
    assert "ỦY BAN NHÂN DÂN" in joined and "TỈNH HÀ TĨNH" in joined
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in joined and "Độc lập - Tự do - Hạnh phúc" in joined
    assert "Số: 07/KH-UBND" in joined  # numbers below 10 zero-padded
    day = province_plan.issued_on
    assert f"Hà Tĩnh, ngày {day.day:02d} tháng 01 năm {day.year}" in joined  # months 1–2 zero-padded
    body = texts(docx)
    assert "KẾ HOẠCH" in body
    assert f"Thông tin, tuyên truyền cải cách hành chính năm {province_plan.year}" in body
    assert "trên địa bàn tỉnh Hà Tĩnh" in body  # the summary breaks where real plans break it


def test_bases_italic_one_per_line_and_body_numbering(docx):
    paragraphs = docx.paragraphs
    bases = [p for p in paragraphs if p.text.startswith(("Căn cứ ", "Thực hiện "))]
    assert len(bases) == 3
    assert (
        bases[0].text
        == "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể CCHC;"
    )
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(".")
    assert all(r.italic for p in bases for r in p.runs if r.text.strip())
    body = texts(docx)
    for heading in (
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
        "III. TỔ CHỨC THỰC HIỆN",
    ):
        assert heading in body
    assert any(t.startswith("1. Mục đích") for t in body)
    assert any(t.startswith("a) Công tác chỉ đạo, điều hành") for t in body)
    assert any(t.startswith("đ) Cải cách chế độ công vụ") for t in body)  # Vietnamese order: a b c d đ e
    assert "(Có phụ lục các nhiệm vụ, sản phẩm thực hiện kế hoạch kèm theo)" in body
    asked = len(RESPONSIBILITIES)  # the one that asks rather than assigns comes last, worded as a request
    assert any(t.startswith(f"{asked}. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh") for t in body)
    closing = [t for t in body if t.startswith("Trên đây là Kế hoạch")]
    assert closing and closing[0].endswith("./.")


def test_recipients_signature_and_page_setup(docx, province_plan):
    signature = "\n".join(cell_texts(docx.tables[1]))
    assert "Nơi nhận:" in signature and "- Lưu: VT, SNV." in signature
    assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in signature.replace("\n\n", "\n")
    assert province_plan.signer_name in signature
    first = docx.sections[0]
    assert abs(first.page_width - Mm(210)) < Mm(0.5) and abs(first.page_height - Mm(297)) < Mm(0.5)
    assert abs(first.left_margin - Mm(30)) < Mm(0.5) and abs(first.right_margin - Mm(15)) < Mm(0.5)
    assert first.different_first_page_header_footer  # no page number on page 1
    assert "PAGE" in first.header._element.xml
    styles = docx.styles.element.xml
    assert 'w:ascii="Times New Roman"' in styles and 'w:eastAsia="Times New Roman"' in styles


def test_appendix_is_a_landscape_table_with_its_reference_line(docx, province_plan):
    appendix = docx.sections[-1]
    assert appendix.page_width > appendix.page_height
    assert appendix._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"
    body = texts(docx)
    day = province_plan.issued_on
    assert (
        f"(Kèm theo Kế hoạch số 07/KH-UBND ngày {day.day:02d} tháng 01 năm {day.year} của Ủy ban nhân dân tỉnh Hà Tĩnh)"
    ) in body
    table = docx.tables[-1]
    assert [c.text for c in table.rows[0].cells][:4] == ["STT", "Nhiệm vụ", "Hình thức", "Cơ quan chủ trì"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    numbered = [r for r in rows if r[0].isdigit()]
    by_area = sorted(PROVINCE_TASKS, key=lambda row: list(ReformArea.values).index(row.reform_area))
    assert [r[1] for r in numbered] == [row.title for row in by_area]
    assert any(r[3] == "UBND các xã, phường" and r[7] == "300 thủ tục" for r in numbered)  # Hà Tĩnh has no special zone
    assert rows[0][0] == "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"  # grouped by reform area


def test_draft_has_blank_number_and_draft_mark(world, province_plan):
    draft = plan_create(
        actor=world.users["editor"],
        issuer=world.commune,
        year=province_plan.year,
        tasks=[TaskInput(title="Đăng tin", lead_unit=world.commune.code)],
    )
    doc = Document(io.BytesIO(plan_docx(draft)))
    header = "\n".join(cell_texts(doc.tables[0]))
    assert "Số:       /KH-UBND" in header and "07/" not in header
    assert "PHƯỜNG THÀNH SEN" in header
    assert "DỰ THẢO" in doc.element.body.xml


def test_xlsx_appendix_has_vietnamese_headers_and_real_values(province_plan):
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(plan_xlsx(province_plan))).get_sheet_by_index(0).to_python()
    assert sheet[0][:6] == ["STT", "Nhiệm vụ", "Lĩnh vực CCHC", "Hình thức", "Đối tượng", "Cơ quan chủ trì"]
    assert len(sheet) == 1 + len(PROVINCE_TASKS)
    first = sheet[1]
    assert first[1] == PROVINCE_TASKS[0].title
    assert first[5] == "Sở Nội vụ"
    assert str(first[7]).startswith(f"{province_plan.year}-02-28")
    assert first[10] == 1


def test_pdf_renders_with_vietnamese_text(province_plan):
    need_program("soffice", "libreoffice-writer-nogui")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(plan_pdf(province_plan)))
    text = unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) >= 3
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert PROVINCE_TASKS[6].title in text
    assert "Phụ lục" in text
