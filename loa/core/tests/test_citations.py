import unicodedata
from datetime import date

import pytest

from loa.core.citations import (
    Citation,
    format_citation,
    format_legal_bases,
    parse_citations,
    parse_number_symbol,
    symbol_type_abbr,
)

# The "Căn cứ" paragraph of the sample district plan (seeds/district-plan-2022.txt), verbatim.
SEED_PARAGRAPH = (
    "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính "
    "(CCHC) nhà nước giai đoạn 2021-2030; Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy "
    "mạnh thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030; thực hiện Kế hoạch số 4347/KH-UBND ngày "
    "25/11/2021 của UBND tỉnh Hải Dương về thực hiện CCHC nhà nước tỉnh Hải Dương giai đoạn 2021-2025; Kế hoạch số "
    "4707/QĐ-UBND ngày 24/12/2021 của UBND tỉnh Hải Dương về thực hiện CCHC nhà nước tỉnh Hải Dương năm 2022; Kế hoạch "
    "số 159/KH-UBND ngày 16/12/2021 của UBND huyện về thực hiện CCHC nhà nước huyện Ninh Giang giai đoạn 2021-2025; Kế "
    "hoạch số 162/KH-UBND ngày 27/12/2021 của UBND huyện về thực hiện CCHC nhà nước huyện Ninh Giang năm 2022."
)

# The opening line of the sample commune report (seeds/commune-report-2024q1.txt), verbatim.
COMMUNE_OPENING = (
    "Thực hiện Kế hoạch số 15/KH-UBND ngày 19 tháng 01 năm 2024 của UBND huyện Hương Khê về Tuyên truyền cải cách "
    "hành chính, Chỉ số năng lực cạnh tranh cấp huyện (PCI), Chỉ số đánh giá năng lực cạnh tranh các đơn vị, địa "
    "phương (DDCI) trên địa bàn huyện Hương Khê năm 2024, UBND xã Hương Long báo cáo kết quả tuyên truyền CCHC Quý I "
    "năm 2024 như sau:"
)


def only(text: str) -> Citation:
    citations = parse_citations(text)
    assert len(citations) == 1, citations
    return citations[0]


# --- the seed paragraph ------------------------------------------------------------------------------------------


def test_seed_paragraph_yields_two_bases_then_four_implemented_plans():
    citations = parse_citations(SEED_PARAGRAPH)
    assert [c.kind for c in citations] == ["basis", "basis", "implements", "implements", "implements", "implements"]
    assert [c.number_symbol for c in citations] == [
        "76/NQ-CP",
        "23/CT-TTg",
        "4347/KH-UBND",
        "4707/QĐ-UBND",
        "159/KH-UBND",
        "162/KH-UBND",
    ]
    assert [c.issued_on for c in citations] == [
        date(2021, 7, 15),
        date(2021, 9, 2),
        date(2021, 11, 25),
        date(2021, 12, 24),
        date(2021, 12, 16),
        date(2021, 12, 27),
    ]
    assert [c.issuer for c in citations[2:]] == [
        "UBND tỉnh Hải Dương",
        "UBND tỉnh Hải Dương",
        "UBND huyện",
        "UBND huyện",
    ]
    # The paragraph's closing "." is not part of the last summary.
    assert citations[-1].summary == "về thực hiện CCHC nhà nước huyện Ninh Giang năm 2022"


def test_seed_paragraph_first_two_citations_field_by_field():
    first, second = parse_citations(SEED_PARAGRAPH)[:2]
    assert first == Citation(
        kind="basis",
        doc_type="Nghị quyết",
        number="76",
        year="",
        symbol="NQ-CP",
        party=False,
        issued_on=date(2021, 7, 15),
        issuer="Chính phủ",
        summary="ban hành Chương trình tổng thể cải cách hành chính (CCHC) nhà nước giai đoạn 2021-2030",
        raw="Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành "
        "chính (CCHC) nhà nước giai đoạn 2021-2030",
        warnings=(),
        date_text="15/7/2021",
    )
    # "thực hiện" inside the summary ("đẩy mạnh thực hiện Chương trình …") neither splits nor changes the kind.
    assert second == Citation(
        kind="basis",
        doc_type="Chỉ thị",
        number="23",
        year="",
        symbol="CT-TTg",
        party=False,
        issued_on=date(2021, 9, 2),
        issuer="Thủ tướng Chính phủ",
        summary="về việc đẩy mạnh thực hiện Chương trình tổng thể CCHC nhà nước giai đoạn 2021-2030",
        raw="Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng "
        "thể CCHC nhà nước giai đoạn 2021-2030",
        warnings=(),
        date_text="02/9/2021",
    )


