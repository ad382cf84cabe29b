"""Completeness, timeliness and consolidation for a recipient, on a small regime of four communes."""

from datetime import UTC, date, datetime

from django.core.management import call_command

from loa.core.periods import require_period
from loa.notify.models import Notification
from loa.org.scope import SYSTEM
from loa.reports.completeness import completeness
from loa.reports.models import Regime
from loa.reports.reminders import send_report_reminders
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_return, report_save, report_submit

from .conftest import record

PERIOD = require_period("2026Q1")  # deadline 20/03/2026
ON_TIME = datetime(2026, 3, 19, 9, tzinfo=UTC)
LATE = datetime(2026, 3, 23, 9, tzinfo=UTC)


def test_expected_submitted_on_time_late_missing_returned(world, four):
    a, b, c, d = four
    report_submit(actor=SYSTEM, unit=a, period=PERIOD, now=ON_TIME)
    report_submit(actor=SYSTEM, unit=b, period=PERIOD, now=LATE)
    returned = report_submit(actor=SYSTEM, unit=c, period=PERIOD, now=ON_TIME)
    report_return(actor=SYSTEM, report=returned, reason="Thiếu số liệu phát thanh.")
    report_save(actor=SYSTEM, unit=d, period=PERIOD, sections={"proposals": "Nháp"})  # a draft is still missing

    result = completeness(world.snv, PERIOD)
    rows = {r.unit.pk: r for r in result.rows}
    assert all(u.pk in rows for u in four)
    others = result.expected - 4  # the rest of the province, under the default regime, sent nothing
    assert (result.submitted, result.late, result.returned) == (2, 1, 1)
    assert result.on_time == 1  # a: c was on time when first sent, but a returned report is not sent
    assert result.on_time + result.late == result.submitted
    assert result.missing == 1 + others
    assert result.expected == result.submitted + result.returned + result.missing
    assert result.reporting_rate == round(100 * 2 / result.expected, 1)
    assert result.on_time_rate == round(100 * 1 / result.expected, 1)
    assert rows[d.pk].missing and rows[c.pk].returned and rows[b.pk].late
    data = result.as_json()
    assert data["expected"] == result.expected and data["units"][0]["status"]


def test_consolidation_sums_accepted_reports(world, four):
    a, b, c, _d = four
    record(a, date(2026, 2, 1), quantity=2, reached=100)
    record(b, date(2026, 2, 2), channel="phat_thanh", quantity=5, reached=30)
    record(c, date(2026, 2, 3), quantity=7)
    own = report_state(actor=SYSTEM, unit=world.snv, period=PERIOD).figures["totals"]["count"]
    for unit in (a, b, c):
        report_submit(actor=SYSTEM, unit=unit, period=PERIOD, now=ON_TIME)
    report_accept(actor=SYSTEM, report=report_state(actor=SYSTEM, unit=a, period=PERIOD).report)
    report_accept(actor=SYSTEM, report=report_state(actor=SYSTEM, unit=b, period=PERIOD).report)

    sent = {u.pk: report_state(actor=SYSTEM, unit=u, period=PERIOD).figures["totals"] for u in (a, b, c)}
    state = report_state(actor=SYSTEM, unit=world.snv, period=PERIOD)
    # c is submitted, not accepted: not counted
    assert state.figures["totals"]["count"] == own + sent[a.pk]["count"] + sent[b.pk]["count"]
    assert state.figures["totals"]["reach"] >= sent[a.pk]["reach"] + sent[b.pk]["reach"]
    assert state.figures["by_channel"]["phat_thanh"]["quantity"] >= 5
    annex = {row["unit"]: row for row in state.annex}
    assert annex[a.code]["counted"] and annex[b.code]["counted"] and not annex[c.code]["counted"]
    assert annex[a.code]["reach"] == sent[a.pk]["reach"] >= 100
    names = [offer.name for offer in state.consolidation.texts["channels"]]
    assert a.name in names and b.name in names and c.name not in names


def test_report_reminders_before_and_after_the_deadline(world):
    before = send_report_reminders(today=date(2026, 3, 16), days=7)
    assert before.due_soon > 0 and before.notices > 0
    notice = Notification.objects.filter(user=world.users["editor"], key__contains=":2026Q1:due").get()
    assert "Sắp đến hạn" in notice.title and notice.url.endswith("/2026Q1/")
    assert send_report_reminders(today=date(2026, 3, 16), days=7).notices == 0  # idempotent
    report_submit(actor=SYSTEM, unit=world.commune, period=PERIOD, now=LATE)
    after = send_report_reminders(today=date(2026, 3, 25), days=7)
    assert after.overdue > 0
    assert not Notification.objects.filter(user=world.users["editor"], key__contains="overdue").exists()
    assert Notification.objects.filter(user=world.users["neighbour"], key__contains="2026Q1:overdue").exists()


def test_status_command_json(world, capsys):
    report_submit(actor=SYSTEM, unit=world.commune, period=PERIOD, now=ON_TIME)
    call_command("report", "status", "--unit", world.snv.code, "--period", "2026Q1", "--json")
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["submitted"] == data["sent"] == 1 and data["on_time"] == 1 and data["expected"] > 1
    assert all(isinstance(data[k], int) for k in ("expected", "sent", "on_time"))
    assert next(u for u in data["units"] if u["unit"] == world.commune.code)["status"] == "submitted"


def test_each_reporter_is_held_to_its_own_regimes_deadline(world, four):
    """The four communes' regime says 2 working days after the cut-off (Tuesday 17/03/2026); the rest
    of the province keeps the default 20/03. Reminders follow each unit's own deadline."""
    Regime.objects.filter(name="Bốn xã").update(deadline_rule="workdays", working_days=2)
    result = completeness(world.snv, PERIOD)
    deadlines = {r.unit.pk: r.deadline for r in result.rows}
    assert {deadlines[u.pk] for u in four} == {date(2026, 3, 17)}
    assert deadlines[world.commune.pk] == date(2026, 3, 20)
    assert (result.deadline, result.last_deadline) == (date(2026, 3, 17), date(2026, 3, 20))

    send_report_reminders(today=date(2026, 3, 18), days=7)
    keys = set(Notification.objects.values_list("key", flat=True))
    assert any(k.startswith(f"report:{four[0].pk}:2026Q1:overdue") for k in keys)
    assert f"report:{world.commune.pk}:2026Q1:due" in keys
