"""Reporting windows that are closed to edits: once a unit's report for a period is submitted, the
activities it counted must not change under it (domain.md §5; the report is an immutable version).

Every write to activities and their evidence calls `require_unlocked` / `locked_reason`. Periodic
reports arrive with the reports module; until a unit has a submitted report, no window is locked.
"""

from datetime import date

from django.utils.translation import gettext as _

from loa.core.errors import DomainError
from loa.org.models import OrgUnit

from .models import Activity


def locked_reason(unit: OrgUnit, day: date) -> str | None:
    """Why activities of `unit` dated `day` cannot change (the submitted report named), or None."""
    from django.apps import apps

    if not apps.is_installed("loa.reports"):
        return None
    from loa.reports.selectors import submitted_report_covering  # type: ignore[import-not-found]

    report = submitted_report_covering(unit, day)
    if report is None:
        return None
    return _("Kỳ này đã khóa vì báo cáo «%(report)s» đã gửi; muốn sửa, hãy đề nghị trả lại báo cáo.") % {
        "report": report
    }


def require_unlocked(activity: Activity, *, day: date | None = None) -> None:
    for when in filter(None, {activity.date, day}):
        reason = locked_reason(activity.unit, when)
        if reason:
            raise DomainError(reason)
