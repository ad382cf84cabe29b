"""The dashboard page and its downloads: parse the filter, call the selectors, render."""

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from loa.contests.selectors import contests_of_year
from loa.contests.standings import turnout
from loa.core.catalogs import Channel, ReformArea
from loa.core.http import XLSX, attachment
from loa.core.numbers import percent
from loa.core.xlsx import write_sheets
from loa.feedback.selectors import stats as feedback_stats
from loa.indices.selectors import unit_series
from loa.org.catalog import UnitType
from loa.org.scope import Perm, can, scope_prefix
from loa.org.selectors import unit_ancestors
from loa.surveys.selectors import survey_rows

from . import selectors, tables
from .cache import TIMEOUT, content_key
from .filters import DashFilter, month_label, parse_filter
from .progress import plan_figures, reporting_figures


def _filter(request: HttpRequest) -> tuple[DashFilter, list[str]]:
    today = timezone.localdate()
    return parse_filter(request.user, request.GET, today_month=today.year * 100 + today.month)


def _chart_data(fig: selectors.Figures) -> dict[str, Any]:
    """What dashboard.js draws; labels are already translated."""
    return {
        "channels": {
            "labels": [label for _c, label, _t in fig.by_channel],
            "values": [t.activities for _c, _l, t in fig.by_channel],
        },
        "areas": {"labels": [label for _c, label, _n in fig.by_area], "values": [n for _c, _l, n in fig.by_area]},
        "months": {
            "labels": [month_label(m) for m, _n, _b in fig.by_month],
            "values": [n for _m, n, _b in fig.by_month],
            "before": [b for _m, _n, b in fig.by_month],
            "label": _("Số hoạt động"),
            "before_label": _("Cùng kỳ năm trước"),
        },
        "online": {
            # The shares in the legend: a doughnut's slices are hard to read on a projector.
            "labels": [
                f"{_('Trực tuyến')} ({percent(fig.totals.online_share)})",
                f"{_('Truyền thống')} ({percent(1 - fig.totals.online_share if fig.totals.activities else 0)})",
            ],
            "values": [fig.totals.online, fig.totals.traditional],
        },
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    f, problems = _filter(request)
    today = timezone.localdate()
    key = content_key(request.user, f, language=get_language() or "", today=today, query=request.GET.urlencode())
    content = cache.get(key)
    if content is None:
        content = render_to_string("dashboards/_content.html", _context(request, f, problems, today), request=request)
        cache.set(key, content, TIMEOUT)
    # The content was rendered by our own template with autoescaping, then kept as text by the cache.
    return render(request, "dashboards/dashboard.html", {"f": f, "content": mark_safe(content)})


def _context(request: HttpRequest, f: DashFilter, problems: list[str], today: date) -> dict[str, Any]:
    fig = selectors.figures(actor=request.user, f=f)
    rows = selectors.children(actor=request.user, f=f)
    top, bottom = selectors.ranked(rows)
    return {
        "f": f,
        "problems": problems,
        "fig": fig,
        "rows": rows,
        "top": top,
        "bottom": bottom,
        # Links up the tree stop where the actor's reach stops (an editor's commune has no province link).
        "trail": [u for u in unit_ancestors(f.node) if can(request.user, Perm.VIEW, u)] if f.node else [],
        "national": scope_prefix(request.user, Perm.VIEW) == "",
        "plan": plan_figures(actor=request.user, node=f.node, year=f.year, today=today),
        "indices": unit_series(actor=request.user, unit=f.node) if f.node else [],
        # Citizens' voice: the year's feedback and the satisfaction surveys of the subtree, figured as on their pages.
        "feedback": feedback_stats(
            actor=request.user, unit=f.node, since=date(f.year, 1, 1), until=date(f.year, 12, 31), today=today
        ),
        "surveys": survey_rows(actor=request.user, unit=f.node, year=f.year, limit=10),
        # Contests the subtree's people could take part in that year, and how many did (as on the contest pages).
        "contests": turnout(contests_of_year(unit=f.node, year=f.year, limit=5), f.node),
        "reporting": reporting_figures(actor=request.user, node=f.node, year=f.year, today=today),
        "charts": _chart_data(fig),
        "query": urlencode(f.query()),
        "tables": {name: getattr(tables, name)(rows if name == "units" else fig) for name in tables.CHARTS},
        "channels": Channel.choices,
        "areas": ReformArea.choices,
        "unit_types": UnitType.choices,
        # Computed once, not per row: the rest of a drill-down link (span and narrowing), and the activity list
        # of what the figures count, to which each link adds its unit.
        "drill": "&" + urlencode({k: v for k, v in f.query().items() if k != "unit"}),
        "activity_list": _activity_list(f),
        "year_choices": [today.year - i for i in range(5)],
    }


def _activity_list(f: DashFilter) -> str:
    """The activity list of what the figures count (a subtree, the span, the same narrowing), without the unit."""
    year, month = divmod(f.last, 100)
    last_day = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    params = {
        "from": f"01/{month_label(f.first)}",
        "to": last_day.strftime("%d/%m/%Y"),
        "subtree": "1",
        "status": "confirmed",
        **{name: value for name, value in (("area", f.area), ("channel", f.channel)) if value},
    }
    return f"{reverse('activity:list')}?{urlencode(params)}&unit="


@login_required
def dashboard_xlsx(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in tables.CHARTS:
        raise Http404(_("Không có biểu đồ «%(v)s».") % {"v": chart})
    f, _problems = _filter(request)
    if chart == "units":
        sheet = tables.units(selectors.children(actor=request.user, f=f))
    else:
        sheet = getattr(tables, chart)(selectors.figures(actor=request.user, f=f))
    scope = f.node.name if f.node else _("Toàn quốc")
    notes = [
        _("Phạm vi: %(s)s; thời gian: %(t)s.") % {"s": scope, "t": f.span_label()},
        _("Lọc: lĩnh vực %(a)s; hình thức %(c)s; loại đơn vị %(u)s.")
        % {
            "a": dict(ReformArea.choices).get(f.area, _("tất cả")),
            "c": dict(Channel.choices).get(f.channel, _("tất cả")),
            "u": selectors.unit_type_label(f.unit_type),
        },
        _("Số liệu: hoạt động đã xác nhận, theo tháng dương lịch; một hoạt động có thể thuộc nhiều lĩnh vực."),
    ]
    code = f.node.code if f.node else "toan-quoc"
    return attachment(write_sheets([sheet], notes=notes), f"thong-ke-{chart}-{code}-{f.first}-{f.last}.xlsx", XLSX)
