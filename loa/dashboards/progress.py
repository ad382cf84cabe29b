"""Plan completion and reporting for a dashboard node: from the plans' progress and the reports' completeness,
which already answer them per plan and per recipient in a handful of grouped queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from loa.activity.progress import ProgressStatus, mean, plan_progress, unit_progress
from loa.channels.selectors import MeasureValue
from loa.core.periods import standard_periods
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, can_receive, scope_prefix
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan
from loa.plans.selectors import objective_measures
from loa.reports.completeness import PeriodRates, period_rates, period_rates_many
from loa.reports.regimes import coordinator_of
from loa.reports.selectors import PeriodRow, unit_calendar


@dataclass
class PlanFigures:
    plans: list[Plan]
    overall: Decimal | None  # mean completion of every (task, unit) pair, 0..1
    by_unit: list[tuple[OrgUnit, Decimal]]
    tasks: int  # (task, unit) pairs
    done: int
    overdue: int
    overdue_rows: list[tuple[str, OrgUnit, date | None]] = field(default_factory=list)  # task, unit, deadline
    # The plans' objectives computed on the channel registry: (objective, its value today), as on the plan page.
    measured: list[tuple[dict[str, Any], MeasureValue]] = field(default_factory=list)


def plan_figures(*, actor: Actor, node: OrgUnit | None, year: int, today: date) -> PlanFigures | None:
    """Completion of the year's plans the node issued (per unit below it), or, for a unit without a plan of
    its own, of the tasks it must carry out. None for the country: each province runs its own plan."""
    if node is None or not can(actor, Perm.VIEW, node):
        return None
    plans = list(Plan.objects.filter(issuer=node, year=year, status=PlanStatus.ISSUED).order_by("issued_on", "pk"))
    if plans:
        progress = [plan_progress(plan, today=today) for plan in plans]
        rows = [row for p in progress for row in p.rows]
        units: dict[int, tuple[OrgUnit, list[Decimal]]] = {}
        for row in rows:
            units.setdefault(row.unit.pk, (row.unit, []))[1].append(row.ratio)
        by_unit = sorted(((u, mean(rs) or Decimal(0)) for u, rs in units.values()), key=lambda item: item[0].path)
    else:
        open_rows, done_rows = unit_progress(node, today=today)
        rows = [r for r in open_rows + done_rows if r.task.plan.year == year]
        by_unit = []
    overdue = [r for r in rows if r.status == ProgressStatus.OVERDUE]
    measured = []
    for plan in plans:
        values = objective_measures(plan)
        measured += [(o, values[o["measure"]]) for o in plan.objectives if o.get("measure") in values]
    return PlanFigures(
        plans=plans,
        overall=mean(r.ratio for r in rows),
        by_unit=by_unit,
        tasks=len(rows),
        done=sum(1 for r in rows if r.status == ProgressStatus.DONE),
        overdue=len(overdue),
        overdue_rows=[(r.task.title, r.unit, r.task.deadline) for r in overdue[:20]],
        measured=measured,
    )


@dataclass
class ReportingFigures:
    recipient: OrgUnit | None
    periods: list[PeriodRates]  # a recipient's reporters, period by period
    own: list[PeriodRow]  # a reporting unit's own reports


def reporting_figures(*, actor: Actor, node: OrgUnit | None, year: int, today: date) -> ReportingFigures | None:
    """Reporting and on-time rates of the periods that have started, for the province's Sở Nội vụ (which
    receives the reports) when the node is a province or its Sở; otherwise the node's own reports."""
    started = [p for p in standard_periods(year) if p.start <= today]
    if node is None:
        if scope_prefix(actor, Perm.VIEW) != "":
            return None  # only an administrator sees the country
        # The country: every province's Sở Nội vụ and the units reporting to it, added up.
        coordinators = list(
            OrgUnit.objects.filter(
                unit_type=UnitType.SO_NOI_VU, valid_to__isnull=True, parent__unit_type=UnitType.UBND_TINH
            ).select_related("parent")
        )
        return ReportingFigures(recipient=None, periods=period_rates_many(coordinators, started), own=[])
    province = node if node.unit_type == UnitType.UBND_TINH else node.parent
    if node.unit_type in {UnitType.UBND_TINH, UnitType.SO_NOI_VU} and province is not None:
        recipient = coordinator_of(province)
        # The province's reporters are counted for those who reach the province or receive its reports, not for
        # the Sở's own editors and viewers (whose reach is the Sở itself): they see the Sở's own reports below.
        if recipient is not None and (can(actor, Perm.VIEW, province) or can_receive(actor, recipient)):
            # Periods no regime asks for (0 expected) are left out, as on the board and the units' lists.
            rates = [r for r in period_rates(recipient, started) if r.expected]
            return ReportingFigures(recipient=recipient, periods=rates, own=[])
        if node.unit_type == UnitType.UBND_TINH:
            return ReportingFigures(recipient=None, periods=[], own=[])
    return ReportingFigures(
        recipient=None, periods=[], own=[r for r in unit_calendar(actor=actor, unit=node, year=year) if r.started]
    )
