"""A deterministic demo province: real units from the package, invented departments, sections and users.

Idempotent: every unit and user is looked up by code or username before it is created.
Later issues add their own demo data (plans, activities, reports) through their services here.
"""

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from loa.activity.demo import build_activity_demo
from loa.channels.demo import build_channel_demo
from loa.column.demo import build_column_demo
from loa.contests.demo import build_contest_demo
from loa.feedback.demo import build_feedback_demo
from loa.notify.services import without_email
from loa.offline.demo import build_offline_demo
from loa.org.catalog import Role, UnitType
from loa.org.models import REFORM_DATE, OrgUnit, User
from loa.org.scope import SYSTEM
from loa.org.services import NewUnit, unit_create, units_create_many, user_create
from loa.org.vn_units import load_units
from loa.oversight.demo import build_oversight_demo
from loa.plans.demo import build_plan_demo
from loa.plans.models import Plan
from loa.reports.demo import ReportDemo, build_report_demo
from loa.surveys.demo import build_survey_demo

# (code suffix, name, type); "{p}" is the province's short name.
PROVINCE_BODIES: list[tuple[str, str, str]] = [
    ("SNV", "Sở Nội vụ", UnitType.SO_NOI_VU),
    ("VP", "Văn phòng UBND tỉnh", UnitType.VAN_PHONG_UBND),
    ("STP", "Sở Tư pháp", UnitType.SO_NGANH),
    ("STC", "Sở Tài chính", UnitType.SO_NGANH),
    ("SKHCN", "Sở Khoa học và Công nghệ", UnitType.SO_NGANH),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", UnitType.SO_NGANH),
    ("SXD", "Sở Xây dựng", UnitType.SO_NGANH),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", UnitType.SO_NGANH),
    ("SCT", "Sở Công Thương", UnitType.SO_NGANH),
    ("SYT", "Sở Y tế", UnitType.SO_NGANH),
    ("SGDDT", "Sở Giáo dục và Đào tạo", UnitType.SO_NGANH),
    ("SDTTG", "Sở Dân tộc và Tôn giáo", UnitType.SO_NGANH),
    ("TTR", "Thanh tra tỉnh", UnitType.SO_NGANH),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", UnitType.TRUNG_TAM_PVHCC),
    ("DPTTH", "Đài Phát thanh và Truyền hình {p}", UnitType.DAI_PT_TH),
    ("BAO", "Báo {p}", UnitType.BAO),
    ("CTTDT", "Cổng Thông tin điện tử tỉnh", UnitType.CONG_TTDT),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", UnitType.MTTQ_DOAN_THE),
]
COMMUNE_SECTIONS: list[tuple[str, str, str]] = [
    ("VP", "Văn phòng HĐND và UBND", UnitType.PHONG_XA),
    ("KT", "Phòng Kinh tế", UnitType.PHONG_XA),
    ("VHXH", "Phòng Văn hóa - Xã hội", UnitType.PHONG_XA),
    ("PVHCC", "Trung tâm Phục vụ hành chính công", UnitType.TRUNG_TAM_PVHCC),
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đình", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hương",
    "Khánh",
    "Lan",
    "Long",
    "Mai",
    "Nam",
    "Phương",
    "Quang",
    "Sơn",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
]


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    unit: str


@dataclass
class DemoResult:
    province: OrgUnit
    logins: list[DemoLogin] = field(default_factory=list)
    units_created: int = 0
    plan: Plan | None = None
    activities: int = 0  # created by this run (0 when they were already there)
    channels: int = 0  # registry entries created by this run
    survey_answers: int = 0  # answers of the demo's satisfaction survey created by this run
    feedback: int = 0  # citizens' feedback items created by this run
    column_news: int = 0  # news items published on the public CCHC columns by this run
    contest_attempts: int = 0  # attempts of the demo quiz's rounds made by this run
    recommendations: int = 0  # oversight recommendations of the Front created by this run
    device_records: int = 0  # records the demo commune's phone sent (offline entry) in this run
    reports: ReportDemo | None = None


def demo_password(seed: int) -> str:
    return f"Loa-demo-{seed}"


def build_demo(*, seed: int = 2026, with_reports: bool = True) -> DemoResult:
    # The demo's year of plans and reports leaves its notices in the app, without mailing each one.
    with without_email():
        return _build_demo(seed=seed, with_reports=with_reports)


