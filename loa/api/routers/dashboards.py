"""Dashboard figures: the same selectors as the pages, scoped the same way."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from loa.dashboards import selectors
from loa.dashboards.filters import parse_filter
from loa.dashboards.serialize import figures_json

from ..schemas import ERRORS

router = Router(tags=["Thống kê"])


class TotalsOut(Schema):
    activities: int
    quantity: str  # a decimal string: quantities of any measure added up
    reached: int
    participants: int
    online: int
    traditional: int
    online_share: float


class FiltersOut(Schema):
    area: str
    channel: str
    unit_type: str


class ChannelTotalsOut(TotalsOut):
    channel: str
    label: str


class AreaOut(Schema):
    area: str
    label: str
    activities: int


class MonthOut(Schema):
    month: int  # yyyymm
    activities: int
    last_year: int


class ChildOut(TotalsOut):
    unit: str
    name: str
    unit_type: str


class DashboardOut(Schema):
    unit: str | None  # None: the whole country
    first_month: int = Field(alias="from")  # yyyymm, inclusive
    last_month: int = Field(alias="to")
    filters: FiltersOut
    totals: TotalsOut
    same_span_last_year: TotalsOut
    by_channel: list[ChannelTotalsOut]
    by_area: list[AreaOut]
    by_month: list[MonthOut]
    children: list[ChildOut]
    problems: list[str]


@router.get("/dashboard", response={200: DashboardOut, **ERRORS}, by_alias=True)
def dashboard(
    request: HttpRequest,
    unit: str = "",
    period: str = "",
    from_month: str = "",
    to_month: str = "",
    area: str = "",
    channel: str = "",
    unit_type: str = "",
) -> Any:
    """Figures for a unit's subtree (or the country for an administrator) over calendar months: totals, by channel,
    by reform area, by month with the same month a year earlier, and the direct children. Months as mm/yyyy,
    or `period` as 2026, 2026Q1, 2026H1, 2026M9, 2026-03. Wrong filter values are listed in `problems`."""
    today = timezone.localdate()
    get = {
        "unit": unit,
        "period": period,
        "from": from_month,
        "to": to_month,
        "area": area,
        "channel": channel,
        "unit_type": unit_type,
    }
    f, problems = parse_filter(request.user, get, today_month=today.year * 100 + today.month)
    fig = selectors.figures(actor=request.user, f=f)
    rows = selectors.children(actor=request.user, f=f)
    return {**figures_json(f, fig, rows), "problems": problems}
