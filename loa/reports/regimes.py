"""Which regime governs a unit's report, its window and deadline, and who must report to whom.

The built-in default (Nghị định 09 windows, the 20th of the period's last month, every period kind)
covers every unit that no active configured regime lists, so any unit can draft any period:
- a unit directly under a province (a department, a commune, the media…) reports to the province's
  Sở Nội vụ, which is the coordinator that consolidates; the Sở Nội vụ reports to the UBND tỉnh;
- the UBND tỉnh reports to the Bộ Nội vụ (Vụ Cải cách hành chính), a unit of its own outside every province,
  drafted from the Sở Nội vụ's consolidated report;
- any other unit reports to its parent (a commune section to its commune).
Under the default a Sở Nội vụ expects the units directly under its province, a UBND tỉnh its Sở Nội vụ, the Bộ
Nội vụ every province; commune sections are not chased for reports: their activities count in the commune's own
figures.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from loa.core.periods import Period, standard_periods
from loa.core.workdays import add_working_days, is_working_day
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.tree import in_subtree

from .catalog import DeadlineRule, kind_of
from .models import Holiday, Regime

DEFAULT_DEADLINE_DAY = 20


@dataclass(frozen=True)
class Terms:
    """What a unit's report for a period is bound by."""

    regime: Regime | None  # None: the built-in default
    recipient: OrgUnit | None
    period: Period
    deadline: date
    grace_days: int

    @property
    def regime_name(self) -> str:
        from django.utils.translation import gettext as _

        return self.regime.name if self.regime else _("Chế độ mặc định (Nghị định 09/2019/NĐ-CP)")

    def on_time(self, day: date) -> bool:
        return day <= self.deadline + timedelta(days=self.grace_days)


def active_regimes() -> QuerySet[Regime]:
    return Regime.objects.filter(active=True).select_related("recipient", "reporter_parent")


def regime_reporters(regime: Regime, on: date) -> QuerySet[OrgUnit]:
    """Current units the regime lists (by code, or by type under a parent) on the day `on`."""
    condition = Q(code__in=regime.reporter_codes) if regime.reporter_codes else Q(pk__in=[])
    if regime.reporter_parent_id and regime.reporter_types:
        condition |= Q(parent_id=regime.reporter_parent_id, unit_type__in=regime.reporter_types)
    return current_units(on).filter(condition).exclude(pk=regime.recipient_id)


def current_units(on: date) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )


def covers(regime: Regime, unit: OrgUnit) -> bool:
    if unit.pk == regime.recipient_id:
        return False
    if unit.code in regime.reporter_codes:
        return True
    return unit.parent_id == regime.reporter_parent_id and unit.unit_type in regime.reporter_types


def regime_for(unit: OrgUnit, regimes: list[Regime] | None = None) -> Regime | None:
    """The first active configured regime that lists the unit (by name), or None for the default."""
    for regime in regimes if regimes is not None else active_regimes():
        if covers(regime, unit):
            return regime
    return None


def ministry() -> OrgUnit | None:
    """The Bộ Nội vụ, the recipient of the provinces' reports (a root unit of the tree, outside every province)."""
    return (
        OrgUnit.objects.filter(unit_type=UnitType.BO_NOI_VU, parent__isnull=True, valid_to__isnull=True)
        .order_by("pk")
        .first()
    )


def default_recipient(unit: OrgUnit) -> OrgUnit | None:
    if unit.unit_type == UnitType.UBND_TINH:
        return ministry()
    parent = unit.parent
    if parent is None:
        return None
    if unit.unit_type == UnitType.SO_NOI_VU or parent.unit_type != UnitType.UBND_TINH:
        return parent
    snv = coordinator_of(parent)
    return snv if snv is not None and snv.pk != unit.pk else parent


def coordinator_of(province: OrgUnit) -> OrgUnit | None:
    """The province's Sở Nội vụ (current), which consolidates under the default regime."""
    return (
        OrgUnit.objects.filter(parent=province, unit_type=UnitType.SO_NOI_VU, valid_to__isnull=True)
        .order_by("pk")
        .first()
    )


def terms_for(unit: OrgUnit, period: Period, regimes: list[Regime] | None = None) -> Terms:
    regime = regime_for(unit, regimes)
    if regime is None:
        return Terms(None, default_recipient(unit), period, default_deadline(period), 0)
    return Terms(regime, regime.recipient, period, regime_deadline(regime, period), regime.grace_days)


def deadlines_for(units: list[OrgUnit], period: Period, regimes: list[Regime]) -> dict[int, date]:
    """Unit id → its deadline for the period (units of one regime share one computation)."""
    by_regime: dict[int | None, date] = {}
    result = {}
    for unit in units:
        regime = regime_for(unit, regimes)
        key = regime.pk if regime else None
        if key not in by_regime:
            by_regime[key] = regime_deadline(regime, period) if regime else default_deadline(period)
        result[unit.pk] = by_regime[key]
    return result


def is_due(unit: OrgUnit, period: Period, regimes: list[Regime] | None = None) -> bool:
    """Whether the unit must report the period: the one rule behind the reports list, the reminders and the
    to-do. A unit a configured regime lists owes the period kinds of that regime; a recipient of configured
    regimes owes the kinds it collects (it consolidates them); under the default, a Sở Nội vụ and the units
    reporting to it owe every period, and nobody else is chased (a commune section counts in its commune)."""
    return unit.is_current(period.end) and kind_of(period.id) in due_kinds(unit, regimes)


