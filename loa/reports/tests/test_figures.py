"""Figures come from confirmed activities inside the cut-off window, and equal a hand count."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from loa.core.errors import DomainError
from loa.core.periods import require_period
from loa.org.scope import SYSTEM
from loa.reports.selectors import report_state

from .conftest import hand_count, record


def test_window_edges(quiet_commune):
    """14/03 counts in Q1, 15/03 in Q2; 15/12 of the previous year is in Q1 (and H1, M9, the year)."""
    record(quiet_commune, date(2025, 12, 14), title="Trước kỳ")
    record(quiet_commune, date(2025, 12, 15), title="Ngày đầu quý I")
    record(quiet_commune, date(2026, 3, 14), title="Ngày chốt quý I")
    record(quiet_commune, date(2026, 3, 15), title="Ngày đầu quý II")

    def count(period: str) -> int:
        return int(report_state(actor=SYSTEM, unit=quiet_commune, period=period).figures["totals"]["count"])

    assert count("2026Q1") == 2
    assert count("2026Q2") == 1
    assert count("2026H1") == 3
    assert count("2026M9") == 3
    assert count("2026") == 3
    assert count("2025Q4") == 1  # 15/09/2025 – 14/12/2025 holds the 14/12 activity


def test_drafts_and_other_units_do_not_count(quiet_commune, world):
    record(quiet_commune, date(2026, 2, 1), status="draft")
    record(world.other_commune, date(2026, 2, 1))
    assert report_state(actor=SYSTEM, unit=quiet_commune, period="2026Q1").figures["totals"]["count"] == 0


def test_figures_equal_a_hand_count(world):
    """A commune's quarter of varied work (its sections' too, drafts, days around the cut-off), summed by the report
    and by hand from every activity."""
    from random import Random

    from loa.org.models import OrgUnit

    rng = Random(2026)
    units = [world.commune, *OrgUnit.objects.filter(parent=world.commune)]
    for _i in range(60):
        record(
            rng.choice(units),
            date(2025, 12, 1) + timedelta(days=rng.randrange(120)),
            rng.choice(["cong_ttdt", "phat_thanh", "hoi_nghi", "mang_xa_hoi"]),
            quantity=Decimal(rng.randrange(0, 500)) / 4,
            reached=rng.choice([None, rng.randrange(5000)]),
            status=rng.choice(["confirmed", "confirmed", "draft"]),
        )
    period = require_period("2026Q1")
    figures = report_state(actor=SYSTEM, unit=world.commune, period=period).figures
    expected = hand_count(world.commune, period.start, period.end)
    assert sum(r["count"] for r in expected.values()) > 20
    assert {c: r["count"] for c, r in figures["by_channel"].items()} == {c: r["count"] for c, r in expected.items()}
    assert {c: Decimal(str(r["quantity"])) for c, r in figures["by_channel"].items()} == {
        c: r["quantity"] for c, r in expected.items()
    }
    assert {c: r["reach"] for c, r in figures["by_channel"].items()} == {c: r["reach"] for c, r in expected.items()}
    assert figures["totals"]["count"] == sum(r["count"] for r in expected.values())


def test_per_area_and_tasks(quiet_commune):
    record(quiet_commune, date(2026, 2, 2), reform_areas=["tthc", "chinh_phu_so"], reached=50)
    record(quiet_commune, date(2026, 2, 3), reform_areas=["tthc"], reached=20)
    figures = report_state(actor=SYSTEM, unit=quiet_commune, period="2026Q1").figures
    assert figures["by_area"]["tthc"] == {"count": 2, "reach": 70}
    assert figures["by_area"]["chinh_phu_so"] == {"count": 1, "reach": 50}
    assert figures["totals"]["online"] == 2 and figures["totals"]["traditional"] == 0


def test_impossible_period_is_refused(world):
    with pytest.raises(DomainError, match="2026Q5"):
        report_state(actor=SYSTEM, unit=world.commune, period="2026Q5")


def test_narrative_drafts_speak_of_the_figures(quiet_commune):
    for day in (5, 6, 7):
        record(quiet_commune, date(2026, 2, day), quantity=4, measure="tin/bài")
    sections = report_state(actor=SYSTEM, unit=quiet_commune, period="2026Q1").sections
    assert "Trong quý I năm 2026" in sections["channels"]
    assert "đăng tải 12 tin/bài" in sections["channels"]
    assert sections["next_tasks"]
