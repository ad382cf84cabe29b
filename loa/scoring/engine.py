"""Computing scores from a rule set: the facts Loa knows (plan completion, activities by channel group with
their evidence) gathered for many units in a few grouped queries, then each criterion's rule applied.

Rules (domain.md §7, commune criterion 4):
- `plan_ratio`: rate = completed ÷ planned (task, unit) pairs of the year's issued plans; rate ≥ full_at
  (default 1) → the maximum; zero_below ≤ rate < full_at → rate × maximum; below zero_below (default 0.9) → 0.
- `channel_mix`: each group (online / traditional) earns its points when the unit has a confirmed activity of
  the year in that group, and, when the criterion requires evidence, one of them carries a file; a group that
  names a registry kind earns them when the unit's channel of that kind carries CCHC content (its portal's column).
- `plan_issued`: the maximum when the unit issued its own plan of the year (number and date as the basis).
- `group`: the sum of its children; `yes_no` and `manual`: no computed value, the self and appraised scores count.

A leaf marked not applicable (`na` in the assessment's entry, by the unit or the appraiser) scores nothing and its
maximum leaves the applicable maximum; the final score is then rescaled to the full maximum, so that a unit is not
ranked down for a criterion that does not concern it.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Min, Q
from django.utils.translation import gettext as _

from loa.activity.models import Activity, ActivityStatus
from loa.activity.progress import ProgressStatus, progress_tasks, task_progress
from loa.channels.models import UnitChannel
from loa.core.numbers import percent_of, vn_number
from loa.org.models import OrgUnit
from loa.org.tree import path_ancestors, province_path, subtree_q
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan
from loa.plans.selectors import issued_plans

from .models import Assessment, Criterion, RuleSet, RuleType

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass
class ChannelFacts:
    activities: int = 0
    with_evidence: int = 0
    example: int | None = None  # an activity id with evidence, for the link beside the point


@dataclass
class Facts:
    """What Loa knows of one unit's year."""

    planned: int = 0
    done: int = 0
    online: ChannelFacts = field(default_factory=ChannelFacts)
    traditional: ChannelFacts = field(default_factory=ChannelFacts)
    own_plan: Plan | None = None  # the unit's own plan of the year, issued
    registry: set[str] = field(default_factory=set)  # kinds of the unit's channels that carry CCHC content


@dataclass
class Point:
    criterion: Criterion
    depth: int
    computed: Decimal | None
    basis: str  # why, in Vietnamese: "Hoàn thành 9/10 nhiệm vụ (90%)"
    evidence: list[int]  # activity ids whose files back the point
    self_score: Decimal | None = None
    self_note: str = ""
    appraised: Decimal | None = None
    comment: str = ""
    na: bool = False  # not applicable to this unit: no points, and its maximum leaves the applicable maximum
    applicable: Decimal = ZERO  # the maximum that applies (a group's: its applicable children's)


@dataclass
class UnitScore:
    unit: OrgUnit
    rule_set: RuleSet
    points: list[Point]
    assessment: Assessment | None

    def _total(self, attr: str) -> Decimal:
        return sum((_value(p, attr) for p in self.points if p.depth == 0), ZERO)

    @property
    def maximum(self) -> Decimal:
        return sum((p.criterion.max_points for p in self.points if p.depth == 0), ZERO)

    @property
    def applicable(self) -> Decimal:
        """The maximum of the criteria that apply (the maximum unless some are marked not applicable)."""
        return sum((p.applicable for p in self.points if p.depth == 0), ZERO)

    @property
    def rescaled(self) -> bool:
        return self.applicable < self.maximum

    @property
    def computed(self) -> Decimal:
        return self._total("computed")

    @property
    def self_total(self) -> Decimal | None:
        return self._total("self") if self.assessment and self.assessment.self_assessed_at else None

    @property
    def appraised_total(self) -> Decimal | None:
        return self._total("appraised") if self.assessment and self.assessment.appraised_at else None

    @property
    def raw_final(self) -> Decimal:
        """The appraised score once there is one, else the unit's own, else Loa's."""
        for total in (self.appraised_total, self.self_total):
            if total is not None:
                return total
        return self.computed

    @property
    def final(self) -> Decimal:
        """What a ranking uses: `raw_final`, rescaled to the full maximum when criteria do not apply (1,5 of an
        applicable 2,5 out of 3 is 1,8)."""
        if not self.rescaled:
            return self.raw_final
        if not self.applicable:
            return ZERO
        return (self.raw_final * self.maximum / self.applicable).quantize(CENT, ROUND_HALF_UP)

    @property
    def percent(self) -> Decimal:
        return (self.final * 100 / self.maximum).quantize(CENT, ROUND_HALF_UP) if self.maximum else ZERO


