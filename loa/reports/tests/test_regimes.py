"""Regimes: default windows and deadline, working-day deadlines with holidays, expected reporters."""

from datetime import date

from loa.core.periods import require_period
from loa.org.models import OrgUnit
from loa.reports.models import Holiday, Regime
from loa.reports.regimes import expected_reporters, terms_for


def test_default_regime_covers_every_unit(world):
    terms = terms_for(world.commune, require_period("2026Q2"))
    assert terms.regime is None
    assert terms.deadline == date(2026, 6, 20)  # the 20th of the period's last month, a Saturday
    assert terms.recipient == world.snv
    assert terms_for(world.snv, require_period("2026")).recipient == world.province
    assert terms_for(world.province, require_period("2026")).recipient.unit_type == "bo_noi_vu"  # to the ministry
    section = OrgUnit.objects.filter(parent=world.commune).first()
    assert terms_for(section, require_period("2026Q1")).recipient == world.commune


def test_default_reporters_of_a_coordinator_are_the_units_under_its_province(world):
    reporters = expected_reporters(world.snv, require_period("2026Q1"))
    assert world.commune in reporters and world.other_commune in reporters
    assert world.snv not in reporters and world.foreign_commune not in reporters
    assert all(u.parent_id == world.province.pk for u in reporters)
    assert expected_reporters(world.commune, require_period("2026Q1")) == []  # sections are not chased


def test_working_days_after_cut_off_skip_weekends_and_holidays(world):
    regime = Regime.objects.create(
        name="Thử", recipient=world.snv, deadline_rule="workdays", working_days=2, reporter_codes=[world.commune.code]
    )
    q1 = require_period("2026Q1")  # cut-off Saturday 14/03/2026
    assert terms_for(world.commune, q1).regime == regime
    assert terms_for(world.commune, q1).deadline == date(2026, 3, 17)
    Holiday.objects.create(day=date(2026, 3, 16), name="Nghỉ thử")
    assert terms_for(world.commune, q1).deadline == date(2026, 3, 18)


def test_day_of_month_deadline_moves_off_the_weekend_when_asked(world):
    Regime.objects.create(
        name="Thử",
        recipient=world.snv,
        deadline_day=20,
        weekend_to_next_workday=True,
        reporter_codes=[world.commune.code],
    )
    assert terms_for(world.commune, require_period("2026Q3")).deadline == date(2026, 9, 21)  # 20/09 is a Sunday


def test_configured_reporters_by_list_and_by_type(world):
    Regime.objects.create(
        name="Các sở",
        recipient=world.snv,
        kinds=["Q1", "Y"],
        reporter_parent=world.province,
        reporter_types=["so_nganh"],
        reporter_codes=[world.commune.code],
    )
    q1 = expected_reporters(world.snv, require_period("2026Q1"))
    departments = set(OrgUnit.objects.filter(parent=world.province, unit_type="so_nganh"))
    assert departments <= set(q1) and world.commune in q1
    assert world.other_commune in q1  # still under the default regime
    q2 = expected_reporters(world.snv, require_period("2026Q2"))
    assert world.commune not in q2 and not departments & set(q2)  # the regime has no Q2 and covers them
