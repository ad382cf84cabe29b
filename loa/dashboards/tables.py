"""Each chart's data as a table (title, headers, rows): shown under the chart and downloadable as XLSX, so what
the officer sees, prints and sends is the same set of numbers."""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from loa.core.xlsx import Sheet

from .filters import month_label
from .selectors import ChildRow, Figures


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def channels(fig: Figures) -> Sheet:
    headers = [_("Hình thức"), _("Số hoạt động"), _("Số lượng sản phẩm"), _("Số người tiếp cận"), _("Người tham dự")]
    rows: list[Sequence[Any]] = [
        [label, t.activities, t.quantity, t.reached, t.participants] for _code, label, t in fig.by_channel
    ]
    return _("Theo hình thức"), headers, rows


def areas(fig: Figures) -> Sheet:
    return _("Theo lĩnh vực"), [_("Lĩnh vực CCHC"), _("Số hoạt động")], [[label, n] for _c, label, n in fig.by_area]


def months(fig: Figures) -> Sheet:
    headers = [_("Tháng"), _("Số hoạt động"), _("Cùng kỳ năm trước")]
    return _("Theo tháng"), headers, [[month_label(m), n, before] for m, n, before in fig.by_month]


def online(fig: Figures) -> Sheet:
    t = fig.totals
    headers = [_("Loại hình"), _("Số hoạt động"), _("Tỷ lệ (%)")]
    rows = [
        [_("Trực tuyến"), t.online, _pct(t.online, t.activities)],
        [_("Truyền thống"), t.traditional, _pct(t.traditional, t.activities)],
    ]
    return _("Trực tuyến - truyền thống"), headers, rows


def units(rows: list[ChildRow]) -> Sheet:
    headers = [
        _("Mã"),
        _("Đơn vị"),
        _("Số hoạt động"),
        _("Trực tuyến"),
        _("Truyền thống"),
        _("Số người tiếp cận"),
        _("Người tham dự"),
    ]
    body: list[Sequence[Any]] = [
        [
            r.unit.code,
            r.unit.name,
            r.totals.activities,
            r.totals.online,
            r.totals.traditional,
            r.totals.reached,
            r.totals.participants,
        ]
        for r in rows
    ]
    return _("Theo đơn vị"), headers, body


CHARTS = ("channels", "areas", "months", "online", "units")
