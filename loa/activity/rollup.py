"""Keeping `ActivityRollup` (subtree totals per month, channel, area mask, unit type) current.

Every write to activities calls `apply()` inside its own transaction with the contributions that
disappear (sign -1) and appear (sign +1); each contribution is added to the rollup rows of the
activity's unit and of every unit above it with one upsert (`ON CONFLICT … DO UPDATE SET n = n + …`,
the same SQL on SQLite and PostgreSQL). Rows are touched in a fixed order (node, then key), so two
transactions adding to the same province cannot deadlock; the row lock the upsert takes serialises
them. `rebuild()` recomputes everything from the activities in set-based SQL, bottom-up by depth.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q

from loa.org.models import OrgUnit
from loa.org.tree import in_subtree, path_ancestors, province_path, subtree_q

from .models import Activity, ActivityRollup, ActivityStatus, CountryRollup, NodeMonthRollup

KEY_COLUMNS = ("node_id", "parent_id", "month", "channel", "online", "area_bits", "unit_type")
SUM_COLUMNS = ("activities", "quantity", "reached", "participants")


@dataclass(frozen=True)
class Contribution:
    """What one confirmed activity adds to the rollup of its unit and every unit above it."""

    unit_path: str
    unit_type: str
    month: int
    channel: str
    online: bool
    area_bits: int
    quantity: Decimal
    reached: int
    participants: int


def contribution(activity: Activity, unit_type: str | None = None) -> Contribution | None:
    """The activity's share of the totals; drafts count nowhere."""
    if activity.status != ActivityStatus.CONFIRMED:
        return None
    return Contribution(
        unit_path=activity.unit_path,
        unit_type=unit_type or activity.unit.unit_type,
        month=activity.date.year * 100 + activity.date.month,
        channel=activity.channel,
        online=activity.online,
        area_bits=activity.area_bits,
        quantity=Decimal(activity.quantity),
        reached=activity.reached or 0,
        participants=activity.participants or 0,
    )


@dataclass(frozen=True)
class Target:
    """One of the three summary tables: its key (the conflict target of the upsert) and whether it keeps parent."""

    table: str
    key: tuple[str, ...]
    with_parent: bool

    @property
    def columns(self) -> tuple[str, ...]:
        return self.key[:1] + (("parent_id",) if self.with_parent else ()) + self.key[1:] + SUM_COLUMNS


DETAIL = Target(
    ActivityRollup._meta.db_table, ("node_id", "month", "channel", "online", "area_bits", "unit_type"), True
)
NODE_MONTH = Target(NodeMonthRollup._meta.db_table, ("node_id", "month", "online"), True)
COUNTRY = Target(CountryRollup._meta.db_table, ("month", "channel", "online", "area_bits", "unit_type"), False)


def _upsert_sql(source: str, target: Target = DETAIL) -> str:
    """INSERT … <source> that adds to existing rows. SQLite needs a WHERE in an INSERT … SELECT with an upsert
    (its parser would otherwise read ON CONFLICT as a join constraint), hence `WHERE 1 = 1` in selects."""
    sums = ", ".join(f"{c} = {target.table}.{c} + excluded.{c}" for c in SUM_COLUMNS)
    return (
        f"INSERT INTO {target.table} ({', '.join(target.columns)}) {source} "
        f"ON CONFLICT ({', '.join(target.key)}) DO UPDATE SET {sums}"
    )


def _add(totals: dict[tuple[Any, ...], list[Any]], key: tuple[Any, ...], c: Contribution, sign: int) -> None:
    row = totals[key]
    row[0] += sign
    row[1] += sign * c.quantity
    row[2] += sign * c.reached
    row[3] += sign * c.participants


def apply(removed: Iterable[Contribution | None] = (), added: Iterable[Contribution | None] = ()) -> None:
    """Subtract `removed` and add `added` to every summary row they reach, in the caller's transaction."""
    signed = [(c, -1) for c in removed if c is not None] + [(c, 1) for c in added if c is not None]
    if not signed:
        return
    paths = {p for c, _s in signed for p in path_ancestors(c.unit_path)}
    nodes = {
        path: (pk, parent)
        for path, pk, parent in OrgUnit.objects.filter(path__in=paths).values_list("path", "pk", "parent_id")
    }
    detail: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0), 0, 0])
    months: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0), 0, 0])
    country: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0), 0, 0])
    for c, sign in signed:
        _add(country, (c.month, c.channel, c.online, c.area_bits, c.unit_type), c, sign)
        for path in path_ancestors(c.unit_path):
            if path not in nodes:
                continue
            node, parent = nodes[path]
            _add(detail, (node, parent, c.month, c.channel, c.online, c.area_bits, c.unit_type), c, sign)
            _add(months, (node, parent, c.month, c.online), c, sign)
    # Rows in a fixed order (by key, parent left out), so two writers cannot deadlock.
    _write(DETAIL, detail, lambda k: (k[0], *k[2:]))
    _write(NODE_MONTH, months, lambda k: (k[0], *k[2:]))
    _write(COUNTRY, country, lambda k: k)


