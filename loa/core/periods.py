"""Reporting periods and their data cut-off windows (Nghị định 09/2019/NĐ-CP; domain.md §5).

Quarter n of year Y runs from the 15th of month 3(n−1) to the 14th of month 3n (month 0 is December
of Y−1); the half-year, nine months and the year all start on 15/12 of Y−1. IDs: 2026Q1…2026Q4,
2026H1, 2026H2, 2026M9, 2026, and months 2026-01…2026-12.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

_ID = re.compile(r"^(\d{4})(?:Q([1-4])|H([12])|M(9)|-(0[1-9]|1[0-2]))?$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    id: str
    year: int
    start: date
    end: date  # the cut-off day, inclusive

    @property
    def label(self) -> str:
        kind = self.id[4:]
        if not kind:
            return _("Năm %(y)s") % {"y": self.year}
        if kind.startswith("Q"):
            return _("Quý %(q)s năm %(y)s") % {"q": ROMAN[int(kind[1])], "y": self.year}
        if kind == "H1":
            return _("6 tháng đầu năm %(y)s") % {"y": self.year}
        if kind == "H2":
            return _("6 tháng cuối năm %(y)s") % {"y": self.year}
        if kind == "M9":
            return _("9 tháng năm %(y)s") % {"y": self.year}
        return _("Tháng %(m)s năm %(y)s") % {"m": int(kind[1:]), "y": self.year}

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def _month_start(year: int, month: int) -> date:
    """The 15th of the month before: the first day of that month's window (month 1 → 15/12 of Y−1)."""
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def parse_period(text: str) -> Period | None:
    """A period from its ID ("2026Q1", "2026h1", "2026"), or None when the text is not one."""
    found = _ID.match(text.strip().upper())
    if not found:
        return None
    year = int(found.group(1))
    if not 2000 <= year <= 2100:
        return None
    quarter, half, nine, month = found.group(2, 3, 4, 5)
    year_start = date(year - 1, 12, 15)
    if quarter:
        n = int(quarter)
        return Period(f"{year}Q{n}", year, _month_start(year, 3 * (n - 1) + 1), date(year, 3 * n, 14))
    if half == "1":
        return Period(f"{year}H1", year, year_start, date(year, 6, 14))
    if half == "2":
        return Period(f"{year}H2", year, date(year, 6, 15), date(year, 12, 14))
    if nine:
        return Period(f"{year}M9", year, year_start, date(year, 9, 14))
    if month:
        m = int(month)
        return Period(f"{year}-{m:02d}", year, _month_start(year, m), date(year, m, 14))
    return Period(str(year), year, year_start, date(year, 12, 14))


def require_period(text: str) -> Period:
    """The period an officer typed, or a DomainError naming the value and the accepted forms."""
    from .errors import DomainError

    period = parse_period(text)
    if period is None:
        raise DomainError(_("Kỳ «%(v)s» không hợp lệ (ví dụ: 2026Q1, 2026H1, 2026M9, 2026).") % {"v": text})
    return period


def standard_periods(year: int) -> list[Period]:
    """The periods offered in filters for a year, in the order officers think of them."""
    ids = [f"{year}Q1", f"{year}Q2", f"{year}H1", f"{year}Q3", f"{year}M9", f"{year}Q4", str(year)]
    return [p for p in map(parse_period, ids) if p is not None]
