"""A report's data tables, computed from confirmed activities inside the period's cut-off window.

Scope: the unit's subtree (a commune and its sections), minus the subtrees of units that report to
it separately (their figures arrive through their own reports). Everything is aggregated in SQL,
grouped by (channel, measure, area mask), so a province-wide report reads a few hundred grouped
rows, not every activity. The result is plain JSON: it is what a submitted version freezes.
"""

from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from loa.activity.models import Activity, ActivityStatus, Evidence
from loa.activity.progress import (
    ProgressStatus,
    TaskProgress,
    percent,
    progress_tasks,
    task_progress,
    tasks_for_unit,
    without_mirrored,
)
from loa.core.catalogs import ONLINE_CHANNELS, Channel, ReformArea
from loa.core.periods import Period
from loa.feedback.selectors import stats as feedback_stats
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.org.tree import province_of, subtree_q
from loa.oversight.selectors import in_window as oversight_in_window
from loa.plans.catalog import PlanStatus
from loa.plans.defaults import issuer_display
from loa.plans.models import Plan
from loa.plans.selectors import issued_plans

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
        subtree_q(unit, field="unit_path"), date__range=(start, end), status=ActivityStatus.CONFIRMED
    )
    for path in excluded:
        qs = qs.exclude(subtree_q(path, field="unit_path"))
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
        "own_plan": own_plan(unit, period),
        **voice(unit, period),
    }


def voice(unit: OrgUnit, period: Period) -> dict[str, Any]:
    """Citizens' voice in the unit's subtree for the period, when there is any: the feedback received (and what
    became of it, as the feedback pages count it) and the Fatherland Front's oversight recommendations."""
    # The Sở Nội vụ's report speaks for the province's administrative reform, so it counts the province's voice.
    area = province_of(unit) if unit.unit_type == UnitType.SO_NOI_VU else unit
    as_of = min(period.end, timezone.localdate())
    feedback = feedback_stats(actor=SYSTEM, unit=area, since=period.start, until=period.end, today=as_of)
    recommendations = [
        {
            "by": r.by_unit.name,
            "to": r.to_unit.name,
            "subject": r.subject,
            "issued": r.issued_on.isoformat(),
            "due": r.due_on.isoformat(),
            "answered": r.answered_on.isoformat() if r.answered_on else None,
        }
        for r in oversight_in_window(area, period.start, period.end)
    ]
    found: dict[str, Any] = {}
    if feedback.received:
        found["feedback"] = asdict(feedback)
    if recommendations:
        found["oversight"] = recommendations
    return found


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


def task_rows(unit: OrgUnit, period: Period, excluded: list[str] | None = None) -> list[dict[str, Any]]:
    """The (task, unit) pairs of the period's year the unit answers for (its own and its sections'), each as
    `activity.progress.task_progress` computes it: cumulative to the cut-off (the completion % and status, as
    of the cut-off or today when the period is still running) and achieved inside the window.

    The figures are the task's progress, the same as on every page: they are not narrowed by `excluded`
    (units reporting separately still do the unit's tasks). A superior's task the unit copied into its own
    plan shows once, as the unit's own task (the copy has the same figure, see `task_progress`)."""
    tasks = [t for t in tasks_for_unit(unit) if t.plan.year == period.year]
    if not tasks:
        return []
    as_of = min(period.end + timedelta(days=1), timezone.localdate())
    cumulative = task_progress(tasks, within=unit, today=as_of, until=period.end, window=(period.start, period.end))
    return [_task_json(r, r.in_window or ZERO) for r in without_mirrored(cumulative)]


def _task_json(row: TaskProgress, window: Decimal) -> dict[str, Any]:
    task = row.task
    return {
        "id": task.pk,
        "plan": task.plan.number_symbol,
        "title": task.title,
        "unit": row.unit.code,
        "unit_name": row.unit.name,
        "channel": task.channel,
        "reform_area": task.reform_area,
        "measure": task.measure,
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "target": num(row.target) if row.target is not None else None,
        "achieved": num(window),
        "cumulative": num(row.achieved),
        "activities": row.activities,
        "other_measures": dict(sorted(row.other_measures.items())),
        "percent": row.percent,
        "status": str(row.status),
    }


def superior_plan_tasks(plan: Plan, period: Period) -> dict[str, Any]:
    """The progress of every task of `plan` across all the units that carry it, to the period's cut-off: what the
    Sở Nội vụ reports of the province's plan, not only of its own tasks. Each task: how many units carry it, how
    many have done it or are late, and what they achieved against the sum of their targets (the same
    `task_progress` as every progress page)."""
    as_of = min(period.end + timedelta(days=1), timezone.localdate())
    tasks = list(progress_tasks().filter(plan=plan).order_by("position", "pk"))
    rows = task_progress(tasks, today=as_of, until=period.end)
    by_task: dict[int, list[TaskProgress]] = {}
    for row in rows:
        by_task.setdefault(row.task.pk, []).append(row)
    result = []
    for task in tasks:
        pairs = by_task.get(task.pk, [])
        targets = [r.target for r in pairs if r.target is not None]
        result.append(
            {
                "title": task.title,
                "units": len(pairs),
                "done": sum(1 for r in pairs if r.status == ProgressStatus.DONE),
                "overdue": sum(1 for r in pairs if r.status == ProgressStatus.OVERDUE),
                "achieved": num(sum((r.achieved for r in pairs), ZERO)),
                "target": num(sum(targets, ZERO)) if targets and len(targets) == len(pairs) else None,
                "measure": task.measure,
                "percent": percent(sum((r.ratio for r in pairs), ZERO) / len(pairs)) if pairs else 0,
            }
        )
    # The issuer as a document names it ("Ủy ban nhân dân tỉnh Hà Tĩnh"), not the unit's short name ("Tỉnh Hà Tĩnh").
    return {"plan": plan.number_symbol, "issuer": issuer_display(plan.issuer), "tasks": result}


def own_plan(unit: OrgUnit, period: Period) -> dict[str, Any] | None:
    """The unit's own plan of the period's year, issued by the cut-off (the latest when amended or several), which
    the report says it carries on with; None when it has none."""
    plan = issued_plans([unit], period.year).filter(issued_on__lte=period.end).first()
    if plan is None:
        return None
    return {
        "plan": plan.pk,
        "number": plan.number_symbol,
        "date": plan.issued_on.isoformat() if plan.issued_on else None,
        "title": plan.title,
    }


def issued_documents(unit: OrgUnit, period: Period) -> list[dict[str, Any]]:
    """Plans the unit (or a unit of its subtree) issued inside the window: its direction documents."""
    plans = Plan.objects.filter(
        subtree_q(unit, field="issuer__path"),
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