def _value(point: Point, attr: str) -> Decimal:
    """A point's value at a stage, falling back to the stage before it (appraised → self → computed)."""
    if point.na:
        return ZERO
    if point.criterion.rule == RuleType.GROUP:  # already the sum of its children (`_groups`)
        group_value = {"computed": point.computed, "self": point.self_score, "appraised": point.appraised}[attr]
        return group_value or ZERO
    order = {
        "computed": ["computed"],
        "self": ["self_score", "computed"],
        "appraised": ["appraised", "self_score", "computed"],
    }
    for name in order[attr]:
        value = getattr(point, name)
        if value is not None:
            return Decimal(value)
    return ZERO


def gather(units: list[OrgUnit], year: int) -> dict[int, Facts]:
    """Facts for many units at once: one pass over the plans of their provinces, one grouped query over activities."""
    facts = {u.pk: Facts() for u in units}
    by_path = {u.path: u.pk for u in units}

    def owner(path: str) -> int | None:
        return next((by_path[p] for p in reversed(path_ancestors(path)) if p in by_path), None)

    provinces = {province_path(u) for u in units}
    plan_q = Q()
    for prefix in provinces:
        plan_q |= subtree_q(prefix, field="plan__issuer__path")
    tasks = list(progress_tasks().filter(plan_q, plan__year=year, plan__status=PlanStatus.ISSUED))
    # A commune's implementing plan copies the province's tasks (source_task): the copy is the same target, and
    # progress already credits the copy's activities to the source, so counting both would double "planned".
    ids = {t.pk for t in tasks}
    tasks = [t for t in tasks if t.source_task_id not in ids]
    for pair in task_progress(tasks) if tasks else []:
        pk = owner(pair.unit.path)
        if pk is not None:
            facts[pk].planned += 1
            facts[pk].done += pair.status == ProgressStatus.DONE
    activity_q = Q()
    for u in units:
        activity_q |= subtree_q(u, field="unit_path")
    rows = (
        Activity.objects.filter(activity_q, status=ActivityStatus.CONFIRMED, date__year=year)
        .values("unit_path", "online")
        .annotate(
            n=Count("id", distinct=True),
            ev=Count("id", filter=Q(evidence__isnull=False), distinct=True),
            example=Min("id", filter=Q(evidence__isnull=False)),
        )
        .order_by()
    )
    for row in rows if units else []:
        pk = owner(row["unit_path"])
        if pk is None:
            continue
        group = facts[pk].online if row["online"] else facts[pk].traditional
        group.activities += row["n"]
        group.with_evidence += row["ev"]
        if row["example"] is not None and (group.example is None or row["example"] < group.example):
            group.example = row["example"]
    for plan in issued_plans(units, year) if units else []:
        if facts[plan.issuer_id].own_plan is None:  # the latest (an amended plan replaces the first), as reports say
            facts[plan.issuer_id].own_plan = plan
    carried = UnitChannel.objects.filter(unit__in=units).exclude(cchc="").values_list("unit_id", "kind")
    for unit_id, kind in carried if units else []:
        facts[unit_id].registry.add(kind)
    return facts


def _decimal(params: dict[str, Any], name: str, default: str) -> Decimal:
    return Decimal(str(params.get(name, default)))


def plan_ratio(criterion: Criterion, facts: Facts) -> tuple[Decimal, str]:
    maximum = criterion.max_points
    if facts.planned == 0:
        return ZERO, _("Không có nhiệm vụ nào trong kế hoạch đã ban hành của năm.")
    rate = Decimal(facts.done) / Decimal(facts.planned)
    full_at = _decimal(criterion.params, "full_at", "1")
    zero_below = _decimal(criterion.params, "zero_below", "0.9")
    if rate >= full_at:
        points = maximum
    elif rate >= zero_below:
        points = (rate * maximum).quantize(CENT, ROUND_HALF_UP)
    else:
        points = ZERO
    basis = _("Hoàn thành %(d)s/%(p)s nhiệm vụ (%(r)s%%); đủ %(f)s%% được tối đa, dưới %(z)s%% không có điểm.") % {
        "d": facts.done,
        "p": facts.planned,
        "r": _percent(rate),
        "f": _percent(full_at),
        "z": _percent(zero_below),
    }
    return points, basis


def plan_issued(criterion: Criterion, facts: Facts, year: int) -> tuple[Decimal, str]:
    plan = facts.own_plan
    if plan is None:
        return ZERO, _("Chưa ban hành kế hoạch tuyên truyền CCHC năm %(y)s.") % {"y": year}
    when = plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else ""
    return criterion.max_points, _("Đã ban hành Kế hoạch số %(n)s ngày %(d)s.") % {"n": plan.number_symbol, "d": when}


