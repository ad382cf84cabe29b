"""A unit is due only the periods its regime asks for (`regimes.is_due`), and the reports list and the
reminders use that one rule: the demo regime asks for Quý I, 6 tháng, 9 tháng and Năm only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from loa.core.periods import standard_periods
from loa.notify.models import Notification
from loa.org.models import OrgUnit
from loa.reports.catalog import kind_of
from loa.reports.demo import build_report_demo
from loa.reports.regimes import active_regimes, expected_reporters, is_due, periods_due, terms_for
from loa.reports.reminders import send_report_reminders

ASKED = {"Q1", "H1", "M9", "Y"}


def test_only_the_regimes_periods_are_due(world, client, busy_communes):
    build_report_demo(world.province)
    regimes = list(active_regimes())
    year = timezone.localdate().year
    periods = standard_periods(year)
    units = list(OrgUnit.objects.filter(parent=world.province, valid_to__isnull=True).order_by("code"))
    for unit in units:
        due = {p.id for p in periods_due(unit, year, regimes)}
        assert {kind_of(p) for p in due} <= ASKED, unit.code
        for period in periods:
            recipient = terms_for(unit, period, regimes).recipient
            if unit.pk == world.snv.pk or recipient is None:
                continue
            # Due exactly when the recipient's board expects the unit.
            expected = unit in expected_reporters(recipient, period, regimes)
            assert is_due(unit, period, regimes) == expected, (unit.code, period.id)
    assert {kind_of(p.id) for p in periods_due(world.commune, year)} == ASKED
    assert {kind_of(p.id) for p in periods_due(world.snv, year)} == ASKED  # what it collects
    section = OrgUnit.objects.filter(parent=world.commune).first()
    assert section is not None and periods_due(section, year) == []  # sections count in their commune

    client.force_login(world.users["editor"])
    page = client.get(reverse("reports:index"))
    shown = [row.period.id for row in page.context["rows"]]
    assert {kind_of(p) for p in shown} <= ASKED and f"{year}Q3" not in shown and f"{year}Q2" not in shown
    assert all(row.due or row.report for row in page.context["rows"])


def test_no_reminder_for_a_period_outside_the_regime(world, busy_communes):
    build_report_demo(world.province)
    year = timezone.localdate().year
    q3 = next(p for p in standard_periods(year) if p.id == f"{year}Q3")
    Notification.objects.all().delete()
    send_report_reminders(today=q3.end + timedelta(days=30), days=10)
    mine = Notification.objects.filter(user__unit__path__startswith=world.province.path)
    assert not mine.filter(key__contains=f"{q3.id}:").exists()
    assert mine.filter(key__contains=f"{year}M9:").exists()  # the same cut-off, asked for
    # Another province without a regime of its own follows the default: every period, Quý III included.
    assert (
        Notification.objects.filter(key__contains=f"{q3.id}:")
        .exclude(user__unit__path__startswith=world.province.path)
        .exists()
    )
