"""Next year's holidays proposed from the labour code, Tết by the lunar calendar (issue 19), so that deadlines of
January are right before anyone types the calendar."""

from datetime import date

import pytest

from loa.core.errors import PermissionDenied
from loa.core.lunar import lunar_new_year, solar_date
from loa.reports.demo import HOLIDAYS_2026
from loa.reports.holidays import holidays_propose, propose_ahead, proposed_holidays
from loa.reports.models import Holiday
from loa.reports.tasks import send_all

# Mùng 1 Tết and Giỗ Tổ Hùng Vương as the Vietnamese calendar published them (2030: 2 February in Vietnam's time
# zone, a day before China's).
TET = {2023: (1, 22), 2024: (2, 10), 2025: (1, 29), 2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2030: (2, 2)}
GIO_TO = {2023: (4, 29), 2024: (4, 18), 2025: (4, 7), 2026: (4, 26)}


def test_the_lunar_calendar_places_tet_and_gio_to() -> None:
    assert {y: (d.month, d.day) for y in TET if (d := lunar_new_year(y))} == TET
    assert {y: (d.month, d.day) for y in GIO_TO if (d := solar_date(y, 3, 10))} == GIO_TO


def test_the_proposal_holds_the_calendar_of_2026_as_entered_by_hand() -> None:
    proposed = dict(proposed_holidays(2026))
    assert {day for day, _name in HOLIDAYS_2026} <= set(proposed)
    assert proposed[date(2026, 4, 27)] == "Giỗ Tổ Hùng Vương (nghỉ bù)"  # 26/4/2026 is a Sunday


def test_2027_days_off_for_holidays_on_a_weekend() -> None:
    proposed = dict(proposed_holidays(2027))
    tet = [day for day, name in proposed.items() if name.startswith("Tết Nguyên đán")]
    assert tet[0] == date(2027, 2, 5) and len(tet) == 7  # 30 Tết to mùng 4, and two days for its weekend
    assert proposed[date(2027, 5, 3)] == "Ngày Quốc tế Lao động (nghỉ bù)"  # 1/5/2027 is a Saturday
    assert proposed[date(2027, 9, 3)] == "Quốc khánh"  # 2/9/2027 is a Thursday: the Friday joins the weekend


@pytest.mark.django_db
def test_only_the_administrator_enters_them_and_corrections_are_kept(world) -> None:
    with pytest.raises(PermissionDenied):
        holidays_propose(actor=world.users["coordinator"], year=2027)
    Holiday.objects.create(day=date(2027, 2, 5), name="Tết Nguyên đán (theo Thông báo của Bộ Nội vụ)")
    written = holidays_propose(actor=world.users["admin"], year=2027)
    assert len(written) == len(proposed_holidays(2027)) - 1
    assert Holiday.objects.get(day=date(2027, 2, 5)).name.endswith("của Bộ Nội vụ)")
    assert holidays_propose(actor=world.users["admin"], year=2027) == []
    assert written[0].history.get().history_change_reason == "holiday.proposed"


@pytest.mark.django_db
def test_the_daily_job_proposes_next_year_from_october_once(world) -> None:
    assert propose_ahead(date(2028, 9, 30)) == 0
    assert send_all(today=date(2028, 10, 1)).holidays == len(proposed_holidays(2029))
    assert propose_ahead(date(2028, 10, 2)) == 0
    tet = Holiday.objects.get(day=lunar_new_year(2029))
    assert tet.history.get().history_user is None  # Loa proposed it: the log names no person
