"""Deadline reminders: the daily job's logic (the job itself is in `tasks.py`).

A unit's officers hear about a task once when its deadline is LOA_REMINDER_DAYS away or closer, and
once a week while it is overdue. `Notification.key` makes the run idempotent: running it twice a
day, or on two workers, sends nothing twice.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loa.core.dates import display_date
from loa.notify.recipients import officers
from loa.notify.services import notify
from loa.org.models import OrgUnit, User
from loa.plans.catalog import PlanStatus

from .progress import ProgressStatus, TaskProgress, progress_tasks, task_progress


@dataclass
class ReminderRun:
    pairs_checked: int = 0
    due_soon: int = 0
    overdue: int = 0
    notices: int = 0


def recipients(unit: OrgUnit) -> list[User]:
    """The unit's editors and leaders (through the scoping layer); a commune section without accounts
    is reached through its commune."""
    return officers(unit)


def send_reminders(*, today: date | None = None, days: int | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    days = settings.LOA_REMINDER_DAYS if days is None else days
    tasks = list(
        progress_tasks()
        .filter(plan__status=PlanStatus.ISSUED, plan__amending=False, deadline__isnull=False)
        .filter(deadline__lte=today + timedelta(days=days))
        .order_by("deadline", "pk")
    )
    run = ReminderRun()
    with translation.override("vi"):
        for row in task_progress(tasks, today=today):
            run.pairs_checked += 1
            if row.status == ProgressStatus.DONE:
                continue
            notice = _notice(row, today)
            if notice is None:
                continue
            key, title, body = notice
            if row.status == ProgressStatus.OVERDUE:
                run.overdue += 1
            else:
                run.due_soon += 1
            url = reverse("activity:tasks") + f"?unit={row.unit.code}"
            run.notices += len(notify(recipients(row.unit), key=key, title=title, body=body, url=url))
    return run


def _notice(row: TaskProgress, today: date) -> tuple[str, str, str] | None:
    task, deadline = row.task, row.task.deadline
    assert deadline is not None
    base = f"task:{task.pk}:unit:{row.unit.pk}"
    plan = task.plan.number_symbol or task.plan.title
    progress = (
        _("Đã thực hiện %(done)s/%(target)s %(measure)s.")
        % {"done": _n(row.achieved), "target": _n(row.target), "measure": task.measure or ""}
        if row.target is not None
        else _("Chưa có hoạt động nào được ghi nhận cho nhiệm vụ này.")
        if not row.activities
        else ""
    )
    if deadline < today:
        late = (today - deadline).days
        title = _("Quá hạn %(days)s ngày: %(task)s") % {"days": late, "task": _short(task.title)}
        body = _("Nhiệm vụ «%(task)s» (kế hoạch %(plan)s) của %(unit)s đã quá hạn ngày %(deadline)s. %(progress)s") % {
            "task": task.title,
            "plan": plan,
            "unit": row.unit.name,
            "deadline": display_date(deadline),
            "progress": progress,
        }
        return f"{base}:overdue:{late // 7}", title, body.strip()
    left = (deadline - today).days
    title = _("Còn %(days)s ngày: %(task)s") % {"days": left, "task": _short(task.title)}
    body = _("Nhiệm vụ «%(task)s» (kế hoạch %(plan)s) của %(unit)s đến hạn ngày %(deadline)s. %(progress)s") % {
        "task": task.title,
        "plan": plan,
        "unit": row.unit.name,
        "deadline": display_date(deadline),
        "progress": progress,
    }
    return f"{base}:due:{deadline.isoformat()}", title, body.strip()


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(value: object) -> str:
    text = f"{value:f}" if value is not None else ""
    return text.rstrip("0").rstrip(".") if "." in text else text
