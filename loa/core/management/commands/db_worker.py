"""`loa db_worker`: django-tasks-db's worker, plus the sweep of loa/core/jobs.py at start and every
LOA_WORKER_SWEEP_SECONDS (jobs a killed worker left RUNNING run again; the daily reminders stay queued).
It overrides django_tasks_db's command of the same name (loa.core comes first in INSTALLED_APPS)."""

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from loa.core.commands import require_migrated
from loa.core.jobs import sweep

log = logging.getLogger(__name__)


def _sweep_forever(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            sweep()
        except Exception:  # a locked or unreachable database now: try again next time, never stop sweeping
            log.exception("worker sweep failed")
        finally:
            connection.close()  # this thread's own connection


class Command(WorkerCommand):
    help = "Run the background worker (jobs left running by a killed worker are run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        require_migrated()
        sweep()
        if not options.get("batch"):
            stop = threading.Event()
            thread = threading.Thread(
                target=_sweep_forever, args=(stop, settings.LOA_WORKER_SWEEP_SECONDS), daemon=True, name="loa-sweep"
            )
            thread.start()
        super().handle(*args, **options)
