"""Cascade from the province's issued plan (`factories.province_plan`) down to its communes."""

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
from .factories import PROVINCE_TASKS


def test_assigned_units_expand_groups_and_named_leads(province_plan, world):
    units = assigned_units(province_plan)
    codes = {u.code for u in units}
    communes = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True)
    assert set(communes.values_list("code", flat=True)) <= codes  # "UBND các xã, phường" tasks
    named = {f"{world.province.code}.{row.lead}" for row in PROVINCE_TASKS if not row.lead.startswith("all_")}
    assert named == {"42.SNV", "42.CTTDT", "42.DPTTH"} and named <= codes
    departments = OrgUnit.objects.filter(
        parent=world.province, unit_type__in=["so_nganh", "so_noi_vu", "van_phong_ubnd"]
    )
    assert set(departments.values_list("code", flat=True)) <= codes  # the "all departments" task
    assert "42.BAO" not in codes  # the newspaper leads no task of this plan
    assert world.province.code not in codes and world.foreign_commune.code not in codes


def test_cascade_to_one_commune_cites_inherits_and_maps_leads(province_plan, world):
    commune = (
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa")
        .exclude(plans__parent=province_plan)
        .order_by("code")
        .first()
    )
    assert commune is not None
    result = cascade(actor=world.users["coordinator"], plan=province_plan, targets=[commune])
    (child,) = result.created
    assert child.issuer == commune and child.parent == province_plan and child.status == PlanStatus.DRAFT
    assert child.number is None and child.year == province_plan.year
    implements = child.bases[-1]
    assert implements["kind"] == "implements" and implements["plan_id"] == province_plan.pk
    line = bases_lines(child)[-1]
    assert line.startswith(f"Thực hiện Kế hoạch số 07/KH-UBND ngày {province_plan.issued_on.day}/")
    assert "của UBND tỉnh Hà Tĩnh" in line
    word = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}[commune.division_type]
    assert [c["text"] for c in child.contents] == [
        c["text"].replace("của tỉnh", f"của {word}")
        for c in province_plan.contents  # the commune speaks as itself
    ]
    assert child.objectives == province_plan.objectives
    tasks = list(child.tasks.select_related("lead_unit", "source_task"))
    group_tasks = province_plan.tasks.filter(lead_group="all_communes")
    assert len(tasks) == group_tasks.count() == sum(row.lead == "all_communes" for row in PROVINCE_TASKS) == 4
    by_title = {t.title: t for t in tasks}
    assert by_title["Phát thanh CCHC trên loa xã"].lead_unit == section(commune, "VHXH")
    assert by_title["Đăng tin CCHC trên trang của xã"].lead_unit == section(commune, "VP")
    niem_yet = by_title["Niêm yết thủ tục hành chính"]
    assert niem_yet.lead_unit == section(commune, "PVHCC") and niem_yet.quantity == 300
    assert {t.source_task.plan_id for t in tasks} == {province_plan.pk}
    assert {r["unit"] for r in child.responsibilities} == {t.lead_unit.code for t in tasks}
    assert Plan.history.filter(id=child.pk, history_user=world.users["coordinator"]).exists()


def test_cascade_all_is_idempotent_and_reports_status(province_plan, world):
    before = Plan.objects.filter(parent=province_plan).count()
    result = cascade(actor=SYSTEM, plan=province_plan)
    expected = len(assigned_units(province_plan))
    assert len(result.created) + len(result.skipped) == expected
    assert before == 0 and result.skipped == []
    again = cascade(actor=SYSTEM, plan=province_plan)
    assert again.created == [] and len(again.skipped) == expected
    status = cascade_status(province_plan)
    assert len(status) == expected and all(child is not None for _unit, child in status)
    assert all(c.status == PlanStatus.DRAFT for _u, c in status)
    communes = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True).count()
    copied = PlanTask.objects.filter(plan__parent=province_plan, source_task__plan=province_plan).count()
    # four tasks for each commune; one for each department or named lead, and the Sở Nội vụ is both
    assert copied == 4 * communes + (expected - communes) + 1


def test_cascade_outside_the_issuers_subtree_is_refused(province_plan, world):
    count = Plan.objects.count()
    with pytest.raises(DomainError, match="không trực thuộc Tỉnh Hà Tĩnh"):
        cascade(actor=SYSTEM, plan=province_plan, targets=[world.foreign_commune])
    with pytest.raises(DomainError, match="không trực thuộc"):
        cascade(actor=SYSTEM, plan=province_plan, targets=[world.province])
    assert Plan.objects.count() == count


def test_cascade_needs_drafting_reach_on_every_target(province_plan, world):
    with pytest.raises(DomainError, match="không có quyền soạn kế hoạch cho Phường Trần Phú"):
        cascade(actor=world.users["editor"], plan=province_plan, targets=[world.other_commune])


def test_cascade_from_a_draft_is_refused(world):
    draft = plan_create(actor=world.users["coordinator"], issuer=world.province, year=2026)
    with pytest.raises(DomainError, match="đã ban hành"):
        cascade(actor=SYSTEM, plan=draft, targets=[world.commune])


def test_duplicate_targets_give_one_plan_each(province_plan, world):
    commune = (
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa").exclude(plans__parent=province_plan).first()
    )
    assert commune is not None
    result = cascade(actor=SYSTEM, plan=province_plan, targets=[commune, commune, commune])
    assert len(result.created) == 1 and Plan.objects.filter(parent=province_plan, issuer=commune).count() == 1


def test_cascade_is_refused_while_an_amendment_is_drafted(province_plan, world):
    from loa.plans.services import plan_amend

    plan_amend(actor=world.users["coordinator"], plan=province_plan)
    province_plan.refresh_from_db()
    with pytest.raises(DomainError, match="bản điều chỉnh chưa ban hành"):
        cascade(actor=SYSTEM, plan=province_plan, targets=[world.commune])
