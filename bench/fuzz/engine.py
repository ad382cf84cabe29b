"""The fuzzing run: two capped workers, a watchdog, crash files to reproduce, and the summary.

A worker that dies (a signal, an abort in a native reader) or stops answering (past three times the
time cap of wall clock) is replaced; the input it was on is recorded as a crash and written to the crash
directory, regenerated from its number (inputs are a function of the run's seed and number).
"""

import heapq
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import corpus
from .cases import Case, make_case, pools
from .targets import IMPORTERS

BATCH = 50


@dataclass
class Options:
    inputs: int | None = None
    seconds: float | None = None
    workers: int = 2
    seed: int = 2026
    # The number of the run's first input: a long run may be done in parts (inputs are a function of the seed and
    # the number alone, so parts [0, n) and [n, m) at one commit are exactly the run [0, m)).
    first: int = 0
    cap_seconds: float = 5.0
    memory_mb: int = 500
    cache_dir: Path = corpus.BASE_DIR / "var" / "fuzz"
    crash_dir: Path | None = None
    hang_seconds: float | None = None  # wall clock without an answer before a worker is killed (default 3× cap, ≥ 15 s)
    targets: str = "bench.fuzz.targets"  # the module whose load_targets() gives the importers (tests swap it)


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    pending: deque[int] = field(default_factory=deque)
    buffer: bytes = b""
    last: float = field(default_factory=time.monotonic)
    ready: bool = False


@dataclass
class _Tally:
    inputs: int = 0
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    crash_kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    nets: Counter[tuple[str, str]] = field(default_factory=Counter)
    crashes: list[dict[str, Any]] = field(default_factory=list)
    slowest: list[tuple[float, int, str, float]] = field(default_factory=list)
    max_ms: Counter[str] = field(default_factory=Counter)
    cpu_ms: dict[str, float] = field(default_factory=dict)
    over_wall: int = 0
    peak_rss_kb: int = 0
    peak_rss_number: int | None = None
    restarts: int = 0


def ensure_world(cache_dir: Path, log: Callable[[str], None]) -> Path:
    """The built world for this code (a database and the samples), built once per key."""
    target = cache_dir / corpus.world_key()
    if (target / "seeds.pickle").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log("Building the fuzzer's world (migrations and the demo, once): about half a minute…")
    building = Path(tempfile.mkdtemp(prefix="build-", dir=cache_dir))
    env = _env(building / "world.sqlite3", building)
    subprocess.run(
        [sys.executable, "-m", "bench.fuzz.worker", "--build", str(building)], env=env, check=True, cwd=corpus.BASE_DIR
    )
    try:
        building.rename(target)
    except OSError:  # another run built it meanwhile
        shutil.rmtree(building, ignore_errors=True)
    return target


def _env(database: Path, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="loa.settings",
        DATABASE_URL=f"sqlite:///{database}",
        LOA_VAR_DIR=str(var_dir),
        LOA_MEDIA_ROOT=str(var_dir / "media"),
        LOA_LOG_LEVEL="CRITICAL",
        LOA_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONHASHSEED="0",
    )
    return env