@transaction.atomic  # inside without_email(): the notices' on-commit sending happens in it too
def _build_demo(*, seed: int, with_reports: bool) -> DemoResult:
    result = build_demo_people(seed=seed)
    result.channels = build_channel_demo(result.province, seed=seed)
    result.plan = build_plan_demo(result.province)
    result.activities = build_activity_demo(result.province, seed=seed)
    result.survey_answers = build_survey_demo(result.province, seed=seed)
    result.feedback = build_feedback_demo(result.province)
    result.column_news = build_column_demo(result.province)
    result.contest_attempts = build_contest_demo(result.province, seed=seed)
    result.recommendations = build_oversight_demo(result.province)
    if with_reports:  # the test suite builds its reports per test, so no window starts locked
        result.reports = build_report_demo(result.province)
    result.device_records = build_offline_demo(result.province)
    return result


@transaction.atomic
def build_demo_people(*, seed: int = 2026) -> DemoResult:
    """The demo province's bodies, commune sections and accounts, without any plan, activity or report."""
    rng = random.Random(seed)
    if not OrgUnit.objects.filter(code=settings.LOA_DEMO_PROVINCE_CODE).exists():
        load_units()
    province = OrgUnit.objects.get(code=settings.LOA_DEMO_PROVINCE_CODE)
    result = DemoResult(province)
    short = province.short_name or province.name
    bodies: dict[str, OrgUnit] = {}
    for suffix, name, unit_type in PROVINCE_BODIES:
        bodies[suffix] = _ensure_unit(result, f"{province.code}.{suffix}", name.format(p=short), unit_type, province)
    communes = list(OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code"))
    # A province's hundreds of commune sections in one insert (unit by unit, they cost the browser tests seconds each).
    sections = [
        NewUnit(
            f"{c.code}.{suffix}", name, unit_type, c, REFORM_DATE, f"{c.code.lower()}.{suffix.lower()}@demo.loa.local"
        )
        for c in communes
        for suffix, name, unit_type in COMMUNE_SECTIONS
    ]
    present = set(OrgUnit.objects.filter(code__in=[s.code for s in sections]).values_list("code", flat=True))
    missing = [s for s in sections if s.code not in present]
    result.units_created += len(units_create_many(actor=SYSTEM, units=missing)) if missing else 0
    password = demo_password(seed)
    people = iter(_names(rng))
    accounts: list[tuple[str, str, OrgUnit | None, str]] = [
        ("quantri", Role.ADMIN, None, "Quản trị hệ thống"),
        ("snv.dieuphoi", Role.COORDINATOR, bodies["SNV"], "Chuyên viên CCHC"),
        ("snv.lanhdao", Role.LEADER, bodies["SNV"], "Phó Giám đốc"),
        ("stp.nhaplieu", Role.EDITOR, bodies["STP"], "Chuyên viên"),
        ("xem.tinh", Role.VIEWER, province, "Chuyên viên Văn phòng UBND tỉnh"),
        ("tinh.lanhdao", Role.LEADER, province, "Phó Chủ tịch UBND tỉnh"),
    ]
    for index, commune in enumerate(communes[:3], start=1):
        accounts += [
            (f"xa{index}.nhaplieu", Role.EDITOR, commune, "Công chức Văn phòng - Thống kê"),
            (f"xa{index}.lanhdao", Role.LEADER, commune, "Phó Chủ tịch UBND"),
        ]
    accounts.append(("xa1.xem", Role.VIEWER, communes[0], "Chủ tịch UBND"))
    accounts.append(("mttq.tinh", Role.OVERSIGHT, bodies["MTTQ"], "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"))
    for username, role, unit, position in accounts:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                actor=SYSTEM,
                username=username,
                password=password,
                role=role,
                unit=unit,
                full_name=next(people),
                position=position,
                email=f"{username}@demo.loa.local",
            )
        result.logins.append(DemoLogin(username, password, user.get_role_display(), unit.name if unit else "—"))
    return result


def _ensure_unit(result: DemoResult, code: str, name: str, unit_type: str, parent: OrgUnit) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        unit = unit_create(
            actor=SYSTEM,
            code=code,
            name=name,
            unit_type=unit_type,
            parent=parent,
            valid_from=REFORM_DATE,
            email=f"{code.lower()}@demo.loa.local",
        )
        result.units_created += 1
    return unit


def _names(rng: random.Random) -> list[str]:
    return [f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}" for _ in range(200)]
