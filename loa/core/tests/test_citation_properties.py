"""Property tests of the citation parser: formatting round-trips, and arbitrary text never raises or loses words."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from loa.core.citations import (
    Citation,
    format_citation,
    parse_citations,
    parse_number_symbol,
    symbol_type_abbr,
)

from .test_citations import only

ISSUERS = [
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Quốc hội",
    "Bộ Nội vụ",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "UBND tỉnh Hải Dương",
    "UBND huyện",
    "UBND TP. Hồ Chí Minh",
    "Ủy ban nhân dân huyện Ninh Giang",
    "Ban Chấp hành Trung ương",
]
SUMMARY_LEADS = ["về", "về việc", "ban hành", "phê duyệt", "quy định", "hướng dẫn"]
SUMMARY_WORDS = [
    "thực hiện",
    "cải cách hành chính",
    "Chương trình tổng thể",
    "ngày",
    "ngày 9/11/2023",
    "Kế hoạch số 15/KH-UBND",
    "căn cứ",
    "giai đoạn 2021-2030",
    "(CCHC)",
    "năm 2022",
    "của",
    "Đảng",
]
ISSUER_CODES = ["UBND", "HĐND", "CP", "TTg", "BNV", "SNV"]


@st.composite
def citations(draw):
    doc_type = draw(st.sampled_from(["Kế hoạch", "Nghị quyết", "Công văn", "Quy định", "Chương trình"]))
    abbr = symbol_type_abbr(doc_type)
    party = abbr is not None and draw(st.booleans())
    issued_on = draw(st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
    if party:
        symbol, year = f"{abbr}/{draw(st.sampled_from(['TW', 'TU', 'HU']))}", ""
    else:
        code = draw(st.sampled_from(ISSUER_CODES))
        symbol = f"{abbr}-{code}" if abbr else f"{code}-{draw(st.sampled_from(['VX', 'CCHC', 'NC']))}"
        year = str(issued_on.year) if issued_on and draw(st.booleans()) else ""
    words = draw(st.lists(st.sampled_from(SUMMARY_WORDS), max_size=6))
    summary = " ".join([draw(st.sampled_from(SUMMARY_LEADS)), *words]) if draw(st.booleans()) else ""
    return Citation(
        kind="basis",
        doc_type=doc_type,
        number=str(draw(st.integers(1, 99999))),
        year=year,
        symbol=symbol,
        party=party,
        issued_on=issued_on,
        issuer=draw(st.sampled_from(["", *ISSUERS])),
        summary=summary,
        raw="",
    )


@given(citations())
def test_format_parse_round_trip(citation):
    text = format_citation(citation)
    parsed = only(text)
    assert format_citation(parsed) == text
    assert (parsed.doc_type, parsed.number_symbol, parsed.issued_on, parsed.issuer, parsed.summary) == (
        citation.doc_type,
        citation.number_symbol,
        citation.issued_on,
        citation.issuer,
        citation.summary,
    )
    assert parsed.warnings == ()
    assert parsed.raw == text


FRAGMENTS = [
    "Căn cứ ",
    "căn cứ ",
    "Thực hiện ",
    "thực hiện ",
    "Kế hoạch ",
    "Thông tư liên tịch ",
    "số ",
    "Số:",
    "18",
    "2019",
    "/",
    "-",
    "\u2013",
    "KH",
    "UBND",
    "TW",
    " ngày ",
    "31",
    " tháng ",
    " năm ",
    " của ",
    " về ",
    ";",
    ".",
    ",",
    "\n",
    " ",
    "\u00d0",
    "e\u0302",
    "như sau:",
]


@given(st.text() | st.lists(st.sampled_from(FRAGMENTS)).map("".join))
def test_parsing_never_raises_and_never_drops_text(text):
    for citation in parse_citations(text):
        assert citation.raw
        assert citation.number or citation.summary  # a segment without a number keeps its text
        assert format_citation(citation) is not None
    parse_number_symbol(text)