def run(options: Options, log: Callable[[str], None] = lambda _line: None) -> dict[str, Any]:
    if options.inputs is None and options.seconds is None:
        options.inputs = 10_000
    world = ensure_world(options.cache_dir, log)
    run_dir = Path(tempfile.mkdtemp(prefix="loa-fuzz-"))
    try:
        corpus.copy_world(world, run_dir)
        return _run(options, run_dir, log)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _run(options: Options, run_dir: Path, log: Callable[[str], None]) -> dict[str, Any]:
    seeds = corpus.load(run_dir)
    by_importer, every = pools(seeds), [s for group in seeds.values() for s in group]
    env = _env(run_dir / "world.sqlite3", run_dir)
    env["LOA_FUZZ_TARGETS"] = options.targets
    command = [
        sys.executable,
        "-m",
        "bench.fuzz.worker",
        str(run_dir),
        str(options.seed),
        str(options.cap_seconds),
        str(options.memory_mb),
    ]
    selector = selectors.DefaultSelector()
    tally = _Tally()
    started_at = datetime.now(UTC)
    started = time.monotonic()
    deadline = started + options.seconds if options.seconds is not None else None
    next_number = options.first
    requeued: deque[list[int]] = deque()
    hang_after = options.hang_seconds or max(15.0, options.cap_seconds * 3)

    def spawn() -> _Worker:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=corpus.BASE_DIR)
        assert process.stdout is not None
        os.set_blocking(process.stdout.fileno(), False)
        worker = _Worker(process)
        selector.register(process.stdout, selectors.EVENT_READ, worker)
        return worker

    def more() -> list[int]:
        nonlocal next_number
        if requeued:
            return requeued.popleft()
        if deadline is not None and time.monotonic() >= deadline:
            return []
        limit = options.first + options.inputs if options.inputs is not None else sys.maxsize
        count = min(BATCH, limit - next_number)
        if count <= 0:
            return []
        batch = list(range(next_number, next_number + count))
        next_number += count
        return batch

    def dispatch(worker: _Worker) -> None:
        assert worker.process.stdin is not None
        batch = more()
        if not batch:
            worker.process.stdin.close()
            return
        worker.pending.extend(batch)
        # A requeued batch need not be contiguous from its first number: send it as runs.
        runs: list[tuple[int, int]] = []
        for number in batch:
            if runs and runs[-1][0] + runs[-1][1] == number:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((number, 1))
        worker.process.stdin.write("".join(f"{a} {n}\n" for a, n in runs).encode())
        worker.process.stdin.flush()
        worker.last = time.monotonic()

    def record_crash(number: int, importer: str, kind: str) -> None:
        tally.crash_kinds[(importer, kind)] += 1
        if len(tally.crashes) >= 200:
            return
        case = make_case(options.seed, number, by_importer, every)
        entry: dict[str, Any] = {
            "number": number,
            "importer": importer,
            "kind": kind,
            "seed": case.seed,
            "mutation": case.how,
            "size": len(case.data),
        }
        if options.crash_dir is not None:
            options.crash_dir.mkdir(parents=True, exist_ok=True)
            path = options.crash_dir / f"{importer}-{number}{case.extension}"
            path.write_bytes(case.data)
            entry["file"] = str(path)
        tally.crashes.append(entry)
        log(f"crash: {importer} {kind} (input {number}, {case.how} of {case.seed})")

    def finish(worker: _Worker, kind: str | None) -> None:
        """The worker's output ended or it hung: reap it, record the input it died on (if it did not leave
        cleanly), and hand its unfinished inputs to a new worker."""
        assert worker.process.stdout is not None
        selector.unregister(worker.process.stdout)
        if kind is not None:
            worker.process.kill()
        # The worker reports its own peak after each input; the rusage of wait4 would include the parent's.
        _pid, status = os.waitpid(worker.process.pid, 0)
        code = worker.process.returncode = os.waitstatus_to_exitcode(status)
        if not worker.ready:
            raise RuntimeError("a fuzzing worker failed to start (see its error output above)")
        pending = list(worker.pending)
        if pending and (kind is not None or code != 0):
            number = pending.pop(0)
            reason = kind or (f"killed by {signal.Signals(-code).name}" if code < 0 else f"exited with {code}")
            importer = IMPORTERS[number % len(IMPORTERS)]
            tally.inputs += 1
            tally.outcomes[(importer, "crash")] += 1
            record_crash(number, importer, reason)
        if pending:
            requeued.appendleft(pending)
        workers.remove(worker)
        if requeued or not stopping():
            tally.restarts += 1
            workers.append(spawn())

    def stopping() -> bool:
        over_time = deadline is not None and time.monotonic() >= deadline
        return over_time or (options.inputs is not None and next_number >= options.first + options.inputs)

    workers = [spawn() for _ in range(options.workers)]
    try:
        _loop(workers, selector, tally, options, started, dispatch, finish, record_crash, hang_after, log)
    finally:  # an error of the engine itself leaves no worker behind
        for worker in workers:
            if worker.process.poll() is None:
                worker.process.kill()
                worker.process.wait()
    return summary(tally, options, started_at, time.monotonic() - started, by_importer, every)


