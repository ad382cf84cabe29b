"""Dashboard figures, read from the activity rollup (never the activities themselves) through the scoping layer.

Two queries carry the whole page: one over the node's own rollup rows (this span and the same span a year
earlier) gives totals, channels, areas, the monthly trend and the online share; one over its children's rows
gives the drill-down table and the rankings. A national dashboard reads the provinces' rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from loa.activity.models import ActivityRollup, CountryRollup, NodeMonthRollup
from loa.core.catalogs import Channel, ReformArea
from loa.core.labels import code_label
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, scope_prefix

from .filters import DashFilter

AREAS = list(ReformArea.values)


@dataclass
class Totals:
    activities: int = 0
    quantity: Decimal = Decimal(0)
    reached: int = 0
    participants: int = 0
    online: int = 0  # activities on online channels

    def add(self, row: dict[str, Any]) -> None:
        self.activities += row["n"]
        self.quantity += row["q"] or 0
        self.reached += row["r"] or 0
        self.participants += row["p"] or 0
        if row["online"]:
            self.online += row["n"]

    @property
    def traditional(self) -> int:
        return self.activities - self.online

    @property
    def online_share(self) -> float:
        return self.online / self.activities if self.activities else 0.0


@dataclass
class Figures:
    totals: Totals
    last_year: Totals
    by_channel: list[tuple[str, str, Totals]]  # code, label, totals; busiest first
    by_area: list[tuple[str, str, int]]  # code, label, activities (one activity may serve several areas)
    by_month: list[tuple[int, int, int]]  # yyyymm, activities, activities the same month a year earlier


@dataclass
class ChildRow:
    unit: OrgUnit
    totals: Totals = field(default_factory=Totals)


def _narrowed(f: DashFilter) -> bool:
    return bool(f.area or f.channel or f.unit_type)


def _narrowing(f: DashFilter) -> tuple[list[str], list[Any]]:
    """SQL conditions for the filter's area, channel and unit type (columns every detailed table has)."""
    clauses: list[str] = []
    params: list[Any] = []
    if f.area:
        clauses.append("(area_bits & %s) > 0")
        params.append(1 << AREAS.index(f.area))
    if f.channel:
        clauses.append("channel = %s")
        params.append(f.channel)
    if f.unit_type:
        clauses.append("unit_type = %s")
        params.append(f.unit_type)
    return clauses, params


def _in_reach(actor: Actor, f: DashFilter) -> bool:
    """The one scope check of a dashboard read: the node in the actor's reach, or the country for an administrator
    (every row read below belongs to the node or its children, which lie in its subtree)."""
    if f.node is None:
        return scope_prefix(actor, Perm.VIEW) == ""
    return can(actor, Perm.VIEW, f.node)


def _where(actor: Actor, f: DashFilter, *, breakdown: bool) -> tuple[str, str, list[Any]] | None:
    """The table to read and the WHERE clause of the node's rows with the filter's narrowing, once the scoping
    layer has said yes (None: nothing the actor may read). `breakdown`: the statement groups by channel or area.

    A node's plain monthly figures come from the per-node-month table; anything broken down or narrowed from the
    detailed rows; the country's from its own table (an administrator's view: nobody else reaches the country)."""
    if not _in_reach(actor, f):
        return None
    plain = not breakdown and not _narrowed(f)
    if f.node is None:
        if plain:
            # The country's months: the roots' per-node-month rows (provinces, and legacy provinces).
            return NodeMonthRollup._meta.db_table, "parent_id IS NULL", []
        table, clauses, params = CountryRollup._meta.db_table, ["1 = 1"], list[Any]()
    else:
        if plain:
            return NodeMonthRollup._meta.db_table, "node_id = %s", [f.node.pk]
        table, clauses, params = ActivityRollup._meta.db_table, ["node_id = %s"], list[Any]([f.node.pk])
    narrow, values = _narrowing(f)
    return table, " AND ".join(clauses + narrow), params + values


SUMS = "SUM(activities), SUM(quantity), SUM(reached), SUM(participants)"
AREA_SUMS = ", ".join(f"SUM(CASE WHEN (area_bits & {1 << i}) > 0 THEN activities END)" for i in range(len(AREAS)))