def _write(target: Target, totals: dict[tuple[Any, ...], list[Any]], order: Any) -> None:
    rows = [key + tuple(values) for key, values in sorted(totals.items(), key=lambda kv: order(kv[0])) if any(values)]
    placeholders = "(" + ", ".join(["%s"] * len(target.columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            chunk = rows[start : start + 500]
            values = ", ".join([placeholders] * len(chunk))
            cursor.execute(_upsert_sql(f"VALUES {values}", target), [v for row in chunk for v in row])


def contributions(activities: Iterable[Activity]) -> list[Contribution | None]:
    """Contributions of activities whose unit type is read once per unit, not once per row."""
    items = list(activities)
    types = dict(OrgUnit.objects.filter(pk__in={a.unit_id for a in items}).values_list("pk", "unit_type"))
    return [contribution(a, types.get(a.unit_id, "")) for a in items]


@transaction.atomic
def rebuild(prefix: str = "") -> int:
    """Recompute the rollup of every node under `prefix` ("" for all) from the activities; returns rows written.

    Set-based: one INSERT … SELECT groups each unit's own confirmed activities, then, from the deepest
    level up, each level's rows are added into their parents' rows. Nodes above `prefix` are not touched,
    so rebuild a whole province, or everything."""
    table = DETAIL.table
    with connection.cursor() as cursor:
        if prefix:
            cursor.execute(
                f"DELETE FROM {table} WHERE node_id IN (SELECT id FROM {OrgUnit._meta.db_table} WHERE path LIKE %s)",
                [prefix + "%"],
            )
        else:
            cursor.execute(f"DELETE FROM {table}")
    activities, units = Activity._meta.db_table, OrgUnit._meta.db_table
    own = (
        f"SELECT a.unit_id, u.parent_id, {_month_sql('a.date')}, a.channel, a.online, a.area_bits, u.unit_type, "
        "COUNT(*), SUM(a.quantity), COALESCE(SUM(a.reached), 0), COALESCE(SUM(a.participants), 0) "
        f"FROM {activities} a JOIN {units} u ON u.id = a.unit_id WHERE a.status = %s AND a.unit_path LIKE %s "
        f"GROUP BY a.unit_id, u.parent_id, {_month_sql('a.date')}, a.channel, a.online, a.area_bits, u.unit_type"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(KEY_COLUMNS + SUM_COLUMNS)}) {own}",
            [ActivityStatus.CONFIRMED.value, prefix + "%"],
        )
        depths = (
            OrgUnit.objects.filter(subtree_q(prefix))
            .exclude(depth=0)
            .values_list("depth", flat=True)
            .distinct()
            .order_by("-depth")
        )
        start_depth = prefix.count("/")  # nodes at this depth or deeper lie under the prefix
        key = "r.month, r.channel, r.online, r.area_bits, r.unit_type"
        for depth in list(depths):
            if depth < start_depth:
                continue
            cursor.execute(
                _upsert_sql(
                    f"SELECT parent.id, parent.parent_id, {key}, SUM(r.activities), SUM(r.quantity), "
                    f"SUM(r.reached), SUM(r.participants) FROM {table} r "
                    f"JOIN {units} child ON child.id = r.node_id JOIN {units} parent ON parent.id = child.parent_id "
                    f"WHERE child.depth = %s AND child.path LIKE %s GROUP BY parent.id, parent.parent_id, {key}"
                ),
                [depth, prefix + "%"],
            )
    _derive(prefix)
    return ActivityRollup.objects.filter(subtree_q(prefix, field="node__path")).count()