def _loop(
    workers: list[_Worker],
    selector: selectors.BaseSelector,
    tally: _Tally,
    options: Options,
    started: float,
    dispatch: Callable[[_Worker], None],
    finish: Callable[[_Worker, str | None], None],
    record_crash: Callable[[int, str, str], None],
    hang_after: float,
    log: Callable[[str], None],
) -> None:
    last_log = started
    while workers:
        ended: list[_Worker] = []
        for key, _events in selector.select(timeout=1.0):
            worker = key.data
            chunk = os.read(key.fd, 65536)
            if not chunk:
                ended.append(worker)
                continue
            worker.buffer += chunk
            *lines, worker.buffer = worker.buffer.split(b"\n")
            for raw in lines:
                worker.last = time.monotonic()
                line = raw.decode()
                if line == "ready":
                    worker.ready = True
                    dispatch(worker)
                elif line != "done":
                    _count(tally, line, options, record_crash)
                    if worker.pending:
                        worker.pending.popleft()
                    if not worker.pending and worker.process.stdin and not worker.process.stdin.closed:
                        dispatch(worker)
        for worker in ended:
            finish(worker, None)
        now = time.monotonic()
        for worker in list(workers):
            if worker.ready and worker.pending and now - worker.last > hang_after:
                finish(worker, f"no answer for {hang_after:.0f} s (hang)")
            elif not worker.ready and now - worker.last > 120:
                raise RuntimeError("a fuzzing worker did not start within 2 minutes")
        if now - last_log > 60:
            last_log = now
            rate = tally.inputs / (now - started)
            log(f"{tally.inputs} inputs, {sum(tally.crash_kinds.values())} crashes, {rate:.0f}/s")


def _count(tally: _Tally, line: str, options: Options, record_crash: Callable[[int, str, str], None]) -> None:
    number_text, importer, outcome, wall_text, cpu_text, rss_text, detail = line.split("\t", 6)
    number, wall, cpu, rss = int(number_text), float(wall_text), float(cpu_text), int(rss_text)
    tally.inputs += 1
    tally.outcomes[(importer, outcome)] += 1
    if rss > tally.peak_rss_kb:
        tally.peak_rss_kb, tally.peak_rss_number = rss, number
    tally.max_ms[importer] = max(tally.max_ms[importer], int(wall))
    tally.cpu_ms[importer] = tally.cpu_ms.get(importer, 0.0) + cpu
    if wall > options.cap_seconds * 1000:
        tally.over_wall += 1
    item = (wall, number, importer, cpu)
    if len(tally.slowest) < 10:
        heapq.heappush(tally.slowest, item)
    elif wall > tally.slowest[0][0]:
        heapq.heapreplace(tally.slowest, item)
    if outcome == "crash":
        record_crash(number, importer, detail)
    elif outcome == "net":
        tally.nets[(importer, detail)] += 1


