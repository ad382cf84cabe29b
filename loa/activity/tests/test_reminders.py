"""Deadline reminders: who hears, when, once; the daily job schedules itself."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings

from loa.activity.reminders import send_reminders
from loa.notify.models import Notification
from loa.org.scope import SYSTEM
from loa.reports.tasks import daily_reminders, next_run, schedule_reminders

from .conftest import YEAR, record


def test_due_soon_and_overdue_notices_reach_the_units_officers_once(world, progress_plan):
    _plan, (t1, t2, _t3), _copy = progress_plan
    editor, leader, viewer = world.users["editor"], world.users["leader"], world.users["viewer"]
    Notification.objects.all().delete()
    mail.outbox.clear()
    # 24/06: T1 (all communes, due 30/06) is 6 days away; T2 (due 31/03) is 85 days late.
    run = send_reminders(today=date(YEAR, 6, 24), days=7)
    mine = Notification.objects.filter(user=editor)
    titles = sorted(n.title for n in mine)
    assert any(t.startswith("Còn 6 ngày: Đăng tin CCHC") for t in titles)
    assert any(t.startswith("Quá hạn 85 ngày: Niêm yết TTHC") for t in titles)
    assert Notification.objects.filter(user=leader, key__startswith=f"task:{t2.pk}:").exists()
    assert not Notification.objects.filter(user=viewer).exists()  # viewers are not asked to act
    body = mine.get(key__startswith=f"task:{t1.pk}:").body
    assert "đến hạn ngày 30/06/2026" in body and "Đã thực hiện 0/4 tin" in body
    assert run.notices == Notification.objects.count() and run.overdue > 0 and run.due_soon > 0
    assert any(editor.email in m.to for m in mail.outbox)
    # The same day again, or the next day: nothing new. A week later: the overdue notice repeats.
    count = Notification.objects.count()
    assert send_reminders(today=date(YEAR, 6, 24), days=7).notices == 0
    assert send_reminders(today=date(YEAR, 6, 25), days=7).notices == 0
    assert Notification.objects.count() == count
    week_later = send_reminders(today=date(YEAR, 7, 1), days=7)
    assert Notification.objects.filter(user=editor, key__startswith=f"task:{t2.pk}:").count() == 2
    assert week_later.notices > 0


def test_done_tasks_are_not_reminded(world, progress_plan):
    _plan, (_t1, t2, _t3), _copy = progress_plan
    record(SYSTEM, world.commune, day=date(YEAR, 3, 1), quantity=1, tasks=[t2])
    Notification.objects.all().delete()
    send_reminders(today=date(YEAR, 6, 24), days=7)
    assert not Notification.objects.filter(key__startswith=f"task:{t2.pk}:").exists()


def test_notices_page_shows_only_mine_and_marks_read(world, progress_plan):
    Notification.objects.all().delete()
    send_reminders(today=date(YEAR, 6, 24), days=7)
    client = Client()
    client.force_login(world.users["editor"])
    page = client.get("/notifications/").content.decode()
    assert "Còn 6 ngày: Đăng tin CCHC" in page and 'class="count"' in page
    other = Client()
    other.force_login(world.users["foreign"])
    assert "Đăng tin CCHC" not in other.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=world.users["editor"], read_at__isnull=True).exists()


@override_settings(LOA_REMINDER_HOUR=7, TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_daily_job_schedules_its_next_run_once(db):
    from django_tasks_db.models import DBTaskResult

    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    assert next_run(datetime(2026, 5, 4, 6, 0, tzinfo=tz)) == datetime(2026, 5, 4, 7, 0, tzinfo=tz)
    assert next_run(datetime(2026, 5, 4, 7, 0, tzinfo=tz)) == datetime(2026, 5, 5, 7, 0, tzinfo=tz)
    DBTaskResult.objects.all().delete()
    assert schedule_reminders() is not None
    assert schedule_reminders() is None  # one waiting run is enough
    waiting = DBTaskResult.objects.get(task_path=daily_reminders.module_path)
    assert waiting.status == "READY" and waiting.run_after.astimezone(tz).hour == 7

    # Twenty minutes before the hour the next run is close, and still the one waiting: the worker's sweep (every few
    # minutes) queued another each time before.
    DBTaskResult.objects.all().delete()
    with time_machine.travel(datetime(2026, 5, 4, 6, 40, tzinfo=tz), tick=False):
        assert schedule_reminders() is not None
        assert schedule_reminders() is None and schedule_reminders() is None
    assert DBTaskResult.objects.filter(task_path=daily_reminders.module_path).count() == 1


def _daily_rows():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=daily_reminders.module_path)


def _future_runs():
    from django.utils import timezone

    return _daily_rows().filter(status="READY", run_after__gt=timezone.now())


@pytest.fixture
def work(monkeypatch):
    """`loa db_worker --batch` in this process. The worker closes "old" connections each loop, which on
    PostgreSQL would close the test's own transaction: that one call is neutralised, nothing else."""
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", batch=True, verbosity=0)