def due_kinds(unit: OrgUnit, regimes: list[Regime] | None = None) -> set[str]:
    """The period kinds the unit owes (`is_due`), whatever the year."""
    regimes = list(active_regimes()) if regimes is None else regimes
    regime = regime_for(unit, regimes)
    if regime is not None:
        return set(regime.kinds)
    collected = [r.kinds for r in regimes if r.recipient_id == unit.pk]
    if collected:
        return {kind for kinds in collected for kind in kinds}
    every = {kind_of(p.id) for p in standard_periods(2000)}
    if unit.unit_type == UnitType.SO_NOI_VU:
        return every if unit.parent_id is not None else set()
    recipient = default_recipient(unit)
    chased = (UnitType.SO_NOI_VU, UnitType.BO_NOI_VU)  # a province reports to the ministry as a commune to the Sở
    return every if recipient is not None and recipient.unit_type in chased else set()


def periods_due(unit: OrgUnit, year: int, regimes: list[Regime] | None = None) -> list[Period]:
    """The standard periods of `year` the unit must report (`is_due`), in calendar order."""
    kinds = due_kinds(unit, regimes)
    return [p for p in standard_periods(year) if kind_of(p.id) in kinds and unit.is_current(p.end)]


def default_deadline(period: Period) -> date:
    return _day_in_month(period.end, DEFAULT_DEADLINE_DAY)


def _day_in_month(end: date, day: int) -> date:
    return end.replace(day=min(day, monthrange(end.year, end.month)[1]))


def regime_deadline(regime: Regime, period: Period) -> date:
    holidays = holiday_set(period.end, period.end + timedelta(days=60))
    if regime.deadline_rule == DeadlineRule.WORKING_DAYS:
        return add_working_days(period.end, regime.working_days, holidays)
    deadline = _day_in_month(period.end, regime.deadline_day)
    if regime.weekend_to_next_workday:
        while not is_working_day(deadline, holidays):
            deadline += timedelta(days=1)
    return deadline


def holiday_set(start: date, end: date) -> set[date]:
    return set(Holiday.objects.filter(day__range=(start, end)).values_list("day", flat=True))


def expected_reporters(
    recipient: OrgUnit,
    period: Period,
    regimes: list[Regime] | None = None,
    siblings: list[OrgUnit] | None = None,
) -> list[OrgUnit]:
    """Units that must report `period` to `recipient`: those of its configured regimes that include
    the period's kind, plus, for a Sở Nội vụ, the default-regime units of its province. `siblings`
    (`province_units(recipient)`) lets a caller asking for several periods read them once."""
    regimes = list(active_regimes()) if regimes is None else regimes
    kind = kind_of(period.id)
    found: dict[int, OrgUnit] = {}
    for regime in regimes:
        if regime.recipient_id == recipient.pk and kind in regime.kinds:
            for unit in regime_reporters(regime, period.end):
                found.setdefault(unit.pk, unit)
    if recipient.unit_type == UnitType.SO_NOI_VU and recipient.parent_id is not None:
        candidates = province_units(recipient) if siblings is None else siblings
        for unit in candidates:
            if unit.is_current(period.end) and regime_for(unit, regimes) is None:
                found.setdefault(unit.pk, unit)
    elif recipient.unit_type == UnitType.UBND_TINH:  # its Sở Nội vụ, whose report consolidates the province's
        snv = coordinator_of(recipient)
        if snv is not None and snv.is_current(period.end) and regime_for(snv, regimes) is None:
            found.setdefault(snv.pk, snv)
    elif recipient.unit_type == UnitType.BO_NOI_VU and recipient.parent_id is None:
        provinces = OrgUnit.objects.filter(parent__isnull=True, unit_type=UnitType.UBND_TINH)
        for unit in provinces:
            if unit.is_current(period.end) and regime_for(unit, regimes) is None:
                found.setdefault(unit.pk, unit)
    return sorted(found.values(), key=lambda u: u.path)


def province_units(recipient: OrgUnit) -> list[OrgUnit]:
    """The other units directly under a Sở Nội vụ's province, whatever their dates (filtered per period)."""
    return list(OrgUnit.objects.filter(parent_id=recipient.parent_id).exclude(pk=recipient.pk).select_related("parent"))


def reporter_paths_below(
    unit: OrgUnit, reporters: list[OrgUnit], period: Period | None = None, regimes: list[Regime] | None = None
) -> list[str]:
    """Paths of the unit's expected reporters inside its own subtree, and, given the period, of their own
    reporters in turn: their activities reach it through their reports (a province's through its Sở Nội vụ's,
    which took the departments' and communes'), so its own figures leave them out (no double counting)."""
    regimes = list(active_regimes()) if regimes is None and period is not None else regimes
    seen: dict[int, OrgUnit] = {}
    queue = [u for u in reporters if in_subtree(u, unit)]
    while queue:
        reporter = queue.pop()
        if reporter.pk in seen:
            continue
        seen[reporter.pk] = reporter
        if period is not None:
            queue += [u for u in expected_reporters(reporter, period, regimes) if in_subtree(u, unit)]
    return sorted(u.path for u in seen.values())
