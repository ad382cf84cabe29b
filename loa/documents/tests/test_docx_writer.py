"""The DOCX follows Nghị định 30/2020 (domain.md §8): read the produced bytes back and check the layout rules."""

import dataclasses
import io
import re
import unicodedata
import zipfile
from datetime import UTC, datetime

import docx
import pytest
import time_machine
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Length
from lxml import etree  # type: ignore[import-untyped]

from loa.documents.docx_writer import LANDSCAPE, PORTRAIT, render_docx
from loa.documents.model import LANDSCAPE_TEXT_WIDTH_MM, PORTRAIT_TEXT_WIDTH_MM, Appendix, Block, Nd30Document, Table
from loa.documents.numbering import point_letter, roman
from loa.documents.tests.sample import REFERENCE, sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FONT = "Times New Roman"
# Printed widths measured on a LibreOffice rendering (Liberation Serif, metric-compatible with Times New Roman).
MOTTO_WIDTH_MM = 56.1  # "Độc lập - Tự do - Hạnh phúc", bold 13 pt
HUYEN_NINH_GIANG_WIDTH_MM = 46.3  # "HUYỆN NINH GIANG", bold 13 pt


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(sample_document())


@pytest.fixture(scope="module")
def document(data):
    return docx.Document(io.BytesIO(data))


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _xml(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def _all_text(element) -> str:
    """Text of every w:t below a python-docx element (its classes override `.text`, which upsets itertext())."""
    return "".join(element.xpath(".//w:t/text()"))


def _text(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _runs(paragraph):
    runs = [run for run in paragraph.runs if run.text.strip()]
    assert runs, f"no text in {paragraph.text!r}"
    return runs


def _body_paragraphs(document):
    """Paragraphs of the main body, in order, outside tables."""
    return [p for p in document.paragraphs if p.text]


def _paragraph(document, startswith: str):
    matches = [p for p in document.paragraphs if p.text.startswith(startswith)]
    assert matches, f"no paragraph starts with {startswith!r}"
    return matches[0]


def _rule_width_mm(paragraph, column_mm: float) -> float:
    fmt = paragraph.paragraph_format
    return float(column_mm - Length(fmt.left_indent or 0).mm - Length(fmt.right_indent or 0).mm)


def _has_bottom_border(paragraph) -> bool:
    return bool(paragraph._p.xpath("./w:pPr/w:pBdr/w:bottom[@w:val='single']"))


# --- numbering labels -------------------------------------------------------------------------------------------


def test_point_letters_follow_the_vietnamese_alphabet():
    letters = [point_letter(n) for n in range(1, 24)]
    assert letters[:7] == ["a", "b", "c", "d", "đ", "e", "g"]
    assert letters[-1] == "y"
    assert not {"f", "j", "w", "z"} & set(letters)
    assert point_letter(24) == "aa"


def test_roman_numerals():
    assert [roman(n) for n in (1, 2, 3, 4, 5, 9, 14, 40)] == ["I", "II", "III", "IV", "V", "IX", "XIV", "XL"]
    with pytest.raises(ValueError):
        roman(0)


# --- page -------------------------------------------------------------------------------------------------------


def test_a4_portrait_with_decree_margins(document):
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    expected = {"page_width": 210, "page_height": 297, "top_margin": 20, "bottom_margin": 20}
    expected |= {"left_margin": 30, "right_margin": 15}
    for attribute, millimetres in expected.items():
        assert getattr(section, attribute).mm == pytest.approx(millimetres, abs=0.5), attribute


def test_published_text_widths_match_the_page_layouts():
    # Callers size Table.widths_mm from these constants.
    assert PORTRAIT.text_width.mm == pytest.approx(PORTRAIT_TEXT_WIDTH_MM, abs=0.01)
    assert LANDSCAPE.text_width.mm == pytest.approx(LANDSCAPE_TEXT_WIDTH_MM, abs=0.01)


def test_times_new_roman_on_all_four_slots_everywhere(data):
    styles = _xml(data, "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    normal = styles.find("w:style[@w:styleId='Normal']/w:rPr", NS)
    body = _xml(data, "word/document.xml")
    run_fonts = body.findall(".//w:r/w:rPr/w:rFonts", NS)
    assert len(run_fonts) == len(body.findall(".//w:r", NS)) > 100  # every run, tables included
    for rFonts in [default.find("w:rFonts", NS), normal.find("w:rFonts", NS), *run_fonts]:
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            assert rFonts.get(f"{{{W}}}{slot}") == FONT, slot
        assert not [name for name in rFonts.attrib if name.endswith("Theme") or name.endswith("theme")]
    assert default.find("w:sz", NS).get(f"{{{W}}}val") == "28"
    assert default.find("w:lang", NS).get(f"{{{W}}}val") == "vi-VN"
    colours = {c.get(f"{{{W}}}val") for c in body.findall(".//w:r/w:rPr/w:color", NS)}
    assert colours == {"000000"}


def test_core_properties(document):
    props = document.core_properties
    assert props.title == "Kế hoạch tuyên truyền cải cách hành chính năm 2022"
    assert props.author == "Loa"
    assert props.language == "vi-VN"


# --- header (boxes 1–4) ---------------------------------------------------------------------------------------------


def test_header_table_texts_and_styles(document):
    header = document.tables[0]
    issuer, national = header.cell(0, 0), header.cell(0, 1)
    assert _text(issuer) == ["ỦY BAN NHÂN DÂN", "HUYỆN NINH GIANG"]
    assert _text(national) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    for paragraph in [p for p in issuer.paragraphs + national.paragraphs if p.text]:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in _runs(paragraph)), paragraph.text
    assert {run.font.size.pt for p in issuer.paragraphs for run in p.runs} == {13}
    assert national.paragraphs[0].runs[0].font.size.pt in (12, 13)

    number = header.cell(1, 0).paragraphs[0]
    assert number.text == "Số: 18/KH-UBND"
    assert not any(run.bold or run.italic for run in _runs(number))
    place_date = header.cell(1, 1).paragraphs[0]
    assert place_date.text == "Ninh Giang, ngày 28 tháng 01 năm 2022"
    assert all(run.italic and not run.bold for run in _runs(place_date))


def test_header_has_no_borders_and_a_wide_enough_right_column(data, document):
    header = document.tables[0]
    assert header.columns[1].width.mm >= 95
    assert header.columns[0].width.mm + header.columns[1].width.mm == pytest.approx(165, abs=0.5)
    for row in header.rows:  # Word reads the cell widths, LibreOffice the grid: both must hold
        assert row.cells[1].width.mm >= 95
    first_table = _xml(data, "word/document.xml").find(".//w:tbl", NS)
    assert first_table.find("w:tblPr/w:tblLayout", NS).get(f"{{{W}}}type") == "fixed"
    borders = first_table.findall("w:tblPr/w:tblBorders/*", NS)
    assert len(borders) == 6 and {b.get(f"{{{W}}}val") for b in borders} == {"nil"}


def test_rules_under_issuer_and_motto(document):
    header = document.tables[0]
    issuer_rule = header.cell(0, 0).paragraphs[-1]
    motto_rule = header.cell(0, 1).paragraphs[-1]
    assert _has_bottom_border(issuer_rule) and not issuer_rule.text
    assert _has_bottom_border(motto_rule) and not motto_rule.text
    issuer_width = _rule_width_mm(issuer_rule, header.columns[0].width.mm)
    assert HUYEN_NINH_GIANG_WIDTH_MM / 3 <= issuer_width <= HUYEN_NINH_GIANG_WIDTH_MM / 2
    assert _rule_width_mm(motto_rule, header.columns[1].width.mm) == pytest.approx(MOTTO_WIDTH_MM, abs=3)


def test_parent_issuer_upright_above_bold_issuer_and_draft_date_passed_through():
    doc = dataclasses.replace(
        sample_document(),
        parent_issuer="UBND tỉnh Hà Tĩnh",
        issuer=["Sở Nội vụ"],
        number="Số:       /KH-SNV",
        place_date="Hà Tĩnh, ngày      tháng      năm 2026",
    )
    header = _open(render_docx(doc)).tables[0]
    parent, issuer = [p for p in header.cell(0, 0).paragraphs if p.text]
    assert (parent.text, issuer.text) == ("UBND TỈNH HÀ TĨNH", "SỞ NỘI VỤ")
    assert not any(run.bold for run in parent.runs) and all(run.bold for run in issuer.runs)
    assert header.cell(1, 0).paragraphs[0].text == "Số:       /KH-SNV"
    assert header.cell(1, 1).paragraphs[0].text == "Hà Tĩnh, ngày      tháng      năm 2026"


def test_long_place_date_steps_down_to_13_pt_to_stay_on_one_line():
    doc = dataclasses.replace(sample_document(), place_date="Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2026")
    place_date = _open(render_docx(doc)).tables[0].cell(1, 1).paragraphs[0]
    assert [run.font.size.pt for run in place_date.runs] == [13]
    short = _open(render_docx(sample_document())).tables[0].cell(1, 1).paragraphs[0]
    assert [run.font.size.pt for run in short.runs] == [14]


# --- title, addressees, bases ------------------------------------------------------------------------------------


def test_type_name_summary_and_rule(document):
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == "KẾ HOẠCH")
    type_name, first, second, rule = paragraphs[index : index + 4]
    assert first.text == "Tuyên truyền thực hiện cải cách hành chính nhà nước năm 2022"
    assert second.text == "trên địa bàn huyện Ninh Giang"
    for paragraph in (type_name, first, second):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold and run.font.size.pt == 14 for run in _runs(paragraph))
    assert _has_bottom_border(rule) and not rule.text
    assert 165 / 6 <= _rule_width_mm(rule, 165) <= 165 / 2


