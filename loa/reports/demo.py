"""Demo reports: the demo province's own regime and holiday calendar, and the past periods of this
year with submitted, accepted, returned, resubmitted, late and missing reports, so every board and
page shows something real. Idempotent: skipped once the province's regime exists.

Everything goes through the services (with back-dated timestamps), exactly as officers would do it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from loa.activity.models import Activity
from loa.core.periods import Period, parse_period
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.org.tree import subtree_q

from .catalog import DeadlineRule
from .holidays import propose_ahead
from .models import Holiday, Regime, Report
from .regimes import terms_for
from .services import report_accept, report_return, report_save, report_submit

REPORTER_TYPES = [
    UnitType.SO_NGANH,
    UnitType.VAN_PHONG_UBND,
    UnitType.TRUNG_TAM_PVHCC,
    UnitType.DAI_PT_TH,
    UnitType.BAO,
    UnitType.CONG_TTDT,
    UnitType.MTTQ_DOAN_THE,
    UnitType.UBND_XA,
]
# A demo calendar of 2026 public holidays; administrators keep the real one in the admin pages.
HOLIDAYS_2026 = [
    (date(2026, 1, 1), "Tết Dương lịch"),
    *[(date(2026, 2, d), "Tết Nguyên đán") for d in range(16, 21)],
    (date(2026, 4, 27), "Giỗ Tổ Hùng Vương (nghỉ bù)"),
    (date(2026, 4, 30), "Ngày Giải phóng miền Nam, thống nhất đất nước"),
    (date(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (date(2026, 9, 1), "Quốc khánh"),
    (date(2026, 9, 2), "Quốc khánh"),
]
RETURN_REASONS = [
    "Đề nghị bổ sung số liệu hội nghị đối thoại và đính kèm minh chứng.",
    "Mục phương hướng chưa bám sát nhiệm vụ còn lại của kế hoạch năm; đề nghị bổ sung.",
]


@dataclass
class ReportDemo:
    submitted: int = 0
    accepted: int = 0
    returned: int = 0


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build_report_demo(province: OrgUnit, *, today: date | None = None) -> ReportDemo:
    result = ReportDemo()
    snv = OrgUnit.objects.filter(parent=province, unit_type=UnitType.SO_NOI_VU).first()
    if snv is None or Regime.objects.filter(recipient=snv).exists():
        return result
    today = today or timezone.localdate()
    with transaction.atomic():
        for day, name in HOLIDAYS_2026:
            Holiday.objects.get_or_create(day=day, defaults={"name": name})
        propose_ahead(today)  # from October, next year's as the daily job would propose them
        Regime.objects.create(
            name=f"Chế độ báo cáo công tác cải cách hành chính của UBND {province.name}",
            recipient=snv,
            kinds=["Q1", "H1", "M9", "Y"],
            deadline_rule=DeadlineRule.WORKING_DAYS,
            working_days=2,
            reporter_parent=province,
            reporter_types=list(REPORTER_TYPES),
        )
        busy = set(Activity.objects.filter(subtree_q(province, field="unit_path")).values_list("unit_id", flat=True))
        reporters = list(OrgUnit.objects.filter(pk__in=busy, parent=province).exclude(pk=snv.pk).order_by("code"))
        for kind, plan in (("Q1", _q1), ("H1", _h1), ("M9", _m9)):
            period = parse_period(f"{today.year}{kind}")
            assert period is not None
            deadline = terms_for(snv, period).deadline
            if deadline >= today:
                continue
            for index, unit in enumerate(reporters):
                plan(result, unit, period, index, terms_for(unit, period).deadline)
            if kind == "Q1":
                report_submit(actor=SYSTEM, unit=snv, period=period, now=_at(deadline + timedelta(days=2)))
                report_accept(actor=SYSTEM, report=_report(snv, period), now=_at(deadline + timedelta(days=3)))
    return result


def _report(unit: OrgUnit, period: Period) -> Report:
    return Report.objects.get(unit=unit, period=period.id)


def _submit(result: ReportDemo, unit: OrgUnit, period: Period, day: date) -> None:
    report_submit(actor=SYSTEM, unit=unit, period=period, now=_at(day, 8 + unit.pk % 9))
    result.submitted += 1


def _accept(result: ReportDemo, unit: OrgUnit, period: Period, day: date) -> None:
    report_accept(actor=SYSTEM, report=_report(unit, period), now=_at(day, 15))
    result.accepted += 1


def _q1(result: ReportDemo, unit: OrgUnit, period: Period, index: int, deadline: date) -> None:
    """Quarter I: everyone reported; a few late, a few still waiting to be accepted."""
    late = index % 7 == 3
    _submit(result, unit, period, deadline + timedelta(days=3) if late else deadline - timedelta(days=index % 3))
    if index % 9 != 5:
        _accept(result, unit, period, deadline + timedelta(days=5))


def _h1(result: ReportDemo, unit: OrgUnit, period: Period, index: int, deadline: date) -> None:
    """Half-year: some returned (one resubmitted as version 2 and accepted), some missing."""
    if index % 8 == 5:
        return  # missing
    _submit(result, unit, period, deadline - timedelta(days=1 + index % 2))
    if index % 8 == 0 or index % 11 == 4:
        reason = RETURN_REASONS[index % len(RETURN_REASONS)]
        report_return(actor=SYSTEM, report=_report(unit, period), reason=reason, now=_at(deadline + timedelta(days=1)))
        result.returned += 1
        if index % 11 == 4:
            report = _report(unit, period)
            report_save(
                actor=SYSTEM,
                unit=unit,
                period=period,
                revision=report.revision,
                sections={"difficulties": "Đã bổ sung theo yêu cầu: " + reason.lower()},
            )
            _submit(result, unit, period, deadline + timedelta(days=3))
            _accept(result, unit, period, deadline + timedelta(days=4))
        return
    if index % 3:
        _accept(result, unit, period, deadline + timedelta(days=4))


def _m9(result: ReportDemo, unit: OrgUnit, period: Period, index: int, deadline: date) -> None:
    """Nine months: a quarter still missing (the first demo commune among them), the rest submitted."""
    if index % 4 == 1 or (unit.unit_type == UnitType.UBND_XA and index % 4 == 0 and index < 12):
        return
    _submit(result, unit, period, deadline + timedelta(days=index % 5 - 2))
    if index % 5 == 0:
        _accept(result, unit, period, deadline + timedelta(days=5))
