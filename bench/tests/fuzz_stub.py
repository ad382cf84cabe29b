"""Importers that fail on purpose, for the test that proves the fuzzer reports every kind of crash.

Calls are counted in a file of the run's directory, shared by the workers and their replacements (a worker
that aborts starts again from nothing), so every kind of failure comes round whatever the restarts."""

import fcntl
import os
import time
from pathlib import Path
from typing import Any

from bench.fuzz.targets import IMPORTERS, Target

warm_up = len(IMPORTERS)  # the worker's warm-up calls each importer once before the caps are set


def _count() -> int:
    with (Path(os.environ["LOA_VAR_DIR"]) / "stub-calls").open("a+") as counter:
        fcntl.flock(counter, fcntl.LOCK_EX)
        counter.seek(0)
        calls = int(counter.read() or 0) + 1
        counter.seek(0)
        counter.truncate()
        counter.write(str(calls))
    return calls


def _bad(data: bytes) -> Any:
    global warm_up
    if warm_up > 0:
        warm_up -= 1
        return len(data)
    step = _count() % 25
    if step == 3:
        missing: dict[str, int] = {}
        return missing["key"]  # an exception that is not the importer's DomainError
    if step == 8:
        os.abort()  # a native reader aborting the process
    if step == 13:
        while True:  # past the CPU-time cap
            pass
    if step == 18:
        return bytearray(2**30)  # past the memory cap
    if step == 23:
        time.sleep(3600)  # stuck without using CPU: only the watchdog sees it
    return len(data)


def load_targets() -> dict[str, Target]:
    return dict.fromkeys(IMPORTERS, _bad)