def test_kinh_gui_one_addressee_on_the_same_line():
    doc = dataclasses.replace(sample_document(), kinh_gui=["Ủy ban nhân dân tỉnh Hà Tĩnh"])
    texts = [p.text for p in _open(render_docx(doc)).paragraphs]
    assert "Kính gửi: Ủy ban nhân dân tỉnh Hà Tĩnh." in texts


def test_kinh_gui_several_addressees_one_per_line():
    doc = dataclasses.replace(sample_document(), kinh_gui=["Bộ Nội vụ;", "Ủy ban nhân dân tỉnh Hà Tĩnh"])
    texts = [p.text for p in _open(render_docx(doc)).paragraphs]
    index = texts.index("Kính gửi:\t- Bộ Nội vụ;")
    assert texts[index + 1] == "- Ủy ban nhân dân tỉnh Hà Tĩnh."
    assert not [t for t in texts if t.startswith("Kính gửi") and t != texts[index]]


def test_no_kinh_gui_without_addressees(document):
    assert not [p for p in document.paragraphs if "Kính gửi" in p.text]


def test_legal_bases_italic_one_per_paragraph(document):
    bases = [p for p in document.paragraphs if p.text.startswith(("Căn cứ", "Thực hiện Kế hoạch"))]
    assert [p.text for p in bases] == sample_document().bases
    for paragraph in bases:
        assert all(run.italic and run.font.size.pt == 14 for run in _runs(paragraph))
        assert paragraph.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


