"""A document whose issuer no longer exists (a district's plan from before 1 July 2025): the import proposes the unit
that took over and asks; it never files the draft under the uploader's unit without the officer choosing it."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from loa.intake.models import DocumentImport
from loa.org.catalog import UnitType
from loa.org.models import LEGACY_END, OrgUnit
from loa.org.tests.factories import UnitFactory
from loa.plans.models import Plan

DISTRICT_PLAN = Path(__file__).parent / "fixtures" / "docs" / "01-district-plan-2022.txt"  # UBND huyện Ninh Giang
REVIEWED = {"year": "2022", "title": "Tuyên truyền CCHC năm 2022", "symbol": "KH-UBND", "recipients": "Sở Nội vụ"}


def _upload(user, unit) -> tuple[Client, DocumentImport, str]:
    client = Client()
    client.force_login(user)
    file = SimpleUploadedFile(DISTRICT_PLAN.name, DISTRICT_PLAN.read_bytes())
    response = client.post("/plans/import/", {"unit": unit.pk, "file": file})
    assert response.status_code == 302, response.content.decode()[:500]
    record = DocumentImport.objects.get(filename=DISTRICT_PLAN.name, unit=unit)
    return client, record, client.get(response["Location"]).content.decode()


def test_a_districts_plan_asks_whose_draft_it_becomes(world):
    client, record, page = _upload(world.users["leader"], world.commune)
    notice = page.split('data-testid="issuer-check"')[1].split("</div>")[0]
    assert "«UBND huyện Ninh Giang»" in notice and "thôi hoạt động từ ngày 01/07/2025" in notice
    assert 'type="radio" name="unit"' in page and "checked" not in page.split('name="unit"')[1].split(">")[0]
    refused = client.post(f"/plans/import/{record.pk}/", REVIEWED)
    assert refused.status_code == 200 and "Hãy chọn đơn vị nhận dự thảo." in refused.content.decode()
    assert not Plan.objects.filter(imports=record).exists()
    saved = client.post(f"/plans/import/{record.pk}/", REVIEWED | {"unit": world.commune.pk})
    assert saved.status_code == 302
    assert Plan.objects.get(imports=record).issuer == world.commune


def test_the_successor_of_a_legacy_district_is_proposed_and_can_be_chosen(world):
    district = UnitFactory(
        code="L999",
        name="Huyện Ninh Giang",
        unit_type=UnitType.LEGACY_HUYEN,
        parent=world.province,
        valid_to=LEGACY_END,
    )
    OrgUnit.objects.filter(pk=district.pk).update(successor=world.province)  # as `loa units load --legacy` links it
    client, record, page = _upload(world.users["coordinator"], world.snv)
    notice = page.split('data-testid="issuer-check"')[1].split("</div>")[0]
    assert f"Đơn vị kế thừa: {world.province.name}." in notice
    radios = page.split('name="unit"')
    assert len(radios) == 3 and f'value="{world.province.pk}"' in radios[1]  # the successor first, then the chosen
    saved = client.post(f"/plans/import/{record.pk}/", REVIEWED | {"unit": world.province.pk})
    assert saved.status_code == 302
    plan = Plan.objects.get(imports=record)
    assert plan.issuer == world.province and DocumentImport.objects.get(pk=record.pk).unit == world.province


def test_a_unit_out_of_the_officers_reach_cannot_be_slipped_in(world):
    client, record, _page = _upload(world.users["leader"], world.commune)
    sneaked = client.post(f"/plans/import/{record.pk}/", REVIEWED | {"unit": world.province.pk})
    assert sneaked.status_code == 200 and "Hãy chọn đơn vị nhận dự thảo." not in sneaked.content.decode()
    assert "unit" in sneaked.context["form"].errors  # not one of the choices offered
    assert not Plan.objects.filter(imports=record).exists()


def test_the_command_line_names_the_ended_unit(world):
    with pytest.raises(CommandError) as refused:
        call_command("plan", "import", str(DISTRICT_PLAN), "--as", world.users["coordinator"].username)
    assert "«UBND huyện Ninh Giang» đã thôi hoạt động từ ngày 01/07/2025." in str(refused.value)
    assert "--unit" in str(refused.value)
