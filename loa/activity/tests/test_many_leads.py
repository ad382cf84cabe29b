"""A task led by two units, through several channels and audiences ("Sở Nội vụ; Sở Tư pháp", "báo chí và truyền
hình"): each lead gets it in its cascade and its activity picker, is credited with its own work, is told when the
plan is issued, and the plan's page, DOCX, XLSX and API name both leads from one function."""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from loa.activity.progress import plan_progress, tasks_for_unit
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.cascade import assigned_units, cascade
from loa.plans.document import lead_name, plan_docx, plan_xlsx
from loa.plans.notices import units_given_work
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput

from .conftest import YEAR, issued, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_leads(world: Any) -> dict[str, Any]:
    departments = OrgUnit.objects.filter(parent=world.province, unit_type=UnitType.SO_NGANH, valid_to__isnull=True)
    first, other = departments.order_by("code")[:2]
    press = OrgUnit.objects.filter(parent=world.province, unit_type=UnitType.BAO).get()
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=YEAR,
        title="Kế hoạch có nhiệm vụ hai cơ quan chủ trì",
        tasks=[
            TaskInput(
                title="Chuyên mục CCHC trên báo và truyền hình",
                lead_unit=world.snv.code,
                co_leads=[first.code],
                channel="bao_chi",
                extra_channels=["truyen_hinh"],
                audience="nguoi_dan",
                extra_audiences=["doanh_nghiep"],
                coordinating=[press.code],
                quantity=10,
                measure="tin",
                deadline=date(YEAR, 12, 31),
            )
        ],
    )
    plan = issued(plan, date(YEAR, 1, 10))
    return {"plan": plan, "task": plan.tasks.get(), "first": first, "other": other, "press": press}


def test_each_lead_is_credited_with_its_own_work(world: Any, two_leads: dict[str, Any]) -> None:
    task, first = two_leads["task"], two_leads["first"]
    record(SYSTEM, world.snv, day=date(YEAR, 3, 1), quantity=4, tasks=[task])
    record(SYSTEM, first, day=date(YEAR, 3, 2), quantity=7, tasks=[task])
    rows = {r.unit.pk: r for r in plan_progress(two_leads["plan"], today=date(YEAR, 6, 1)).rows}
    assert set(rows) == {world.snv.pk, first.pk}
    assert (rows[world.snv.pk].achieved, rows[first.pk].achieved) == (Decimal(4), Decimal(7))
    assert rows[first.pk].target == Decimal(10)


def test_both_leads_find_the_task_and_others_do_not(world: Any, two_leads: dict[str, Any]) -> None:
    task = two_leads["task"]
    assert task in tasks_for_unit(two_leads["first"]) and task in tasks_for_unit(world.snv)
    assert task not in tasks_for_unit(two_leads["other"])


def test_the_cascade_and_the_notices_reach_the_co_lead(world: Any, two_leads: dict[str, Any]) -> None:
    plan, first = two_leads["plan"], two_leads["first"]
    assert first in assigned_units(plan) and world.snv in assigned_units(plan)
    assert first in units_given_work(plan) and two_leads["press"] in units_given_work(plan)
    (draft,) = cascade(actor=SYSTEM, plan=plan, targets=[first]).created
    (copy,) = draft.tasks.all()
    assert copy.source_task_id == two_leads["task"].pk and copy.lead_unit == first
    assert copy.channels == ["bao_chi", "truyen_hinh"] and copy.audiences == ["nguoi_dan", "doanh_nghiep"]


def test_page_documents_and_api_name_both_leads_alike(world: Any, two_leads: dict[str, Any]) -> None:
    plan, task, first = two_leads["plan"], two_leads["task"], two_leads["first"]
    written = lead_name(task, plan.issuer)
    assert written == f"{world.snv.name}; {first.name}"

    document = Document(io.BytesIO(plan_docx(plan)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert written in cells and "Báo chí; Truyền hình" in cells

    sheet = load_workbook(io.BytesIO(plan_xlsx(plan))).active
    assert sheet is not None
    row = [c.value for c in sheet[2]]
    assert written in row and "Báo chí; Truyền hình" in row and two_leads["press"].name in row

    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert written in page and two_leads["press"].name in page

    data = client.get(f"/api/plans/{plan.pk}").json()["tasks"][0]
    assert data["co_leads"] == [{"code": first.code, "name": first.name}]
    assert (data["extra_channels"], data["extra_audiences"]) == (["truyen_hinh"], ["doanh_nghiep"])


def test_an_api_patch_clears_the_co_leads_with_null(world: Any, two_leads: dict[str, Any]) -> None:
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=YEAR,
        title="Dự thảo",
        tasks=[TaskInput(title="Tin", lead_unit=world.snv.code, co_leads=[two_leads["first"].code])],
    )
    task = plan.tasks.get()
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.patch(
        f"/api/plans/{plan.pk}/tasks/{task.pk}",
        {"revision": task.revision, "co_leads": None, "extra_channels": ["truyen_hinh"], "channel": "bao_chi"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert task.co_leads == [] and task.channels == ["bao_chi", "truyen_hinh"]
