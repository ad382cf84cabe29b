"""Task progress: for each task of an issued plan and each unit responsible for it, the target, what
confirmed activities achieved, a status, and completion percentages per plan, unit and reform area.

`task_progress()` is the one function every figure of a task comes from: the unit's "Nhiệm vụ" page, a
plan's progress page, the report annexes (`reports.figures`), scoring (`scoring.engine`), the dashboards,
the reminders and the API. Rules:
- The responsible units of a task are its lead unit, or every unit of its lead group.
- A task and its copies down the cascade (`source_task`, followed both ways) are one *family*: an activity
  linked to any member counts for every member whose reach holds it. The reach of a task copied into an
  implementing plan is its plan issuer's subtree; an original task reaches everywhere (the link is the
  claim). So a commune's copy of a province task shows exactly the figure of the province task's row for
  that commune, whichever of the two its activities were linked to. Only confirmed activities count, each
  once per task even when linked to several members of the family.
- For a single lead, every activity in reach counts; for a group, each activity counts for the member
  whose subtree holds the activity's unit.
- Quantities count only in the task's unit of measure (compared without case or spacing differences); an
  activity in another unit (or none) still counts as an activity but its quantity is not added: it is listed
  in `other_measures` and shown ("3 hoạt động tính bằng đơn vị khác: lượt"), never summed silently. A task
  without a unit of measure adds every quantity.
- Target: the task's quantity; a task without one is done by its first activity.
- Completion of a pair = min(achieved / target, 1); plan, unit and area figures are plain means
  of their pairs, so a unit that has done nothing pulls its plan's figure down.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loa.core.errors import NotFound
from loa.core.labels import register_catalog
from loa.core.numbers import percent_of, vn_number
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can
from loa.org.tree import ancestors_q, in_subtree, path_ancestors, subtree_q
from loa.plans.assignment import group_contains, led_by_one, task_leads
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan, PlanTask
from loa.plans.selectors import plan_get

from .models import Activity, ActivityStatus

ZERO = Decimal(0)
MAX_COPY_DEPTH = 6  # province → department → commune → section is 3; deeper chains are data errors


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Chưa thực hiện")
    IN_PROGRESS = "in_progress", gettext_lazy("Đang thực hiện")
    DONE = "done", gettext_lazy("Hoàn thành")
    OVERDUE = "overdue", gettext_lazy("Quá hạn")


register_catalog("progress", ProgressStatus)


@dataclass
class TaskProgress:
    task: PlanTask
    unit: OrgUnit
    target: Decimal | None
    achieved: Decimal  # in the task's unit of measure
    activities: int  # every counted activity, whatever its unit of measure
    status: str
    ratio: Decimal  # 0..1
    other_measures: dict[str, int] = field(default_factory=dict)  # measure ("" = none) → activities not summed
    in_window: Decimal | None = None  # achieved by the activities dated inside `window`, when one was asked

    @property
    def percent(self) -> int:
        return percent(self.ratio)

    @property
    def overdue(self) -> bool:
        return self.status == ProgressStatus.OVERDUE

    def get_status_display(self) -> str:
        return str(ProgressStatus(self.status).label)

    @property
    def measure_note(self) -> str:
        return measure_note(self.other_measures)


def measure_note(other_measures: dict[str, int]) -> str:
    """ "3 hoạt động tính bằng đơn vị khác: lượt, cuộc" when some quantities were not added; else ""."""
    if not other_measures:
        return ""
    names = [m or _("chưa ghi đơn vị tính") for m in sorted(other_measures)]
    return _("%(n)s hoạt động tính bằng đơn vị khác: %(measures)s") % {
        "n": vn_number(sum(other_measures.values())),
        "measures": ", ".join(names),
    }


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
    return 0 if ratio is None else int(percent_of(ratio))


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


def same_measure(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


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


def family_roots(tasks: list[PlanTask]) -> dict[int, int]:
    """Task id → the original task it was copied from (following `source_task` up), itself when original."""
    parent = {t.pk: t.source_task_id for t in tasks}
    for _depth in range(MAX_COPY_DEPTH):
        missing = {p for p in parent.values() if p is not None and p not in parent}
        if not missing:
            break
        parent.update(PlanTask.objects.filter(pk__in=missing).values_list("pk", "source_task_id"))
    roots: dict[int, int] = {}
    for task in tasks:
        pk = task.pk
        for _depth in range(MAX_COPY_DEPTH):
            up = parent.get(pk)
            if up is None or up not in parent:
                break
            pk = up
        roots[task.pk] = pk
    return roots


def responsible_units(tasks: list[PlanTask]) -> dict[int, list[OrgUnit]]:
    """Task id → the units it is assigned to (`plans.assignment.task_leads`)."""
    return task_leads(tasks)


# One counted activity of a family: (unit path, measure, quantity, date).
Work = tuple[str, str, Decimal, date]


def _family_work(roots: Iterable[int], since: date | None, until: date | None) -> dict[int, list[Work]]:
    """Root task id → the confirmed activities linked to any member of its family (each activity once)."""
    root_of = copies_of(set(roots))
    links = Activity.tasks.through.objects.filter(
        plantask_id__in=list(root_of), activity__status=ActivityStatus.CONFIRMED
    )
    if since is not None:
        links = links.filter(activity__date__gte=since)
    if until is not None:
        links = links.filter(activity__date__lte=until)
    seen: set[tuple[int, int]] = set()
    work: dict[int, list[Work]] = defaultdict(list)
    rows = links.values_list(
        "plantask_id", "activity_id", "activity__unit_path", "activity__measure", "activity__quantity", "activity__date"
    ).order_by()
    for task_id, activity_id, path, measure, quantity, day in rows:
        root = root_of[task_id]
        if (root, activity_id) not in seen:
            seen.add((root, activity_id))
            work[root].append((path, measure, quantity or ZERO, day))
    return work


def task_progress(
    tasks: list[PlanTask],
    *,
    within: OrgUnit | None = None,
    today: date | None = None,
    since: date | None = None,
    until: date | None = None,
    window: tuple[date, date] | None = None,
) -> list[TaskProgress]:
    """THE progress of every (task, responsible unit) pair (module doc for the rules); with `within`, only the
    pairs of that unit and the units below it (a commune and its sections); with `since`/`until`, only the
    activities dated inside those bounds (a report's cut-off); with `window`, also what the activities dated
    inside it achieved (`in_window`, a report's period); `today` decides what is overdue.

    Tasks need `plan__issuer` and `lead_unit` loaded (see `progress_tasks`).
    """
    today = today or timezone.localdate()
    units = responsible_units(tasks)
    roots = family_roots(tasks)
    work = _family_work(roots.values(), since, until)
    rows: list[TaskProgress] = []
    for task in tasks:
        members = units.get(task.pk, [])
        if within is not None:
            members_in = [u for u in members if in_subtree(u, within)]
            if not members_in:
                continue
        # A copy reaches its own plan issuer's subtree; an original task reaches every activity linked to it.
        reach = task.plan.issuer.path if task.source_task_id is not None else ""
        mine = [w for w in work.get(roots[task.pk], []) if w[0].startswith(reach)]
        single = led_by_one(task)
        credited = _credit(members, mine, single=single, measure=task.measure)
        if window is not None:
            inside = [w for w in mine if window[0] <= w[3] <= window[1]]
            windowed = _credit(members, inside, single=single, measure=task.measure)
        target = task.quantity if task.quantity is not None and task.quantity > 0 else None
        for unit in members:
            if within is not None and not in_subtree(unit, within):
                continue
            achieved, n, others = credited.get(unit.pk, (ZERO, 0, {}))
            rows.append(
                TaskProgress(
                    task=task,
                    unit=unit,
                    target=target,
                    achieved=achieved,
                    activities=n,
                    status=status_of(target, achieved, n, task.deadline, today),
                    ratio=ratio_of(target, achieved, n),
                    other_measures=others if target is not None else {},
                    in_window=windowed.get(unit.pk, (ZERO, 0, {}))[0] if window is not None else None,
                )
            )
    return rows


Credit = tuple[Decimal, int, dict[str, int]]


def _credit(members: list[OrgUnit], work: list[Work], *, single: bool, measure: str) -> dict[int, Credit]:
    by_path = {u.path: u.pk for u in members}
    credited: dict[int, Credit] = {}
    for path, activity_measure, quantity, _day in work:
        if single:
            member = members[0].pk if members else None
        else:
            member = next((by_path[p] for p in reversed(path_ancestors(path)) if p in by_path), None)
        if member is None:
            continue
        achieved, n, others = credited.get(member, (ZERO, 0, {}))
        if not measure or same_measure(activity_measure, measure):
            achieved += quantity
        else:
            others = {**others, activity_measure: others.get(activity_measure, 0) + 1}
        credited[member] = (achieved, n + 1, others)
    return credited


def progress_tasks() -> models.QuerySet[PlanTask]:
    return PlanTask.objects.select_related("plan__issuer", "lead_unit")


def plan_progress_for(actor: Actor, plan_id: int) -> tuple[Plan, PlanProgress]:
    """An issued plan's progress as `actor` may see it (the page and the API): whoever views the issuer's data sees
    every row; a unit below sees its own rows of a superior's plan, not its neighbours'."""
    plan = plan_get(actor=actor, pk=plan_id)
    if plan.number is None:
        raise NotFound(_("Kế hoạch chưa ban hành nên chưa có tiến độ."))
    within = None if can(actor, Perm.VIEW, plan.issuer) else getattr(actor, "unit", None)
    return plan, plan_progress(plan, within=within)


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
    leads (named or as a co-lead), or that reach it through a lead group: what its activities may fulfil."""
    candidates = list(
        progress_tasks()
        .filter(ancestors_q(unit, field="plan__issuer__path"), plan__status=PlanStatus.ISSUED)
        .filter(subtree_q(unit, field="lead_unit__path") | ~models.Q(lead_group="") | ~models.Q(co_leads=[]))
        .order_by("plan__issued_on", "plan_id", "position", "pk")
    )
    codes = {c for t in candidates for c in t.co_leads}
    below = set(OrgUnit.objects.filter(subtree_q(unit), code__in=codes).values_list("code", flat=True) if codes else [])
    return [
        t
        for t in candidates
        if (t.lead_unit is not None and in_subtree(t.lead_unit, unit))
        or (t.lead_group and group_contains(t.plan.issuer, t.lead_group, unit))
        or any(c in below for c in t.co_leads)
    ]


def without_mirrored(rows: list[TaskProgress]) -> list[TaskProgress]:
    """A superior's (task, unit) row drops out when the unit copied that task into its own plan unchanged (same
    target, unit of measure and deadline): the copy is the same commitment with the same figure and status
    (`task_progress`), shown once as the unit's own task. A copy that changed any of them shows beside it."""
    tasks = list({r.task.pk: r.task for r in rows}.values())
    roots = family_roots(tasks)

    def terms(task: PlanTask) -> tuple[object, ...]:
        return (roots[task.pk], task.quantity, task.measure.strip().casefold(), task.deadline)

    copied = {(terms(r.task), r.task.plan.issuer_id) for r in rows if r.task.source_task_id is not None}
    return [r for r in rows if r.task.source_task_id is not None or (terms(r.task), r.unit.pk) not in copied]


def unit_rows(unit: OrgUnit, *, today: date | None = None) -> list[TaskProgress]:
    """The unit's tasks and its sections' (`tasks_for_unit`), each commitment once (`without_mirrored`)."""
    return without_mirrored(task_progress(tasks_for_unit(unit), within=unit, today=today))


def unit_progress(unit: OrgUnit, *, today: date | None = None) -> tuple[list[TaskProgress], list[TaskProgress]]:
    """The unit's tasks (its own and its sections'): (not yet done, overdue first, then by deadline;
    done)."""
    rows = unit_rows(unit, today=today)
    open_rows = [r for r in rows if r.status != ProgressStatus.DONE]
    open_rows.sort(key=lambda r: (r.status != ProgressStatus.OVERDUE, r.task.deadline or date.max, r.task.pk))
    return open_rows, [r for r in rows if r.status == ProgressStatus.DONE]


def unit_open_tasks(unit: OrgUnit, *, today: date | None = None) -> list[TaskProgress]:
    return unit_progress(unit, today=today)[0]
