"""The batch export's background task (one ZIP of a period's reports, recording its progress) and the worker's
sweep for exports whose task was lost. Starting an export is `services.export_start`; reading one is in
`selectors`. The page polls the job (htmx) and offers the file when done; the CLI builds the same ZIP in the
foreground and prints its progress.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django_tasks import task

from loa.core.errors import DomainError
from loa.core.periods import require_period

from .exports import reports_zip
from .models import ExportJob
from .selectors import batch_states


@task()
def build_export(job_id: int) -> int:
    job = ExportJob.objects.select_related("recipient").get(pk=job_id)
    period = require_period(job.period)
    job.state = ExportJob.State.RUNNING
    job.save(update_fields=["state"])
    try:
        states = batch_states(job.recipient, period)
        ExportJob.objects.filter(pk=job.pk).update(total=len(states))

        def progress(done: int, total: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(done=done, total=total)

        content = reports_zip(states, job.fmt, progress=progress)
    except DomainError as exc:
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, error=exc.message)
        return 0
    job.refresh_from_db()
    job.file.save(f"bao-cao-{job.period}-{job.recipient.code}.zip", ContentFile(content), save=False)
    job.state = ExportJob.State.DONE
    job.save(update_fields=["file", "state"])
    return job.total


def fail_lost_exports() -> int:
    """The worker's sweep (loa.core.jobs): an export whose job failed (it raised, or its worker died every time
    and the job was given up) says so, instead of showing "Đang xuất" for ever. Returns the exports marked."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(days=7)
    failed = DBTaskResult.objects.filter(task_path=build_export.module_path, status="FAILED", finished_at__gte=since)
    ids = [row.args_kwargs["args"][0] for row in failed if (row.args_kwargs or {}).get("args")]
    return ExportJob.objects.filter(pk__in=ids, state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING]).update(
        state=ExportJob.State.FAILED, error=_("Xuất tệp bị gián đoạn: hãy thử lại.")
    )
