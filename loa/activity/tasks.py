"""Background jobs (django-tasks, database backend; `loa db_worker` runs them).

The reminder job is daily (task and report deadlines): each run schedules the next one for
LOA_REMINDER_HOUR local time, and
`loa reminders schedule` (run by `make run` and at deploy) starts the chain if nothing is waiting.
"""

from dataclasses import asdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .reminders import send_reminders


@task()
def daily_reminders() -> dict[str, int]:
    from loa.reports.reminders import send_report_reminders

    run = send_reminders()
    reports = send_report_reminders()
    schedule_reminders()
    return {**asdict(run), **{f"report_{k}": v for k, v in asdict(reports).items()}}


def next_run(now: datetime | None = None) -> datetime:
    """The next LOA_REMINDER_HOUR o'clock, local time, strictly after `now`."""
    now = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(now.date(), time(settings.LOA_REMINDER_HOUR)))
    return at if at > now else at + timedelta(days=1)


def schedule_reminders(now: datetime | None = None) -> datetime | None:
    """Queue the next daily run unless one is already waiting; returns when it will run."""
    waiting = DBTaskResult.objects.filter(task_path=daily_reminders.module_path, status="READY")
    if waiting.exists():
        return None
    when = next_run(now)
    daily_reminders.using(run_after=when).enqueue()
    return when
