"""Up to the ministry (issue 19, item 2): the province (UBND tỉnh) reports to the Bộ Nội vụ (Vụ Cải cách hành chính)
from its Sở Nội vụ's consolidated report, with the same workflow and documents; the ministry is a recipient outside
every province whose people see only the reports addressed to it."""

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document

from loa.core.errors import NotFound
from loa.core.periods import require_period
from loa.org.catalog import Role
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.org.services import user_create
from loa.reports.completeness import completeness
from loa.reports.document import report_docx
from loa.reports.regimes import expected_reporters, is_due, ministry
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_save, report_submit

from .conftest import record

PERIOD = require_period("2026Q1")
ON_TIME = datetime(2026, 3, 18, 9, tzinfo=UTC)


@pytest.fixture
def bnv_officer(world):
    return user_create(
        actor=SYSTEM,
        username="bnv.vucchc",
        full_name="Chuyên viên Vụ CCHC",
        unit=ministry(),
        role=Role.COORDINATOR,
        password="Loa-test-2026!",
    )


def test_the_province_reports_to_the_ministry_from_its_sos_consolidated_report(world, bnv_officer):
    bnv = ministry()
    assert bnv is not None and bnv.parent is None
    assert is_due(world.province, PERIOD)
    assert expected_reporters(world.province, PERIOD) == [world.snv]
    provinces = OrgUnit.objects.filter(parent__isnull=True, unit_type="ubnd_tinh", valid_to__isnull=True)
    assert len(expected_reporters(bnv, PERIOD)) == provinces.count() == 34

    record(world.commune, date(2026, 2, 3), quantity=3)
    record(world.other_commune, date(2026, 2, 4), channel="phat_thanh", quantity=8)  # never reported: not counted
    record(world.snv, date(2026, 2, 5), quantity=1)
    report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, sections={"channels": "Đăng 3 tin CCHC."})
    report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=world.commune, period=PERIOD, now=ON_TIME))
    department = OrgUnit.objects.filter(parent=world.province, unit_type="so_nganh").order_by("code").first()
    record(department, date(2026, 2, 6), quantity=2)
    report_save(actor=SYSTEM, unit=department, period=PERIOD, sections={"proposals": "Đề nghị hỗ trợ kinh phí."})
    report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=department, period=PERIOD, now=ON_TIME))
    report_save(actor=SYSTEM, unit=world.snv, period=PERIOD, sections={"proposals": "Đề nghị Bộ tập huấn."})
    snv_report = report_submit(actor=SYSTEM, unit=world.snv, period=PERIOD, now=ON_TIME)
    assert snv_report.recipient == world.province
    report_accept(actor=SYSTEM, report=snv_report)
    snv_sent = report_state(actor=SYSTEM, unit=world.snv, period=PERIOD).figures["totals"]["count"]

    province = report_state(actor=SYSTEM, unit=world.province, period=PERIOD)
    assert province.terms.recipient == bnv
    # The Sở's report already holds the communes' and departments': the province adds only its own (none here).
    assert province.figures["totals"]["count"] == snv_sent == 3
    assert [o.name for o in province.consolidation.texts["proposals"]] == [world.snv.name, department.name]
    assert province.figures["totals"]["count"] == snv_sent  # the department's words are offered, not recounted
    # Who reported is the Sở's account of the province's units, as its accepted report froze it, not "1/1".
    snv_figures = report_state(actor=SYSTEM, unit=world.snv, period=PERIOD).figures
    assert province.figures["reporting"] == snv_figures["reporting"]
    assert province.figures["reporting"]["expected"] > 2 and province.figures["reporting"]["sent"] == 2
    assert province.generated["direction"].startswith(f"Có 2/{snv_figures['reporting']['expected']} đơn vị")

    sent = report_submit(actor=world.users["above"], unit=world.province, period=PERIOD, now=ON_TIME)
    assert sent.recipient == bnv
    state = report_state(actor=bnv_officer, unit=world.province, period=PERIOD)  # addressed to the ministry
    text = [p.text for p in Document(io.BytesIO(report_docx(state))).paragraphs]
    assert [t for t in text if t.startswith("Kính gửi")] == ["Kính gửi: Bộ Nội vụ (Vụ Cải cách hành chính)."]
    report_accept(actor=bnv_officer, report=sent)
    board = completeness(bnv, PERIOD)
    assert (board.expected, board.submitted, board.accepted) == (34, 1, 1)

    # The ministry's people see what is addressed to them, nothing of the province's own business.
    for unit in (world.commune, world.snv):
        with pytest.raises(NotFound):
            report_state(actor=bnv_officer, unit=unit, period=PERIOD)