def _no_duplicates() -> None:
    from django.db.models import Count

    assert not Notification.objects.values("user", "key").annotate(n=Count("pk")).filter(n__gt=1).exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_run_that_dies_mid_way_is_retried_without_repeats_and_the_chain_goes_on(
    world, progress_plan, monkeypatch, work
):
    """The run raises after the task reminders went out (as a worker dying half-way would leave them):
    the next day's run is already queued, the retry sends only what was missing, and nobody hears twice."""
    from loa.notify.services import set_delivery
    from loa.reports.reminders import send_report_reminders as real
    from loa.reports.tasks import recover_reminders, run_reminders

    _daily_rows().delete()
    Notification.objects.all().delete()
    set_delivery(actor=world.users["editor"], delivery="digest")
    mail.outbox.clear()

    def dies(**_kwargs):
        raise RuntimeError("worker lost half-way")

    monkeypatch.setattr("loa.reports.tasks.send_report_reminders", dies)
    daily_reminders.enqueue()
    work()
    (failed,) = _daily_rows().filter(status="FAILED")
    assert _future_runs().count() == 1  # queued before the run died: tomorrow still happens
    task_notices = Notification.objects.filter(key__startswith="task:").count()
    assert task_notices > 0
    assert not [m for m in mail.outbox if world.users["editor"].email in m.to]  # died before the digest

    monkeypatch.setattr("loa.reports.tasks.send_report_reminders", real)
    assert recover_reminders() == 1 and recover_reminders() == 0  # one retry per failed run
    work()
    retry = _daily_rows().get(args_kwargs__kwargs__retry_of=str(failed.pk))
    assert retry.status == "SUCCESSFUL" and retry.return_value["notices"] == 0  # task notices not repeated
    assert Notification.objects.filter(key__startswith="task:").count() == task_notices
    assert "report_notices" in retry.return_value  # the rest of the run was done
    digests = [m for m in mail.outbox if world.users["editor"].email in m.to]
    assert len(digests) == 1 and "Quá hạn" in digests[0].body  # the digest went out, once
    _no_duplicates()
    assert _future_runs().count() == 1  # still exactly one next run
    again = run_reminders()  # a third run the same day adds nothing
    assert again["notices"] == 0 and again["report_notices"] == 0 and again["digest_notices"] == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, LOA_REMINDER_RETRY_MINUTES=30)
def test_a_run_left_running_by_a_killed_worker_is_retried_by_schedule(world, progress_plan, work):
    """SIGKILL leaves django-tasks-db's row RUNNING for ever; `loa reminders schedule` (and the check the
    run queued for itself) takes it as dead after LOA_REMINDER_RETRY_MINUTES and runs it again."""
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    _daily_rows().delete()
    Notification.objects.all().delete()
    daily_reminders.enqueue()
    _daily_rows().update(status="RUNNING", started_at=timezone.now() - timedelta(minutes=5), worker_ids=["killed"])
    call_command("reminders", "schedule", verbosity=0)
    assert _daily_rows().filter(status="RUNNING").count() == 1  # 5 minutes: maybe still working, left alone
    assert _future_runs().count() == 1
    _daily_rows().filter(status="RUNNING").update(started_at=timezone.now() - timedelta(minutes=31))
    call_command("reminders", "schedule", verbosity=0)
    call_command("reminders", "schedule", verbosity=0)  # twice: still one retry, one future run
    assert _daily_rows().filter(status="FAILED").count() == 1
    work()
    assert _daily_rows().filter(status="SUCCESSFUL").count() == 1
    first = Notification.objects.count()
    assert first > 0
    _no_duplicates()
    assert _future_runs().count() == 1
    # Duplicate future runs (two schedulers racing before the lock existed) are folded into one.
    daily_reminders.using(run_after=timezone.now() + timedelta(days=1)).enqueue()
    call_command("reminders", "schedule", verbosity=0)
    assert _future_runs().count() == 1
