"""The daily reminder job (django-tasks, database backend; `loa db_worker` runs it).

It runs at LOA_REMINDER_HOUR local time and sends the task deadline reminders (activity), the report
deadline reminders (here) and then the notice digests (notify): it lives in reports, the highest of the three.
`loa reminders run` calls the same `send_all`. Surviving a killed worker:
- each run queues the next day's run *before* doing any work, so a run that dies cannot end the chain;
  `schedule_reminders` keeps exactly one future run waiting (and `loa reminders schedule`, run at
  deploy and before the worker starts, calls it too);
- django-tasks-db leaves the row of a task whose worker was killed (SIGKILL, power loss) RUNNING for
  ever, and marks a task that raised FAILED. Each run also queues a check for LOA_REMINDER_RETRY_MINUTES
  later; the check (and `schedule_reminders`) marks a run still RUNNING after that long as FAILED, and
  queues a retry now for every failed run not retried yet, up to MAX_ATTEMPTS per day's run;
- running twice sends nothing twice: every notice has a key, unique per user (notify.Notification).
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from loa.activity.reminders import ReminderRun, send_reminders
from loa.core.jobs import WORKER_LOST
from loa.feedback.reminders import FeedbackRun, send_feedback_reminders
from loa.notify.services import DigestRun, send_digests

from .holidays import propose_ahead
from .reminders import ReportReminderRun, send_report_reminders

MAX_ATTEMPTS = 3  # the first run and two retries


@task()
def daily_reminders(attempt: int = 1, retry_of: str = "") -> dict[str, int]:
    # Queue the next day's run (and the check on this one) first: dying below must not end the chain.
    # No recovery here: this very run is RUNNING, and only the check or `loa reminders schedule` judge it.
    schedule_reminders(recover=False)
    check_reminders.using(run_after=timezone.now() + _stale_after()).enqueue()
    return run_reminders()


@task()
def check_reminders() -> dict[str, int]:
    """Retry a daily run that a killed worker left RUNNING, or that failed."""
    return {"retries": recover_reminders()}


@dataclass(frozen=True)
class Sent:
    """What one run sent: task reminders, report reminders, digests."""

    tasks: ReminderRun
    reports: ReportReminderRun
    digests: DigestRun
    feedback: FeedbackRun  # citizens' feedback due or overdue, contacts erased
    holidays: int = 0  # next year's holidays proposed (from 1 October, once)


def send_all(*, today: date | None = None, days: int | None = None) -> Sent:
    """Everything the daily run sends, in order; idempotent (notice keys), so a retry repeats nothing. Next year's
    holidays are proposed first when it is time (`holidays.propose_ahead`), so January's deadlines skip Tết."""
    holidays = propose_ahead(today)
    tasks = send_reminders(today=today, days=days)
    reports = send_report_reminders(today=today, days=days)
    feedback = send_feedback_reminders(today=today)
    digests = send_digests()  # last: the day's notices above go into the digests
    return Sent(tasks=tasks, reports=reports, digests=digests, feedback=feedback, holidays=holidays)


def run_reminders() -> dict[str, int]:
    """The daily run's result as the task result stores it."""
    sent = send_all()
    return {
        **asdict(sent.tasks),
        **{f"report_{k}": v for k, v in asdict(sent.reports).items()},
        **{f"digest_{k}": v for k, v in asdict(sent.digests).items()},
        "holidays_proposed": sent.holidays,
        **{f"feedback_{k}": v for k, v in asdict(sent.feedback).items()},
    }


def next_run(now: datetime | None = None) -> datetime:
    """The next LOA_REMINDER_HOUR o'clock, local time, strictly after `now`."""
    now = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(now.date(), time(settings.LOA_REMINDER_HOUR)))
    return at if at > now else at + timedelta(days=1)


def _stale_after() -> timedelta:
    return timedelta(minutes=settings.LOA_REMINDER_RETRY_MINUTES)


def _runs() -> Any:
    return DBTaskResult.objects.filter(task_path=daily_reminders.module_path)


@transaction.atomic
def schedule_reminders(now: datetime | None = None, *, recover: bool = True) -> datetime | None:
    """Make sure exactly one future daily run waits (retrying killed runs first); returns when a new one
    was queued, None when one was already waiting."""
    now = now or timezone.now()
    if recover:
        recover_reminders(now)
    # Lock the waiting rows: two workers starting together must not both queue tomorrow's run. Any run still to
    # come counts, however soon: within LOA_REMINDER_RETRY_MINUTES of the hour, every sweep used to queue another.
    waiting = list(_runs().select_for_update().filter(status="READY", run_after__gt=now).order_by("run_after"))
    if waiting:
        extra = [r.pk for r in waiting[1:]]
        if extra:
            _runs().filter(pk__in=extra).delete()
        return None
    when = next_run(now)
    daily_reminders.using(run_after=when).enqueue()
    return when


def ensure_reminders() -> None:
    """The worker's sweep (loa.core.jobs): retry killed or failed daily runs and keep the next one queued, so the
    chain goes on whatever happened to the last run, even if nobody ran `loa reminders schedule`."""
    schedule_reminders()


def recover_reminders(now: datetime | None = None) -> int:
    """Mark daily runs RUNNING for longer than LOA_REMINDER_RETRY_MINUTES as failed (their worker died),
    and queue one retry, to run now, for each failed run not yet retried. Returns the retries queued."""
    now = now or timezone.now()
    stale = _runs().filter(status="RUNNING", started_at__lt=now - _stale_after())
    stale.update(
        status="FAILED",
        finished_at=now,
        exception_class_path=WORKER_LOST,
        traceback="The worker running this task stopped before it finished (killed or lost).",
    )
    retried = 0
    since = now - timedelta(days=1)
    for failed in _runs().filter(status="FAILED", finished_at__gte=since).order_by("finished_at"):
        kwargs = (failed.args_kwargs or {}).get("kwargs", {})
        attempt = int(kwargs.get("attempt", 1))
        if attempt >= MAX_ATTEMPTS or _runs().filter(args_kwargs__kwargs__retry_of=str(failed.pk)).exists():
            continue
        daily_reminders.using(run_after=now).enqueue(attempt=attempt + 1, retry_of=str(failed.pk))
        retried += 1
    return retried