def test_seed_plan_whose_symbol_is_a_decision_is_kept_and_flagged():
    mismatched = parse_citations(SEED_PARAGRAPH)[3]
    assert mismatched == Citation(
        kind="implements",
        doc_type="Kế hoạch",
        number="4707",
        year="",
        symbol="QĐ-UBND",
        party=False,
        issued_on=date(2021, 12, 24),
        issuer="UBND tỉnh Hải Dương",
        summary="về thực hiện CCHC nhà nước tỉnh Hải Dương năm 2022",
        raw="Kế hoạch số 4707/QĐ-UBND ngày 24/12/2021 của UBND tỉnh Hải Dương về thực hiện CCHC nhà nước tỉnh Hải "
        "Dương năm 2022",
        warnings=("Loại văn bản «Kế hoạch» không khớp ký hiệu «QĐ-UBND».",),
        date_text="24/12/2021",
    )
    assert [bool(c.warnings) for c in parse_citations(SEED_PARAGRAPH)] == [False, False, False, True, False, False]


def test_seed_paragraph_formats_back_with_dates_as_typed():
    second = parse_citations(SEED_PARAGRAPH)[1]
    assert format_citation(second) == (  # the seed writes "02/9/2021": Nghị định 30 allows it, the document keeps it
        "Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng thể "
        "CCHC nhà nước giai đoạn 2021-2030"
    )
    assert format_citation(second, first_mention=False) == "Chỉ thị số 23/CT-TTg"


# --- the commune report ------------------------------------------------------------------------------------------


def test_commune_report_line_with_spelled_out_date():
    c = only(
        "Thực hiện Kế hoạch số 15/KH-UBND ngày 19 tháng 01 năm 2024 của UBND huyện Hương Khê về Tuyên truyền CCHC, "
        "PCI, DDCI"
    )
    assert c.kind == "implements"
    assert (c.doc_type, c.number, c.year, c.symbol, c.party) == ("Kế hoạch", "15", "", "KH-UBND", False)
    assert c.issued_on == date(2024, 1, 19)
    assert c.issuer == "UBND huyện Hương Khê"
    assert c.summary == "về Tuyên truyền CCHC, PCI, DDCI"
    assert c.warnings == ()


def test_commune_report_opening_drops_the_main_clause():
    c = only(COMMUNE_OPENING)
    assert c.number_symbol == "15/KH-UBND"
    assert c.summary.endswith("(DDCI) trên địa bàn huyện Hương Khê năm 2024")
    assert "báo cáo" not in c.summary and "như sau" not in c.raw


# --- VBQPPL, party, công văn -------------------------------------------------------------------------------------


def test_vbqppl_number_carries_the_year():
    c = only(
        "Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan hành "
        "chính nhà nước;"
    )
    assert (c.doc_type, c.number, c.year, c.symbol) == ("Nghị định", "09", "2019", "NĐ-CP")
    assert c.number_symbol == "09/2019/NĐ-CP"
    assert c.issued_on == date(2019, 1, 24)
    assert c.issuer == "Chính phủ"
    # The issuer stops at " quy định"; the "của" inside the summary stays in the summary.
    assert c.summary == "quy định về chế độ báo cáo của cơ quan hành chính nhà nước"
    assert c.warnings == ()


def test_national_assembly_resolution_has_no_type_in_its_symbol():
    c = only("Căn cứ Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh.")
    assert (c.number, c.year, c.symbol, c.number_symbol) == ("202", "2025", "QH15", "202/2025/QH15")
    assert c.issuer == "Quốc hội"
    assert c.warnings == ()  # the year form "…/QH15" is not a type mismatch


def test_vbqppl_year_differing_from_the_issue_date_is_flagged():
    c = only("Căn cứ Thông tư số 01/2023/TT-BNV ngày 10/3/2022 của Bộ Nội vụ")
    assert c.issued_on == date(2022, 3, 10)
    assert c.warnings == ("Năm trong số ký hiệu «2023» khác năm ban hành «2022».",)


