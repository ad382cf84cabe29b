"""What a dashboard is about: a node of the unit tree (or the country), a span of calendar months and
optional narrowing by reform area, channel and type of the unit that did the work."""

import re
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from loa.core.catalogs import Channel, ReformArea
from loa.core.errors import DomainError
from loa.core.periods import parse_period
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, out_of_reach
from loa.org.selectors import scope_root, unit_by_code

# Calendar spans offered beside months: dashboards count by calendar month (the reports' cut-off windows,
# 15th to 14th, are for the reports themselves).
SPANS = {
    "": (1, 12),
    "Q1": (1, 3),
    "Q2": (4, 6),
    "Q3": (7, 9),
    "Q4": (10, 12),
    "H1": (1, 6),
    "H2": (7, 12),
    "M9": (1, 9),
}
_MONTH = re.compile(r"^(0?[1-9]|1[0-2])/(\d{4})$", re.ASCII)


def month_label(month: int) -> str:
    """yyyymm → "mm/yyyy": how months are written in filters, links, charts and tables alike."""
    return f"{month % 100:02d}/{month // 100}"


@dataclass(frozen=True)
class DashFilter:
    node: OrgUnit | None  # None: the whole country
    first: int  # yyyymm, inclusive
    last: int
    area: str = ""
    channel: str = ""
    unit_type: str = ""

    @property
    def year(self) -> int:
        return self.last // 100

    @property
    def months(self) -> list[int]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
        return months

    def a_year_earlier(self) -> "DashFilter":
        return replace(self, first=self.first - 100, last=self.last - 100)

    def span_label(self) -> str:
        first, last = self.first, self.last
        if first == last:
            return _("tháng %(m)s/%(y)s") % {"m": first % 100, "y": first // 100}
        return _("tháng %(a)s/%(y1)s – tháng %(b)s/%(y2)s") % {
            "a": first % 100,
            "y1": first // 100,
            "b": last % 100,
            "y2": last // 100,
        }

    def query(self, **changes: Any) -> dict[str, str]:
        """The query string of this filter (with changes), for links that keep the other choices."""
        values = {
            "unit": self.node.code if self.node else "",
            "from": month_label(self.first),
            "to": month_label(self.last),
            "area": self.area,
            "channel": self.channel,
            "unit_type": self.unit_type,
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v}


def period_months(text: str) -> tuple[int, int] | None:
    """ "2026" → (202601, 202612); "2026Q2" → (202604, 202606); "2026-03" → (202603, 202603). The same IDs and
    year bounds as the reports' periods (core.periods), read as calendar months."""
    period = parse_period(text)
    if period is None:
        return None
    kind = period.id[4:]
    if kind.startswith("-"):
        month = period.year * 100 + int(kind[1:])
        return month, month
    first, last = SPANS[kind]
    return period.year * 100 + first, period.year * 100 + last


def month_of(text: str) -> int | None:
    """ "3/2026" or "03/2026" → 202603."""
    found = _MONTH.match(text.strip())
    return int(found.group(2)) * 100 + int(found.group(1)) if found else None


def parse_filter(actor: Actor, get: Any, *, today_month: int) -> tuple[DashFilter, list[str]]:
    """The filter from a query string and the problems found (named in Vietnamese, the value dropped).
    A unit outside the actor's reach is not a problem but a 404, as everywhere."""
    problems: list[str] = []
    node = scope_root(actor)
    code = (get.get("unit") or "").strip()
    if code:
        unit = unit_by_code(actor=actor, code=code)
        if not can(actor, Perm.VIEW, unit):
            raise out_of_reach()
        node = unit
    year = today_month // 100
    first, last = year * 100 + 1, today_month
    period = (get.get("period") or "").strip()
    if period:
        span = period_months(period)
        if span is None:
            problems.append(
                _("Kỳ «%(v)s» không hợp lệ (ví dụ: 2026, 2026Q1, 2026H1, 2026M9, 2026-03).") % {"v": period}
            )
        else:
            first, last = span
    for name in ("from", "to"):
        text = (get.get(name) or "").strip()
        if not text:
            continue
        month = month_of(text)
        if month is None or not 200001 <= month <= 210012:
            problems.append(_("Tháng «%(v)s» không hợp lệ; ghi theo dạng mm/yyyy.") % {"v": text})
        elif name == "from":
            first = month
        else:
            last = month
    if first > last:
        problems.append(_("Tháng bắt đầu sau tháng kết thúc; đã đổi chỗ hai tháng."))
        first, last = last, first
    if (last // 100 - first // 100) * 12 + last % 100 - first % 100 >= 60:
        problems.append(_("Khoảng thời gian dài quá 5 năm; chỉ xem 12 tháng cuối."))
        first = last - 99 if last % 100 < 12 else last - 11
    narrowing: dict[str, str] = {}
    for name, catalog in (("area", ReformArea), ("channel", Channel), ("unit_type", UnitType)):
        value = (get.get(name) or "").strip()
        if value and value not in catalog.values:
            problems.append(_("Giá trị lọc «%(v)s» không có trong danh mục.") % {"v": value})
            value = ""
        narrowing[name] = value
    filters = DashFilter(node=node, first=first, last=last, **narrowing)
    if not filters.months:
        raise DomainError(_("Không có tháng nào trong khoảng đã chọn."))
    return filters, problems
