"""Departments (sở, ban, ngành) scored on their own built-in table (issue 19, item 4): their own plan, its completion,
diversity that reads the channel registry beside the activities, and criteria that do not apply rescaling the total.

Hand-computed for the department D of Hà Tĩnh (table maximum 3):
  1.1 its plan issued                                         0.5
  1.2 2 of its 2 tasks done                                   1
  1.3 online activity with evidence 0.25, no traditional 0,
      CCHC column on its portal in the registry 0.5           0.75
  1.4 cooperation with the press (yes/no, scored by hand)     —
  computed total 2.25; with 1.4 not applicable the applicable maximum is 2.5 and the final 2.25 × 3 / 2.5 = 2.7.
"""

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

from loa.activity.services import ActivityInput, activity_create
from loa.channels.services import ChannelInput, channel_create
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.services import IssueInput, next_register_number, plan_create, plan_issue
from loa.plans.tasks_input import TaskInput
from loa.scoring import selectors, services
from loa.scoring.tests.test_scoring import with_evidence


@pytest.fixture
def department(world):
    year = timezone.localdate().year
    unit = OrgUnit.objects.filter(parent=world.province, unit_type="so_nganh").order_by("code").first()
    assert unit is not None
    plan = plan_create(
        actor=SYSTEM,
        issuer=unit,
        year=year,
        tasks=[TaskInput(title=f"Nhiệm vụ {i}", lead_unit=unit.code, deadline=date(year, 12, 31)) for i in (1, 2)],
    )
    day = min(date(year, 1, 10), timezone.localdate())
    plan_issue(
        actor=SYSTEM,
        plan=plan,
        data=IssueInput(number=next_register_number(unit, year), issued_on=day, signer_name="A"),
    )
    for task in plan.tasks.all():
        done = activity_create(
            actor=SYSTEM,
            unit=unit,
            data=ActivityInput(date=day, channel="cong_ttdt", title=f"Tin {task.title}", tasks=[task.pk]),
        )
        with_evidence(done)
    channel_create(actor=SYSTEM, unit=unit, data=ChannelInput(kind="web_portal", cchc="https://so.gov.vn/cchc"))
    return unit


def test_a_department_scores_on_its_own_table(world, department):
    score = selectors.unit_score(actor=SYSTEM, unit=department, year=timezone.localdate().year)
    assert score.rule_set.name == services.DEPARTMENT_NAME and score.rule_set.issuer is None
    points = {p.criterion.code: p for p in score.points}
    assert points["1.1"].computed == Decimal("0.5") and "Đã ban hành Kế hoạch số" in points["1.1"].basis
    assert points["1.2"].computed == Decimal("1")
    assert points["1.3"].computed == Decimal("0.75")
    assert (
        "Chuyên mục CCHC trên Cổng/Trang thông tin điện tử của cơ quan: có trong sổ kênh (0,5)" in points["1.3"].basis
    )
    assert points["1.4"].computed is None
    assert (score.maximum, score.computed, score.final) == (Decimal(3), Decimal("2.25"), Decimal("2.25"))


def test_a_department_without_plan_or_column_is_told_why(world):
    unit = OrgUnit.objects.filter(parent=world.province, unit_type="so_nganh").order_by("-code").first()
    score = selectors.unit_score(actor=SYSTEM, unit=unit, year=timezone.localdate().year)
    points = {p.criterion.code: p for p in score.points}
    assert points["1.1"].computed == 0 and "Chưa ban hành kế hoạch" in points["1.1"].basis
    assert "chưa có trong sổ kênh (0)" in points["1.3"].basis


def test_not_applicable_criteria_rescale_the_total(world, department):
    year = timezone.localdate().year
    score = selectors.unit_score(actor=SYSTEM, unit=department, year=year)
    services.appraise(actor=world.users["coordinator"], score=score, values={}, na={"1.4"})
    score = selectors.unit_score(actor=SYSTEM, unit=department, year=year)
    assert (score.applicable, score.rescaled) == (Decimal("2.5"), True)
    assert score.appraised_total == Decimal("2.25")  # nothing typed: the unit's own, else Loa's, per criterion
    assert score.final == Decimal("2.70") and score.percent == Decimal("90.00")

    client = Client()
    client.force_login(world.users["coordinator"])
    url = f"/api/scores/{department.code}/{year}/appraisal"
    body: dict[str, Any] = {"revision": score.assessment.revision, "criteria": {"1.4": {"score": "0,5"}}}
    body["not_applicable"] = []
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["applicable"] == "3.00" and data["final"] == "2.75"  # 1.4 applies again and scores its 0.5
    assert not next(c for c in data["criteria"] if c["code"] == "1.4")["not_applicable"]
    wrong = client.put(url, {"criteria": {}, "not_applicable": ["9.9"]}, content_type="application/json")
    assert wrong.status_code == 400 and "9.9" in wrong.json()["detail"]


def test_departments_are_ranked_apart_from_communes(world, department):
    year = timezone.localdate().year
    rows = selectors.ranking(actor=world.users["coordinator"], province=world.province, year=year, unit_type="so_nganh")
    departments = OrgUnit.objects.filter(parent=world.province, unit_type="so_nganh", valid_to__isnull=True)
    assert len(rows) == departments.count() and rows[0].score.unit == department and rows[0].rank == 1
    assert {r.rank for r in rows[1:]} == {2}  # the others tie at 0 and share the rank

    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(f"/scores/?unit={world.province.code}&type=so_nganh&year={year}")
    assert page.status_code == 200 and department.name in page.content.decode()
    assert 'value="so_nganh" selected' in page.content.decode()
    docx = client.get(f"/scores/?unit={world.province.code}&type=so_nganh&year={year}&format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "năm " + str(year) + " của các sở, ban, ngành" in text
    api = client.get(f"/api/rankings/{world.province.code}/{year}?unit_type=so_nganh").json()
    assert [r["unit"] for r in api] == [r.score.unit.code for r in rows]
