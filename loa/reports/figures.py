"""A report's data tables, computed from confirmed activities inside the period's cut-off window.

Scope: the unit's subtree (a commune and its sections), minus the subtrees of units that report to
it separately (their figures arrive through their own reports). Everything is aggregated in SQL,
grouped by (channel, measure, area mask), so a province-wide report reads a few hundred grouped
rows, not every activity. The result is plain JSON: it is what a submitted version freezes.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, Q, QuerySet, Sum, When

from loa.activity.models import Activity, ActivityStatus, Evidence
from loa.activity.progress import ProgressStatus, copies_of, percent, tasks_for_unit
from loa.core.catalogs import ONLINE_CHANNELS, Channel, ReformArea
from loa.core.periods import Period
from loa.org.models import OrgUnit
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan, PlanTask

ZERO = Decimal(0)
AREA_BITS = [(code, 1 << i) for i, code in enumerate(ReformArea.values)]


def num(value: Decimal | int | float | None) -> int | float:
    """A JSON number: whole values as int, others rounded to 2 decimals."""
    if value is None:
        return 0
    value = Decimal(value).quantize(Decimal("0.01"))
    return int(value) if value == value.to_integral_value() else float(value)


def scoped_activities(unit: OrgUnit, start: date, end: date, excluded: list[str]) -> QuerySet[Activity]:
    qs = Activity.objects.filter(
        unit_path__startswith=unit.path, date__range=(start, end), status=ActivityStatus.CONFIRMED
    )
    for path in excluded:
        qs = qs.exclude(unit_path__startswith=path)
    return qs


def empty_totals() -> dict[str, Any]:
    return {"count": 0, "reach": 0, "participants": 0, "evidence": 0, "online": 0, "traditional": 0, "cost": 0}


def compute_figures(unit: OrgUnit, period: Period, excluded: list[str]) -> dict[str, Any]:
    """Figures of the unit's own work in the period (see module doc for the scope)."""
    activities = scoped_activities(unit, period.start, period.end, excluded)
    grouped = (
        activities.values("channel", "measure", "area_bits")
        .annotate(
            n=Count("pk"),
            quantity=Sum("quantity"),
            reach=Sum("reached"),
            participants=Sum("participants"),
            cost=Sum("cost"),
        )
        .order_by()
    )
    channels: dict[str, dict[str, Any]] = {}
    areas: dict[str, dict[str, Any]] = {}
    totals = empty_totals()
    for row in grouped:
        entry = channels.setdefault(
            row["channel"], {"count": 0, "quantity": ZERO, "reach": 0, "participants": 0, "measures": {}}
        )
        entry["count"] += row["n"]
        entry["quantity"] += row["quantity"] or ZERO
        entry["reach"] += row["reach"] or 0
        entry["participants"] += row["participants"] or 0
        measures = entry["measures"]
        measures[row["measure"]] = measures.get(row["measure"], ZERO) + (row["quantity"] or ZERO)
        for code, bit in AREA_BITS:
            if row["area_bits"] & bit:
                area = areas.setdefault(code, {"count": 0, "reach": 0})  # quantities of mixed measures: not summed
                area["count"] += row["n"]
                area["reach"] += row["reach"] or 0
        totals["count"] += row["n"]
        totals["reach"] += row["reach"] or 0
        totals["participants"] += row["participants"] or 0
        totals["cost"] += row["cost"] or 0
        totals["online" if row["channel"] in ONLINE_CHANNELS else "traditional"] += row["n"]
    totals["evidence"] = Evidence.objects.filter(activity__in=activities).count()
    return {
        "period": period.id,
        "label": period.label,
        "window": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "totals": totals,
        "by_channel": {code: _channel_json(channels[code]) for code in Channel.values if code in channels},
        "by_area": {code: _area_json(areas[code]) for code in ReformArea.values if code in areas},
        "tasks": task_rows(unit, period, excluded),
        "documents": issued_documents(unit, period),
    }


