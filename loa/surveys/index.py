"""The satisfaction index as a stored rule (issue 20 item 2), and the sample size a survey aims at.

A survey stores its rule as JSON beside its questionnaire, so a result can always be recomputed the way it was
meant: by default the share of answers 4–5 among valid answers ("Không trả lời" is not valid), per question, per
factor (the questions of the counted kinds, pooled) and overall (every counted question, pooled). The other way of
combining, `mean_of_factors`, takes the mean of the factors' indices, as SIPAS publishes its overall figure.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from loa.core.numbers import rounded

from .catalog import NO_ANSWER, SCALE, ItemKind
from .definition import items

POOLED = "pooled"
MEAN_OF_FACTORS = "mean_of_factors"


@dataclass(frozen=True)
class IndexRule:
    positive: tuple[int, ...] = (4, 5)
    counted: tuple[str, ...] = (ItemKind.SATISFACTION.value, ItemKind.OVERALL.value)
    combine: str = POOLED

    def as_json(self) -> dict[str, Any]:
        return {
            "method": "top_box",
            "positive": list(self.positive),
            "counted": list(self.counted),
            "combine": self.combine,
        }

    def describe(self) -> str:
        kinds = ", ".join(str(ItemKind(k).label).lower() for k in self.counted)
        levels = ", ".join(str(p) for p in self.positive)
        if self.combine == MEAN_OF_FACTORS:
            return _(
                "Tỷ lệ câu trả lời mức %(levels)s trên số câu trả lời hợp lệ, tính cho các câu %(kinds)s; chỉ số chung "
                "là trung bình cộng chỉ số của các nhóm."
            ) % {"levels": levels, "kinds": kinds}
        return _(
            "Tỷ lệ câu trả lời mức %(levels)s trên số câu trả lời hợp lệ (không tính «Không trả lời»), tính cho các "
            "câu %(kinds)s, theo từng câu, từng nhóm và chung."
        ) % {"levels": levels, "kinds": kinds}


DEFAULT_RULE = IndexRule()


def rule_from(data: Any) -> IndexRule:
    """The rule stored as JSON; a stored rule Loa cannot read is an error, never silently the default."""
    if not isinstance(data, dict) or data.get("method", "top_box") != "top_box":
        raise ValueError("unknown index rule")
    positive = tuple(int(p) for p in data.get("positive", (4, 5)))
    counted = tuple(str(k) for k in data.get("counted", DEFAULT_RULE.counted))
    combine = str(data.get("combine", POOLED))
    if not positive or any(p not in SCALE for p in positive) or not counted:
        raise ValueError("bad index rule")
    if any(k not in ItemKind.values for k in counted) or combine not in (POOLED, MEAN_OF_FACTORS):
        raise ValueError("bad index rule")
    return IndexRule(positive=positive, counted=counted, combine=combine)


@dataclass
class Tally:
    """Answers to one question (or pooled over several): how many chose each level, and how many did not answer."""

    levels: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCALE, 0))
    no_answer: int = 0

    def add(self, value: int) -> None:
        if value in self.levels:
            self.levels[value] += 1
        else:
            self.no_answer += 1

    def merge(self, other: "Tally") -> None:
        for level, n in other.levels.items():
            self.levels[level] += n
        self.no_answer += other.no_answer

    @property
    def valid(self) -> int:
        return sum(self.levels.values())

    def positive(self, rule: IndexRule) -> int:
        return sum(self.levels[p] for p in rule.positive)

    def share(self, rule: IndexRule) -> Decimal | None:
        """Per cent, two decimals, half up; None when there is no valid answer."""
        return rounded(Decimal(self.positive(rule) * 100) / self.valid, 2) if self.valid else None

    def mean(self) -> Decimal | None:
        return rounded(Decimal(sum(k * n for k, n in self.levels.items())) / self.valid, 2) if self.valid else None


@dataclass
class Result:
    rule: IndexRule
    answers: int  # questionnaires counted
    items: dict[str, Tally]
    factors: dict[str, Tally]  # pooled over the factor's counted questions
    factor_index: dict[str, Decimal | None]
    index: Decimal | None


def compute(
    definition: dict[str, Any], rule: IndexRule, answers: Iterable[Mapping[str, Any]], *, counted_only: bool = False
) -> Result:
    """The index of `answers` (each a questionnaire's {item key: 0..5}) under `rule`. With `counted_only` only the
    questions the rule counts are tallied: the index and the factors' are the same, faster (a breakdown's rows)."""
    questions = [q for q in items(definition) if not counted_only or q.kind in rule.counted]
    tallies = {q.key: Tally() for q in questions}
    count = 0
    for answer in answers:
        count += 1
        for q in questions:
            value = answer.get(q.key, NO_ANSWER)
            tallies[q.key].add(value if isinstance(value, int) else NO_ANSWER)
    factor_tallies: dict[str, Tally] = {}
    pooled = Tally()
    for q in questions:
        if q.kind not in rule.counted:
            continue
        if q.factor:
            factor_tallies.setdefault(q.factor, Tally()).merge(tallies[q.key])
        pooled.merge(tallies[q.key])
    factor_index = {key: t.share(rule) for key, t in factor_tallies.items()}
    if rule.combine == MEAN_OF_FACTORS:
        known = [v for v in factor_index.values() if v is not None]
        index = rounded(sum(known, Decimal(0)) / len(known), 2) if known else None
    else:
        index = pooled.share(rule)
    return Result(rule, count, tallies, factor_tallies, factor_index, index)


def sample_size(population: int, margin: Decimal | float | str) -> int:
    """Slovin's n = N / (1 + N·e²), rounded up: the answers a survey needs for a margin of error e (0.05 = 5 %)."""
    e = Decimal(str(margin))
    if population <= 0 or not Decimal(0) < e < Decimal(1):
        raise ValueError("population must be positive and the margin between 0 and 1")
    return math.ceil(Decimal(population) / (1 + population * e * e))