# --- body numbering ---------------------------------------------------------------------------------------------


def test_sections_numbered_in_roman_caps_bold(document):
    sections = [p for p in document.paragraphs if re.match(r"^[IVX]+\. ", p.text)]
    assert [p.text for p in sections] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN",
        "III. TỔ CHỨC THỰC HIỆN",
    ]
    assert all(run.bold for p in sections for run in _runs(p))


def test_clauses_restart_in_each_section_and_titles_are_bold(document):
    clauses = [p.text for p in document.paragraphs if re.match(r"^\d+\. ", p.text)]
    assert clauses == [
        "1. Mục đích",
        "2. Yêu cầu",
        "1. Đối tượng tuyên truyền: Cán bộ, công chức, viên chức, người lao động trong các cơ quan hành chính "
        "nhà nước và nhân dân trên địa bàn huyện.",
        "2. Nội dung tuyên truyền",
        "3. Hình thức tuyên truyền",
        "1. Phòng Nội vụ",
        "2. Đài Phát thanh huyện: Phối hợp xây dựng chuyên mục về cải cách hành chính.",
    ]
    titled = _paragraph(document, "1. Đối tượng tuyên truyền")
    lead, rest = titled.runs
    assert lead.bold and lead.text == "1. Đối tượng tuyên truyền: "
    assert not rest.bold


def test_points_use_vietnamese_letters(document):
    labels = [m.group(1) for p in document.paragraphs if (m := re.match(r"^([a-zđ]{1,2})\) ", p.text))]
    assert labels == ["a", "b", "c", "d", "đ", "e", "g"]
    assert not any(p.text.startswith("f)") for p in document.paragraphs)


def test_points_restart_in_each_clause():
    body = [Block("clause", "", title="Một"), Block("point", "x"), Block("point", "y")]
    body += [Block("clause", "", title="Hai"), Block("point", "z")]
    texts = [p.text for p in _open(render_docx(dataclasses.replace(sample_document(), body=body))).paragraphs]
    assert [t for t in texts if re.match(r"^[a-z]\) ", t)] == ["a) x", "b) y", "a) z"]