def test_party_document_uses_a_hyphen_after_the_number():
    c = only(
        "Căn cứ Nghị quyết số 60-NQ/TW ngày 12/4/2025 của Ban Chấp hành Trung ương Đảng về tiếp tục sắp xếp tổ chức bộ "
        "máy"
    )
    assert (c.doc_type, c.number, c.year, c.symbol, c.party) == ("Nghị quyết", "60", "", "NQ/TW", True)
    assert c.number_symbol == "60-NQ/TW"
    assert c.issuer == "Ban Chấp hành Trung ương Đảng"
    assert c.summary == "về tiếp tục sắp xếp tổ chức bộ máy"
    assert c.warnings == ()
    assert format_citation(c, first_mention=False) == "Nghị quyết số 60-NQ/TW"


def test_party_rule_may_use_the_party_abbreviation():
    assert only("Căn cứ Quy định số 08-QĐi/TW ngày 25/10/2021 của Ban Chấp hành Trung ương").warnings == ()
    assert only("Căn cứ Quy định số 08/QĐi-UBND").warnings == (
        "Loại văn bản «Quy định» không khớp ký hiệu «QĐi-UBND».",
    )


def test_official_letter_has_issuer_and_drafting_unit_but_no_type():
    c = only(
        "Thực hiện Công văn số 581/BNV-CCHC ngày 5/02/2024 của Bộ Nội vụ về việc tuyên truyền cải cách hành chính năm "
        "2024;"
    )
    assert c.kind == "implements"
    assert (c.doc_type, c.number, c.symbol) == ("Công văn", "581", "BNV-CCHC")
    assert c.issued_on == date(2024, 2, 5)
    assert c.issuer == "Bộ Nội vụ"
    assert c.summary == "về việc tuyên truyền cải cách hành chính năm 2024"
    assert c.warnings == ()
    assert only("Căn cứ Văn bản số 244/PNV của Phòng Nội vụ").number_symbol == "244/PNV"


# --- normalisation -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "number_symbol"),
    [
        ("Kế hoạch số 18/KH -UBND", "18/KH-UBND"),
        ("Kế hoạch số 18 / KH - UBND", "18/KH-UBND"),
        ("Kế hoạch số 18/KH\u2013UBND", "18/KH-UBND"),  # en dash
        ("Kế hoạch Số:18/KH-UBND", "18/KH-UBND"),
        ("Kế hoạch 18/KH-UBND", "18/KH-UBND"),
        ("Nghị định số 30/2020/N\u00d0-CP", "30/2020/NĐ-CP"),  # Eth look-alike
        ("Nghị định số 30 /2020/ NĐ\u2014CP", "30/2020/NĐ-CP"),  # em dash
        ("Nghị quyết số 60 \u2013 NQ/TW", "60-NQ/TW"),
        ("Chỉ thị số 23/CT- TTg", "23/CT-TTg"),
    ],
)
def test_spacing_dash_and_eth_variants_are_canonicalised(written, number_symbol):
    c = only(f"Căn cứ {written} ngày 05/3/2020 của UBND huyện Ninh Giang")
    assert c.number_symbol == number_symbol
    assert c.raw.endswith(f"{number_symbol} ngày 05/3/2020 của UBND huyện Ninh Giang")  # raw is the normalised text
    assert c.issued_on == date(2020, 3, 5)
    assert c.issuer == "UBND huyện Ninh Giang"
    assert c.warnings == ()


def test_nfd_input_parses_like_nfc():
    nfc = "Căn cứ Kế hoạch số 4347/KH-UBND ngày 25/11/2021 của UBND tỉnh Hải Dương về thực hiện CCHC nhà nước"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert parse_citations(nfd) == parse_citations(nfc)
    assert only(nfd).issuer == "UBND tỉnh Hải Dương"


def test_type_word_capitalisation_is_normalised_and_issuer_kept_as_written():
    c = only("căn cứ KẾ HOẠCH số 5/KH-UBND ngày 3/1/2024 của Ủy ban nhân dân xã Hương Long")
    assert c.doc_type == "Kế hoạch"
    assert c.issuer == "Ủy ban nhân dân xã Hương Long"
    assert only("Căn cứ thông tư liên tịch số 01/2015/TTLT-BNV-BTC").doc_type == "Thông tư liên tịch"