def _select(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _row(online: Any, n: Any, q: Any, r: Any, p: Any) -> dict[str, Any]:
    return {"online": bool(online), "n": int(n or 0), "q": Decimal(str(q or 0)), "r": int(r or 0), "p": int(p or 0)}


def figures(*, actor: Actor, f: DashFilter) -> Figures:
    """Totals, channels, areas and the monthly trend of the node, with the same span a year earlier.

    Three small grouped statements over the node's rollup rows (by month and online flag, by channel, and one
    row of per-area sums), so the database does the adding and only a few dozen rows travel."""
    totals, last_year = Totals(), Totals()
    months: dict[int, int] = defaultdict(int)
    earlier: dict[int, int] = defaultdict(int)
    channels: dict[str, Totals] = defaultdict(Totals)
    per_area: list[Any] = [0] * len(AREAS)
    trend = _where(actor, f, breakdown=False)
    if trend is not None:
        table, clause, params = trend
        for month, online, *values in _select(
            f"SELECT month, online, {SUMS} FROM {table} WHERE {clause} "
            "AND (month BETWEEN %s AND %s OR month BETWEEN %s AND %s) GROUP BY month, online",
            [*params, f.first, f.last, f.first - 100, f.last - 100],
        ):
            row = _row(online, *values)
            if f.first <= month <= f.last:
                totals.add(row)
                months[month] += row["n"]
            else:
                last_year.add(row)
                earlier[month + 100] += row["n"]
    detail = _where(actor, f, breakdown=True)
    if detail is not None:
        table, clause, params = detail
        span = [*params, f.first, f.last]
        for channel, online, *values in _select(
            f"SELECT channel, online, {SUMS} FROM {table} WHERE {clause} AND month BETWEEN %s AND %s "
            "GROUP BY channel, online",
            span,
        ):
            channels[channel].add(_row(online, *values))
        per_area = list(_select(f"SELECT {AREA_SUMS} FROM {table} WHERE {clause} AND month BETWEEN %s AND %s", span)[0])
    labels = dict(Channel.choices)
    area_labels = dict(ReformArea.choices)
    return Figures(
        totals=totals,
        last_year=last_year,
        by_channel=sorted(
            ((code, str(labels.get(code, code)), t) for code, t in channels.items()),
            key=lambda item: (-item[2].activities, item[0]),
        ),
        by_area=[(code, str(area_labels[code]), int(per_area[i] or 0)) for i, code in enumerate(AREAS)],
        by_month=[(m, months.get(m, 0), earlier.get(m, 0)) for m in f.months],
    )


def children(*, actor: Actor, f: DashFilter) -> list[ChildRow]:
    """The node's direct children (the provinces, for the country) with their totals over the span, including
    those that did nothing, biggest first; for drill-down and rankings. Without narrowing the per-node-month
    table answers (a province's children over a year: a few thousand rows), else the detailed rows."""
    if not _in_reach(actor, f):
        return []
    units = OrgUnit.objects.filter(valid_to__isnull=True)
    units = units.filter(parent__isnull=True) if f.node is None else units.filter(parent=f.node)
    result = {u.pk: ChildRow(unit=u) for u in units.order_by("path")}
    table = (ActivityRollup if _narrowed(f) else NodeMonthRollup)._meta.db_table
    clauses, params = _narrowing(f)
    parent = "parent_id IS NULL" if f.node is None else "parent_id = %s"
    for node_id, online, *values in _select(
        f"SELECT node_id, online, {SUMS} FROM {table} WHERE {' AND '.join([parent, *clauses])} "
        "AND month BETWEEN %s AND %s GROUP BY node_id, online",
        [*([] if f.node is None else [f.node.pk]), *params, f.first, f.last],
    ):
        child = result.get(node_id)
        if child is not None:  # None: a legacy unit (ended 30/6/2025) that still holds activities of the span
            child.totals.add(_row(online, *values))
    return sorted(result.values(), key=lambda c: (-c.totals.activities, c.unit.path))


def ranked(rows: list[ChildRow], size: int = 5) -> tuple[list[ChildRow], list[ChildRow]]:
    """Top and bottom units among children of the most common reporting type (communes under a province,
    provinces under the country): comparing a commune with a newspaper would say nothing."""
    if not rows:
        return [], []
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row.unit.unit_type] += 1
    kind = max(kinds, key=lambda k: (kinds[k], k == UnitType.UBND_XA))
    same = [r for r in rows if r.unit.unit_type == kind]
    top = same[:size]
    return top, list(reversed(same[len(top) :]))[:size]  # the rest, weakest first: never a unit of the top


def unit_type_label(code: str) -> str:
    return code_label("unit_type", code) if code else _("Tất cả")
