"""Sent, on time, late, returned and missing are defined once (`completeness`): checked on every period of the
demo's reports (built as `loa demo` builds them), on the board, in the dashboards' rates and in the CLI."""

import json

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from loa.core.periods import standard_periods
from loa.reports.completeness import DEFINITION, board_period, completeness, period_rates
from loa.reports.demo import build_report_demo
from loa.reports.models import Report


def test_on_time_never_exceeds_sent_on_any_demo_period(world, client, capsys, busy_communes):
    result = build_report_demo(world.province)
    assert result.submitted and result.returned  # the demo has late, returned and resent reports
    today = timezone.localdate()
    periods = standard_periods(today.year) + standard_periods(today.year - 1)
    rates = {r.period.id: r for r in period_rates(world.snv, periods)}
    with_reports = 0
    for period in periods:
        status = completeness(world.snv, period)
        assert status.on_time <= status.submitted, period.id
        assert status.on_time + status.late == status.submitted, period.id
        assert status.expected == status.submitted + status.returned + status.missing, period.id
        assert status.on_time_rate <= status.reporting_rate, period.id
        rate = rates[period.id]
        assert (rate.expected, rate.submitted, rate.on_time) == (status.expected, status.submitted, status.on_time)
        for row in status.rows:  # each row falls in exactly one of on time, late, returned, missing
            assert [row.on_time, row.late, row.returned, row.missing].count(True) == 1, (period.id, row.unit.code)
        with_reports += Report.objects.filter(period=period.id).exists()
    assert with_reports >= 3
    # The half-year of the demo has returned reports, one resent: the case that once showed on time > sent.
    half = next(p for p in periods if p.id == f"{today.year}H1")
    if half.end < today:
        status = completeness(world.snv, half)
        assert status.returned and status.on_time <= status.submitted
        call_command("report", "status", "--unit", world.snv.code, "--period", half.id, "--json")
        data = json.loads(capsys.readouterr().out)
        assert (data["expected"], data["sent"], data["on_time"]) == (status.expected, status.submitted, status.on_time)

    # The board opens on the latest closed period somebody must report, and says what its counts mean.
    opened = board_period(world.snv, today)
    assert completeness(world.snv, opened).expected > 0
    later = [p for p in periods if opened.end < p.end < today]
    assert all(not completeness(world.snv, p).expected for p in later)
    # A province without a regime of its own (every period expected): the latest closed quarter, as before.
    other = board_period(world.users["foreign"].unit, today)
    assert "Q" in other.id and other.end < today and completeness(world.users["foreign"].unit, other).expected
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("reports:board"))
    assert page.context["period"].id == opened.id
    assert str(DEFINITION)[:40] in page.content.decode()