def test_symbol_comparison_is_case_sensitive():
    assert only("Căn cứ Chương trình số 7/CTr-UBND").warnings == ()
    assert only("Căn cứ Chương trình số 7/CTR-UBND").warnings == (
        "Loại văn bản «Chương trình» không khớp ký hiệu «CTR-UBND».",
    )


# --- dates -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["28 tháng 01 năm 2022", "28/01/2022", "28/1/2022", "28-1-2022", "28.1.2022"])
def test_date_forms(written):
    c = only(f"Căn cứ Kế hoạch số 18/KH-UBND ngày {written} của UBND huyện Ninh Giang")
    assert c.issued_on == date(2022, 1, 28)
    assert c.issuer == "UBND huyện Ninh Giang"


def test_invalid_date_is_a_warning_not_an_exception():
    c = only("Căn cứ Quyết định số 12/QĐ-UBND ngày 31/02/2021 của UBND tỉnh về việc kiện toàn Ban Chỉ đạo")
    assert c.issued_on is None
    assert c.warnings == ("Ngày ban hành không hợp lệ: «31/02/2021».",)
    assert c.issuer == "UBND tỉnh"
    assert c.summary == "về việc kiện toàn Ban Chỉ đạo"


def test_ngay_inside_the_summary_is_not_the_issue_date():
    c = only("Căn cứ Kế hoạch số 5/KH-UBND của UBND huyện về hưởng ứng Ngày Pháp luật ngày 9/11/2023")
    assert c.issued_on is None
    assert c.issuer == "UBND huyện"
    assert c.summary == "về hưởng ứng Ngày Pháp luật ngày 9/11/2023"


# --- segmentation ------------------------------------------------------------------------------------------------


def test_one_citation_per_line_as_decree_30_prescribes():
    text = (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;\n"
        "\n"
        "Thực hiện Kế hoạch số 4347/KH-UBND ngày 25/11/2021 của UBND tỉnh Hải Dương;\n"
        "Kế hoạch số 159/KH-UBND ngày 16/12/2021 của UBND huyện.\n"
    )
    citations = parse_citations(text)
    assert [(c.kind, c.number_symbol) for c in citations] == [
        ("basis", ""),
        ("basis", "30/2020/NĐ-CP"),
        ("implements", "4347/KH-UBND"),
        ("implements", "159/KH-UBND"),
    ]
    law = citations[0]
    assert (law.doc_type, law.number, law.issued_on) == ("", "", None)
    assert law.summary == "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"
    assert citations[1].issued_on == date(2020, 3, 5)
    assert citations[1].summary == "về công tác văn thư"
    assert citations[2].issuer == "UBND tỉnh Hải Dương" and citations[2].summary == ""
    assert citations[3].issuer == "UBND huyện" and citations[3].summary == ""


def test_bulleted_lines_and_closing_marks():
    citations = parse_citations("- Căn cứ Kế hoạch số 18/KH-UBND;\n+ Thực hiện Công văn số 12/UBND-VX./.")
    assert [(c.kind, c.doc_type, c.number_symbol, c.raw) for c in citations] == [
        ("basis", "Kế hoạch", "18/KH-UBND", "Căn cứ Kế hoạch số 18/KH-UBND"),
        ("implements", "Công văn", "12/UBND-VX", "Thực hiện Công văn số 12/UBND-VX"),
    ]


def test_segment_without_a_number_is_kept_as_summary():
    citations = parse_citations(
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ; Căn cứ tình hình thực tế của địa phương;"
        " thực hiện Kế hoạch số 15/KH-UBND"
    )
    assert len(citations) == 3
    local = citations[1]
    assert local == Citation(
        kind="basis",
        doc_type="",
        number="",
        year="",
        symbol="",
        party=False,
        issued_on=None,
        issuer="",
        summary="tình hình thực tế của địa phương",
        raw="Căn cứ tình hình thực tế của địa phương",
    )
    assert format_citation(local) == format_citation(local, first_mention=False) == "tình hình thực tế của địa phương"
    assert citations[2].kind == "implements"


def test_basis_after_an_implements_chain_resets_the_kind():
    citations = parse_citations("Thực hiện Kế hoạch số 1/KH-UBND; Kế hoạch số 2/KH-UBND; Căn cứ Kế hoạch số 3/KH-UBND")
    assert [c.kind for c in citations] == ["implements", "implements", "basis"]


