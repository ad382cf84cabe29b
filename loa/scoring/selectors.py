"""Reads of scores: one unit's score sheet and a province's ranking, through the scoping layer."""

from dataclasses import dataclass
from datetime import date

from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, out_of_reach, restrict
from loa.org.tree import subtree_q

from .engine import UnitScore, scores
from .services import rule_set_for


def _require_view(actor: Actor, unit: OrgUnit) -> None:
    if not can(actor, Perm.VIEW, unit):
        raise out_of_reach()  # another unit's scores look missing, as all unit-owned data does


def default_year(unit: OrgUnit | None, today: date) -> int:
    """The year scoring pages open on: the current one (issue 19). A province's first days show this year's zeros
    with the reason beside each criterion; earlier years are one choice away."""
    return today.year


def unit_score(*, actor: Actor, unit: OrgUnit, year: int) -> UnitScore:
    _require_view(actor, unit)
    rule_set = rule_set_for(unit, year)
    return scores([unit], rule_set, year)[0]


@dataclass
class RankRow:
    rank: int
    score: UnitScore


def ranking(*, actor: Actor, province: OrgUnit, year: int, unit_type: str = "ubnd_xa") -> list[RankRow]:
    """Every current unit of the type under the province, best first (ties share a rank: 1, 2, 2, 4). They share
    one table: `rule_set_for` chooses by the issuers above a unit, and units of a province have the same ones."""
    _require_view(actor, province)
    units = list(
        restrict(OrgUnit.objects.filter(subtree_q(province)), actor, Perm.VIEW, unit_path="path")
        .filter(unit_type=unit_type, valid_to__isnull=True)
        .order_by("path")
    )
    if not units:
        return []
    rule_set = rule_set_for(units[0], year)
    ordered = sorted(scores(units, rule_set, year), key=lambda s: (-s.final, s.unit.name))
    rows: list[RankRow] = []
    for i, score in enumerate(ordered):
        rank = rows[-1].rank if rows and rows[-1].score.final == score.final else i + 1
        rows.append(RankRow(rank=rank, score=score))
    return rows
