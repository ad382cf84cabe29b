"""Reporting windows that are closed to edits: once a unit's report for a period is submitted, the
activities it counted must not change under it (domain.md §5; the report is an immutable version).

Every write to activities and their evidence calls `require_unlocked` / `locked_reason`; a returned
report unlocks its window again until it is resubmitted. A report sent before its cut-off counted only the days
up to the day it was sent (`Report.window_end`), so only those are locked: activities dated later in the window
stay open and are listed on the report page as arising after it was sent, until a return and a new submission.
"""

from datetime import date

from django.utils.translation import gettext as _

from loa.core.errors import DomainError
from loa.org.models import OrgUnit

from .models import Activity


def locked_reason(unit: OrgUnit, day: date) -> str | None:
    """Why activities of `unit` dated `day` cannot change (the submitted report named), or None."""
    from loa.reports.selectors import submitted_report_covering  # reports build on activities: import late

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
