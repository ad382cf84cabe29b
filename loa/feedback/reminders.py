"""The daily job's part for feedback: remind each item's handlers once when its answer is due within the province's
reminder days and once when it is overdue; then erase the contact details kept past the retention period."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.notify.services import notify
from loa.org.tree import province_path

from .catalog import OPEN
from .models import Feedback
from .rules import rules_by_province
from .services import erase_expired_contacts, handlers


@dataclass(frozen=True)
class FeedbackRun:
    due: int = 0  # reminders that a deadline is near
    overdue: int = 0  # notices that it passed
    erased: int = 0  # items whose contact details were erased


def send_feedback_reminders(*, today: date | None = None) -> FeedbackRun:
    """Idempotent: each notice has a key (item, deadline), so a second run the same day sends nothing again."""
    today = today or timezone.localdate()
    items = list(Feedback.objects.filter(status__in=OPEN).select_related("unit", "unit__parent"))
    rules = rules_by_province({province_path(i.unit) for i in items})
    due = overdue = 0
    for item in items:
        days_left = (item.answer_by - today).days
        url = reverse("feedback:detail", args=[item.pk])
        if days_left < 0:
            title = _("Phản ánh, kiến nghị %(code)s đã quá hạn trả lời (hạn %(d)s)") % {
                "code": item.code,
                "d": item.answer_by.strftime("%d/%m/%Y"),
            }
            overdue += bool(
                notify(handlers(item.unit), key=f"feedback:{item.pk}:overdue:{item.answer_by}", title=title, url=url)
            )
        elif days_left <= rules[province_path(item.unit)].remind_days:
            title = _("Phản ánh, kiến nghị %(code)s cần trả lời trước ngày %(d)s") % {
                "code": item.code,
                "d": item.answer_by.strftime("%d/%m/%Y"),
            }
            due += bool(
                notify(handlers(item.unit), key=f"feedback:{item.pk}:due:{item.answer_by}", title=title, url=url)
            )
    return FeedbackRun(due, overdue, erase_expired_contacts(today=today))
