"""Reports already sent close their window in activity's own table (activity.ClosedWindow), which the report
services now write, instead of activity asking reports. Self-contained: no import of live code."""

from django.db import migrations

FROZEN = ("submitted", "accepted")


def forward(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    ClosedWindow = apps.get_model("activity", "ClosedWindow")
    sent = Report.objects.filter(status__in=FROZEN).values_list(
        "unit_id", "period", "window_start", "window_end", "excluded_paths"
    )
    ClosedWindow.objects.bulk_create(
        [
            ClosedWindow(unit_id=unit, period=period, start=start, end=end, excluded_paths=list(excluded or []))
            for unit, period, start, end, excluded in sent.iterator()
        ],
        batch_size=1000,
    )


def backward(apps, schema_editor):
    apps.get_model("activity", "ClosedWindow").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_daily_reminders_moved"),
        ("activity", "0006_closed_window"),
    ]

    operations = [migrations.RunPython(forward, backward)]
