"""A plan objective computed on the channel registry ("100% xã có chuyên mục CCHC trên trang TTĐT"): the same
figure on the plan page, the dashboard, the API and `loa plan show`, live as the registry changes."""

import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from loa.channels.services import ChannelInput, channel_create
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.content import clean_sections
from loa.plans.services import plan_create
from loa.plans.tasks_input import TaskInput
from loa.plans.tests.factories import issue

OBJECTIVE = {"metric": "", "target": "100", "unit": "", "scope": "", "measure": "xa_portal_cchc"}


@pytest.fixture
def measured_plan(world):
    """The province's issued plan with one objective on the registry and one typed by hand."""
    typed = {"metric": "Tổ chức hội nghị đối thoại", "target": "2", "unit": "cuộc", "scope": "toàn tỉnh"}
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=timezone.localdate().year,
        sections={"objectives": [OBJECTIVE, typed]},
        tasks=[TaskInput(title="Đăng tin CCHC", lead_unit=world.snv.code)],
    )
    return issue(plan, 9, min(date(plan.year, 1, 20), timezone.localdate()))


def _communes(province):
    return list(OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa", valid_to__isnull=True).order_by("code"))


def test_picking_a_measure_names_the_objective_and_a_bad_one_is_refused(world):
    cleaned = clean_sections({"objectives": [OBJECTIVE]})["objectives"]
    assert cleaned == [
        {
            "metric": "Xã, phường có chuyên mục CCHC trên Cổng/Trang TTĐT",
            "target": "100",
            "unit": "%",
            "scope": "",
            "measure": "xa_portal_cchc",
        }
    ]
    with pytest.raises(Exception, match="«đoán» không có trong danh mục"):
        clean_sections({"objectives": [{**OBJECTIVE, "measure": "đoán"}]})


def test_the_objective_shows_the_same_live_figure_everywhere(world, measured_plan, capsys):
    communes = _communes(world.province)
    total = len(communes)
    for commune in communes[:3]:
        channel_create(actor=SYSTEM, unit=commune, data=ChannelInput(kind="web_portal", cchc="https://xa/cchc"))
    channel_create(actor=SYSTEM, unit=communes[3], data=ChannelInput(kind="web_portal", address="https://xa"))
    expected = f"3/{total} xã"

    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get(f"/plans/{measured_plan.pk}/").content.decode()
    shown = re.search(r'data-testid="measure-xa_portal_cchc">([^<]*)<', page)
    assert shown is not None and expected in shown.group(1)

    dashboard = client.get(f"/dashboard/?unit={world.province.code}").content.decode()
    row = re.search(r'<tr data-measure="xa_portal_cchc">(.*?)</tr>', dashboard, re.S)
    assert row is not None and expected in row.group(1) and "100%" in row.group(1)
    assert "Tổ chức hội nghị đối thoại" not in row.group(0)  # typed objectives are not measured

    api = client.get(f"/api/plans/{measured_plan.pk}").json()["measured"]["xa_portal_cchc"]
    assert api["text"] == expected and (api["done"], api["total"]) == (3, total)
    call_command("plan", "show", str(measured_plan.pk))
    assert json.loads(capsys.readouterr().out)["measured"]["xa_portal_cchc"]["text"] == expected

    # Live: one more commune opens its column, every place says so at once (the dashboard's cache included).
    channel_create(actor=SYSTEM, unit=communes[4], data=ChannelInput(kind="web_portal", cchc="https://x/cchc"))
    assert f"4/{total} xã" in client.get(f"/dashboard/?unit={world.province.code}").content.decode()
    assert f"4/{total} xã" in client.get(f"/plans/{measured_plan.pk}/").content.decode()


def test_a_departments_plan_counts_its_province(world):
    plan = plan_create(
        actor=SYSTEM,
        issuer=world.snv,
        year=timezone.localdate().year,
        sections={"objectives": [OBJECTIVE]},
        tasks=[TaskInput(title="Đăng tin", lead_unit=world.snv.code)],
    )
    from loa.plans.selectors import objective_measures

    value = objective_measures(plan)["xa_portal_cchc"]
    assert value.total == len(_communes(world.province))
