# ruff: noqa: E501 (the texts are documents: a paragraph is one line, as officers paste it)
"""Texts without a document header, as officers paste them from portals, news and PDFs: what each is, who issued it,
and what is only cited. Written for the kinds issue 18 names; the expected values were written before the extractor
was run on these texts (none is taken from `../shared/corpus/`)."""

from typing import Any

import pytest

from loa.intake.extract import extract
from loa.intake.source import Line, Source


def read(text: str) -> dict[str, Any]:
    lines = [Line(line) for line in text.strip().splitlines()]
    return extract(Source("txt", lines, [])).as_json()


def test_a_plan_that_opens_with_the_prime_ministers_decision_is_not_that_decision() -> None:
    got = read(
        """
Thực hiện Quyết định số 942/QĐ-TTg ngày 15/6/2021 của Thủ tướng Chính phủ phê duyệt Chiến lược phát triển Chính phủ điện tử hướng tới Chính phủ số giai đoạn 2021 - 2025, định hướng đến năm 2030; Kế hoạch số 21/KH-UBND ngày 10/01/2024 của UBND quận Hải Châu về tuyên truyền cải cách hành chính năm 2024, UBND phường Thạch Thang xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2024 như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, công chức và người dân về cải cách hành chính.
"""
    )
    assert got["number"] == "" and got["date"] is None
    assert got["issuer"] == "UBND phường Thạch Thang"
    assert (got["doc_type"], got["title"]) == ("KH", "tuyên truyền cải cách hành chính năm 2024")
    assert got["year"] == 2024
    assert [c["number"] for c in got["legal_bases"]] == ["942/QĐ-TTg", "21/KH-UBND"]


def test_news_of_an_announced_plan_reads_the_plan_and_lists_it_as_a_reference() -> None:
    got = read(
        """
Phường Hòa Cường triển khai tuyên truyền cải cách hành chính năm 2026
Thứ Sáu, 16/01/2026 14:05
Ngày 12/01/2026, Ủy ban nhân dân phường Hòa Cường đã ban hành Kế hoạch số 09/KH-UBND về tuyên truyền cải cách hành chính năm 2026, với nhiều hình thức như đăng tin trên Trang thông tin điện tử phường, phát trên hệ thống truyền thanh và treo băng rôn tại các tổ dân phố.
Lượt xem: 312
Tin liên quan
"""
    )
    assert (got["doc_type"], got["number"], got["date"]) == ("KH", "09/KH-UBND", "2026-01-12")
    assert got["issuer"] == "UBND phường Hòa Cường"
    assert got["title"] == "tuyên truyền cải cách hành chính năm 2026"
    assert [(c["number"], c["date"]) for c in got["references"]] == [("09/KH-UBND", "2026-01-12")]
    assert {"cong_ttdt", "phat_thanh", "truc_quan"} <= set(got["channels"])


def test_a_report_without_header_says_so_in_its_opening() -> None:
    got = read(
        """
Thực hiện Công văn số 512/SNV-CCHC ngày 02/12/2025 của Sở Nội vụ tỉnh Hà Tĩnh, UBND xã Thạch Hà báo cáo kết quả công tác tuyên truyền cải cách hành chính năm 2025 như sau:
1. Công tác chỉ đạo
Ủy ban nhân dân xã ban hành Kế hoạch số 05/KH-UBND ngày 10/01/2025.
"""
    )
    assert (got["doc_type"], got["issuer"]) == ("BC", "UBND xã Thạch Hà")
    assert got["title"] == "kết quả công tác tuyên truyền cải cách hành chính năm 2025"
    assert got["year"] == 2025 and got["date"] is None
    assert [c["number"] for c in got["legal_bases"]] == ["512/SNV-CCHC"]


def test_a_dated_cong_van_announced_without_its_number() -> None:
    got = read(
        """
Tăng cường tuyên truyền dịch vụ công trực tuyến
Ngày 03/4/2023, UBND huyện Điện Bàn ban hành Công văn đề nghị các xã, thị trấn tuyên truyền người dân nộp hồ sơ trực tuyến.
"""
    )
    assert (got["doc_type"], got["number"], got["date"]) == ("CV", "", "2023-04-03")
    assert got["issuer"] == "UBND huyện Điện Bàn"
    assert got["title"] == "Tăng cường tuyên truyền dịch vụ công trực tuyến"


