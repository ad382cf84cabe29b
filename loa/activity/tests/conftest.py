from datetime import date

import pytest

from loa.activity.services import ActivityInput, activity_create
from loa.org.scope import SYSTEM
from loa.plans.models import Plan
from loa.plans.services import IssueInput, next_register_number, plan_create, plan_issue
from loa.plans.tasks_input import TaskInput

YEAR = 2026


def issued(plan: Plan, day: date) -> Plan:
    number = next_register_number(plan.issuer, plan.year)
    return plan_issue(actor=SYSTEM, plan=plan, data=IssueInput(number=number, issued_on=day, signer_name="Người Ký"))


@pytest.fixture
def progress_plan(world):
    """A province plan with three tasks, and the editor's commune's implementing plan copying the first.

    T1: every commune, 4 news items each, due 30/06, area tthc.
    T2: the editor's commune alone, no target, due 31/03, area the_che.
    T3: the neighbouring commune alone, 10 items, due 31/12, area tthc.
    """
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=YEAR,
        title="Kế hoạch thử tiến độ",
        tasks=[
            TaskInput(
                title="Đăng tin CCHC",
                lead_group="all_communes",
                quantity=4,
                measure="tin",
                deadline=date(YEAR, 6, 30),
                reform_area="tthc",
                channel="cong_ttdt",
            ),
            TaskInput(
                title="Niêm yết TTHC",
                lead_unit=world.commune.code,
                deadline=date(YEAR, 3, 31),
                reform_area="the_che",
                channel="niem_yet_tthc",
            ),
            TaskInput(
                title="Phát thanh CCHC",
                lead_unit=world.other_commune.code,
                quantity=10,
                measure="tin",
                deadline=date(YEAR, 12, 31),
                reform_area="tthc",
                channel="phat_thanh",
            ),
        ],
    )
    plan = issued(plan, date(YEAR, 1, 10))
    t1, t2, t3 = plan.tasks.order_by("position")
    child = plan_create(
        actor=SYSTEM,
        issuer=world.commune,
        year=YEAR,
        parent=plan,
        title="Kế hoạch xã thực hiện",
        tasks=[TaskInput(title="Đăng tin CCHC (xã)", lead_unit=world.commune.code, source_task_id=t1.pk, quantity=4)],
    )
    child = issued(child, date(YEAR, 1, 20))
    return plan, (t1, t2, t3), child.tasks.get()


def record(actor, unit, *, day, quantity, tasks, status="confirmed", title="Hoạt động", measure="tin"):
    """An activity counted in "tin", the unit of measure of the fixture's tasks."""
    return activity_create(
        actor=actor,
        unit=unit,
        data=ActivityInput(
            date=day,
            channel="cong_ttdt",
            title=title,
            reform_areas=["tthc"],
            quantity=quantity,
            measure=measure,
            status=status,
            tasks=[t.pk for t in tasks],
        ),
    )
