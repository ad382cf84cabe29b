"""`find_citations`: every numbered citation anywhere in running text, in every form documents write it."""

from datetime import date

import pytest

from loa.core.citations import (
    find_citations,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể",
            [("Nghị quyết", "76/NQ-CP", date(2021, 7, 15), "Chính phủ")],
        ),
        (
            "theo Nghị quyết 39-NQ/TW ngày 17/4/2015 của Bộ Chính trị",
            [("Nghị quyết", "39-NQ/TW", date(2015, 4, 17), "Bộ Chính trị")],
        ),
        ("thực hiện Nghị định số 108/2014/NĐ-CP.", [("Nghị định", "108/2014/NĐ-CP", None, "")]),
        (
            "Kế hoạch số 15/KH-UBND ngày 19 tháng 01 năm 2024 của UBND huyện Hương Khê về tuyên truyền",
            [("Kế hoạch", "15/KH-UBND", date(2024, 1, 19), "UBND huyện Hương Khê")],
        ),
        ("Kế hoạch số 4707/QĐ-UBND ngày 24/12/2021", [("Kế hoạch", "4707/QĐ-UBND", date(2021, 12, 24), "")]),
        (
            "Quyết định số 225/QĐ-TTg ngày 04-02-2016 của Thủ tướng Chính phủ",
            [("Quyết định", "225/QĐ-TTg", date(2016, 2, 4), "Thủ tướng Chính phủ")],
        ),
        (
            "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16/6/2025",
            [("Luật", "72/2025/QH15", date(2025, 6, 16), "")],
        ),
        (
            "Chương trình hành động số 12-CTr/TU ngày 20/8/2025 của Tỉnh ủy",
            [("Chương trình", "12-CTr/TU", date(2025, 8, 20), "Tỉnh ủy")],
        ),
        (
            "Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ",
            [("Nghị quyết", "30c/NQ-CP", date(2011, 11, 8), "Chính phủ")],
        ),
        (
            "Nghị định số 107/2021/NĐ-CP của Chính phủ sửa đổi Nghị định số 61/2018/NĐ-CP; Công văn số 581/BNV-CCHC",
            [
                ("Nghị định", "107/2021/NĐ-CP", None, "Chính phủ"),
                ("Nghị định", "61/2018/NĐ-CP", None, ""),
                ("Công văn", "581/BNV-CCHC", None, ""),
            ],
        ),
        ("Kế hoạch tuyên truyền năm 2026 và các văn bản chỉ đạo", []),
    ],
)
def test_find_citations_in_every_written_form(text, expected):
    found = [(c.doc_type, c.number_symbol, c.issued_on, c.issuer) for c in find_citations(text)]
    assert found == expected
