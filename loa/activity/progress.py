"""Task progress: for each task of an issued plan and each unit responsible for it, the target, what
confirmed activities achieved, a status, and completion percentages per plan, unit and reform area.

Rules (the same on every page, the API and the reminders):
- The responsible units of a task are its lead unit, or every unit of its lead group.
- An activity counts for a task when it is linked to the task or to a copy of it in a lower unit's
  implementing plan (`source_task`, followed down). Only confirmed activities count.
- For a single lead, every linked activity counts (the link is the claim); for a group, each activity
  counts for the member whose subtree holds the activity's unit.
- Target: the task's quantity; a task without one is done by its first activity.
- Completion of a pair = min(achieved / target, 1); plan, unit and area figures are plain means
  of their pairs, so a unit that has done nothing pulls its plan's figure down.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loa.core.labels import register_catalog
from loa.org.models import OrgUnit
from loa.org.scope import path_ancestors
from loa.plans.assignment import group_contains, group_units
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan, PlanTask

from .models import Activity, ActivityStatus

ZERO = Decimal(0)
MAX_COPY_DEPTH = 6  # province → department → commune → section is 3; deeper chains are data errors


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    OVERDUE = "overdue", _("Quá hạn")


register_catalog("progress", ProgressStatus)


@dataclass
class TaskProgress:
    task: PlanTask
    unit: OrgUnit
    target: Decimal | None
    achieved: Decimal
    activities: int
    status: str
    ratio: Decimal  # 0..1

    @property
    def percent(self) -> int:
        return percent(self.ratio)

    @property
    def overdue(self) -> bool:
        return self.status == ProgressStatus.OVERDUE

    def get_status_display(self) -> str:
        return str(ProgressStatus(self.status).label)


@dataclass
class PlanProgress:
    plan: Plan
    rows: list[TaskProgress]
    overall: Decimal | None
    by_unit: list[tuple[OrgUnit, Decimal]]
    by_area: list[tuple[str, Decimal]]
    by_status: dict[str, int]


def percent(ratio: Decimal | None) -> int:
    """0..1 → whole per cent, half rounded up (0.125 → 13)."""
    if ratio is None:
        return 0
    return int((ratio * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def mean(values: Iterable[Decimal]) -> Decimal | None:
    values = list(values)
    return sum(values, ZERO) / len(values) if values else None


def status_of(target: Decimal | None, achieved: Decimal, activities: int, deadline: date | None, today: date) -> str:
    done = activities > 0 and (target is None or achieved >= target)
    if done:
        return ProgressStatus.DONE
    if deadline is not None and deadline < today:
        return ProgressStatus.OVERDUE
    return ProgressStatus.IN_PROGRESS if activities else ProgressStatus.NOT_STARTED


def ratio_of(target: Decimal | None, achieved: Decimal, activities: int) -> Decimal:
    if target is None or target <= 0:
        return Decimal(1) if activities else ZERO
    return min(achieved / target, Decimal(1))


def copies_of(task_ids: Iterable[int]) -> dict[int, int]:
    """Every task id that counts for each given task (itself and its copies down the tree) → root id."""
    root_of = {pk: pk for pk in task_ids}
    frontier = list(root_of)
    for _depth in range(MAX_COPY_DEPTH):
        if not frontier:
            break
        found = list(PlanTask.objects.filter(source_task_id__in=frontier).values_list("pk", "source_task_id"))
        frontier = [pk for pk, _src in found if pk not in root_of]
        for pk, source in found:
            root_of.setdefault(pk, root_of[source])
    return root_of


def responsible_units(tasks: list[PlanTask]) -> dict[int, list[OrgUnit]]:
    """Task id → the units it is assigned to (lead groups expanded, one query per issuer and group)."""
    groups: dict[tuple[int, str], list[OrgUnit]] = {}
    result: dict[int, list[OrgUnit]] = {}
    for task in tasks:
        if task.lead_unit is not None:
            result[task.pk] = [task.lead_unit]
            continue
        key = (task.plan.issuer_id, task.lead_group)
        if key not in groups:
            groups[key] = list(group_units(task.plan.issuer, task.lead_group).order_by("path"))
        result[task.pk] = groups[key]
    return result


def _achieved(root_of: dict[int, int]) -> dict[tuple[int, str], tuple[Decimal, int]]:
    """(root task id, activity unit path) → (summed quantity, number of activities)."""
    totals: dict[tuple[int, str], tuple[Decimal, int]] = {}
    rows = (
        Activity.tasks.through.objects.filter(plantask_id__in=list(root_of), activity__status=ActivityStatus.CONFIRMED)
        .values("plantask_id", "activity__unit_path")
        .annotate(quantity=Sum("activity__quantity"), n=Count("activity_id"))
        .order_by()
    )
    for row in rows:
        key = (root_of[row["plantask_id"]], row["activity__unit_path"])
        quantity, n = totals.get(key, (ZERO, 0))
        totals[key] = (quantity + (row["quantity"] or ZERO), n + row["n"])
    return totals


def task_progress(
    tasks: list[PlanTask], *, within: OrgUnit | None = None, today: date | None = None
) -> list[TaskProgress]:
    """Progress of every (task, responsible unit) pair; with `within`, the pairs of that unit and
    the units below it (a commune and its sections).

    Tasks need `plan__issuer` and `lead_unit` loaded (see `progress_tasks`).
    """
    today = today or timezone.localdate()
    units = responsible_units(tasks)
    totals = _achieved(copies_of(t.pk for t in tasks))
    by_task: dict[int, dict[str, tuple[Decimal, int]]] = defaultdict(dict)
    for (root, path), value in totals.items():
        by_task[root][path] = value
    rows: list[TaskProgress] = []
    for task in tasks:
        members = units.get(task.pk, [])
        credited = _credit(members, by_task.get(task.pk, {}), single=task.lead_unit_id is not None)
        target = task.quantity if task.quantity is not None and task.quantity > 0 else None
        for unit in members:
            if within is not None and not unit.path.startswith(within.path):
                continue
            achieved, n = credited.get(unit.pk, (ZERO, 0))
            rows.append(
                TaskProgress(
                    task=task,
                    unit=unit,
                    target=target,
                    achieved=achieved,
                    activities=n,
                    status=status_of(target, achieved, n, task.deadline, today),
                    ratio=ratio_of(target, achieved, n),
                )
            )
    return rows


def _credit(
    members: list[OrgUnit], totals: dict[str, tuple[Decimal, int]], *, single: bool
) -> dict[int, tuple[Decimal, int]]:
    if single and members:
        quantity = sum((q for q, _n in totals.values()), ZERO)
        return {members[0].pk: (quantity, sum(n for _q, n in totals.values()))}
    by_path = {u.path: u.pk for u in members}
    credited: dict[int, tuple[Decimal, int]] = {}
    for path, (quantity, n) in totals.items():
        member = next((by_path[p] for p in reversed(path_ancestors(path)) if p in by_path), None)
        if member is not None:
            q0, n0 = credited.get(member, (ZERO, 0))
            credited[member] = (q0 + quantity, n0 + n)
    return credited


def progress_tasks() -> models.QuerySet[PlanTask]:
    return PlanTask.objects.select_related("plan__issuer", "lead_unit")


def plan_progress(plan: Plan, *, within: OrgUnit | None = None, today: date | None = None) -> PlanProgress:
    """Every pair of an issued plan (or those `within` a unit's subtree), with completion per plan,
    per unit and per reform area."""
    rows = task_progress(list(progress_tasks().filter(plan=plan)), within=within, today=today)
    unit_ratios: dict[int, list[Decimal]] = defaultdict(list)
    units: dict[int, OrgUnit] = {}
    area_ratios: dict[str, list[Decimal]] = defaultdict(list)
    statuses: dict[str, int] = dict.fromkeys(ProgressStatus.values, 0)
    for row in rows:
        unit_ratios[row.unit.pk].append(row.ratio)
        units[row.unit.pk] = row.unit
        if row.task.reform_area:
            area_ratios[row.task.reform_area].append(row.ratio)
        statuses[row.status] += 1
    return PlanProgress(
        plan=plan,
        rows=rows,
        overall=mean(r.ratio for r in rows),
        by_unit=sorted(
            ((units[pk], mean(rs) or ZERO) for pk, rs in unit_ratios.items()), key=lambda item: item[0].path
        ),
        by_area=[(area, mean(rs) or ZERO) for area, rs in area_ratios.items()],
        by_status=statuses,
    )


def tasks_for_unit(unit: OrgUnit) -> list[PlanTask]:
    """Tasks of issued plans (the unit's own and those above it) that the unit or a unit below it
    leads, or that reach it through a lead group: what its activities may fulfil."""
    candidates = (
        progress_tasks()
        .filter(plan__status=PlanStatus.ISSUED, plan__issuer__path__in=path_ancestors(unit.path))
        .filter(models.Q(lead_unit__path__startswith=unit.path) | ~models.Q(lead_group=""))
        .order_by("plan__issued_on", "plan_id", "position", "pk")
    )
    return [t for t in candidates if t.lead_unit_id is not None or group_contains(t.plan.issuer, t.lead_group, unit)]


def unit_progress(unit: OrgUnit, *, today: date | None = None) -> tuple[list[TaskProgress], list[TaskProgress]]:
    """The unit's tasks (its own and its sections'): (not yet done, overdue first, then by deadline;
    done)."""
    rows = task_progress(tasks_for_unit(unit), within=unit, today=today)
    open_rows = [r for r in rows if r.status != ProgressStatus.DONE]
    open_rows.sort(key=lambda r: (r.status != ProgressStatus.OVERDUE, r.task.deadline or date.max, r.task.pk))
    return open_rows, [r for r in rows if r.status == ProgressStatus.DONE]


def unit_open_tasks(unit: OrgUnit, *, today: date | None = None) -> list[TaskProgress]:
    return unit_progress(unit, today=today)[0]
