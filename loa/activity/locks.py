"""Reporting windows that are closed to edits: once a unit's report for a period is sent, the activities it
counted must not change under it (domain.md §5; the report is an immutable version).

Activity owns the fact (`ClosedWindow`); the report services write it through `close_window` when a report is
sent and `reopen_window` when it is returned, so activity never asks reports. Every write to activities and their
evidence calls `require_unlocked` / `locked_reason`. A report sent before its cut-off counted only the days up to
the day it was sent, so only those are closed: activities dated later in the period stay open and are listed on
the report page as arising after it was sent, until a return and a new submission.
"""

from datetime import date

from django.utils.translation import gettext as _

from loa.core.errors import DomainError
from loa.core.labels import report_title
from loa.org.models import OrgUnit
from loa.org.tree import ancestors_q, in_any_subtree

from .models import Activity, ClosedWindow


def close_window(*, unit: OrgUnit, period: str, start: date, end: date, excluded_paths: list[str]) -> None:
    """Close `start`..`end` of `unit` (and below it, except `excluded_paths`): its report for `period` was sent.
    Called inside the report service's transaction."""
    ClosedWindow.objects.update_or_create(
        unit=unit, period=period, defaults={"start": start, "end": end, "excluded_paths": excluded_paths}
    )


def reopen_window(*, unit: OrgUnit, period: str) -> None:
    """The report of `unit` for `period` was returned: its days are open again until it is sent anew."""
    ClosedWindow.objects.filter(unit=unit, period=period).delete()


def closing_window(unit: OrgUnit, day: date) -> ClosedWindow | None:
    """The window that closes activities of `unit` dated `day` (the unit's own or an ancestor's that still
    counted the unit), or None."""
    candidates = ClosedWindow.objects.filter(
        ancestors_q(unit, field="unit__path"), start__lte=day, end__gte=day
    ).select_related("unit")
    for window in candidates.order_by("-unit__depth", "start"):
        if not in_any_subtree(unit, window.excluded_paths):
            return window
    return None


def locked_reason(unit: OrgUnit, day: date) -> str | None:
    """Why activities of `unit` dated `day` cannot change (the sent report named), or None."""
    window = closing_window(unit, day)
    if window is None:
        return None
    return _("Kỳ này đã khóa vì báo cáo «%(report)s» đã gửi; muốn sửa, hãy đề nghị trả lại báo cáo.") % {
        "report": report_title(window.period, window.unit.name)
    }


def require_unlocked(activity: Activity, *, day: date | None = None) -> None:
    for when in filter(None, {activity.date, day}):
        reason = locked_reason(activity.unit, when)
        if reason:
            raise DomainError(reason)
