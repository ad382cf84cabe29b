"""How the ranking report names its leaders and its last (issue 19): ties are named together or counted, never a
few picked out of them, and units with no point are counted, not called the lowest."""

from decimal import Decimal
from types import SimpleNamespace

from loa.scoring.document import standing_lines


def ranking(*scores: float) -> list[SimpleNamespace]:
    """Rows best first, as the ranking gives them; unit names say their place ("Xã 1" is first)."""
    return [
        SimpleNamespace(score=SimpleNamespace(final=Decimal(str(s)), unit=SimpleNamespace(name=f"Xã {i}")))
        for i, s in enumerate(scores, start=1)
    ]


def test_three_leaders_and_a_tie_at_zero_counted() -> None:
    rows = ranking(2, 1.75, 1.5, 1.5, 1.25, 1, 0.5, *[0] * 48)
    assert standing_lines(rows) == [
        "Các đơn vị dẫn đầu: Xã 1 (2 điểm), Xã 2 (1,75 điểm), Xã 3 (1,5 điểm), Xã 4 (1,5 điểm).",
        "Đơn vị có điểm thấp nhất trong các đơn vị có điểm: Xã 7 (0,5 điểm).",
        "48 đơn vị chưa có điểm (0 điểm).",
    ]


def test_a_large_tie_at_the_top_is_counted() -> None:
    rows = ranking(*[2] * 9, 1, 1, 1, 1, 0.5)
    assert standing_lines(rows) == [
        "9 đơn vị cùng đạt điểm cao nhất (2 điểm).",
        "Đơn vị có điểm thấp nhất trong các đơn vị có điểm: Xã 14 (0,5 điểm).",
    ]


def test_a_tie_at_the_bottom_is_counted() -> None:
    assert standing_lines(ranking(2, 2, 1.5, 1, 1, 1, 1, 0)) == [
        "Các đơn vị dẫn đầu: Xã 1 (2 điểm), Xã 2 (2 điểm), Xã 3 (1,5 điểm).",
        "4 đơn vị cùng có điểm thấp nhất trong các đơn vị có điểm (1 điểm).",
        "1 đơn vị chưa có điểm (0 điểm).",
    ]


def test_nobody_scored_and_small_rankings() -> None:
    assert standing_lines(ranking(0, 0, 0)) == ["Chưa đơn vị nào có điểm (3 đơn vị cùng 0 điểm)."]
    assert standing_lines(ranking(2, 1)) == ["Các đơn vị dẫn đầu: Xã 1 (2 điểm), Xã 2 (1 điểm)."]
    assert standing_lines([]) == []


def test_the_summary_never_writes_a_zero_count() -> None:
    from loa.scoring.document import summary_line

    assert summary_line(69, 12, Decimal("1.254"), 3) == (
        "Tổng số 69 đơn vị được chấm điểm, trong đó 12 đơn vị đã được thẩm định; điểm bình quân 1,25 điểm; "
        "3 đơn vị đạt điểm tối đa."
    )
    assert summary_line(69, 0, Decimal(0), 0) == (
        "Tổng số 69 đơn vị được chấm điểm, chưa đơn vị nào được thẩm định; điểm bình quân 0 điểm."
    )
    assert summary_line(0, 0, Decimal(0), 0) == "Chưa có đơn vị nào được chấm điểm."
