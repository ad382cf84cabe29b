"""The index as a stored rule, and the sample size (issue 20 item 2)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loa.surveys.index import DEFAULT_RULE, MEAN_OF_FACTORS, IndexRule, compute, rule_from, sample_size
from loa.surveys.sipas import built_in


def test_the_issue_example_gives_66_67_per_cent() -> None:
    answers = [{"F1_HL": v} for v in (5, 5, 4, 3, 2, 1, 4, 4, 5, 0)]
    result = compute(built_in(), DEFAULT_RULE, answers)
    tally = result.items["F1_HL"]
    assert (tally.valid, tally.no_answer, tally.positive(DEFAULT_RULE)) == (9, 1, 6)
    assert tally.share(DEFAULT_RULE) == Decimal("66.67")
    assert result.factor_index["F1"] == Decimal("66.67")
    assert result.index == Decimal("66.67")  # the only counted question answered


def test_sample_size() -> None:
    assert sample_size(1000, Decimal("0.05")) == 286
    assert sample_size(100, "0.05") == 80  # 100 / 1.25
    assert sample_size(1, "0.05") == 1
    with pytest.raises(ValueError):
        sample_size(0, "0.05")
    with pytest.raises(ValueError):
        sample_size(1000, "0")


def test_pooled_and_mean_of_factors_differ_as_defined() -> None:
    # F1: 2 satisfied of 2; F2: 1 of 4. Pooled: 3 of 6 = 50 %; mean of factors: (100 + 25) / 2 = 62.5 %.
    answers = [{"F1_HL": 5, "F2_HL": 4}, {"F1_HL": 4, "F2_HL": 1}, {"F2_HL": 2}, {"F2_HL": 3}]
    pooled = compute(built_in(), DEFAULT_RULE, answers)
    assert pooled.index == Decimal("50.00")
    mean = compute(built_in(), IndexRule(combine=MEAN_OF_FACTORS), answers)
    assert mean.factor_index["F1"] == Decimal("100.00") and mean.factor_index["F2"] == Decimal("25.00")
    assert mean.index == Decimal("62.50")


def test_perception_and_expectation_are_not_counted_by_default() -> None:
    answers = [{"F1_N1": 1, "F1_MD": 1, "F1_HL": 5}]
    result = compute(built_in(), DEFAULT_RULE, answers)
    assert result.index == Decimal("100.00")
    assert result.items["F1_N1"].share(DEFAULT_RULE) == Decimal("0.00")
    wider = compute(built_in(), IndexRule(counted=("nhan_dinh", "hai_long")), answers)
    assert wider.index == Decimal("50.00")


def test_no_valid_answer_is_no_index() -> None:
    result = compute(built_in(), DEFAULT_RULE, [{"F1_HL": 0}])
    assert result.index is None and result.answers == 1


def test_a_stored_rule_loa_cannot_read_is_refused() -> None:
    assert rule_from(DEFAULT_RULE.as_json()) == DEFAULT_RULE
    bad: object
    for bad in ({"method": "mean"}, {"positive": [6]}, {"counted": ["nothing"]}, {"combine": "max"}, [], None):
        with pytest.raises(ValueError):
            rule_from(bad)


@given(st.lists(st.sampled_from([0, 1, 2, 3, 4, 5]), max_size=60))
def test_index_is_the_share_of_four_and_five_among_valid(values: list[int]) -> None:
    result = compute(built_in(), DEFAULT_RULE, [{"CHUNG": v} for v in values])
    valid = [v for v in values if v]
    if not valid:
        assert result.index is None
    else:
        expected = (Decimal(sum(1 for v in valid if v >= 4) * 100) / len(valid)).quantize(Decimal("0.01"))
        assert result.index is not None and abs(result.index - expected) <= Decimal("0.01")


@given(st.lists(st.dictionaries(st.sampled_from(["F1_HL", "F1_N1", "F2_HL", "F2_MD", "CHUNG"]), st.integers(0, 5))))
def test_counting_only_the_counted_questions_gives_the_same_index(answers: list[dict[str, int]]) -> None:
    full = compute(built_in(), DEFAULT_RULE, answers)
    fast = compute(built_in(), DEFAULT_RULE, answers, counted_only=True)
    assert (full.index, full.factor_index, full.answers) == (fast.index, fast.factor_index, fast.answers)
