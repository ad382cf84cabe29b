"""Background jobs that survive a killed worker (django-tasks with the django-tasks-db backend).

django-tasks-db marks a job RUNNING when a worker claims it and never looks at it again: a worker killed
with SIGKILL (or a machine that lost power) leaves the row RUNNING for ever, and the job never runs. Loa's
`db_worker` (loa/core/management/commands/db_worker.py) therefore sweeps when it starts and every
LOA_WORKER_SWEEP_SECONDS while it runs:
1. the apps' own sweeps first (`register_sweep`): the daily reminders retry their own runs and make sure the
   next one is queued (loa/reports/tasks.py);
2. then any job still RUNNING LOA_TASK_STALE_MINUTES after it started is taken as lost: queued again (READY)
   while it has been tried fewer than LOA_TASK_MAX_ATTEMPTS times (each claim adds a worker id), otherwise
   marked FAILED. Jobs must be safe to run twice (Loa's are: notices have keys, exports rewrite their file).
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

log = logging.getLogger(__name__)

_sweeps: list[Callable[[], object]] = []

WORKER_LOST = "loa.core.jobs.WorkerLost"


class WorkerLost(Exception):
    """The worker running a job stopped before the job finished (killed, or the machine went down)."""


def register_sweep(sweep: Callable[[], object]) -> None:
    """Run `sweep` whenever the worker sweeps (apps call this from AppConfig.ready)."""
    if sweep not in _sweeps:
        _sweeps.append(sweep)


def recover_stale_tasks(now: datetime | None = None) -> tuple[int, int]:
    """Requeue (or give up on) jobs left RUNNING by a dead worker; returns (requeued, failed)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.LOA_TASK_STALE_MINUTES)
    requeued = failed = 0
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update().filter(status="RUNNING", started_at__lt=cutoff)
        for row in stale:
            if len(row.worker_ids or []) < settings.LOA_TASK_MAX_ATTEMPTS:
                row.status = "READY"
                row.save(update_fields=["status"])
                requeued += 1
            else:
                row.status = "FAILED"
                row.finished_at = now
                row.exception_class_path = WORKER_LOST
                row.traceback = "The worker running this task stopped before it finished (killed or lost)."
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                failed += 1
    if requeued or failed:
        log.warning("jobs left running by a lost worker: %s queued again, %s given up", requeued, failed)
    return requeued, failed


def sweep() -> None:
    """Everything the worker does at start and periodically; one failing sweep does not stop the others."""
    for app_sweep in _sweeps:
        try:
            app_sweep()
        except Exception:
            log.exception("worker sweep %s failed", getattr(app_sweep, "__qualname__", app_sweep))
    recover_stale_tasks()