def _channel_json(entry: dict[str, Any]) -> dict[str, Any]:
    measures = {m: num(q) for m, q in sorted(entry["measures"].items(), key=lambda item: -item[1])}
    return {
        "count": entry["count"],
        "quantity": num(entry["quantity"]),
        "reach": entry["reach"],
        "participants": entry["participants"],
        "measures": measures,
    }


def _area_json(entry: dict[str, Any]) -> dict[str, Any]:
    return {"count": entry["count"], "reach": entry["reach"]}


def task_rows(unit: OrgUnit, period: Period, excluded: list[str]) -> list[dict[str, Any]]:
    """The plan tasks of the period's year the unit answers for: target, achieved inside the window,
    cumulative since the year's first window, and completion % of the cumulative figure."""
    tasks = [t for t in tasks_for_unit(unit) if t.plan.year == period.year]
    if not tasks:
        return []
    # A superior's task the unit copied into its own plan is reported once, as the unit's own task;
    # activities linked to the superior's task still count for it.
    ids = {t.pk for t in tasks}
    copied = {t.source_task_id: t.pk for t in tasks if t.source_task_id in ids}
    tasks = [t for t in tasks if t.pk not in copied]
    root_of = copies_of(t.pk for t in tasks)
    for source, copy in copied.items():
        root_of.setdefault(source, root_of.get(copy, copy))
    year_start = date(period.year - 1, 12, 15)
    links = Activity.tasks.through.objects.filter(
        plantask_id__in=list(root_of),
        activity__status=ActivityStatus.CONFIRMED,
        activity__unit_path__startswith=unit.path,
        activity__date__range=(year_start, period.end),
    )
    for path in excluded:
        links = links.exclude(activity__unit_path__startswith=path)
    in_window = Q(activity__date__gte=period.start)
    sums: dict[int, list[Any]] = defaultdict(lambda: [ZERO, ZERO, 0])
    decimal = DecimalField(max_digits=14, decimal_places=2)
    rows = (
        links.values("plantask_id")
        .annotate(
            window=Sum(Case(When(in_window, then="activity__quantity"), default=ZERO, output_field=decimal)),
            total=Sum("activity__quantity"),
            n=Count("activity_id"),
        )
        .order_by()
    )
    for row in rows:
        entry = sums[root_of[row["plantask_id"]]]
        entry[0] += row["window"] or ZERO
        entry[1] += row["total"] or ZERO
        entry[2] += row["n"]
    return [_task_json(task, sums[task.pk][0], sums[task.pk][1], sums[task.pk][2], period) for task in tasks]


def _task_json(task: PlanTask, window: Decimal, total: Decimal, n: int, period: Period) -> dict[str, Any]:
    target = task.quantity if task.quantity is not None and task.quantity > 0 else None
    ratio = min(total / target, Decimal(1)) if target else Decimal(1 if n else 0)
    done = n > 0 and (target is None or total >= target)
    if done:
        status = ProgressStatus.DONE
    elif task.deadline is not None and task.deadline <= period.end:
        status = ProgressStatus.OVERDUE
    else:
        status = ProgressStatus.IN_PROGRESS if n else ProgressStatus.NOT_STARTED
    return {
        "id": task.pk,
        "plan": task.plan.number_symbol,
        "title": task.title,
        "channel": task.channel,
        "reform_area": task.reform_area,
        "measure": task.measure,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "target": num(target) if target is not None else None,
        "achieved": num(window),
        "cumulative": num(total),
        "activities": n,
        "percent": percent(ratio),
        "status": str(status),
    }


def issued_documents(unit: OrgUnit, period: Period) -> list[dict[str, Any]]:
    """Plans the unit (or a unit of its subtree) issued inside the window: its direction documents."""
    plans = Plan.objects.filter(
        issuer__path__startswith=unit.path,
        status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED],
        issued_on__range=(period.start, period.end),
    ).select_related("issuer")
    return [
        {
            "plan": p.pk,
            "type": "Kế hoạch",
            "number": p.number_symbol,
            "date": p.issued_on.isoformat() if p.issued_on else None,
            "title": p.title,
            "issuer": p.issuer.name,
        }
        for p in plans.order_by("issued_on", "pk")
    ]