def test_parts_numbered_and_centred_and_sections_restart():
    body = [Block("part", "Kết quả"), Block("section", "Một"), Block("section", "Hai")]
    body += [Block("part", "Phương hướng"), Block("section", "Ba")]
    document = _open(render_docx(dataclasses.replace(sample_document(), body=body)))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Phần I")
    assert texts[start : start + 7] == ["Phần I", "KẾT QUẢ", "I. MỘT", "II. HAI", "Phần II", "PHƯƠNG HƯỚNG", "I. BA"]
    part = document.paragraphs[start]
    assert part.alignment == WD_ALIGN_PARAGRAPH.CENTER and part.runs[0].bold


def test_bullets_subbullets_paras_and_note(document):
    bullet = _paragraph(document, "- Đẩy mạnh công tác thông tin")
    subbullet = _paragraph(document, "+ Niêm yết công khai")
    para = _paragraph(document, "Theo dõi, hướng dẫn")
    for paragraph in (bullet, subbullet, para):
        fmt = paragraph.paragraph_format
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert fmt.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
        assert fmt.space_after.pt >= 6
        assert 1.0 <= fmt.line_spacing <= 1.5
        assert all(run.font.size.pt == 14 and not run.bold and not run.italic for run in _runs(paragraph))
    note = _paragraph(document, "(Có phụ lục")
    assert note.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(run.italic for run in _runs(note))


# --- closing, recipients, signature --------------------------------------------------------------------------------


def test_closing_ends_the_body_before_the_signature_table(document):
    body = document.element.body
    signature_table = document.tables[1]._tbl
    previous = signature_table.getprevious()
    closing = _all_text(previous)
    assert closing == sample_document().closing
    assert closing.endswith("./.")
    assert body.index(previous) + 1 == body.index(signature_table)


def test_recipients_block(document):
    recipients = document.tables[1].cell(0, 0)
    title, *entries = [p for p in recipients.paragraphs if p.text]
    assert title.text == "Nơi nhận:"
    assert all(run.bold and run.italic and run.font.size.pt == 12 for run in _runs(title))
    assert [p.text for p in entries] == [f"- {entry}" for entry in sample_document().recipients]
    for paragraph in entries:
        assert all(run.font.size.pt == 11 and not run.bold and not run.italic for run in _runs(paragraph))
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert entries[-1].text == "- Lưu: VT."


def test_signature_block_on_the_right(document):
    table = document.tables[1]
    assert table.columns[1].width.mm >= 80
    signer = table.cell(0, 1)
    texts = [p.text for p in signer.paragraphs]
    assert texts[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert texts[-1] == "Nguyễn Đình Tranh"
    assert texts[3:-1] == [""] * 4  # room for the signature and the seal
    for paragraph in [p for p in signer.paragraphs if p.text]:
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold and run.font.size.pt in (13, 14) for run in _runs(paragraph))
    assert table._tbl.xpath("./w:tr/w:trPr/w:cantSplit")


# --- page numbers and appendix sections ----------------------------------------------------------------------------


def test_page_number_in_header_but_not_on_page_one(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_header.is_linked_to_previous
    first_page_header = section.first_page_header.part.element
    assert _all_text(first_page_header).strip() == ""
    assert not first_page_header.xpath(".//w:instrText | .//w:fldSimple")
    default_header = section.header.part.element
    instructions = [node.text.strip() for node in default_header.xpath(".//w:instrText")]
    assert instructions == ["PAGE"]
    paragraph = section.header.paragraphs[0]
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {run.font.size.pt for run in paragraph.runs} <= {13, 14}


def test_appendix_section_is_landscape_and_numbered_from_one(document):
    assert len(document.sections) == 2
    appendix = document.sections[1]
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert appendix.page_width.mm == pytest.approx(297, abs=0.5)
    assert appendix.page_height.mm == pytest.approx(210, abs=0.5)
    assert appendix.start_type == WD_SECTION.NEW_PAGE
    assert appendix._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]
    assert appendix.different_first_page_header_footer
    assert _all_text(appendix.first_page_header.part.element).strip() == ""
    assert appendix.header.is_linked_to_previous  # the numbered header carries over
    assert not document.sections[0]._sectPr.xpath("./w:pgNumType")


def test_appendix_headings(document):
    texts = [p.text for p in document.paragraphs]
    index = texts.index("Phụ lục")
    assert texts[index + 1 : index + 3] == ["CÁC NHIỆM VỤ, SẢN PHẨM THỰC HIỆN KẾ HOẠCH", REFERENCE]
    label, title, reference = document.paragraphs[index : index + 3]
    assert all(run.bold for run in _runs(label)) and all(run.bold for run in _runs(title))
    assert all(run.italic for run in _runs(reference))
    assert {label.alignment, title.alignment, reference.alignment} == {WD_ALIGN_PARAGRAPH.CENTER}


