"""A real `loa db_worker` killed with SIGKILL in the middle of the daily run (a throwaway SQLite file of its
own, processes like production's): the next day's run is still queued, `loa reminders schedule` retries
the killed run, and nobody receives a notice twice."""

import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HELPER = [sys.executable, "-m", "loa.activity.tests.killed_worker"]
LOA = [sys.executable, "-m", "loa"]


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _state(env: dict[str, str]) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(_run([*HELPER, "count"], env).strip().splitlines()[-1])
    return state


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_worker_killed_mid_run_leaves_the_chain_and_no_duplicates(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'loa.sqlite3'}",
        "LOA_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOA_REMINDER_RETRY_MINUTES": "0",  # the killed run counts as dead at once
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the test settings would point at the test database
    _run([*LOA, "migrate", "-v0"], env)
    _run([*HELPER, "setup"], env)

    worker = subprocess.Popen([*HELPER, "worker"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert worker.stdout is not None
        ready, _w, _x = select.select([worker.stdout], [], [], 120)
        assert ready, "the worker never reached the middle of the run"
        assert worker.stdout.readline().strip() == "hanging"  # task reminders sent, stuck in the report ones
        killed = _state(env)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    # The plan's issue notice, the overdue and the due-soon task: to the editor and the leader.
    assert killed["notices"] == 6
    assert "RUNNING" in killed["status"] and killed["future"] == 1  # tomorrow was queued before the work

    after_kill = _state(env)
    assert after_kill["status"].count("RUNNING") == 1  # django-tasks-db never clears it by itself
    _run([*LOA, "reminders", "schedule"], env)  # before a worker starts again, as `make run` does
    _run([*LOA, "db_worker", "--batch", "--no-reload", "-v0"], env)
    final = _state(env)
    assert final["notices"] == 6 and final["duplicates"] == 0
    assert "RUNNING" not in final["status"] and "SUCCESSFUL" in final["status"]
    assert final["future"] >= 1
