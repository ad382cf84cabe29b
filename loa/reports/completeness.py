"""Completeness and timeliness of a recipient's reporters for a period (domain.md §6).

The definitions, made once here (the board prints them, `DEFINITION`; dashboards and the CLI read them):
- expected: the recipient's reporters for the period (its regimes, or the default);
- sent ("đã gửi", `submitted`): the report is with the recipient now: submitted or accepted. A returned report
  is not sent until it is sent again;
- on time / late: a sent report whose FIRST submission was no later / later than the deadline plus the regime's
  grace days (resending after a return keeps the first date). So on time + late = sent, and on time ≤ sent;
- returned: returned to the unit and not yet sent again;
- missing: neither sent nor returned (never sent, or a draft). expected = sent + returned + missing.
Reporting rate = sent ÷ expected; on-time rate = on time ÷ expected, so the second never exceeds the first.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy

from loa.core.periods import Period, standard_periods
from loa.org.catalog import Role, UnitType
from loa.org.models import OrgUnit, User

from .catalog import FROZEN, ReportStatus
from .models import Report
from .regimes import active_regimes, deadlines_for, default_deadline, expected_reporters

# The definitions above, as the board prints them under its counts.
DEFINITION = gettext_lazy(
    "Đã gửi: báo cáo đang ở đơn vị nhận (chờ tiếp nhận hoặc đã tiếp nhận); báo cáo bị trả lại chỉ tính là đã gửi "
    "khi được gửi lại. Đúng hạn / muộn: trong số báo cáo đã gửi, lần gửi đầu tiên trước / sau hạn gửi (kể cả số "
    "ngày gia hạn của chế độ báo cáo), nên số đúng hạn không bao giờ vượt số đã gửi. Chưa gửi: chưa gửi lần nào "
    "hoặc mới là bản nháp. Tỷ lệ báo cáo = đã gửi ÷ phải báo cáo; tỷ lệ đúng hạn = đúng hạn ÷ phải báo cáo."
)


@dataclass
class ReporterRow:
    unit: OrgUnit
    report: Report | None
    contacts: list[User]
    deadline: date  # its own regime's: reporters of one recipient may fall under different regimes

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ""

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status in FROZEN

    @property
    def ever_submitted(self) -> bool:
        return self.report is not None and self.report.first_submitted_at is not None

    @property
    def returned(self) -> bool:
        return self.report is not None and self.report.status == ReportStatus.RETURNED

    @property
    def missing(self) -> bool:
        return not self.submitted and not self.returned

    @property
    def late(self) -> bool:
        return self.submitted and bool(self.report and self.report.late)

    @property
    def on_time(self) -> bool:
        return self.submitted and not self.late


class Counts(Protocol):
    @property
    def expected(self) -> int: ...
    @property
    def submitted(self) -> int: ...
    @property
    def on_time(self) -> int: ...


class Rates:
    """Reporting rate = submitted ÷ expected; on-time rate = on time ÷ expected (per cent, one decimal)."""

    @property
    def reporting_rate(self: Counts) -> float:
        return round(100 * self.submitted / self.expected, 1) if self.expected else 0.0

    @property
    def on_time_rate(self: Counts) -> float:
        return round(100 * self.on_time / self.expected, 1) if self.expected else 0.0


@dataclass
class Completeness(Rates):
    recipient: OrgUnit
    period: Period
    rows: list[ReporterRow] = field(default_factory=list)

    @property
    def deadline(self) -> date:
        """The earliest deadline among the reporters (the default one when nobody is expected)."""
        return min((r.deadline for r in self.rows), default=default_deadline(self.period))

    @property
    def last_deadline(self) -> date:
        return max((r.deadline for r in self.rows), default=self.deadline)

    @property
    def expected(self) -> int:
        return len(self.rows)

    def _count(self, attr: str) -> int:
        return sum(1 for r in self.rows if getattr(r, attr))

    @property
    def submitted(self) -> int:
        return self._count("submitted")

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.status == ReportStatus.ACCEPTED)

    @property
    def returned(self) -> int:
        return self._count("returned")

    @property
    def missing(self) -> int:
        return self._count("missing")

    @property
    def late(self) -> int:
        return self._count("late")

    @property
    def on_time(self) -> int:
        return self._count("on_time")

    @property
    def past_deadline(self) -> bool:
        return timezone.localdate() > self.deadline

    def as_json(self) -> dict[str, Any]:
        return {
            "recipient": self.recipient.code,
            "period": self.period.id,
            "deadline": self.deadline.isoformat(),
            "expected": self.expected,
            "submitted": self.submitted,
            "sent": self.submitted,  # the same count under the board's word ("đã gửi")
            "accepted": self.accepted,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "returned": self.returned,
            "reporting_rate": self.reporting_rate,
            "on_time_rate": self.on_time_rate,
            "units": [
                {
                    "unit": r.unit.code,
                    "name": r.unit.name,
                    "status": r.status or "missing",
                    "late": r.late,
                    "deadline": r.deadline.isoformat(),
                    "version": r.report.version if r.report else 0,
                    "submitted_at": r.report.first_submitted_at.isoformat()
                    if r.report and r.report.first_submitted_at
                    else None,
                    "email": r.unit.email,
                    "phone": r.unit.phone,
                    "contacts": [
                        {"name": str(u), "position": u.position, "email": u.email, "phone": u.phone} for u in r.contacts
                    ],
                }
                for r in self.rows
            ],
        }


CONTACT_ROLES = [Role.LEADER, Role.EDITOR]


def reporting_summary(done: Completeness) -> dict[str, Any]:
    """What a consolidated report says of its reporters (frozen with its figures): the counts of `done`, by kind of
    unit ("sở, ban, ngành", "xã, phường"), and the units that sent nothing with their focal points."""
    kinds: dict[str, list[int]] = {}
    for row in done.rows:
        kind = "communes" if row.unit.unit_type == UnitType.UBND_XA else "agencies"
        counts = kinds.setdefault(kind, [0, 0])
        counts[0] += int(row.submitted)
        counts[1] += 1
    return {
        "expected": done.expected,
        "sent": done.submitted,
        "on_time": done.on_time,
        "late": done.late,
        "returned": done.returned,
        "accepted": done.accepted,
        "missing": done.missing,
        "by_kind": {kind: {"sent": sent, "expected": expected} for kind, (sent, expected) in sorted(kinds.items())},
        "missing_units": [
            {
                "name": r.unit.name,
                "contacts": "; ".join(
                    ", ".join(filter(None, [str(u), u.position, u.phone, u.email])) for u in r.contacts
                )
                or ", ".join(filter(None, [r.unit.phone, r.unit.email]))
                or "Chưa có đầu mối trong Loa",
            }
            for r in done.rows
            if r.missing
        ],
    }


def completeness(recipient: OrgUnit, period: Period) -> Completeness:
    """Every expected reporter with its report (if any), its deadline and its focal points, in tree order."""
    regimes = list(active_regimes())
    reporters = expected_reporters(recipient, period, regimes)
    reports = {r.unit_id: r for r in Report.objects.filter(unit__in=reporters, period=period.id).select_related("unit")}
    people = OrgUnit.objects.filter(pk__in=[u.pk for u in reporters]).prefetch_related(
        Prefetch(
            "users",
            queryset=User.objects.filter(is_active=True, role__in=CONTACT_ROLES).order_by("role", "username"),
            to_attr="contacts",
        )
    )
    contacts = {u.pk: list(getattr(u, "contacts", [])) for u in people}
    deadlines = deadlines_for(reporters, period, regimes)
    rows = [ReporterRow(u, reports.get(u.pk), contacts.get(u.pk, []), deadlines[u.pk]) for u in reporters]
    return Completeness(recipient, period, rows)


@dataclass
class PeriodRates(Rates):
    """Only the counts and rates of a period (dashboards): the same definitions as `Completeness`."""

    period: Period
    expected: int
    submitted: int
    on_time: int


def period_rates(recipient: OrgUnit, periods: list[Period]) -> list[PeriodRates]:
    """Rates of several periods with one query over their reports (no contacts, no deadlines per unit)."""
    return period_rates_many([recipient], periods)


def period_rates_many(recipients: list[OrgUnit], periods: list[Period]) -> list[PeriodRates]:
    """The same, added up over several recipients (the country: every province's Sở Nội vụ): one query for the
    units beside them, one for the regimes, one for the reports, whatever their number (plus one per configured
    regime that lists reporters for a recipient and period)."""
    regimes = list(active_regimes())
    beside: dict[int, list[OrgUnit]] = defaultdict(list)
    # Only ids and dates are read from these units (which of them report), so their parents are not joined.
    parents = {r.parent_id for r in recipients if r.parent_id is not None}
    for unit in OrgUnit.objects.filter(parent_id__in=parents):
        beside[unit.parent_id].append(unit)  # type: ignore[index]
    expected: dict[str, set[int]] = {p.id: set() for p in periods}
    for recipient in recipients:
        siblings = [u for u in beside.get(recipient.parent_id or 0, []) if u.pk != recipient.pk]
        for p in periods:
            expected[p.id] |= {u.pk for u in expected_reporters(recipient, p, regimes, siblings)}
    reporters = set().union(*expected.values()) if expected else set()
    reports = Report.objects.filter(unit_id__in=reporters, period__in=list(expected)).values_list(
        "unit_id", "period", "status", "late"
    )
    submitted: dict[str, int] = dict.fromkeys(expected, 0)
    on_time: dict[str, int] = dict.fromkeys(expected, 0)
    for unit_id, period, status, late in reports:
        if unit_id not in expected[period]:
            continue
        sent_now = status in FROZEN  # the definitions of the module doc, as `ReporterRow` has them
        submitted[period] += sent_now
        on_time[period] += sent_now and not late
    return [PeriodRates(p, len(expected[p.id]), submitted[p.id], on_time[p.id]) for p in periods]


def board_period(recipient: OrgUnit, today: date) -> Period:
    """The period the board opens on: the latest one whose window has closed and that the recipient expects
    reports for (a quarter no regime asks for would show 0 of 0). Of periods ending the same day, the quarter
    first (what coordinators chase most), then the longer one (9 tháng before 6 tháng…). Else this year's first."""
    regimes = list(active_regimes())
    closed = [p for y in (today.year, today.year - 1) for p in standard_periods(y) if p.end < today]
    closed.sort(key=lambda p: (p.end, "Q" in p.id, p.end - p.start), reverse=True)
    for period in closed:
        if expected_reporters(recipient, period, regimes):
            return period
    return standard_periods(today.year)[0]
