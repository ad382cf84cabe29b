"""Periodic reports: a commune's draft from the activity log, and a recipient consolidating the
accepted reports of 100 communes (issue 5 asks under 1 s), with the plain-SQL floor beside it.

Set-up is idempotent: a benchmark recipient with a regime of 100 communes, each with an accepted
report for 2025Q4 (made through the real services, so the snapshots are real).
"""

import json

from django.db import connection
from django.db.models import Count

from loa.activity.models import Activity
from loa.core.periods import require_period
from loa.documents.pdf import docx_to_pdf, pdf_available
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.org.services import unit_create
from loa.org.tree import subtree_q
from loa.reports.document import report_docx
from loa.reports.models import Regime, Report
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_submit

from .common import Timing, ensure_activities, measure

PERIOD = require_period("2025Q4")
REPORTERS = 100


def _recipient() -> OrgUnit:
    recipient = OrgUnit.objects.filter(code="42.BENCH").first()
    if recipient is None:
        province = OrgUnit.objects.get(code="42")
        recipient = unit_create(
            actor=SYSTEM, code="42.BENCH", name="Đơn vị nhận báo cáo (benchmark)", unit_type="khac", parent=province
        )
    return recipient


def _setup() -> tuple[OrgUnit, list[OrgUnit]]:
    recipient = _recipient()
    communes = list(OrgUnit.objects.filter(unit_type="ubnd_xa", valid_to__isnull=True).order_by("code")[:REPORTERS])
    if not Regime.objects.filter(recipient=recipient).exists():
        Regime.objects.create(name="Benchmark", recipient=recipient, reporter_codes=[c.code for c in communes])
    done = set(Report.objects.filter(period=PERIOD.id, status="accepted").values_list("unit_id", flat=True))
    for commune in communes:
        if commune.pk not in done:
            Report.objects.filter(unit=commune, period=PERIOD.id).delete()
            report = report_submit(actor=SYSTEM, unit=commune, period=PERIOD)
            report_accept(actor=SYSTEM, report=report)
    return recipient, communes


def _floor(recipient: OrgUnit) -> int:
    """The same totals straight from the accepted snapshots: one SQL query, JSON summed by hand."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.snapshot FROM reports_reportversion v JOIN reports_report r ON r.id = v.report_id "
            "WHERE r.recipient_id = %s AND r.period = %s AND r.status = 'accepted' AND v.number = r.version",
            [recipient.pk, PERIOD.id],
        )
        rows = cursor.fetchall()
    total = 0
    for (snapshot,) in rows:
        data = json.loads(snapshot) if isinstance(snapshot, str) else snapshot
        total += data["figures"]["totals"]["count"]
    return total


def run(*, repeat: int, activities: int) -> list[Timing]:
    ensure_activities(activities)
    recipient, communes = _setup()
    busiest = max(communes, key=lambda c: Activity.objects.filter(unit=c).count())
    state = report_state(actor=SYSTEM, unit=recipient, period=PERIOD)
    assert state.consolidation is not None and state.consolidation.accepted == len(communes)
    assert state.figures["totals"]["count"] == _floor(recipient), "consolidation and floor disagree"
    print(f"  {len(communes)} báo cáo đã tiếp nhận, {state.figures['totals']['count']} hoạt động tổng hợp")
    results = []
    p50, p95 = measure(lambda: report_state(actor=SYSTEM, unit=recipient, period=PERIOD), repeat)
    floor, _ = measure(lambda: _floor(recipient), repeat)
    results.append(Timing(f"tổng hợp {len(communes)} báo cáo xã", p50, p95, floor))
    draft = require_period("2026Q1")
    p50, p95 = measure(lambda: report_state(actor=SYSTEM, unit=busiest, period=draft), repeat)
    count_floor, _ = measure(
        lambda: list(
            Activity.objects.filter(subtree_q(busiest, field="unit_path"), date__range=(draft.start, draft.end))
            .values("channel")
            .order_by()
            .annotate(n=Count("pk"))
        ),
        repeat,
    )
    results.append(Timing("bản nháp báo cáo quý của một xã", p50, p95, count_floor))
    p50, p95 = measure(
        lambda: report_docx(report_state(actor=SYSTEM, unit=recipient, period=PERIOD)), max(3, repeat // 5)
    )
    results.append(Timing(f"DOCX báo cáo tổng hợp {len(communes)} xã", p50, p95))
    if pdf_available():  # the warm LibreOffice, the PDF cache bypassed: each round converts
        docx = report_docx(state)
        p50, p95 = measure(lambda: docx_to_pdf(docx, cached=False), max(5, repeat // 3))
        results.append(Timing(f"PDF báo cáo tổng hợp {len(communes)} xã (chuyển từ DOCX)", p50, p95))
    return results
