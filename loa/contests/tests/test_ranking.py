"""The ranking chain and prize lists as pure functions (issue 21 item 4): orders, shared ranks, ties on a prize's
last place, a configurable chain, the overall totals."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loa.contests.ranking import Result, award, best, chain_of, prize_tiers, rank, totals

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def result(key, score, prediction=None, seconds=60, at=0, rounds=1):
    return Result(
        key=str(key),
        name=f"Người {key}",
        unit_name="UBND xã",
        score=score,
        max_score=10,
        prediction=prediction,
        duration_ms=seconds * 1000,
        submitted_at=T0 + timedelta(seconds=at),
        rounds=rounds,
    )


def test_the_default_chain_score_prediction_time_submission():
    rows = [
        result("a", 9, prediction=100, seconds=50, at=5),
        result("b", 10, prediction=10, seconds=300, at=1),
        result("c", 9, prediction=98, seconds=40, at=9),
        result("d", 9, prediction=98, seconds=40, at=3),
        result("e", 9, prediction=None, seconds=1, at=0),
    ]
    ranked = rank(rows, chain_of([]), actual=99)
    # a, c, d are all 1 off 99: the 40 s of c and d beat a's 50 s; d sent earlier than c.
    assert [(r.rank, r.result.key) for r in ranked] == [(1, "b"), (2, "d"), (3, "c"), (4, "a"), (5, "e")]
    assert [r.distance for r in ranked] == [89, 1, 1, 1, None]


def test_a_chain_without_the_prediction_and_equal_people_share_a_rank():
    rows = [result("a", 9, seconds=50, at=5), result("b", 9, seconds=50, at=5), result("c", 8)]
    ranked = rank(rows, ["rk_score", "rk_duration", "rk_submitted"], actual=None)
    assert [r.rank for r in ranked] == [1, 1, 3]
    with pytest.raises(ValueError):
        chain_of(["rk_score", "rk_score"])
    with pytest.raises(ValueError):
        chain_of(["điểm"])


def test_ties_on_a_tiers_last_place_all_win_it_and_nobody_wins_with_nothing():
    rows = [result("a", 10), result("b", 9), result("c", 9), result("d", 0)]
    ranked = rank(rows, ["rk_score"], actual=None)
    awarded = award(ranked, prize_tiers([{"label": "Nhất", "count": 1}, {"label": "Nhì", "count": 1}]))
    assert [(r.result.key, r.prize) for r in awarded] == [("a", "Nhất"), ("b", "Nhì"), ("c", "Nhì"), ("d", "")]
    everyone = award(rank(rows, ["rk_score"], None), prize_tiers([{"label": "KK", "count": 10}]))
    assert [r.prize for r in everyone] == ["KK", "KK", "KK", ""]


def test_best_keeps_each_persons_better_attempt_and_totals_sum_the_rounds():
    tries = [result("a", 6, seconds=30), result("a", 8, seconds=90), result("b", 8, seconds=20)]
    kept = {r.key: r.score for r in best(tries, chain_of([]), None)}
    assert kept == {"a": 8, "b": 8}
    summed = totals([result("p", 8, seconds=10, at=1), result("p", 7, seconds=20, at=9), result("q", 10)])
    by_key = {r.key: r for r in summed}
    assert (by_key["p"].score, by_key["p"].max_score, by_key["p"].duration_ms, by_key["p"].rounds) == (15, 20, 30000, 2)
    assert by_key["p"].submitted_at == T0 + timedelta(seconds=9)


rows_strategy = st.lists(
    st.builds(
        result,
        key=st.integers(0, 10_000),
        score=st.integers(0, 10),
        prediction=st.one_of(st.none(), st.integers(0, 200)),
        seconds=st.integers(1, 600),
        at=st.integers(0, 100),
    ),
    max_size=40,
    unique_by=lambda r: r.key,
)


@given(rows_strategy, st.one_of(st.none(), st.integers(0, 200)))
def test_ranks_follow_the_order_and_equal_keys_share_them(rows, actual):
    ranked = rank(rows, chain_of([]), actual)
    assert len(ranked) == len(rows)
    for i, (before, after) in enumerate(pairwise(ranked), 2):
        assert before.result.score >= after.result.score
        assert before.rank <= after.rank <= i
        same = (before.result.score, before.distance, before.result.duration_ms, before.result.submitted_at) == (
            after.result.score,
            after.distance,
            after.result.duration_ms,
            after.result.submitted_at,
        )
        assert (before.rank == after.rank) == same