def test_news_of_an_activity_has_no_type_and_its_organiser_as_issuer() -> None:
    got = read(
        """
Chiều 18/5, Phòng Nội vụ huyện Yên Thành tổ chức Hội nghị tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã. Tại hội nghị, các đại biểu được hướng dẫn sử dụng dịch vụ công trực tuyến.
"""
    )
    assert got["doc_type"] == "" and got["number"] == ""
    assert got["issuer"] == "Phòng Nội vụ huyện Yên Thành"
    assert got["date"] is None
    assert {"hoi_nghi", "tap_huan"} <= set(got["channels"])


def test_a_report_in_article_form_names_no_issuer_it_does_not_state() -> None:
    got = read(
        """
Trong năm 2022, UBND thị xã đã ban hành Kế hoạch tuyên truyền cải cách hành chính và chỉ đạo các cơ quan triển khai. Các cơ quan đã đăng tải 120 tin, bài trên Cổng thông tin điện tử thị xã; tổ chức được 4 hội nghị đối thoại với người dân; treo 60 băng rôn.
"""
    )
    assert got["doc_type"] == "BC"
    assert got["issuer"] == ""
    assert got["year"] == 2022


def test_a_cited_documents_issuer_and_year_are_not_the_fragments() -> None:
    got = read(
        """
Tiếp tục thực hiện Kế hoạch số 15/KH-UBND ngày 20/01/2020 của UBND tỉnh Quảng Trị về cải cách hành chính năm 2020, Quyết định số 88/QĐ-SNV ngày 05/02/2020 của Sở Nội vụ tỉnh Quảng Trị ban hành Kế hoạch tuyên truyền năm 2020,
"""
    )
    assert (got["doc_type"], got["issuer"], got["year"], got["date"]) == ("", "", None, None)
    assert [c["number"] for c in got["legal_bases"]] == ["15/KH-UBND", "88/QĐ-SNV"]


def test_a_decision_copied_from_a_legal_database_keeps_its_capital_title() -> None:
    got = read(
        """
ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
-------
|
CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
|
Số: 115/QĐ-UBND
|
Quảng Nam, ngày 12
tháng 01 năm 2024
|
QUYẾT ĐỊNH
BAN HÀNH KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH
CHÍNH NĂM 2024
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ;
"""
    )
    assert (got["doc_type"], got["number"], got["date"]) == ("QĐ", "115/QĐ-UBND", "2024-01-12")
    assert got["issuer"] == "UBND tỉnh Quảng Nam"
    assert got["title"] == "BAN HÀNH KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024"
    assert [c["number"] for c in got["legal_bases"]] == ["76/NQ-CP"]


@pytest.mark.parametrize(
    ("sentence", "issuer"),
    [
        (
            "Ngày 02/3/2025, Uỷ ban nhân dân xã Tân Phú ban hành Kế hoạch số 31/KH-UBND về tuyên truyền CCHC.",
            "UBND xã Tân Phú",
        ),
        ("Ngày 02/3/2025, UBND TP. Vinh ban hành Kế hoạch số 31/KH-UBND về tuyên truyền CCHC.", "UBND thành phố Vinh"),
        (
            "Ngày 02/3/2025, Sở Nội vụ tỉnh Bắc Ninh ban hành Kế hoạch số 31/KH-SNV về tuyên truyền CCHC.",
            "Sở Nội vụ tỉnh Bắc Ninh",
        ),
        (
            "Ngày 02/3/2025, ủy ban nhân dân thị trấn Phong Điền ban hành Kế hoạch số 31/KH-UBND về tuyên truyền CCHC.",
            "UBND thị trấn Phong Điền",
        ),
    ],
)
def test_issuer_names_in_every_written_form(sentence: str, issuer: str) -> None:
    assert read(sentence)["issuer"] == issuer


def test_a_plan_described_without_headline_takes_its_subject_as_title() -> None:
    got = read(
        """
Phường Bến Thành đã triển khai thực hiện kế hoạch về tuyên truyền cải cách hành chính năm 2025 nhằm nâng cao nhận thức của cán bộ, công chức và người dân. Để kế hoạch đạt hiệu quả, phường sẽ tập trung tuyên truyền trên Trang thông tin điện tử phường và hệ thống loa truyền thanh.
"""
    )
    assert (got["doc_type"], got["issuer"]) == ("KH", "UBND phường Bến Thành")
    assert got["title"] == "tuyên truyền cải cách hành chính năm 2025"
    assert got["year"] == 2025 and got["date"] is None
