from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from loa.core.dates import display_date, document_date
from loa.core.text import fold, normalize, search_terms


def test_fold_removes_diacritics_case_and_d_stroke():
    assert fold("Đà Nẵng") == "da nang"
    assert fold("CẢI CÁCH hành chính") == "cai cach hanh chinh"
    assert fold("Đăng ký") == "dang ky"


def test_normalize_nfc_and_eth_lookalike():
    decomposed = "Tuye\u0302n truye\u0302\u0300n"  # NFD as pasted from a PDF
    assert normalize(decomposed) == "Tuyên truyền"
    assert normalize("108/2014/N\u00d0-CP") == "108/2014/NĐ-CP"
    assert normalize("  a \n  b ") == "a b"


def test_search_terms_deduplicate_in_order():
    assert search_terms("Tuyên  truyền, tuyen") == ["tuyen", "truyen"]


@given(st.text())
def test_fold_is_idempotent_and_has_no_combining_marks(text):
    once = fold(text)
    assert fold(once) == once
    assert "đ" not in once and "Đ" not in once


def test_document_date_zero_padding_follows_decree_30():
    assert document_date(date(2026, 1, 5), "Hà Nội") == "Hà Nội, ngày 05 tháng 01 năm 2026"
    assert document_date(date(2022, 2, 28)) == "ngày 28 tháng 02 năm 2022"
    assert document_date(date(2026, 6, 9)) == "ngày 09 tháng 6 năm 2026"
    assert document_date(date(2026, 12, 20)) == "ngày 20 tháng 12 năm 2026"
    assert display_date(date(2026, 1, 5)) == "05/01/2026"


@given(st.text() | st.text(alphabet="ĐđaăâeêoôơuưyiẠạ̛̣́̀\u0300\u0301\u0303\u0309\u0323\u1dc0\U0001d167x "))
def test_fold_drops_exactly_the_combining_marks_of_every_plane(text):
    """The regex that removes marks (fast on whole documents) agrees with asking each character's category."""
    import unicodedata

    from loa.core.text import normalize

    decomposed = unicodedata.normalize("NFD", normalize(text).casefold())
    d_stroke = str.maketrans({"đ": "d", "Đ": "D"})
    expected = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").translate(d_stroke)
    assert fold(text) == expected