def test_appendix_table(document):
    table = document.tables[2]
    assert len(table.rows) == 21
    assert sum(column.width.mm for column in table.columns) == pytest.approx(257, abs=0.5)
    header = table.rows[0]
    assert header._tr.xpath("./w:trPr/w:tblHeader")
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
    assert [cell.text for cell in header.cells] == [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời gian thực hiện",
        "Sản phẩm",
    ]
    for cell in header.cells:
        paragraph = cell.paragraphs[0]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold and run.font.size.pt == 12 for run in _runs(paragraph))
    borders = table._tbl.xpath("./w:tblPr/w:tblBorders/*/@w:val")
    assert borders == ["single"] * 6

    group = table.rows[1]
    assert group._tr.xpath("./w:tc/w:tcPr/w:gridSpan/@w:val") == ["5"]
    assert len(group._tr.xpath("./w:tc")) == 1
    assert group.cells[0].text == "I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"
    assert all(run.bold for run in _runs(group.cells[0].paragraphs[0]))

    task = table.rows[2]
    assert task.cells[0].text == "1"
    assert task.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert task.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert all(run.font.size.pt == 12 and not run.bold for cell in task.cells for run in _runs(cell.paragraphs[0]))


def test_portrait_appendix_and_numbering_per_appendix():
    small = Table(headers=["TT", "Nội dung"], widths_mm=[15, 150], rows=[["1", "Một"], ["2", "Hai\nBa"]])
    appendices = [
        Appendix("Phụ lục I", "Một", "(Kèm theo …)", small, landscape=False),
        Appendix("Phụ lục II", "Hai", "(Kèm theo …)", small),
    ]
    document = _open(render_docx(dataclasses.replace(sample_document(), appendices=appendices)))
    assert [s.orientation for s in document.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    for section in document.sections[1:]:
        assert section._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]
    cell = document.tables[2].cell(2, 1)
    assert [p.text for p in cell.paragraphs] == ["Hai", "Ba"]


def test_table_rows_must_fit_the_columns():
    bad = Table(headers=["TT", "Nội dung"], widths_mm=[15, 150], rows=[["1", "Một", "thừa"]])
    doc = dataclasses.replace(sample_document(), appendices=[Appendix("Phụ lục", "X", "(…)", bad)])
    with pytest.raises(ValueError, match="3 cells for 2 columns"):
        render_docx(doc)


# --- draft mark, Unicode --------------------------------------------------------------------------------------------


def test_draft_mark_top_right_in_a_frame():
    document = _open(render_docx(sample_document(draft=True)))
    body = document.element.body
    first = body[0]
    assert first.tag == f"{{{W}}}p"  # before the header table
    mark = document.paragraphs[0]
    assert mark.text == "DỰ THẢO"
    assert all(run.bold for run in _runs(mark))
    assert sorted(mark._p.xpath("./w:pPr/w:pBdr/*/@w:val")) == ["single"] * 4
    assert mark.paragraph_format.left_indent.mm > 100  # held to the right


def test_no_draft_mark_on_a_final_document(document):
    assert document.element.body[0].tag == f"{{{W}}}tbl"
    assert "DỰ THẢO" not in _all_text(document.element.body)


def test_text_is_stored_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Đình Tranh")
    doc: Nd30Document = dataclasses.replace(sample_document(), signer_name=decomposed)
    body = _all_text(_open(render_docx(doc)).element.body)
    assert "Nguyễn Đình Tranh" in body
    assert decomposed not in body
    assert unicodedata.is_normalized("NFC", body)


def test_the_writer_gives_the_same_bytes_at_any_time():
    """The PDF cache (pdf.py) hits only if it does: no time of writing in the core properties or the zip entries."""
    with time_machine.travel(datetime(2026, 1, 5, 8, 0, 1, tzinfo=UTC), tick=False):
        morning = render_docx(sample_document())
    with time_machine.travel(datetime(2027, 7, 9, 17, 30, 59, tzinfo=UTC), tick=False):
        later = render_docx(sample_document())
    assert morning == later
    with zipfile.ZipFile(io.BytesIO(later)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = _xml(later, "docProps/core.xml")
    assert not [e for e in core if e.tag.endswith(("}created", "}modified"))]
