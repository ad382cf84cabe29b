"""The scoring engine's rules on their own (no database): the properties a Sở Nội vụ relies on when it explains a
score to a unit, over every input hypothesis finds, not only the hand-computed cases of test_scoring."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from loa.scoring.engine import ChannelFacts, Facts, channel_mix, plan_ratio
from loa.scoring.models import Criterion, RuleType

MAXIMA = st.decimals(min_value=Decimal("0.25"), max_value=Decimal(10), places=2)


def criterion(rule: str, maximum: Decimal, evidence_required: bool = False, **params: object) -> Criterion:
    return Criterion(
        code="4.1", title="Tiêu chí", rule=rule, max_points=maximum, params=params, evidence_required=evidence_required
    )


@given(maximum=MAXIMA, planned=st.integers(1, 500), data=st.data())
def test_plan_ratio_is_within_zero_and_the_maximum_and_grows_with_the_tasks_done(maximum, planned, data):
    rule = criterion(RuleType.PLAN_RATIO, maximum)
    done = data.draw(st.integers(0, planned))
    points, basis = plan_ratio(rule, Facts(planned=planned, done=done))
    more, _basis = plan_ratio(rule, Facts(planned=planned, done=min(planned, done + 1)))
    assert Decimal(0) <= points <= more <= maximum
    rate = Decimal(done) / planned
    if rate >= 1:
        assert points == maximum
    elif rate < Decimal("0.9"):
        assert points == 0
    assert f"Hoàn thành {done}/{planned} nhiệm vụ" in basis


def test_plan_ratio_thresholds_come_from_the_criterion_and_no_plan_scores_nothing():
    rule = criterion(RuleType.PLAN_RATIO, Decimal(2), full_at="0.8", zero_below="0.5")
    assert plan_ratio(rule, Facts(planned=10, done=8))[0] == Decimal(2)
    assert plan_ratio(rule, Facts(planned=10, done=6))[0] == Decimal("1.20")
    assert plan_ratio(rule, Facts(planned=10, done=4))[0] == 0
    points, basis = plan_ratio(rule, Facts(planned=0, done=0))
    assert points == 0 and basis == "Không có nhiệm vụ nào trong kế hoạch đã ban hành của năm."


CHANNELS = st.builds(
    lambda n, e: ChannelFacts(activities=n, with_evidence=min(n, e), example=1 if min(n, e) else None),
    st.integers(0, 50),
    st.integers(0, 50),
)


@given(maximum=MAXIMA, online=CHANNELS, traditional=CHANNELS, evidence_required=st.booleans())
def test_channel_mix_gives_each_group_its_points_only_with_work_and_the_evidence_asked(
    maximum, online, traditional, evidence_required
):
    rule = criterion(RuleType.CHANNEL_MIX, maximum, evidence_required=evidence_required)
    points, basis, evidence = channel_mix(rule, Facts(online=online, traditional=traditional))

    def earns(found: ChannelFacts) -> bool:
        return found.activities > 0 and (found.with_evidence > 0 or not evidence_required)

    expected = sum((maximum / 2 for found in (online, traditional) if earns(found)), Decimal(0))
    assert points == min(expected, maximum)
    assert len(evidence) == sum(1 for found in (online, traditional) if earns(found) and found.example)
    assert basis.startswith("Trực tuyến: ") and "; Truyền thống: " in basis
