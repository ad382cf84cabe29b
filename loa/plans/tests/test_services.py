"""Plan lifecycle against the real demo province: defaults, validation, issue and numbering, amendments."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from loa.core.errors import DomainError, PermissionDenied
from loa.org.scope import SYSTEM
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan, PlanTask, PlanVersion, RegisterEntry
from loa.plans.services import (
    IssueInput,
    next_register_number,
    plan_amend,
    plan_amend_discard,
    plan_close,
    plan_create,
    plan_delete_draft,
    plan_issue,
    plan_save,
)
from loa.plans.tasks_input import TaskInput
from loa.plans.versions import diff, snapshot


def issue(plan, actor, number=None, day=None, signer="Lê Văn Ký"):
    day = day or date(plan.year, 2, 10)
    return plan_issue(actor=actor, plan=plan, data=IssueInput(number=number, issued_on=day, signer_name=signer))


def test_new_draft_gets_the_issuers_defaults(world, year):
    plan = plan_create(actor=world.users["editor"], issuer=world.commune, year=year)
    assert plan.status == PlanStatus.DRAFT and plan.number is None and plan.version == 0
    assert plan.symbol == "KH-UBND"
    assert plan.place == "Thành Sen"
    assert plan.title == f"Thông tin, tuyên truyền cải cách hành chính năm {year} trên địa bàn phường Thành Sen"
    assert plan.sign_on_behalf == "ỦY BAN NHÂN DÂN" and plan.sign_for_title == "CHỦ TỊCH"
    assert plan.recipients[-1] == "Lưu: VT"
    assert plan.history.count() == 1 and plan.history.first().history_user == world.users["editor"]


def test_department_draft_uses_its_own_symbol(world, year):
    plan = plan_create(actor=world.users["coordinator"], issuer=world.snv, year=year)
    assert plan.symbol == "KH-SNV" and plan.place == "Hà Tĩnh" and plan.sign_for_title == "GIÁM ĐỐC"


def test_viewer_and_other_commune_cannot_draft(world, year):
    for persona in ("viewer", "neighbour", "foreign"):
        with pytest.raises(PermissionDenied):
            plan_create(actor=world.users[persona], issuer=world.commune, year=year)
    assert not Plan.objects.filter(issuer=world.commune, created_by__username="xa1.xem").exists()


def test_task_without_lead_or_outside_year_is_refused_and_nothing_changes(commune_draft, year):
    before = list(commune_draft.tasks.values_list("title", flat=True))
    rows = [TaskInput.from_task(t) for t in commune_draft.tasks.all()]
    rows.append(TaskInput(title="Không có chủ trì"))
    rows.append(TaskInput(title="Quá hạn", lead_unit=commune_draft.issuer.code, deadline=date(year + 1, 1, 5)))
    with pytest.raises(DomainError) as caught:
        plan_save(actor=SYSTEM, plan=commune_draft, tasks=rows, fields={"title": "Tên mới"})
    message = caught.value.message
    assert "Nhiệm vụ 4: chưa chọn cơ quan chủ trì." in message
    assert f"Nhiệm vụ 5: thời hạn 05/01/{year + 1} nằm ngoài năm {year} của kế hoạch." in message
    commune_draft.refresh_from_db()
    assert list(commune_draft.tasks.values_list("title", flat=True)) == before
    assert commune_draft.title != "Tên mới"


def test_lead_unit_of_another_province_is_refused(commune_draft, world):
    rows = [TaskInput(title="Sai tỉnh", lead_unit=world.foreign_commune.code)]
    with pytest.raises(DomainError, match="không thuộc tỉnh của đơn vị ban hành"):
        plan_save(actor=SYSTEM, plan=commune_draft, tasks=rows)


def test_saving_tasks_keeps_ids_reorders_and_removes(commune_draft):
    first, second, third = commune_draft.tasks.order_by("position")
    rows = [
        TaskInput.from_task(third),
        TaskInput.from_task(first),
        TaskInput(title="Mới", lead_unit=first.lead_unit.code),
    ]
    plan_save(actor=SYSTEM, plan=commune_draft, tasks=rows)
    tasks = list(commune_draft.tasks.order_by("position"))
    assert [t.pk for t in tasks[:2]] == [third.pk, first.pk]
    assert tasks[2].title == "Mới" and [t.position for t in tasks] == [1, 2, 3]
    assert not PlanTask.objects.filter(pk=second.pk).exists()
    assert PlanTask.history.filter(id=second.pk, history_type="-").exists()  # the removal is audited


def test_sections_are_validated_in_vietnamese(commune_draft):
    with pytest.raises(DomainError) as caught:
        plan_save(
            actor=SYSTEM,
            plan=commune_draft,
            sections={
                "contents": [{"text": "Nội dung", "reform_area": "khong_co"}],
                "objectives": [{"metric": "Tin bài", "target": "nhiều"}],
                "audiences": ["nguoi_ngoai_hanh_tinh"],
            },
        )
    assert "Nội dung tuyên truyền, dòng 1: lĩnh vực «khong_co» không có trong danh mục." in caught.value.message
    assert "Chỉ tiêu, dòng 1: giá trị «nhiều» không phải là số." in caught.value.message
    assert "Đối tượng, dòng 1" in caught.value.message


def test_vietnamese_numbers_in_objectives_and_tasks(commune_draft):
    plan = plan_save(
        actor=SYSTEM,
        plan=commune_draft,
        sections={
            "objectives": [
                {"metric": "Lượt người", "target": "1.500", "unit": "lượt"},
                {"metric": "Tỷ lệ", "target": "2,5"},
            ]
        },
        tasks=[TaskInput(title="Tin", lead_unit=commune_draft.issuer.code, quantity="1.200")],
    )
    assert [o["target"] for o in plan.objectives] == ["1500", "2.5"]
    assert plan.tasks.get().quantity == 1200


def test_issue_requires_number_date_and_signer(commune_draft, world):
    plan_save(actor=SYSTEM, plan=commune_draft, fields={"signer_name": ""})
    with pytest.raises(DomainError) as caught:
        plan_issue(actor=world.users["leader"], plan=commune_draft, data=IssueInput(number=None, issued_on=None))
    assert caught.value.message == "Chưa ban hành được: còn thiếu số văn bản, ngày ban hành, họ tên người ký."
    commune_draft.refresh_from_db()
    assert commune_draft.status == PlanStatus.DRAFT and not RegisterEntry.objects.filter(plan=commune_draft).exists()


def test_only_the_issuers_leader_or_an_admin_issues(commune_draft, world):
    for persona in ("editor", "coordinator", "viewer", "neighbour"):
        with pytest.raises(PermissionDenied):
            issue(commune_draft, world.users[persona], number=1)
    plan = issue(commune_draft, world.users["leader"], number=7)
    assert plan.status == PlanStatus.ISSUED and plan.number_symbol == "07/KH-UBND" and plan.version == 1


def test_issue_takes_a_register_number_that_is_never_reused(commune_draft, world, year):
    day = date(year, 2, 10)
    suggested = next_register_number(world.commune, year)
    plan = issue(commune_draft, world.users["leader"], number=suggested, day=day)
    assert RegisterEntry.objects.get(issuer=world.commune, year=year, number=suggested).plan == plan
    assert next_register_number(world.commune, year) == suggested + 1
    # An amendment is a new document: the old number stays taken, even by the same plan.
    plan_amend(actor=world.users["editor"], plan=plan)
    with pytest.raises(DomainError, match=f"Số {suggested:02d} đã được cấp trong sổ văn bản năm {year}"):
        issue(plan, world.users["leader"], number=suggested, day=day)
    plan.refresh_from_db()
    assert plan.amending and plan.version == 1
    other = plan_create(
        actor=world.users["editor"],
        issuer=world.commune,
        year=year,
        tasks=[TaskInput(title="Khác", lead_unit=world.commune.code)],
        signer_name="A",
    )
    with pytest.raises(DomainError, match="Mỗi số chỉ được cấp một lần"):
        issue(other, world.users["leader"], number=suggested, day=day)
    assert RegisterEntry.objects.filter(issuer=world.commune, year=year, number=suggested).count() == 1


def test_numbers_restart_each_calendar_year_of_issue(commune_draft, world, year):
    plan = issue(commune_draft, world.users["leader"], number=1, day=date(year - 1, 12, 28))
    assert RegisterEntry.objects.get(plan=plan).year == year - 1  # a plan for Y issued in December Y-1


def test_issue_date_must_fit_the_plan_and_not_be_in_the_future(commune_draft, world, year):
    with pytest.raises(DomainError, match="không phù hợp với kế hoạch năm"):
        issue(commune_draft, world.users["leader"], number=3, day=date(year - 2, 5, 1))
    with pytest.raises(DomainError, match="chưa đến"):
        issue(commune_draft, world.users["leader"], number=3, day=timezone.localdate() + timedelta(days=1))


def test_issued_plan_is_frozen_until_amended(commune_draft, world):
    plan = issue(commune_draft, world.users["leader"], number=12)
    with pytest.raises(DomainError, match="Điều chỉnh kế hoạch"):
        plan_save(actor=world.users["editor"], plan=plan, fields={"title": "Sửa lén"})
    version = PlanVersion.objects.get(plan=plan, version=1)
    assert version.snapshot["title"] == plan.title and len(version.snapshot["tasks"]) == 3


def test_amendment_diff_against_the_issued_baseline(commune_draft, world, year):
    plan = issue(commune_draft, world.users["leader"], number=12)
    plan_amend(actor=world.users["editor"], plan=plan)
    rows = [TaskInput.from_task(t) for t in plan.tasks.order_by("position")]
    rows[0].quantity = 6
    rows.pop(1)
    rows.append(TaskInput(title="Hội nghị đối thoại", lead_unit=world.commune.code, channel="hoi_nghi"))
    plan = plan_save(actor=world.users["editor"], plan=plan, tasks=rows, fields={"title": "Kế hoạch điều chỉnh"})
    base = PlanVersion.objects.get(plan=plan, version=1).snapshot
    sections = {s.heading: s for s in diff(base, snapshot(plan))}
    tasks = sections["Phụ lục nhiệm vụ"]
    removed = [line.text for line in tasks.lines if line.op == "removed"]
    added = [line.text for line in tasks.lines if line.op == "added"]
    assert any("Phát thanh CCHC" in t for t in removed)
    assert any("chỉ tiêu: 4 tin" in t for t in removed) and any("chỉ tiêu: 6 tin" in t for t in added)
    assert any("Hội nghị đối thoại" in t for t in added)
    assert any("Kế hoạch điều chỉnh" in line.text for line in sections["Thông tin chung"].lines if line.op == "added")
    assert not sections["Mục đích"].changed
    plan = issue(plan, world.users["leader"], number=13)
    assert plan.version == 2 and plan.number == 13 and not plan.amending
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_discarding_an_amendment_restores_the_issued_text(commune_draft, world):
    plan = issue(commune_draft, world.users["leader"], number=12)
    plan_amend(actor=world.users["editor"], plan=plan)
    plan_save(
        actor=world.users["editor"],
        plan=plan,
        fields={"title": "Nháp"},
        tasks=[TaskInput(title="Chỉ một", lead_unit=world.commune.code)],
    )
    plan = plan_amend_discard(actor=world.users["editor"], plan=plan)
    assert not plan.amending and plan.title != "Nháp"
    assert [t.title for t in plan.tasks.order_by("position")] == [
        "Đăng tin về CCHC",
        "Phát thanh CCHC",
        "Niêm yết TTHC",
    ]


def test_close_only_after_the_yearly_cut_off(commune_draft, world, year):
    plan = issue(commune_draft, world.users["leader"], number=12)
    with pytest.raises(DomainError, match=f"sau ngày chốt số liệu năm \\(14/12/{year}\\)"):
        plan_close(actor=world.users["leader"], plan=plan, today=date(year, 12, 14))
    with pytest.raises(PermissionDenied):
        plan_close(actor=world.users["editor"], plan=plan, today=date(year, 12, 20))
    plan = plan_close(actor=world.users["leader"], plan=plan, today=date(year, 12, 20))
    assert plan.status == PlanStatus.CLOSED


def test_only_never_issued_drafts_can_be_deleted(commune_draft, world):
    pk = commune_draft.pk
    plan_delete_draft(actor=world.users["editor"], plan=commune_draft)
    assert not Plan.objects.filter(pk=pk).exists()
    assert Plan.history.filter(id=pk, history_type="-").exists()


def test_parent_must_be_an_issued_plan_above_the_issuer(world, province_plan, year):
    plan = plan_create(actor=world.users["editor"], issuer=world.commune, year=year, parent=province_plan)
    assert plan.parent == province_plan
    with pytest.raises(DomainError, match="Kế hoạch cấp trên phải"):
        plan_create(actor=world.users["neighbour"], issuer=world.other_commune, year=year, parent=plan)


def test_the_register_entry_is_audited_with_who_took_the_number(commune_draft, world):
    plan = issue(commune_draft, world.users["leader"], number=41)
    entry = RegisterEntry.objects.get(plan=plan)
    assert entry.history.get().history_user == world.users["leader"]
