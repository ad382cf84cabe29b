"""Deadline reminders: who hears, when, once; the daily job schedules itself."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client, override_settings

from loa.activity.reminders import send_reminders
from loa.activity.tasks import daily_reminders, next_run, schedule_reminders
from loa.notify.models import Notification
from loa.org.scope import SYSTEM

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
