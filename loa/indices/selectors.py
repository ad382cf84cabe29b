"""Reads of index values through the scoping layer: a unit's series per index (the latest snapshot of each year)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, out_of_reach

from .models import RECORDED, IndexValue


@dataclass
class Series:
    index: str
    label: str
    points: list[IndexValue]  # one per year, oldest first (the latest as-of date of that year)

    @property
    def latest(self) -> IndexValue:
        return self.points[-1]

    @property
    def change(self) -> Decimal | None:
        return self.points[-1].value - self.points[-2].value if len(self.points) > 1 else None


def unit_series(*, actor: Actor, unit: OrgUnit) -> list[Series]:
    """Every index the unit has values for, in catalog order; one query."""
    if not can(actor, Perm.VIEW, unit):
        raise out_of_reach()
    by_index: dict[str, dict[int, IndexValue]] = defaultdict(dict)
    for item in IndexValue.objects.filter(unit=unit).order_by("year", "as_of", "pk"):
        by_index[item.index][item.year] = item  # later as-of dates replace earlier ones
    return [
        Series(code, str(label), [by_index[code][y] for y in sorted(by_index[code])])
        for code, label in RECORDED
        if code in by_index
    ]
