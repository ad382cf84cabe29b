"""Prize winners' certificates: one A4 landscape page each, read back from the DOCX and from LibreOffice's PDF."""

import io
import unicodedata
from datetime import UTC, date, datetime, timedelta

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from pypdf import PdfReader

from loa.contests.catalog import ContestKind
from loa.contests.certificates import OVERALL, Certificate, certificates_docx, certificates_for, certificates_pdf
from loa.contests.models import Contest
from loa.contests.ranking import Result, award, rank
from loa.core.errors import DomainError
from loa.core.tests.needs import need
from loa.documents.pdf import pdf_available
from loa.plans.defaults import header_lines

ON = date(2026, 12, 7)


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cert(name: str, prize: str, **changes: str) -> Certificate:
    values = {
        "issuer": "SỞ NỘI VỤ",
        "parent_issuer": "UBND THÀNH PHỐ HUẾ",
        "place": "Huế",
        "contest_title": "Cuộc thi trực tuyến tìm hiểu về cải cách hành chính thành phố Huế năm 2026",
        "round_label": "Vòng 2",
        "winner_name": name,
        "winner_unit": "Ủy ban nhân dân phường Thuận Hóa",
        "prize": prize,
        "score": "10/10 câu đúng",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Trần Văn Hưởng",
        **changes,
    }
    return Certificate(on=ON, **values)


# The longest texts the models allow (names 120, units and titles 255 characters), a long issuer and place, two
# lines of signer's title: still one page.
LONGEST = cert(
    ("Tôn Nữ Hoàng Phương Thảo Nguyên " * 5)[:120],
    "Giải Khuyến khích đặc biệt của Ban Tổ chức",
    issuer="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG VÀ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH\nPHÒNG KIỂM SOÁT THỦ TỤC",
    parent_issuer="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    place="Thành phố Hồ Chí Minh",
    contest_title=("Tìm hiểu về cải cách hành chính và chuyển đổi số " * 6)[:255],
    round_label=OVERALL,
    winner_unit=("Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính " * 5)[:255],
    score="28/30 câu đúng qua 3 vòng thi",
    signer_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
)
WINNERS = [
    cert("Nguyễn Thị Thủy Tiên", "Giải Nhất"),
    cert("Lê Văn Đức", "Giải Nhì", signer_title="", signer_name=""),  # a blank signature block
    LONGEST,
]


def texts(content: bytes) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    body = docx.Document(io.BytesIO(content)).element.body
    lines = (flat("".join(t.text or "" for t in p.iter(qn("w:t")))) for p in body.iter(qn("w:p")))
    return [line for line in lines if line]


def test_the_docx_has_one_landscape_section_per_certificate():
    content = certificates_docx(WINNERS)
    assert content == certificates_docx(WINNERS)  # deterministic: the PDF cache serves a reprint
    document = docx.Document(io.BytesIO(content))
    assert len(document.sections) == len(WINNERS)
    for index, section in enumerate(document.sections):
        assert section.orientation == WD_ORIENT.LANDSCAPE
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
        if index:
            assert section.start_type == WD_SECTION.NEW_PAGE
        borders = section._sectPr.find(qn("w:pgBorders"))
        assert borders is not None
        assert {side.get(qn("w:val")) for side in borders} == {"double"} and len(borders) == 4
    fonts = {r.font.name for p in document.paragraphs for r in p.runs if r.text}
    fonts |= {r.font.name for t in document.tables for c in t._cells for p in c.paragraphs for r in p.runs if r.text}
    assert fonts == {"Times New Roman"}


def test_the_docx_says_who_won_what():
    lines = texts(certificates_docx(WINNERS))
    assert lines.count("GIẤY CHỨNG NHẬN") == len(WINNERS)
    assert lines.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == len(WINNERS)
    assert lines.count("Độc lập - Tự do - Hạnh phúc") == len(WINNERS)
    first = lines[: lines.index("Trần Văn Hưởng") + 1]
    assert first.count("GIẤY CHỨNG NHẬN") == 1
    assert first[:2] == ["UBND THÀNH PHỐ HUẾ", "SỞ NỘI VỤ"]
    assert "Nguyễn Thị Thủy Tiên" in first and "Đơn vị: Ủy ban nhân dân phường Thuận Hóa" in first
    assert "Đã đạt Giải Nhất Vòng 2 Cuộc thi trực tuyến tìm hiểu về cải cách hành chính thành phố Huế năm 2026" in first
    assert "Kết quả: 10/10 câu đúng" in first
    assert first[-3:] == ["Huế, ngày 07 tháng 12 năm 2026", "GIÁM ĐỐC", "Trần Văn Hưởng"]
    for winner in WINNERS:
        assert flat(winner.winner_name) in lines and any(winner.prize in line for line in lines)
    # The second certificate has a blank signature block: the date line, then nothing under it.
    second = lines[lines.index("Lê Văn Đức") :]
    after_date = second[second.index("Huế, ngày 07 tháng 12 năm 2026") + 1]
    assert after_date == "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"  # the third certificate's header
    # "Chung cuộc" inside the sentence; a title that does not say "Cuộc thi" gets it, with quotes.
    assert any(
        line.startswith("Đã đạt Giải Khuyến khích đặc biệt của Ban Tổ chức chung cuộc Cuộc thi “Tìm") for line in lines
    )


