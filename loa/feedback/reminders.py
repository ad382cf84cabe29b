"""The daily job's part for feedback: remind each item's handlers once when its answer is due within the province's
reminder days and once when it is overdue; then erase the contact details kept past the retention period."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.workdays import working_days_between
from loa.notify.services import notify
from loa.org.models import User
from loa.org.tree import province_path

from .catalog import OPEN, FeedbackStatus
from .models import Feedback
from .rules import rules_by_province
from .services import erase_expired_contacts, handlers


@dataclass(frozen=True)
class FeedbackRun:
    due: int = 0  # reminders that a deadline is near
    overdue: int = 0  # notices that it passed
    erased: int = 0  # items whose contact details were erased


def send_feedback_reminders(*, today: date | None = None) -> FeedbackRun:
    """Idempotent: each notice has a key (item, deadline), so a second run the same day sends nothing again. The
    reminder days count working days, as the deadlines do; an item neither taken on nor passed on by the deadline
    to pass it on is reminded once as well."""
    today = today or timezone.localdate()
    items = list(Feedback.objects.filter(status__in=OPEN).select_related("unit", "unit__parent"))
    rules = rules_by_province({province_path(i.unit) for i in items})
    people: dict[int, list[User]] = {}  # the handlers of each unit, asked once per run

    def tell(item: Feedback, key: str, title: str) -> bool:
        if item.unit_id not in people:
            people[item.unit_id] = handlers(item.unit)
        url = reverse("feedback:detail", args=[item.pk])
        return bool(notify(people[item.unit_id], key=f"feedback:{item.pk}:{key}", title=title, url=url))

    due = overdue = 0
    for item in items:
        deadline = item.answer_by.strftime("%d/%m/%Y")
        if item.answer_by < today:
            title = _("Phản ánh, kiến nghị %(code)s đã quá hạn trả lời (hạn %(d)s)") % {
                "code": item.code,
                "d": deadline,
            }
            overdue += tell(item, f"overdue:{item.answer_by}", title)
            continue
        if item.status == FeedbackStatus.RECEIVED and item.forward_by < today:
            title = _("Phản ánh, kiến nghị %(code)s chưa được nhận xử lý hoặc chuyển đơn vị có thẩm quyền") % {
                "code": item.code
            }
            overdue += tell(item, f"waiting:{item.forward_by}", title)
        if working_days_between(today, item.answer_by) <= rules[province_path(item.unit)].remind_days:
            title = _("Phản ánh, kiến nghị %(code)s cần trả lời trước ngày %(d)s") % {"code": item.code, "d": deadline}
            due += tell(item, f"due:{item.answer_by}", title)
    return FeedbackRun(due, overdue, erase_expired_contacts(today=today))
