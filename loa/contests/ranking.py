"""Ranking a round's participants by the contest's chain of keys, and the prize lists (issue 21 item 4).

Pure functions over plain rows, so the tie-break rules are tested without a database. The default chain is the one
contests in Vietnam announce in their rules: more right answers, then the prediction nearer the actual figure, then
less time taken, then the earlier submission. Participants equal on every key of the chain share a rank (1, 1, 3),
and a prize tier goes to everyone ranked within its places, so a tie on the last place of a tier is not broken by
chance.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .catalog import DEFAULT_RANKING, RankKey

NO_PREDICTION = 10**12  # a participant who predicted nothing ranks after every prediction


@dataclass(frozen=True)
class Result:
    """One participant's counted attempt in a round (or their totals over the rounds, for the overall ranking)."""

    key: str  # who: the participant's id in a round, the phone over rounds
    name: str
    unit_name: str
    score: int
    max_score: int
    prediction: int | None
    duration_ms: int
    submitted_at: datetime
    rounds: int = 1


@dataclass(frozen=True)
class Ranked:
    rank: int
    result: Result
    distance: int | None  # how far the prediction was from the actual figure, when both are known
    prize: str = ""


def distance(prediction: int | None, actual: int | None) -> int | None:
    if prediction is None or actual is None:
        return None
    return abs(prediction - actual)


def chain_of(stored: Any) -> list[str]:
    """The stored chain, or the default when none is stored; unknown keys are an error, never ignored."""
    if not stored:
        return list(DEFAULT_RANKING)
    if not isinstance(stored, list) or any(k not in RankKey.values for k in stored) or len(set(stored)) != len(stored):
        raise ValueError(f"not a ranking chain: {stored!r}")
    return list(stored)


def _key(result: Result, chain: Sequence[str], actual: int | None) -> tuple[float, ...]:
    parts: list[float] = []
    for link in chain:
        if link == RankKey.SCORE:
            parts.append(-result.score)
        elif link == RankKey.PREDICTION:
            found = distance(result.prediction, actual)
            parts.append(NO_PREDICTION if found is None else found)
        elif link == RankKey.DURATION:
            parts.append(result.duration_ms)
        elif link == RankKey.SUBMITTED:
            parts.append(result.submitted_at.timestamp())
    return tuple(parts)


def best(results: Iterable[Result], chain: Sequence[str], actual: int | None) -> list[Result]:
    """Each participant's best attempt by the same chain (a second attempt counts only when it ranks higher)."""
    chosen: dict[str, Result] = {}
    for result in results:
        held = chosen.get(result.key)
        if held is None or _key(result, chain, actual) < _key(held, chain, actual):
            chosen[result.key] = result
    return list(chosen.values())


def rank(results: Iterable[Result], chain: Sequence[str], actual: int | None) -> list[Ranked]:
    """Results in ranking order with competition ranks: equal on every key of the chain, equal rank."""
    keyed = sorted(((_key(r, chain, actual), r) for r in results), key=lambda pair: (pair[0], pair[1].key))
    ranked: list[Ranked] = []
    previous: tuple[float, ...] | None = None
    place = 0
    for position, (key, result) in enumerate(keyed, 1):
        if key != previous:
            place = position
            previous = key
        ranked.append(Ranked(rank=place, result=result, distance=distance(result.prediction, actual)))
    return ranked


def prize_tiers(stored: Any) -> list[tuple[str, int]]:
    """[(label, places)] from the stored list [{"label": "Giải Nhất", "count": 1}, …]."""
    tiers = []
    for tier in stored or []:
        if not isinstance(tier, dict) or not str(tier.get("label", "")).strip():
            raise ValueError(f"not a prize tier: {tier!r}")
        count = int(tier.get("count", 0))
        if count < 0:
            raise ValueError(f"not a prize tier: {tier!r}")
        tiers.append((str(tier["label"]).strip(), count))
    return tiers


def award(ranked: Sequence[Ranked], tiers: Sequence[tuple[str, int]], *, least_score: int = 1) -> list[Ranked]:
    """The ranking with prizes: tier i goes to the ranks after the places of the tiers before it, up to its own
    places (ties on a tier's last place all win it); nobody wins with fewer than `least_score` points."""
    awarded = []
    bounds = []
    upto = 0
    for label_, count in tiers:
        bounds.append((upto, upto + count, label_))
        upto += count
    for row in ranked:
        prize = ""
        if row.result.score >= least_score:
            for low, high, label_ in bounds:
                if low < row.rank <= high:
                    prize = label_
                    break
        awarded.append(Ranked(rank=row.rank, result=row.result, distance=row.distance, prize=prize))
    return awarded


def totals(per_round: Iterable[Result]) -> list[Result]:
    """Each person's sums over the rounds they took part in (their counted attempt of each), for the overall
    ranking: scores, predictions' distances are not summed here (the actual figures differ by round) but times are;
    the latest submission is what "earlier" compares."""
    summed: dict[str, Result] = {}
    for r in per_round:
        held = summed.get(r.key)
        if held is None:
            summed[r.key] = r
            continue
        summed[r.key] = Result(
            key=r.key,
            name=held.name,
            unit_name=held.unit_name,
            score=held.score + r.score,
            max_score=held.max_score + r.max_score,
            prediction=None,
            duration_ms=held.duration_ms + r.duration_ms,
            submitted_at=max(held.submitted_at, r.submitted_at),
            rounds=held.rounds + r.rounds,
        )
    return list(summed.values())