def test_an_empty_list_is_refused():
    for build in (certificates_docx, certificates_pdf):
        with pytest.raises(DomainError) as refused:
            build([])
        assert refused.value.message == "Chưa có người đạt giải để in giấy chứng nhận."


def test_the_pdf_has_one_page_per_certificate_with_the_names():
    need(pdf_available(), "LibreOffice", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    pdf = certificates_pdf(WINNERS)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(WINNERS)  # the longest texts did not spill onto a second page
    for page, winner in zip(reader.pages, WINNERS, strict=True):
        box = page.mediabox
        assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (297, 210)
        text = flat(page.extract_text())
        assert "GIẤY CHỨNG NHẬN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert flat(winner.winner_name)[:60] in text and winner.prize in text
    first = flat(reader.pages[0].extract_text())
    assert "Nguyễn Thị Thủy Tiên" in first and "Thuận Hóa" in first and "Trần Văn Hưởng" in first
    assert "Huế, ngày 07 tháng 12 năm 2026" in first


def result(key: str, name: str, score: int, minute: int, rounds: int = 1) -> Result:
    at = datetime(2026, 12, 1, 8, tzinfo=UTC) + timedelta(minutes=minute)
    return Result(
        key=key,
        name=name,
        unit_name="Xã Hòa Vang",
        score=score,
        max_score=10 * rounds,
        prediction=None,
        duration_ms=60_000,
        submitted_at=at,
        rounds=rounds,
    )


def test_certificates_for_keeps_the_prize_winners_in_ranking_order(world):
    contest = Contest(unit=world.snv, kind=ContestKind.QUIZ, title="Tìm hiểu cải cách hành chính năm 2026")
    ranked = award(
        rank(
            [
                result("a", "Phạm Thị Ánh", 9, 1),
                result("b", "Võ Minh Đạt", 10, 2),
                result("c", "Hồ Văn Cường", 7, 3),
                result("d", "Đặng Thu Hà", 0, 4),
            ],
            ["rk_score", "rk_submitted"],
            None,
        ),
        [("Giải Nhất", 1), ("Giải Nhì", 1)],
    )
    certs = certificates_for(
        contest, "Vòng 1", ranked, place="Đà Nẵng", on=ON, signer_title="GIÁM ĐỐC", signer_name="Trần Thị Đà"
    )
    assert [(c.winner_name, c.prize, c.score) for c in certs] == [
        ("Võ Minh Đạt", "Giải Nhất", "10/10 câu đúng"),
        ("Phạm Thị Ánh", "Giải Nhì", "9/10 câu đúng"),
    ]
    parent_line, issuer_lines = header_lines(world.snv)
    assert certs[0].parent_issuer == parent_line and certs[0].issuer.splitlines() == issuer_lines
    assert issuer_lines == ["SỞ NỘI VỤ"]
    assert {(c.round_label, c.contest_title, c.place, c.on, c.signer_name) for c in certs} == {
        ("Vòng 1", contest.title, "Đà Nẵng", ON, "Trần Thị Đà")
    }
    assert "Đã đạt Giải Nhất Vòng 1 Cuộc thi “Tìm hiểu cải cách hành chính năm 2026”" in texts(certificates_docx(certs))

    overall = award(rank([result("b", "Võ Minh Đạt", 28, 2, rounds=3)], ["rk_score"], None), [("Giải Nhất", 1)])
    entries = Contest(unit=world.commune, kind=ContestKind.ENTRIES, title="Cuộc thi viết về cải cách hành chính")
    [one] = certificates_for(entries, OVERALL, overall, place="Hòa Vang", on=ON, signer_title="", signer_name="")
    assert one.score == "28/30 điểm qua 3 vòng thi" and one.round_label == OVERALL
    assert one.issuer.splitlines() == header_lines(world.commune)[1] and one.issuer.startswith("ỦY BAN NHÂN DÂN")
    # Nobody with a prize: nothing to print, and printing nothing is refused.
    nobody = award(rank([result("d", "Đặng Thu Hà", 0, 4)], ["rk_score"], None), [("Giải Nhất", 1)])
    assert certificates_for(contest, "Vòng 1", nobody, place="Đà Nẵng", on=ON, signer_title="", signer_name="") == []
