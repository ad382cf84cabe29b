"""Acts that belong to the unit itself (issue 16, item 5): only the unit's own leader signs and sends its report,
only its own people write its data; leaders above read. The province's leader (UBND tỉnh) is the leader above a
commune; its reach for reading covers the commune, for acting only the UBND tỉnh itself."""

import json
from datetime import date

import pytest
from django.test import Client

from loa.activity.models import Activity
from loa.activity.services import ActivityInput, activity_create, activity_input, activity_update
from loa.core.errors import PermissionDenied
from loa.org.scope import SYSTEM, Perm, can
from loa.plans.services import plan_create, plan_save
from loa.plans.tasks_input import TaskInput
from loa.reports.catalog import ReportStatus
from loa.reports.models import Report
from loa.reports.selectors import report_state
from loa.reports.services import report_request_signature, report_save, report_submit

PERIOD = "2026Q1"


def test_the_leader_above_reads_the_commune_but_does_not_act_for_it(world):
    above = world.users["above"]
    assert above.unit == world.province
    assert can(above, Perm.VIEW, world.commune)
    for perm in (Perm.EDIT, Perm.DRAFT, Perm.APPROVE):
        assert not can(above, perm, world.commune), perm
        assert can(above, perm, world.province), perm
    # A commune and its sections are one administration: the commune's people act for its sections.
    section = world.commune.children.get(code=f"{world.commune.code}.VHXH")
    assert can(world.users["leader"], Perm.APPROVE, section)
    assert can(world.users["editor"], Perm.EDIT, section)
    assert report_state(actor=above, unit=world.commune, period=PERIOD).unit == world.commune  # still reads


def test_only_the_communes_own_leader_sends_its_report(world):
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo của"):
        report_submit(actor=world.users["above"], unit=world.commune, period=PERIOD)
    assert not Report.objects.filter(unit=world.commune, period=PERIOD).exists()
    report = report_submit(actor=world.users["leader"], unit=world.commune, period=PERIOD)
    assert report.status == ReportStatus.SUBMITTED


def test_the_leader_above_gets_a_vietnamese_403_from_the_api_and_the_page(world):
    url = f"/api/reports/{world.commune.code}/{PERIOD}/submit"
    above = Client()
    above.force_login(world.users["above"])
    refused = above.post(url, "{}", content_type="application/json")
    assert refused.status_code == 403
    assert "Chỉ lãnh đạo của" in refused.json()["detail"]
    page = above.post(f"/reports/{world.commune.code}/{PERIOD}/submit/", {"revision": 0})
    assert page.status_code == 403 and "Chỉ lãnh đạo của" in page.content.decode()
    assert not Report.objects.filter(unit=world.commune, period=PERIOD, status=ReportStatus.SUBMITTED).exists()
    own = Client()
    own.force_login(world.users["leader"])
    sent = own.post(url, "{}", content_type="application/json")
    assert sent.status_code == 200 and sent.json()["status"] == ReportStatus.SUBMITTED


def test_the_leader_above_neither_writes_nor_asks_to_sign_the_communes_report(world):
    above = world.users["above"]
    with pytest.raises(PermissionDenied):
        report_save(actor=above, unit=world.commune, period=PERIOD, sections={"proposals": "Sửa hộ"})
    with pytest.raises(PermissionDenied):
        report_request_signature(actor=above, unit=world.commune, period=PERIOD)
    assert not Report.objects.filter(unit=world.commune, period=PERIOD).exists()
    report_save(actor=world.users["editor"], unit=world.commune, period=PERIOD, sections={"proposals": "Đề xuất"})


def test_the_leader_above_does_not_enter_or_change_the_communes_activities(world):
    above = world.users["above"]
    entered = ActivityInput(date=date(2026, 3, 19), channel="phat_thanh", title="Phát thanh CCHC")
    activity = activity_create(actor=world.users["editor"], unit=world.commune, data=entered)
    data = activity_input(activity)
    data.title = "Sửa hộ xã"
    with pytest.raises(PermissionDenied):
        activity_update(actor=above, activity=activity, data=data)
    fresh = ActivityInput(date=date(2026, 3, 20), channel="cong_ttdt", title="Tin nhập hộ")
    with pytest.raises(PermissionDenied):
        activity_create(actor=above, unit=world.commune, data=fresh)
    assert Activity.objects.get(pk=activity.pk).title != "Sửa hộ xã"
    client = Client()
    client.force_login(above)
    api = client.patch(f"/api/activities/{activity.pk}", json.dumps({"title": "Sửa hộ"}), "application/json")
    assert api.status_code in (403, 404)
    section = world.commune.children.get(code=f"{world.commune.code}.VHXH")
    assert activity_create(actor=world.users["editor"], unit=section, data=fresh).unit == section


def test_the_leader_above_does_not_draft_the_communes_plan(world):
    year = 2026
    task = TaskInput(title="Tin", lead_unit=world.commune.code)
    draft = plan_create(actor=SYSTEM, issuer=world.commune, year=year, tasks=[task])
    with pytest.raises(PermissionDenied):
        plan_save(actor=world.users["above"], plan=draft, fields={"signer_name": "Người khác"})
    with pytest.raises(PermissionDenied):
        plan_create(actor=world.users["above"], issuer=world.commune, year=year, tasks=[task])
    plan_save(actor=world.users["editor"], plan=draft, fields={"signer_name": "Người ký"})
