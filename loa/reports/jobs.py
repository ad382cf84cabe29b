"""Batch export of a period's reports as one ZIP: a background task that records its progress.

The page polls the job (htmx) and offers the file when done; the CLI builds the same ZIP in the
foreground and prints its progress.
"""

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_tasks import task

from loa.core.errors import DomainError, NotFound
from loa.core.exports import export_for
from loa.core.periods import Period, require_period
from loa.org.models import OrgUnit
from loa.org.scope import Actor, can_receive, out_of_reach, require_receiver

from .catalog import FROZEN
from .document import EXPORTS, reports_zip
from .models import ExportJob, Report
from .regimes import expected_reporters, terms_for
from .selectors import ReportState, build_state

BATCH_FORMATS = tuple(EXPORTS)


def batch_states(recipient: OrgUnit, period: Period) -> list[ReportState]:
    """The submitted or accepted reports of the recipient's reporters, as frozen, in tree order."""
    reporters = expected_reporters(recipient, period)
    reports = (
        Report.objects.filter(unit__in=reporters, period=period.id, status__in=FROZEN)
        .select_related("unit", "recipient")
        .order_by("unit__path")
    )
    return [build_state(r.unit, period, terms_for(r.unit, period), r) for r in reports]


def start_export(*, actor: Actor, recipient: OrgUnit, period: Period, fmt: str) -> ExportJob:
    require_receiver(actor, recipient)
    try:
        export_for(EXPORTS, fmt)
    except NotFound as missing:  # a field of the request, not a page: the request is wrong (400), not missing
        raise DomainError(missing.message) from None
    user: Any = actor if getattr(actor, "pk", None) else None
    job = ExportJob.objects.create(recipient=recipient, period=period.id, fmt=fmt, requested_by=user)
    build_export.enqueue(job.pk)
    return job


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


def export_job_get(*, actor: Actor, pk: int) -> ExportJob:
    job = ExportJob.objects.select_related("recipient").filter(pk=pk).first()
    if job is None or not can_receive(actor, job.recipient):
        raise out_of_reach()
    return job


def recent_jobs(recipient: OrgUnit, period: Period) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(recipient=recipient, period=period.id)[:5]
