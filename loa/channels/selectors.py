"""Reads of the channel registry through the scoping layer: a unit's channels, a subtree's (for the export and the
coverage table), and the measures plans set objectives on, computed live."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, out_of_reach
from loa.org.selectors import current_q
from loa.org.tree import subtree_q

from .catalog import MEASURES, ChannelKind
from .models import UnitChannel


def require_view(actor: Actor, unit: OrgUnit) -> None:
    """A unit's registry is read by whoever may VIEW the unit; anyone else finds it missing (404)."""
    if not can(actor, Perm.VIEW, unit):
        raise out_of_reach()


def unit_channels(*, actor: Actor, unit: OrgUnit) -> list[UnitChannel]:
    require_view(actor, unit)
    return list(UnitChannel.objects.filter(unit=unit).order_by("kind", "name", "pk"))


def channel_get(*, actor: Actor, pk: int) -> UnitChannel:
    channel = UnitChannel.objects.select_related("unit").filter(pk=pk).first()
    if channel is None or not can(actor, Perm.VIEW, channel.unit):
        raise out_of_reach()
    return channel


def subtree_channels(*, actor: Actor, unit: OrgUnit) -> QuerySet[UnitChannel]:
    """Every channel of `unit` and the current units under it, in tree order."""
    require_view(actor, unit)
    return (
        UnitChannel.objects.filter(subtree_q(unit, field="unit__path"))
        .filter(current_q(prefix="unit__"))
        .select_related("unit")
        .order_by("unit__path", "kind", "name", "pk")
    )


@dataclass
class MeasureValue:
    code: str
    done: int
    total: int
    noun: str

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(100 * self.done) / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def text(self) -> str:
        """ "34/69 xã": how the value is written beside the target."""
        return f"{self.done}/{self.total} {self.noun}"


def measure_value(unit: OrgUnit, code: str) -> MeasureValue | None:
    """The measure `code` across `unit`'s subtree today (None for a code no longer in the catalog)."""
    return measure_values(unit, [code]).get(code)


def measure_values(unit: OrgUnit, codes: Iterable[str]) -> dict[str, MeasureValue]:
    """The measures `codes` (those in the catalog) across `unit`'s subtree today, in two queries however many.

    Not scoped: a plan's objective is read by whoever reads the plan, and it shows counts, not any unit's data."""
    measures = {code: MEASURES[code] for code in codes if code in MEASURES}
    if not measures:
        return {}
    kinds = {kind for m in measures.values() for kind in m.kinds}
    channels = list(
        UnitChannel.objects.filter(
            subtree_q(unit, field="unit__path"), current_q(prefix="unit__"), kind__in=kinds
        ).values_list("unit_id", "unit__unit_type", "kind", "cchc")
    )
    types = {t for m in measures.values() for t in m.unit_types}
    population = Counter(
        OrgUnit.objects.filter(subtree_q(unit), current_q(), unit_type__in=types).values_list("unit_type", flat=True)
    )
    found: dict[str, MeasureValue] = {}
    for code, m in measures.items():
        mine = [row for row in channels if row[2] in m.kinds and (row[3].strip() or not m.cchc)]
        if m.entries:
            total = sum(1 for row in channels if row[2] in m.kinds)
            found[code] = MeasureValue(code, len(mine), total, str(m.noun))
        else:
            done = len({row[0] for row in mine if row[1] in m.unit_types})
            found[code] = MeasureValue(code, done, sum(population[t] for t in m.unit_types), str(m.noun))
    return found


@dataclass
class CoverageRow:
    unit: OrgUnit
    cells: dict[str, list[UnitChannel]] = field(default_factory=dict)  # kind → the unit's channels of that kind

    @property
    def gaps(self) -> int:
        return sum(1 for kind in COVERAGE_KINDS if not self.cells.get(kind))

    @property
    def ordered(self) -> list[tuple[str, list[UnitChannel]]]:
        """The cells in the table's column order."""
        return [(kind, self.cells.get(kind, [])) for kind in COVERAGE_KINDS]


# The kinds a commune or a department is expected to have; press kinds belong to the province and its press.
COVERAGE_KINDS: tuple[str, ...] = (
    ChannelKind.PORTAL,
    ChannelKind.LOUDSPEAKER,
    ChannelKind.ZALO,
    ChannelKind.FACEBOOK,
    ChannelKind.YOUTUBE,
    ChannelKind.LED,
    ChannelKind.ONE_STOP,
)


@dataclass
class Coverage:
    rows: list[CoverageRow]
    totals: dict[str, int]  # kind → units that have one
    with_cchc: dict[str, int]  # kind → units whose channel of that kind carries CCHC content

    @property
    def footer(self) -> list[tuple[str, int, int]]:
        return [(kind, self.totals[kind], self.with_cchc[kind]) for kind in COVERAGE_KINDS]


def coverage(*, actor: Actor, unit: OrgUnit, unit_types: tuple[str, ...]) -> Coverage:
    """One row per current unit of `unit_types` under `unit` (itself included when of those types), with its
    channels per kind; gaps are the kinds it has none of. Two queries."""
    require_view(actor, unit)
    units = list(
        OrgUnit.objects.filter(subtree_q(unit), current_q(), unit_type__in=unit_types).order_by("unit_type", "name")
    )
    by_unit: dict[int, dict[str, list[UnitChannel]]] = defaultdict(lambda: defaultdict(list))
    for channel in UnitChannel.objects.filter(unit__in=units).order_by("kind", "name", "pk"):
        by_unit[channel.unit_id][channel.kind].append(channel)
    rows = [CoverageRow(u, dict(by_unit.get(u.pk, {}))) for u in units]
    totals = {k: sum(1 for r in rows if r.cells.get(k)) for k in COVERAGE_KINDS}
    with_cchc = {k: sum(1 for r in rows if any(c.carries_cchc for c in r.cells.get(k, []))) for k in COVERAGE_KINDS}
    return Coverage(rows, totals, with_cchc)


def channel_label(channel: UnitChannel) -> str:
    """ "Trang Facebook · Trang xã" or "Cổng/Trang thông tin điện tử · https://…": how a channel is named in lists."""
    detail = channel.name or channel.address
    kind = str(ChannelKind(channel.kind).label)
    return f"{kind} · {detail}" if detail else kind


def outlet_choices(unit: OrgUnit) -> list[tuple[int, str]]:
    """The unit's channels an activity may name (asked by a page that already checked the user may enter for it)."""
    return [(c.pk, channel_label(c)) for c in UnitChannel.objects.filter(unit=unit).order_by("kind", "name", "pk")]