def _registry_group(group: dict[str, Any], facts: Facts) -> tuple[Decimal, str]:
    points = Decimal(str(group.get("points", "0")))
    label = group.get("label", "")
    if group.get("registry") in facts.registry:
        return points, _("%(g)s: có trong sổ kênh (%(p)s)") % {"g": label, "p": vn_number(points)}
    return ZERO, _("%(g)s: chưa có trong sổ kênh (0)") % {"g": label}


def channel_mix(criterion: Criterion, facts: Facts) -> tuple[Decimal, str, list[int]]:
    groups = criterion.params.get("groups") or [
        {"label": _("Trực tuyến"), "online": True, "points": str(criterion.max_points / 2)},
        {"label": _("Truyền thống"), "online": False, "points": str(criterion.max_points / 2)},
    ]
    total, lines, evidence = ZERO, list[str](), list[int]()
    for group in groups:
        if group.get("registry"):
            earned, line = _registry_group(group, facts)
            total += earned
            lines.append(line)
            continue
        found = facts.online if group.get("online") else facts.traditional
        points = Decimal(str(group.get("points", "0")))
        label = group.get("label", "")
        if found.activities == 0:
            lines.append(_("%(g)s: không có hoạt động (0)") % {"g": label})
        elif criterion.evidence_required and found.with_evidence == 0:
            lines.append(
                _("%(g)s: %(n)s hoạt động nhưng không có minh chứng (0)") % {"g": label, "n": found.activities}
            )
        else:
            total += points
            lines.append(
                _("%(g)s: %(n)s hoạt động, %(e)s có minh chứng (%(p)s)")
                % {"g": label, "n": found.activities, "e": found.with_evidence, "p": vn_number(points)}
            )
            if found.example is not None:
                evidence.append(found.example)
    return min(total, criterion.max_points), "; ".join(lines), evidence


def _percent(rate: Decimal) -> str:
    return vn_number(percent_of(rate, 1))


def tree(rule_set: RuleSet) -> list[tuple[Criterion, int]]:
    """The criteria in reading order with their depth (field 0, criterion 1, sub-criterion 2)."""
    criteria = list(rule_set.criteria.all())
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in criteria:
        children[c.parent_id].append(c)
    ordered: list[tuple[Criterion, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for c in sorted(children.get(parent, []), key=lambda c: (c.position, c.pk)):
            ordered.append((c, depth))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return ordered


def score(
    unit: OrgUnit,
    rule_set: RuleSet,
    facts: Facts,
    assessment: Assessment | None,
    criteria: list[tuple[Criterion, int]] | None = None,
) -> UnitScore:
    criteria = tree(rule_set) if criteria is None else criteria
    entries = assessment.entries if assessment else {}
    points: list[Point] = []
    for criterion, depth in criteria:
        computed: Decimal | None = None
        basis, evidence = "", list[int]()
        if criterion.rule == RuleType.PLAN_RATIO:
            computed, basis = plan_ratio(criterion, facts)
        elif criterion.rule == RuleType.CHANNEL_MIX:
            computed, basis, evidence = channel_mix(criterion, facts)
        elif criterion.rule == RuleType.PLAN_ISSUED:
            computed, basis = plan_issued(criterion, facts, rule_set.year)
        entry = entries.get(criterion.code, {})
        points.append(
            Point(
                criterion=criterion,
                depth=depth,
                computed=computed,
                basis=basis,
                evidence=evidence,
                self_score=_maybe(entry.get("self")),
                self_note=entry.get("self_note", ""),
                appraised=_maybe(entry.get("appraised")),
                comment=entry.get("comment", ""),
                na=bool(entry.get("na")) and criterion.rule != RuleType.GROUP,
            )
        )
    _groups(points)
    return UnitScore(unit=unit, rule_set=rule_set, points=points, assessment=assessment)


def _maybe(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _groups(points: list[Point]) -> None:
    """Fill each group's three values and applicable maximum with the sums of its children's (deepest first)."""
    for point in sorted(points, key=lambda p: -p.depth):
        if point.criterion.rule != RuleType.GROUP:
            point.applicable = ZERO if point.na else point.criterion.max_points
            continue
        kids = [p for p in points if p.criterion.parent_id == point.criterion.pk]
        point.applicable = sum((p.applicable for p in kids), ZERO) if kids else point.criterion.max_points
        point.computed = sum((_value(p, "computed") for p in kids), ZERO)
        point.self_score = sum((_value(p, "self") for p in kids), ZERO)
        point.appraised = sum((_value(p, "appraised") for p in kids), ZERO)


def scores(units: Iterable[OrgUnit], rule_set: RuleSet, year: int) -> list[UnitScore]:
    units = list(units)
    facts = gather(units, year)
    assessments = {a.unit_id: a for a in Assessment.objects.filter(rule_set=rule_set, unit__in=units)}
    criteria = tree(rule_set)  # read once for every unit
    return [score(u, rule_set, facts[u.pk], assessments.get(u.pk), criteria) for u in units]