def _derive(prefix: str) -> None:
    """The two narrower tables, summed from the detailed rows: per node and month for the nodes under `prefix`,
    and the whole country again (it sums the roots, which any rebuild may change)."""
    units, sums = OrgUnit._meta.db_table, ", ".join(f"SUM({c})" for c in SUM_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {NODE_MONTH.table} WHERE node_id IN (SELECT id FROM {units} WHERE path LIKE %s)",
            [prefix + "%"],
        )
        cursor.execute(
            f"INSERT INTO {NODE_MONTH.table} ({', '.join(NODE_MONTH.columns)}) "
            f"SELECT node_id, parent_id, month, online, {sums} FROM {DETAIL.table} "
            f"WHERE node_id IN (SELECT id FROM {units} WHERE path LIKE %s) GROUP BY node_id, parent_id, month, online",
            [prefix + "%"],
        )
        cursor.execute(f"DELETE FROM {COUNTRY.table}")
        key = ", ".join(COUNTRY.key)
        cursor.execute(
            f"INSERT INTO {COUNTRY.table} ({', '.join(COUNTRY.columns)}) "
            f"SELECT {key}, {sums} FROM {DETAIL.table} WHERE parent_id IS NULL GROUP BY {key}"
        )


def on_units_retyped(sender: Any, units: list[OrgUnit], **kwargs: Any) -> None:
    """Org's services changed the type of `units` (org.events): recompute their provinces' summaries in the same
    transaction, so the totals by unit type follow the units' types as a full rebuild would."""
    for prefix in sorted({province_path(unit) for unit in units}):
        rebuild(prefix)


def _month_sql(column: str) -> str:
    """yyyymm of a date column, as an integer, on either database."""
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y%%m', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {column}) * 100 + EXTRACT(MONTH FROM {column}) AS INTEGER)"


def stale(prefix: str = "") -> bool:
    """True when the rollup of the nodes under `prefix` differs from the activities (a check, not a fix)."""
    expected = _expected(prefix)
    actual = {
        (r["node_id"], r["month"], r["channel"], r["online"], r["area_bits"], r["unit_type"]): (
            r["activities"],
            r["quantity"],
            r["reached"],
            r["participants"],
        )
        for r in ActivityRollup.objects.filter(subtree_q(prefix, field="node__path"))
        .exclude(Q(activities=0) & Q(quantity=0) & Q(reached=0) & Q(participants=0))
        .values("node_id", "month", "channel", "online", "area_bits", "unit_type", *SUM_COLUMNS)
    }
    if expected != actual:
        return True
    months: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0), 0, 0])
    for (node, month, _channel, online, _area, _type), values in expected.items():
        for i, v in enumerate(values):
            months[(node, month, online)][i] += v
    narrow = _nonzero(
        NodeMonthRollup.objects.filter(subtree_q(prefix, field="node__path")), ("node_id", "month", "online")
    )
    if {k: tuple(v) for k, v in months.items()} != narrow:
        return True
    if prefix:
        return False
    roots = set(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    country: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0), 0, 0])
    for (node, *key), values in expected.items():
        if node in roots:
            for i, v in enumerate(values):
                country[tuple(key)][i] += v
    return {k: tuple(v) for k, v in country.items()} != _nonzero(CountryRollup.objects.all(), COUNTRY.key)


def _nonzero(qs: Any, key: tuple[str, ...]) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    rows = qs.exclude(Q(activities=0) & Q(quantity=0) & Q(reached=0) & Q(participants=0)).values(*key, *SUM_COLUMNS)
    return {tuple(r[k] for k in key): tuple(r[c] for c in SUM_COLUMNS) for r in rows}


def _expected(prefix: str) -> dict[tuple[object, ...], tuple[object, ...]]:
    """The rollup computed the slow, obvious way: every activity added to every ancestor in Python."""
    nodes = dict(OrgUnit.objects.values_list("path", "pk"))
    totals: dict[tuple[Any, ...], list[Any]] = defaultdict(lambda: [0, Decimal(0), 0, 0])
    rows = Activity.objects.filter(subtree_q(prefix, field="unit_path"), status=ActivityStatus.CONFIRMED).annotate(
        t=F("unit__unit_type")
    )
    for a in rows.iterator():
        c = contribution(a, a.t)
        assert c is not None
        for path in path_ancestors(c.unit_path):
            if not in_subtree(path, prefix) or path not in nodes:
                continue
            _add(totals, (nodes[path], c.month, c.channel, c.online, c.area_bits, c.unit_type), c, 1)
    return {k: tuple(v) for k, v in totals.items()}
