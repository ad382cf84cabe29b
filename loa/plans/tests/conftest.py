from datetime import date

import pytest

from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput


@pytest.fixture
def year(province_plan):
    return province_plan.year


@pytest.fixture
def three_tasks(world, year):
    return [
        TaskInput(
            title="Đăng tin về CCHC", lead_unit=world.commune.code, channel="cong_ttdt", quantity="4", measure="tin"
        ),
        TaskInput(title="Phát thanh CCHC", lead_unit=world.commune.code, channel="phat_thanh", frequency="monthly"),
        TaskInput(
            title="Niêm yết TTHC", lead_unit=world.commune.code, deadline=date(year, 6, 30), channel="niem_yet_tthc"
        ),
    ]


@pytest.fixture
def commune_draft(world, year, three_tasks):
    """A draft of the editor's commune for the year of the province's plan, with three tasks and a signer."""
    return plan_create(
        actor=world.users["editor"], issuer=world.commune, year=year, tasks=three_tasks, signer_name="Lê Văn Ký"
    )


def section(commune: OrgUnit, suffix: str) -> OrgUnit:
    return OrgUnit.objects.get(code=f"{commune.code}.{suffix}")


__all__ = ["SYSTEM", "section"]
