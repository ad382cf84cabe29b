"""Helper processes for test_killed_worker.py (run as `python -m loa.activity.tests.killed_worker STEP`),
each against the throwaway database named by DATABASE_URL.

- `setup`: a province, a commune with an editor and a leader, an issued plan with a task overdue and one
  due soon, and the daily run queued to run now;
- `worker`: a real `db_worker` whose report reminders hang (after the task reminders went out), so the
  test can kill it with SIGKILL in the middle of the run;
- `count`: prints the notices, their duplicates and the daily runs by status, as JSON.
"""

import json
import os
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loa.settings")


def setup() -> None:
    from django.utils import timezone

    from loa.org.models import OrgUnit
    from loa.org.scope import SYSTEM
    from loa.org.services import unit_create, user_create
    from loa.plans.services import IssueInput, plan_create, plan_issue
    from loa.plans.tasks_input import TaskInput
    from loa.reports.tasks import daily_reminders

    today = timezone.localdate()
    province = unit_create(actor=SYSTEM, code="99", name="Tỉnh Thử", unit_type="ubnd_tinh", parent=None)
    commune = unit_create(actor=SYSTEM, code="99001", name="Xã Thử", unit_type="ubnd_xa", parent=province)
    for username, role in (("thu.nhaplieu", "editor"), ("thu.lanhdao", "leader")):
        user_create(actor=SYSTEM, username=username, password="Loa-test-2026", role=role, unit=commune)
    plan = plan_create(
        actor=SYSTEM,
        issuer=province,
        year=today.year,
        signer_name="Người Ký",
        tasks=[
            TaskInput(
                title="Đăng tin", lead_unit=commune.code, deadline=today - timedelta(days=3), channel="cong_ttdt"
            ),
            TaskInput(
                title="Phát thanh", lead_unit=commune.code, deadline=today + timedelta(days=2), channel="phat_thanh"
            ),
        ],
    )
    plan_issue(actor=SYSTEM, plan=plan, data=IssueInput(number=1, issued_on=today.replace(month=1, day=1)))
    assert OrgUnit.objects.count() == 2
    daily_reminders.enqueue()


def worker() -> None:
    import loa.reports.tasks

    def hang(**_kwargs: object) -> None:
        print("hanging", flush=True)
        time.sleep(600)

    loa.reports.tasks.send_report_reminders = hang  # type: ignore[attr-defined,assignment]
    from django.core.management import call_command

    call_command("db_worker", interval=0.2, reload=False, verbosity=0)  # one process: SIGKILL kills the worker


def count() -> None:
    from django.db.models import Count
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from loa.notify.models import Notification
    from loa.reports.tasks import daily_reminders

    runs = DBTaskResult.objects.filter(task_path=daily_reminders.module_path)
    now = timezone.now()
    print(
        json.dumps(
            {
                "notices": Notification.objects.count(),
                "duplicates": Notification.objects.values("user", "key")
                .annotate(n=Count("pk"))
                .filter(n__gt=1)
                .count(),
                "status": sorted(runs.values_list("status", flat=True)),
                "future": runs.filter(status="READY", run_after__gt=now).count(),
            }
        )
    )


if __name__ == "__main__":
    import django

    django.setup()
    {"setup": setup, "worker": worker, "count": count}[sys.argv[1]]()
