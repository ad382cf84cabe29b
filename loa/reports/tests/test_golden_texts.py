"""Golden texts (issue 19, item 5): the draft of every narrative section, for a commune, a department and the Sở Nội
vụ's consolidated report, compared word for word with texts a CCHC officer read and would sign.

The scenario is fixed (year 2026, the second quarter, activities on fixed days), so the texts change only when the
writing changes. When a change is meant, `LOA_UPDATE_GOLDEN=1 pytest loa/reports/tests/test_golden_texts.py`
rewrites the files; read the diff as the officer would before committing it.
"""

import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from loa.activity.services import ActivityInput, activity_create
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.models import Plan, PlanTask
from loa.plans.services import IssueInput, plan_create, plan_issue
from loa.plans.tasks_input import TaskInput
from loa.plans.tests.factories import issued_commune_plan, issued_province_plan
from loa.reports.catalog import SECTION_KEYS
from loa.reports.narrative import heading
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_submit

YEAR = 2026
PERIOD = "2026Q2"
SENT = datetime(2026, 6, 18, 9, tzinfo=UTC)  # after the 14 June cut-off, before the 20 June deadline
GOLDEN = Path(__file__).parent / "golden"


def _task(plan: Plan, title: str) -> PlanTask:
    return plan.tasks.get(title=title)


def _record(unit: OrgUnit, day: date, channel: str, title: str, **fields: object) -> None:
    activity_create(actor=SYSTEM, unit=unit, data=ActivityInput(date=day, channel=channel, title=title, **fields))


@pytest.fixture
def scenario(world):
    """The province's plan and the commune's; a department with a plan of its own; activities of the quarter."""
    province_plan = issued_province_plan(world.province, year=YEAR)
    commune_plan = issued_commune_plan(province_plan, world.commune)
    news = _task(commune_plan, "Đăng tin CCHC trên trang của xã")
    radio = _task(commune_plan, "Phát thanh CCHC trên loa xã")
    _record(
        world.commune,
        date(2026, 4, 8),
        "cong_ttdt",
        "Tin về dịch vụ công trực tuyến",
        quantity=3,
        measure="tin/bài",
        reached=850,
        tasks=[news.pk],
    )
    _record(
        world.commune,
        date(2026, 5, 12),
        "phat_thanh",
        "Phát thanh về thủ tục đất đai",
        quantity=10,
        measure="lượt",
        tasks=[radio.pk],
    )
    _record(
        world.commune,
        date(2026, 6, 3),
        "hoi_nghi",
        "Hội nghị đối thoại với Nhân dân về CCHC",
        participants=120,
        reform_areas=["tthc"],
    )
    _record(
        world.commune,
        date(2026, 6, 10),
        "mang_xa_hoi",
        "Bài trên Zalo OA của xã về Cổng dịch vụ công",
        quantity=5,
        measure="bài",
        reached=2300,
    )

    department = OrgUnit.objects.filter(parent=world.province, unit_type="so_nganh").order_by("code").first()
    assert department is not None
    own = plan_create(
        actor=SYSTEM,
        issuer=department,
        year=YEAR,
        tasks=[
            TaskInput(
                title="Tin, bài về CCHC của ngành trên trang của Sở",
                lead_unit=department.code,
                channel="cong_ttdt",
                quantity=Decimal(12),
                measure="tin/bài",
                deadline=date(2026, 12, 31),
            ),
            TaskInput(
                title="Tập huấn kỹ năng tuyên truyền CCHC",
                lead_unit=department.code,
                channel="tap_huan",
                deadline=date(2026, 5, 31),
            ),
        ],
    )
    own = plan_issue(
        actor=SYSTEM, plan=own, data=IssueInput(number=5, issued_on=date(2026, 1, 15), signer_name="Trần Văn Sở")
    )
    web = _task(own, "Tin, bài về CCHC của ngành trên trang của Sở")
    _record(
        department,
        date(2026, 4, 20),
        "cong_ttdt",
        "Tin cải cách thủ tục của ngành",
        quantity=4,
        measure="tin/bài",
        tasks=[web.pk],
    )
    _record(
        department,
        date(2026, 6, 1),
        "bao_chi",
        "Bài trên báo tỉnh về chuyển đổi số của ngành",
        quantity=1,
        measure="bài",
    )

    for unit in (world.commune, department):
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period=PERIOD, now=SENT))
    return {"commune": world.commune, "department": department, "so": world.snv}


def _text(unit: OrgUnit) -> str:
    state = report_state(actor=SYSTEM, unit=unit, period=PERIOD)
    lines: list[str] = []
    for key in SECTION_KEYS:
        section, clause = heading(key, state.period)
        lines.append(f"## {section}" + (f" / {clause}" if clause else ""))
        lines.append(state.generated[key])
        lines.append("")
    return "\n".join(lines)


@pytest.mark.parametrize("who", ["commune", "department", "so"])
def test_every_section_reads_as_the_golden_text(scenario, who):
    text = _text(scenario[who])
    path = GOLDEN / f"{who}-2026Q2.txt"
    if os.environ.get("LOA_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
