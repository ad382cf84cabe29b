"""Report reminders, sent by the same daily job as task reminders (`loa.reports.tasks`).

Before the deadline (LOA_REMINDER_DAYS or closer) the focal points of every expected reporter that
has not submitted hear once; after it, once a week for OVERDUE_WEEKS weeks while the report is still
missing or returned. A coordinator can also remind chosen units from the period board.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loa.core.dates import display_date
from loa.core.periods import Period, standard_periods
from loa.notify.recipients import officers
from loa.notify.services import notify
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit

from .catalog import kind_of
from .completeness import ReporterRow, completeness
from .models import Regime
from .regimes import active_regimes, due_kinds

OVERDUE_WEEKS = 8
# A deadline is at most this long after its cut-off (day 31 of the month, or many working days).
LATEST_DEADLINE = timedelta(days=45)


@dataclass
class ReportReminderRun:
    periods: int = 0
    due_soon: int = 0
    overdue: int = 0
    notices: int = 0


def report_url(unit: OrgUnit, period: Period) -> str:
    return reverse("reports:detail", args=[unit.code, period.id])


def _recipients() -> list[OrgUnit]:
    ids = set(Regime.objects.filter(active=True).values_list("recipient_id", flat=True))
    coordinators = OrgUnit.objects.filter(unit_type=UnitType.SO_NOI_VU, valid_to__isnull=True)
    ids |= set(coordinators.values_list("pk", flat=True))
    return list(OrgUnit.objects.filter(pk__in=ids).select_related("parent").order_by("path"))


def send_report_reminders(*, today: date | None = None, days: int | None = None) -> ReportReminderRun:
    today = today or timezone.localdate()
    days = settings.LOA_REMINDER_DAYS if days is None else days
    run = ReportReminderRun()
    periods = [p for y in (today.year - 1, today.year) for p in standard_periods(y) if _may_be_due(p, today, days)]
    regimes = list(active_regimes())
    owed: dict[int, set[str]] = {}
    with translation.override("vi"):
        for period in periods:
            for recipient in _recipients():
                run.periods += 1
                for row in completeness(recipient, period).rows:
                    late_by = (today - row.deadline).days
                    if row.submitted or late_by > OVERDUE_WEEKS * 7 or -late_by > days:
                        continue
                    if row.unit.pk not in owed:
                        owed[row.unit.pk] = due_kinds(row.unit, regimes)
                    if kind_of(period.id) not in owed[row.unit.pk]:  # the rule of the unit's reports list (is_due)
                        continue
                    if late_by > 0:
                        run.overdue += 1
                        key = f"report:{row.unit.pk}:{period.id}:overdue:{today.isocalendar()[1]}"
                    else:
                        run.due_soon += 1
                        key = f"report:{row.unit.pk}:{period.id}:due"
                    run.notices += _remind(row, period, key, today)
    return run


def _may_be_due(period: Period, today: date, days: int) -> bool:
    """Cheap date test before any query: deadlines fall after the cut-off and within LATEST_DEADLINE of it."""
    return period.end <= today + timedelta(days=days) and today - period.end <= LATEST_DEADLINE + timedelta(
        weeks=OVERDUE_WEEKS
    )


@dataclass
class RemindResult:
    """What the board's "remind" button did: the people reached, their units, and the units nobody hears for."""

    people: int = 0
    reached: list[OrgUnit] = field(default_factory=list)
    unreached: list[OrgUnit] = field(default_factory=list)


def remind_now(rows: list[ReporterRow], period: Period, *, stamp: str) -> RemindResult:
    """The coordinator's "remind" button: one notice per person and click (`stamp` makes it new)."""
    result = RemindResult()
    with translation.override("vi"):
        today = timezone.localdate()
        for row in rows:
            sent = _remind(row, period, f"report:{row.unit.pk}:{period.id}:manual:{stamp}", today)
            result.people += sent
            (result.reached if sent else result.unreached).append(row.unit)
    return result


def _remind(row: ReporterRow, period: Period, key: str, today: date) -> int:
    deadline = row.deadline
    overdue = today > deadline
    title = (
        _("Quá hạn gửi báo cáo %(period)s (hạn %(deadline)s)")
        if overdue
        else _("Sắp đến hạn gửi báo cáo %(period)s (hạn %(deadline)s)")
    ) % {"period": period.label, "deadline": display_date(deadline)}
    body = (
        _("Báo cáo đã bị trả lại, lý do: %(reason)s. Hãy sửa và gửi lại.")
        % {"reason": row.report.return_reason if row.report else ""}
        if row.returned
        else _("%(unit)s chưa gửi báo cáo kết quả thông tin, tuyên truyền CCHC %(period)s.")
        % {"unit": row.unit.name, "period": period.label}
    )
    return len(notify(officers(row.unit), key=key, title=title, body=body, url=report_url(row.unit, period)))
