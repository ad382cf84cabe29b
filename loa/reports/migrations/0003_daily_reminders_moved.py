"""The daily reminder job moved from loa.activity.tasks to loa.reports.tasks: queued runs follow it.

Self-contained (no import of live code): a queued row names its task by its dotted path.
"""

from django.db import migrations

MOVED = {
    "loa.activity.tasks.daily_reminders": "loa.reports.tasks.daily_reminders",
    "loa.activity.tasks.check_reminders": "loa.reports.tasks.check_reminders",
}


def forward(apps, schema_editor):
    rows = apps.get_model("django_tasks_database", "DBTaskResult").objects
    for old, new in MOVED.items():
        rows.filter(task_path=old).update(task_path=new)


def backward(apps, schema_editor):
    rows = apps.get_model("django_tasks_database", "DBTaskResult").objects
    for old, new in MOVED.items():
        rows.filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_signature_request"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forward, backward)]
