"""Public holidays of a year, proposed from the Bộ luật Lao động 2019 (Điều 112) so that deadlines counted in working
days are right before anyone types them: Tết Dương lịch, five days of Tết Nguyên đán (the last day of the old lunar
year and the first four of the new, as the Government usually arranges them), Giỗ Tổ Hùng Vương (10/3 âm lịch), 30/4,
1/5, Quốc khánh 2/9 and a day beside it; a holiday on a Saturday or Sunday gets its day off (nghỉ bù) on the next
working day. The Government fixes the exact days each year: the proposal is written as ordinary holidays, audited,
and an administrator corrects them (Django admin, "Ngày nghỉ lễ") like any other.

The daily job proposes the next year's days from 1 October when none are entered yet (`propose_ahead`), so the
report deadlines of January already skip Tết.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import PermissionDenied
from loa.core.lunar import lunar_new_year, solar_date
from loa.org.scope import SYSTEM, Actor, Perm, scope_prefix

from .models import Holiday

PROPOSE_FROM_MONTH = 10  # the daily job proposes next year's holidays from 1 October


def proposed_holidays(year: int) -> list[tuple[date, str]]:
    """The holidays of `year` as the law sets them, with the days off for those falling on a weekend."""
    tet = lunar_new_year(year)
    days: list[tuple[date, str]] = [(date(year, 1, 1), "Tết Dương lịch")]
    days += [(tet + timedelta(days=offset), "Tết Nguyên đán") for offset in range(-1, 4)]
    days += [
        (solar_date(year, 3, 10), "Giỗ Tổ Hùng Vương"),
        (date(year, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
        (date(year, 5, 1), "Ngày Quốc tế Lao động"),
        (_beside_national_day(year), "Quốc khánh"),
        (date(year, 9, 2), "Quốc khánh"),
    ]
    taken = {day for day, _name in days}
    compensations: list[tuple[date, str]] = []
    for day, name in days:
        if day.weekday() >= 5:
            off = day + timedelta(days=1)
            while off.weekday() >= 5 or off in taken:
                off += timedelta(days=1)
            taken.add(off)
            compensations.append((off, f"{name} (nghỉ bù)"))
    return sorted(days + compensations)


def _beside_national_day(year: int) -> date:
    """The day next to 2/9 the law adds: the one that joins the holiday to a weekend (1/9 when 2/9 is a Tuesday, 3/9
    when it is a Thursday), else the day before."""
    second = date(year, 9, 2)
    return second + timedelta(days=1) if second.weekday() in {0, 3} else second - timedelta(days=1)


@transaction.atomic
def holidays_propose(*, actor: Actor, year: int) -> list[Holiday]:
    """Write the proposed holidays of `year` that are not entered yet (a day already entered keeps its name, as an
    administrator corrected it); audited. Returns the days written."""
    if scope_prefix(actor, Perm.MANAGE_UNITS) != "":  # holidays are the country's: the administrator's business
        raise PermissionDenied(_("Chỉ quản trị hệ thống nhập ngày nghỉ lễ."))
    known = set(Holiday.objects.filter(day__year=year).values_list("day", flat=True))
    written = []
    for day, name in proposed_holidays(year):
        if day in known:
            continue
        holiday = Holiday(day=day, name=name)
        stamp(holiday, actor=actor, reason="holiday.proposed")
        holiday.save()
        written.append(holiday)
    return written


def propose_ahead(today: date | None = None) -> int:
    """From 1 October, next year's holidays when none are entered yet (the daily job); how many were written."""
    today = today or timezone.localdate()
    if today.month < PROPOSE_FROM_MONTH or Holiday.objects.filter(day__year=today.year + 1).exists():
        return 0
    return len(holidays_propose(actor=SYSTEM, year=today.year + 1))
