"""Generated report text worth signing (issue 19): brands and proper names keep their case inside a sentence, and a
count of zero is never written as a figure ("0 nhiệm vụ quá hạn")."""

from datetime import date

from loa.core.catalogs import Channel, vi_label
from loa.core.periods import Period
from loa.reports.narrative import _task_counts, inline_label


def test_labels_inside_a_sentence_keep_brands_and_names() -> None:
    assert inline_label(vi_label(Channel, Channel.MANG_XA_HOI)) == "mạng xã hội (Zalo, Facebook, YouTube…)"
    assert inline_label(vi_label(Channel, Channel.BANG_DIEN_TU)) == "bảng điện tử, màn hình LED"
    assert inline_label(vi_label(Channel, Channel.CONG_TTDT)) == "Cổng/Trang thông tin điện tử"
    assert inline_label("UBND các xã") == "UBND các xã"


def test_task_counts_leave_zeros_unsaid() -> None:
    period = Period("2026Q1", 2026, date(2026, 1, 1), date(2026, 3, 31))
    tasks = [{"status": "done"}, {"status": "done"}, {"status": "in_progress"}]
    assert _task_counts(period, tasks) == (
        "Kế hoạch năm 2026 giao 3 nhiệm vụ; đến ngày 31/03/2026 đã hoàn thành 2/3 nhiệm vụ, "
        "1 nhiệm vụ đang hoặc chưa đến hạn thực hiện."
    )
    assert _task_counts(period, [{"status": "overdue"}, {"status": "not_started"}]) == (
        "Kế hoạch năm 2026 giao 2 nhiệm vụ; đến ngày 31/03/2026 chưa hoàn thành nhiệm vụ nào, "
        "1 nhiệm vụ đang hoặc chưa đến hạn thực hiện, 1 nhiệm vụ quá hạn."
    )


def test_the_direction_names_the_units_own_plan_when_nothing_new_was_issued() -> None:
    from loa.reports.narrative import _direction

    period = Period("2026Q2", 2026, date(2026, 3, 15), date(2026, 6, 14))
    plan = {"plan": 1, "number": "03/KH-UBND", "date": "2026-02-05", "title": "Tuyên truyền CCHC năm 2026"}
    assert _direction("UBND phường Thành Sen", period, [], [], plan) == (
        "Trong quý II năm 2026, UBND phường Thành Sen tiếp tục triển khai thực hiện Kế hoạch số 03/KH-UBND "
        "ngày 05/02/2026 về tuyên truyền CCHC năm 2026."
    )
    assert "theo kế hoạch đã ban hành" in _direction("UBND phường Thành Sen", period, [], [], None)


def test_one_kind_of_activity_is_said_without_a_zero_and_names_its_form() -> None:
    from loa.reports.narrative import _advantages, _channels

    period = Period("2026Q2", 2026, date(2026, 3, 15), date(2026, 6, 14))
    totals = {"count": 2, "online": 2, "traditional": 0, "reach": 0, "evidence": 0}
    channels = {"cong_ttdt": {"count": 2, "measures": {"tin/bài": 6}}}
    text = _channels(period, totals, channels)
    assert text.splitlines()[0] == (
        "Trong quý II năm 2026, đã thực hiện 2 hoạt động thông tin, tuyên truyền cải cách hành chính trên 1 hình "
        "thức (đều là hoạt động trực tuyến). Cụ thể:"
    )
    assert " 0 " not in text
    assert _advantages(totals, channels, []).endswith("được triển khai trên hình thức Cổng/Trang thông tin điện tử.")
