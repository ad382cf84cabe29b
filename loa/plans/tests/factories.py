"""Small plan worlds: plans made through the plans services, so a test sees exactly what it asserts about.

`issued_province_plan()` issues a province's yearly plan with the eight tasks of `PROVINCE_TASKS` (named leads, the
all-departments and all-communes groups); `issued_commune_plan()` cascades it to one commune and issues the commune's
implementing plan. Both are built per test, inside the test's rolled-back transaction.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import factory
from django.utils import timezone

from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.cascade import cascade
from loa.plans.models import Plan
from loa.plans.services import IssueInput, plan_create, plan_issue, plan_save
from loa.plans.tasks_input import TaskInput

PROVINCE_PLAN_NUMBER = 7  # below 10: the document shows it zero-padded, "07/KH-UBND"
COMMUNE_PLAN_NUMBER = 3
PROVINCE_SIGNER = "Nguyễn Văn Tỉnh"
COMMUNE_SIGNER = "Trần Văn Xã"


@dataclass(frozen=True)
class TaskRow:
    title: str
    lead: str  # a body's code suffix ("SNV") or a lead group ("all_communes")
    channel: str
    reform_area: str
    frequency: str = "once"
    deadline: tuple[int, int] | None = None
    quantity: int | None = None
    measure: str = ""


PROVINCE_TASKS = [
    TaskRow(
        "Xây dựng kế hoạch tuyên truyền CCHC", "SNV", "", "chi_dao", deadline=(2, 28), quantity=1, measure="kế hoạch"
    ),
    TaskRow("Chuyên mục CCHC trên Cổng thông tin", "CTTDT", "cong_ttdt", "chi_dao", "monthly", None, 48, "tin/bài"),
    TaskRow("Chuyên mục truyền hình về CCHC", "DPTTH", "truyen_hinh", "chi_dao", "monthly", None, 12, "chuyên mục"),
    TaskRow(
        "Lồng ghép CCHC trong hội nghị cơ quan", "all_departments", "hoi_nghi", "cong_vu", "yearly", None, 1, "hội nghị"
    ),
    TaskRow("Đăng tin CCHC trên trang của xã", "all_communes", "cong_ttdt", "chi_dao", "quarterly", None, 8, "tin/bài"),
    TaskRow("Phát thanh CCHC trên loa xã", "all_communes", "phat_thanh", "chi_dao", "monthly", None, 24, "lượt"),
    TaskRow("Niêm yết thủ tục hành chính", "all_communes", "niem_yet_tthc", "tthc", "ongoing", None, 300, "thủ tục"),
    TaskRow("Pa-nô, áp phích về CCHC", "all_communes", "truc_quan", "chi_dao", "once", (5, 31), 4, "cái"),
]
SECTIONS: dict[str, Any] = {
    "purposes": ["Nâng cao nhận thức của cán bộ, công chức và Nhân dân về cải cách hành chính"],
    "requirements": ["Nội dung ngắn gọn, chính xác, dễ hiểu; hình thức phù hợp với từng nhóm đối tượng"],
    "audiences": ["cbccvc", "nguoi_dan"],
    "contents": [  # one per reform area up to the fifth (đ), so the document's lettering is exercised
        {"text": "Kế hoạch cải cách hành chính năm của tỉnh", "reform_area": "chi_dao", "indices": []},
        {"text": "Văn bản quy phạm pháp luật mới liên quan đến người dân", "reform_area": "the_che", "indices": []},
        {
            "text": "Công khai thủ tục hành chính, dịch vụ công trực tuyến",
            "reform_area": "tthc",
            "indices": ["sipas", "par_index"],
        },
        {"text": "Sắp xếp tổ chức bộ máy hai cấp", "reform_area": "bo_may", "indices": []},
        {"text": "Văn hóa công sở, kỷ luật, kỷ cương hành chính", "reform_area": "cong_vu", "indices": []},
    ],
    "forms": [{"channel": "cong_ttdt", "text": "Chuyên mục CCHC trên Cổng thông tin điện tử"}],
}
# (body code suffix, asks rather than assigns, duties)
RESPONSIBILITIES = [
    ("SNV", False, ["Theo dõi, đôn đốc và tổng hợp kết quả thực hiện Kế hoạch"]),
    ("CTTDT", False, ["Duy trì chuyên mục Cải cách hành chính"]),
    ("DPTTH", False, ["Phát sóng chuyên mục về cải cách hành chính"]),
    ("MTTQ", True, ["Phối hợp tuyên truyền trong đoàn viên, hội viên"]),
]
BASES = """Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể CCHC;
Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ;
Căn cứ Kế hoạch cải cách hành chính năm của Ủy ban nhân dân tỉnh"""


def this_year() -> int:
    return timezone.localdate().year


def _task_input(row: TaskRow, bodies: dict[str, OrgUnit], year: int) -> TaskInput:
    named = row.lead in bodies
    return TaskInput(
        title=row.title,
        lead_unit=bodies[row.lead].code if named else "",
        lead_group="" if named else row.lead,
        channel=row.channel,
        reform_area=row.reform_area,
        frequency=row.frequency,
        deadline=date(year, *row.deadline) if row.deadline else None,
        quantity=row.quantity,
        measure=row.measure,
    )


def issue(plan: Plan, number: int, day: date, signer: str = PROVINCE_SIGNER) -> Plan:
    if not plan.signer_name:
        plan = plan_save(actor=SYSTEM, plan=plan, fields={"signer_name": signer})
    return plan_issue(actor=SYSTEM, plan=plan, data=IssueInput(number=number, issued_on=day))


def issued_province_plan(province: OrgUnit, *, year: int | None = None) -> Plan:
    """The province's issued yearly plan: the sections above, `PROVINCE_TASKS`, number 07, issued on 20 January."""
    from loa.plans.editor import bases_from_text

    year = year or this_year()
    bodies = {
        u.code.rsplit(".", 1)[-1]: u for u in OrgUnit.objects.filter(parent=province).exclude(unit_type="ubnd_xa")
    }
    sections = {**SECTIONS, "bases": bases_from_text(SYSTEM, Plan(issuer=province, year=year), BASES)}
    sections["responsibilities"] = [
        {"unit": bodies[code].code, "label": bodies[code].name, "duties": duties, "request": request}
        for code, request, duties in RESPONSIBILITIES
    ]
    plan = plan_create(
        actor=SYSTEM,
        issuer=province,
        year=year,
        sections=sections,
        tasks=[_task_input(row, bodies, year) for row in PROVINCE_TASKS],
        signer_name=PROVINCE_SIGNER,
    )
    return issue(plan, PROVINCE_PLAN_NUMBER, min(date(year, 1, 20), timezone.localdate()))


def issued_commune_plan(parent: Plan, commune: OrgUnit) -> Plan:
    """The commune's implementing plan, cascaded from `parent` and issued on 5 February."""
    (child,) = cascade(actor=SYSTEM, plan=parent, targets=[commune]).created
    day = min(date(parent.year, 2, 5), timezone.localdate())
    return issue(child, COMMUNE_PLAN_NUMBER, day, signer=COMMUNE_SIGNER)


class PlanFactory(factory.Factory):
    """A draft plan of `issuer` for this year with `tasks` (TaskInputs), made by `plan_create`."""

    class Meta:
        model = Plan

    issuer: Any = None
    year = factory.LazyFunction(this_year)
    title = factory.Sequence(lambda n: f"Kế hoạch thử {n}")
    tasks: Any = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class: type[Plan], *args: Any, **kwargs: Any) -> Plan:
        return plan_create(actor=SYSTEM, **kwargs)
