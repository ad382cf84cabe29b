"""Worker faults (django-tasks-db): a job a killed worker left RUNNING runs again after LOA_TASK_STALE_MINUTES,
the worker's start keeps the daily reminders going whatever happened to the last run, and a second run that
arrives while the first is still sending sends no e-mail twice."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from loa.core.periods import require_period
from loa.org.scope import SYSTEM
from loa.reports.jobs import build_export
from loa.reports.models import ExportJob
from loa.reports.services import report_accept, report_submit, start_export
from loa.reports.tasks import daily_reminders

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def work(monkeypatch):
    """`loa db_worker --batch` in this process. The worker closes "old" connections each loop, which on
    PostgreSQL would close the test's own transaction: that one call is neutralised, nothing else."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", batch=True, verbosity=0)


def _killed(row: Any, minutes: int, workers: int = 1) -> None:
    """What SIGKILL leaves behind: the row claimed by a worker that is gone, `minutes` ago."""
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=minutes),
        worker_ids=[f"killed-{n}" for n in range(workers)],
    )


@override_settings(TASKS=DB_TASKS, LOA_TASK_STALE_MINUTES=30, LOA_TASK_MAX_ATTEMPTS=3)
def test_a_job_a_killed_worker_left_running_runs_again_and_completes(world, work):
    for unit in (world.commune, world.other_commune):
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period="2026Q1"))
    job = start_export(actor=SYSTEM, recipient=world.snv, period=require_period("2026Q1"), fmt="xlsx")
    row = DBTaskResult.objects.get(task_path=build_export.module_path)
    ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.RUNNING)

    _killed(row, minutes=5)
    work()
    row.refresh_from_db()
    assert row.status == "RUNNING"  # 5 minutes: its worker may still be at it, left alone

    _killed(row, minutes=31)
    work()
    row.refresh_from_db()
    job.refresh_from_db()
    assert row.status == "SUCCESSFUL" and row.return_value == 2
    assert job.state == ExportJob.State.DONE and job.file.name.endswith(".zip")

    # A job that killed its worker every time is given up after LOA_TASK_MAX_ATTEMPTS tries, not run for ever.
    again = start_export(actor=SYSTEM, recipient=world.snv, period=require_period("2026Q1"), fmt="xlsx")
    row = DBTaskResult.objects.filter(task_path=build_export.module_path, status="READY").get()
    _killed(row, minutes=31, workers=3)
    work()
    row.refresh_from_db()
    assert row.status == "FAILED" and row.exception_class_path == "loa.core.jobs.WorkerLost"
    work()  # the next sweep tells the export's page
    again.refresh_from_db()
    assert again.state == ExportJob.State.FAILED and "thử lại" in again.error


def _future_daily():
    return DBTaskResult.objects.filter(
        task_path=daily_reminders.module_path, status="READY", run_after__gt=timezone.now()
    )


@override_settings(TASKS=DB_TASKS, LOA_REMINDER_RETRY_MINUTES=30)
def test_the_worker_keeps_the_daily_run_going_whatever_happened_to_the_last(world, progress_plan, work):
    DBTaskResult.objects.all().delete()
    work()  # a worker starting on a database where nothing is queued (nobody ran `loa reminders schedule`)
    assert _future_daily().count() == 1

    # Yesterday's run failed and its next run is gone (say, deleted by hand, or lost with a restored database).
    DBTaskResult.objects.all().delete()
    daily_reminders.enqueue()
    DBTaskResult.objects.update(status="FAILED", finished_at=timezone.now() - timedelta(hours=1))
    work()
    assert _future_daily().count() == 1
    statuses = list(DBTaskResult.objects.filter(task_path=daily_reminders.module_path).values_list("status", flat=True))
    assert statuses.count("SUCCESSFUL") == 1  # the failed run was retried by the worker itself
    work()  # and again: still one next run, no second retry
    assert _future_daily().count() == 1
    assert DBTaskResult.objects.filter(task_path=daily_reminders.module_path, status="SUCCESSFUL").count() == 1


class RacingBackend(EmailBackend):
    """An e-mail backend during whose first digest another daily run starts (a retry of a run thought dead, or
    a second worker): what that run sends is recorded in the same outbox."""

    racing = False

    def send_messages(self, messages):
        if not RacingBackend.racing and any("Tổng hợp" in m.subject for m in messages):
            RacingBackend.racing = True
            from loa.reports.tasks import run_reminders

            run_reminders()
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="loa.activity.tests.test_worker_faults.RacingBackend")
def test_two_runs_of_the_same_day_send_each_notice_and_e_mail_once(world, progress_plan):
    from django.db.models import Count

    from loa.notify.models import Notification
    from loa.notify.services import set_delivery
    from loa.reports.tasks import run_reminders

    digest_users = [world.users["editor"], world.users["leader"]]
    for user in digest_users:
        set_delivery(actor=user, delivery="digest")
    Notification.objects.all().delete()
    mail.outbox.clear()
    RacingBackend.racing = False

    first = run_reminders()
    second = run_reminders()  # and once more after both finished
    assert first["notices"] > 0 and second["notices"] == 0 and second["digest_notices"] == 0
    assert not Notification.objects.values("user", "key").annotate(n=Count("pk")).filter(n__gt=1).exists()
    for user in digest_users:
        digests = [m for m in mail.outbox if user.email in m.to and "Tổng hợp" in m.subject]
        assert len(digests) == 1, [m.subject for m in mail.outbox if user.email in m.to]
        # Every notice of the user went out once: its line is in the one digest, once.
        titles = list(Notification.objects.filter(user=user).values_list("title", flat=True))
        assert titles and all(digests[0].body.count(t) == titles.count(t) for t in titles)