def test_lost_separator_before_a_new_keyword():
    citations = parse_citations(
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ, thực hiện Kế hoạch số 4347/KH-UBND ngày "
        "25/11/2021 của UBND tỉnh Hải Dương Căn cứ Chỉ thị số 23/CT-TTg"
    )
    assert [(c.kind, c.number_symbol, c.issuer) for c in citations] == [
        ("basis", "76/NQ-CP", "Chính phủ"),
        ("implements", "4347/KH-UBND", "UBND tỉnh Hải Dương"),
        ("basis", "23/CT-TTg", ""),
    ]


def test_referenced_document_inside_a_summary_does_not_split():
    c = only(
        "Thực hiện Công văn số 12/UBND-VX ngày 3/2/2024 của UBND huyện về việc thực hiện Kế hoạch số 15/KH-UBND, "
        "Quyết định số 3/QĐ-UBND"
    )
    assert c.number_symbol == "12/UBND-VX"
    assert c.summary == "về việc thực hiện Kế hoạch số 15/KH-UBND, Quyết định số 3/QĐ-UBND"


def test_abbreviated_city_in_the_issuer_is_not_a_sentence_end():
    c = only("Căn cứ Kế hoạch số 20/KH-UBND ngày 1/3/2024 của UBND TP. Hồ Chí Minh về chuyển đổi số.")
    assert c.issuer == "UBND TP. Hồ Chí Minh"
    assert c.summary == "về chuyển đổi số"


def test_empty_input():
    assert parse_citations("") == []
    assert parse_citations(" ;\n ; . ") == []


# --- number-symbol and abbreviations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18/KH -UBND", ("18", "", "KH-UBND", False)),
        ("Số:18/KH-UBND", ("18", "", "KH-UBND", False)),
        ("Số: 05/KH-UBND", ("05", "", "KH-UBND", False)),
        ("09/2019/NÐ\u2013CP", ("09", "2019", "NĐ-CP", False)),
        ("60-NQ/TW", ("60", "", "NQ/TW", True)),
        ("581/BNV-CCHC", ("581", "", "BNV-CCHC", False)),
        ("244/PNV", ("244", "", "PNV", False)),
        ("202/2025/QH15", ("202", "2025", "QH15", False)),
        ("7/QyĐ-UBND", ("7", "", "QyĐ-UBND", False)),
    ],
)
def test_parse_number_symbol(text, expected):
    assert parse_number_symbol(text) == expected


@pytest.mark.parametrize("text", ["", "Kế hoạch", "15/7/2021", "2021-2030", "18/", "/KH-UBND", "18/kh-ubnd", "x 18/KH"])
def test_parse_number_symbol_rejects_non_symbols(text):
    assert parse_number_symbol(text) is None


@pytest.mark.parametrize(
    ("doc_type", "abbr"),
    [
        ("Kế hoạch", "KH"),
        ("Nghị định", "NĐ"),
        ("Quyết định", "QĐ"),
        ("Thông tư", "TT"),
        ("Chỉ thị", "CT"),
        ("Nghị quyết", "NQ"),
        ("Báo cáo", "BC"),
        ("Hướng dẫn", "HD"),
        ("Thông báo", "TB"),
        ("Chương trình", "CTr"),
        ("Đề án", "ĐA"),
        ("Tờ trình", "TTr"),
        ("Quy định", "QyĐ"),
        ("Quy chế", "QC"),
        ("Kết luận", "KL"),
        ("Công văn", None),
        ("Văn bản", None),
        ("Luật", None),
    ],
)
def test_symbol_type_abbr(doc_type, abbr):
    assert symbol_type_abbr(doc_type) == abbr


# --- formatting --------------------------------------------------------------------------------------------------


def test_format_legal_bases_one_per_line_and_parses_back():
    citations = parse_citations(SEED_PARAGRAPH)[:3]
    lines = format_legal_bases(citations)
    assert lines[0].startswith("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành")
    assert lines[1].startswith("Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021")
    assert lines[2].startswith("Thực hiện Kế hoạch số 4347/KH-UBND ngày 25/11/2021")
    assert [line[-1] for line in lines] == [";", ";", "."]
    again = parse_citations("\n".join(lines))
    assert [(c.kind, c.number_symbol, c.issued_on, c.issuer, c.summary) for c in again] == [
        (c.kind, c.number_symbol, c.issued_on, c.issuer, c.summary) for c in citations
    ]