def summary(
    tally: _Tally, options: Options, started_at: datetime, seconds: float, by_importer: Any, every: Any
) -> dict[str, Any]:
    def described(item: tuple[float, int, str, float]) -> dict[str, Any]:
        wall, number, importer, cpu = item
        case: Case = make_case(options.seed, number, by_importer, every)
        return {
            "number": number,
            "importer": importer,
            "wall_ms": round(wall, 1),
            "cpu_ms": round(cpu, 1),
            "seed": case.seed,
            "mutation": case.how,
            "size": len(case.data),
        }

    per_importer = {
        name: {
            "inputs": sum(n for (i, _o), n in tally.outcomes.items() if i == name),
            **{outcome: tally.outcomes[(name, outcome)] for outcome in ("ok", "rejected", "net", "crash", "generator")},
            "max_ms": tally.max_ms[name],
            "cpu_seconds": round(tally.cpu_ms.get(name, 0.0) / 1000, 1),
        }
        for name in IMPORTERS
    }
    crash_count = sum(tally.crash_kinds.values())
    over_cap = sum(n for (_i, kind), n in tally.crash_kinds.items() if "time" in kind or "hang" in kind)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=corpus.BASE_DIR, check=False
    ).stdout.strip()
    return {
        "started": started_at.isoformat(timespec="seconds"),
        "commit": commit,
        # The machine is shared: the load says how much of its cores the two workers had.
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "seconds": round(seconds, 1),
        "inputs": tally.inputs,
        "inputs_per_second": round(tally.inputs / seconds, 1) if seconds else 0,
        "workers": options.workers,
        "seed": options.seed,
        "input_numbers": [options.first, options.first + tally.inputs],  # first, and one past the last
        "caps": {"cpu_seconds": options.cap_seconds, "address_space_mb": options.memory_mb},
        "crashes": crash_count,
        "crash_kinds": [
            {"importer": i, "kind": k, "count": n}
            for (i, k), n in sorted(tally.crash_kinds.items(), key=lambda x: -x[1])
        ],
        "crash_inputs": tally.crashes,
        "over_time_cap": over_cap,
        "generator_errors": sum(n for (_i, outcome), n in tally.outcomes.items() if outcome == "generator"),
        "over_5s_wall": tally.over_wall,
        "peak_rss_mb": round(tally.peak_rss_kb / 1024, 1),
        "peak_rss_input": described_number(tally.peak_rss_number, options, by_importer, every),
        "slowest": [described(item) for item in sorted(tally.slowest, reverse=True)],
        "importers": per_importer,
        "caught_by_extractor_net": [
            {"importer": i, "kind": k, "count": n} for (i, k), n in sorted(tally.nets.items(), key=lambda x: -x[1])
        ],
        "worker_restarts": tally.restarts,
    }


def described_number(number: int | None, options: Options, by_importer: Any, every: Any) -> dict[str, Any] | None:
    if number is None:
        return None
    case = make_case(options.seed, number, by_importer, every)
    return {
        "number": number,
        "importer": case.importer,
        "seed": case.seed,
        "mutation": case.how,
        "size": len(case.data),
    }


def write_json(result: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    path = directory / f"fuzz-{result['inputs']}-{stamp}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def text_report(result: dict[str, Any]) -> str:
    lines = [
        f"inputs        {result['inputs']:,} in {result['seconds']:,} s ({result['inputs_per_second']:,}/s, "
        f"{result['workers']} workers)",
        f"crashes       {result['crashes']}",
        *(f"  {c['importer']:<11} {c['kind']}: {c['count']}" for c in result["crash_kinds"]),
        f"over the cap  {result['over_time_cap']} (CPU > {result['caps']['cpu_seconds']} s or hung); "
        f"{result['over_5s_wall']} over 5 s of wall clock",
        f"peak memory   {result['peak_rss_mb']} MB RSS "
        f"(address space capped at {result['caps']['address_space_mb']} MB)",
        "slowest",
        *(
            f"  {s['wall_ms']:>9.1f} ms  {s['importer']:<11} {s['mutation']} of {s['seed']} ({s['size']:,} bytes)"
            for s in result["slowest"][:5]
        ),
        "importers",
        *(
            f"  {name:<11} {v['inputs']:>9,} inputs  ok {v['ok']:,}  refused {v['rejected']:,}  crashes {v['crash']}"
            f"  max {v['max_ms']:,} ms"
            for name, v in result["importers"].items()
        ),
    ]
    return "\n".join(lines)
