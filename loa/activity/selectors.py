"""Reads of activities and evidence, always through the scoping layer (by the copied unit path)."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Choices, Count, F, Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from loa.core.catalogs import Channel, ReformArea
from loa.core.errors import NotFound
from loa.core.periods import Period
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, restrict
from loa.org.tree import subtree_q
from loa.plans.models import PlanTask

from .models import Activity, ActivityStatus, Evidence
from .search import match


@dataclass
class ActivityFilter:
    """What a list, an export, the API or the CLI asks for; empty values filter nothing."""

    unit: OrgUnit | None = None  # None: everything within the actor's reach
    subtree: bool = False
    date_from: date | None = None
    date_to: date | None = None
    period: Period | None = None
    channel: str = ""
    area: str = ""
    task: int | None = None
    status: str = ""
    query: str = ""


def clean_filters(filters: ActivityFilter) -> tuple[ActivityFilter, list[str]]:
    """The filter without catalog values that do not exist (channel, reform area, status), and a Vietnamese line
    naming each one dropped. The page shows the lines and lists the rest; the API answers 400 with them."""
    problems: list[str] = []

    def known(value: str, catalog: type[Choices], what: str) -> str:
        if value and value not in catalog.values:
            problems.append(_("%(what)s «%(value)s» không có trong danh mục.") % {"what": what, "value": value})
            return ""
        return value

    cleaned = replace(
        filters,
        channel=known(filters.channel, Channel, _("Kênh truyền thông")),
        area=known(filters.area, ReformArea, _("Lĩnh vực cải cách")),
        status=known(filters.status, ActivityStatus, _("Trạng thái")),
    )
    return cleaned, problems


def visible_activities(actor: Actor | None) -> QuerySet[Activity]:
    return restrict(Activity.objects.all(), actor, Perm.VIEW, unit_path="unit_path")


def activity_list(*, actor: Actor | None, filters: ActivityFilter) -> QuerySet[Activity]:
    qs = visible_activities(actor).select_related("unit")
    f = filters
    if f.unit is not None:
        qs = qs.filter(subtree_q(f.unit, field="unit_path")) if f.subtree else qs.filter(unit=f.unit)
    start, end = f.date_from, f.date_to
    if f.period is not None:
        start, end = max(filter(None, [start, f.period.start])), min(filter(None, [end, f.period.end]))
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.area in ReformArea.values:
        bit = 1 << list(ReformArea.values).index(f.area)
        qs = qs.annotate(area_hit=F("area_bits").bitand(bit)).filter(area_hit__gt=0)
    if f.task is not None:
        qs = qs.filter(tasks__id=f.task)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.query:
        return match(qs, f.query)
    return qs.order_by("-date", "-pk")


def with_details(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Tasks (with their plans) and evidence counts for a page of activities, in two extra queries."""
    return qs.prefetch_related(Prefetch("tasks", queryset=PlanTask.objects.select_related("plan"))).annotate(
        evidence_count=Count("evidence", distinct=True)
    )


def activity_get(*, actor: Actor | None, pk: int) -> Activity:
    activity = visible_activities(actor).select_related("unit", "created_by").filter(pk=pk).first()
    if activity is None:
        raise NotFound(_("Không tìm thấy hoạt động này trong phạm vi của bạn."))
    return activity


def evidence_get(*, actor: Actor | None, pk: int) -> Evidence:
    evidence = (
        restrict(Evidence.objects.all(), actor, Perm.VIEW, unit_path="activity__unit_path")
        .select_related("activity__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise NotFound(_("Không tìm thấy tệp minh chứng này trong phạm vi của bạn."))
    return evidence


@dataclass
class CalendarMonth:
    first: date
    days: list[date]
    rows: list[tuple[str, list[int]]]  # channel → activity count per day
    totals: dict[str, Decimal]


def calendar_month(*, actor: Actor | None, unit: OrgUnit, subtree: bool, first: date) -> CalendarMonth:
    """Activity counts per channel and day of one month: one grouped query."""
    from calendar import monthrange

    days = [first.replace(day=d) for d in range(1, monthrange(first.year, first.month)[1] + 1)]
    qs = activity_list(
        actor=actor, filters=ActivityFilter(unit=unit, subtree=subtree, date_from=days[0], date_to=days[-1])
    )
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    totals: dict[str, Decimal] = {}
    for row in qs.order_by().values("channel", "date").annotate(n=Count("pk"), q=Sum("quantity")):
        counts[row["channel"]][row["date"].day - 1] += row["n"]
        totals[row["channel"]] = totals.get(row["channel"], Decimal(0)) + (row["q"] or 0)
    return CalendarMonth(first=first, days=days, rows=sorted(counts.items()), totals=totals)
