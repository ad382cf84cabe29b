"""Cascade from the demo province's issued plan down to its communes."""

import pytest

from loa.core.errors import DomainError
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.cascade import assigned_units, cascade, cascade_status
from loa.plans.catalog import PlanStatus
from loa.plans.document import bases_lines
from loa.plans.models import Plan, PlanTask
from loa.plans.services import plan_create

from .conftest import section


def test_assigned_units_expand_groups_and_named_leads(demo_plan, world):
    units = assigned_units(demo_plan)
    codes = {u.code for u in units}
    communes = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True)
    assert set(communes.values_list("code", flat=True)) <= codes  # "UBND các xã, phường" tasks
    assert {"42.SNV", "42.STP", "42.CTTDT", "42.DPTTH", "42.BAO", "42.STC"} <= codes
    assert world.province.code not in codes and world.foreign_commune.code not in codes


def test_cascade_to_one_commune_cites_inherits_and_maps_leads(demo_plan, world):
    commune = (
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa")
        .exclude(plans__parent=demo_plan)
        .order_by("code")
        .first()
    )
    assert commune is not None
    result = cascade(actor=world.users["coordinator"], plan=demo_plan, targets=[commune])
    (child,) = result.created
    assert child.issuer == commune and child.parent == demo_plan and child.status == PlanStatus.DRAFT
    assert child.number is None and child.year == demo_plan.year
    implements = child.bases[-1]
    assert implements["kind"] == "implements" and implements["plan_id"] == demo_plan.pk
    line = bases_lines(child)[-1]
    assert line.startswith(f"Thực hiện Kế hoạch số 18/KH-UBND ngày {demo_plan.issued_on.day}/")
    assert "của UBND tỉnh Hà Tĩnh" in line
    assert child.contents == demo_plan.contents and child.objectives == demo_plan.objectives
    tasks = list(child.tasks.select_related("lead_unit", "source_task"))
    group_tasks = demo_plan.tasks.filter(lead_group="all_communes")
    assert len(tasks) == group_tasks.count() == 5
    by_title = {t.title: t for t in tasks}
    assert by_title["Phát thanh nội dung cải cách hành chính trên hệ thống truyền thanh cơ sở"].lead_unit == section(
        commune, "VHXH"
    )
    assert by_title[
        "Duy trì chuyên mục cải cách hành chính trên trang thông tin điện tử của xã, phường"
    ].lead_unit == section(commune, "VP")
    niem_yet = by_title["Niêm yết công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công xã, phường"]
    assert niem_yet.lead_unit == section(commune, "PVHCC") and niem_yet.quantity == 300
    assert {t.source_task.plan_id for t in tasks} == {demo_plan.pk}
    assert {r["unit"] for r in child.responsibilities} == {t.lead_unit.code for t in tasks}
    assert Plan.history.filter(id=child.pk, history_user=world.users["coordinator"]).exists()


def test_cascade_all_is_idempotent_and_reports_status(demo_plan, world):
    before = Plan.objects.filter(parent=demo_plan).count()
    result = cascade(actor=SYSTEM, plan=demo_plan)
    expected = len(assigned_units(demo_plan))
    assert len(result.created) + len(result.skipped) == expected
    assert len(result.skipped) == before  # the demo's six communes already had theirs
    again = cascade(actor=SYSTEM, plan=demo_plan)
    assert again.created == [] and len(again.skipped) == expected
    status = cascade_status(demo_plan)
    assert len(status) == expected and all(child is not None for _unit, child in status)
    issued = [c for _u, c in status if c.status == PlanStatus.ISSUED]
    assert len(issued) == 3
    assert PlanTask.objects.filter(plan__parent=demo_plan, source_task__plan=demo_plan).count() >= 5 * 69


def test_cascade_outside_the_issuers_subtree_is_refused(demo_plan, world):
    count = Plan.objects.count()
    with pytest.raises(DomainError, match="không trực thuộc Tỉnh Hà Tĩnh"):
        cascade(actor=SYSTEM, plan=demo_plan, targets=[world.foreign_commune])
    with pytest.raises(DomainError, match="không trực thuộc"):
        cascade(actor=SYSTEM, plan=demo_plan, targets=[world.province])
    assert Plan.objects.count() == count


def test_cascade_needs_drafting_reach_on_every_target(demo_plan, world):
    with pytest.raises(DomainError, match="không có quyền soạn kế hoạch cho Phường Trần Phú"):
        cascade(actor=world.users["editor"], plan=demo_plan, targets=[world.other_commune])


def test_cascade_from_a_draft_is_refused(world):
    draft = plan_create(actor=world.users["coordinator"], issuer=world.province, year=2026)
    with pytest.raises(DomainError, match="đã ban hành"):
        cascade(actor=SYSTEM, plan=draft, targets=[world.commune])


def test_duplicate_targets_give_one_plan_each(demo_plan, world):
    commune = (
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa").exclude(plans__parent=demo_plan).first()
    )
    assert commune is not None
    result = cascade(actor=SYSTEM, plan=demo_plan, targets=[commune, commune, commune])
    assert len(result.created) == 1 and Plan.objects.filter(parent=demo_plan, issuer=commune).count() == 1


def test_cascade_is_refused_while_an_amendment_is_drafted(demo_plan, world):
    from loa.plans.services import plan_amend

    plan_amend(actor=world.users["coordinator"], plan=demo_plan)
    demo_plan.refresh_from_db()
    with pytest.raises(DomainError, match="bản điều chỉnh chưa ban hành"):
        cascade(actor=SYSTEM, plan=demo_plan, targets=[world.commune])
