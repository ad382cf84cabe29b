"""One fuzzing worker: capped address space, a CPU-time alarm per input, results one line per input.

Started by the engine as `python -m bench.fuzz.worker RUN_DIR SEED CAP_SECONDS MEMORY_MB` with the
throwaway database in DATABASE_URL; reads "START COUNT" lines, answers
"n<TAB>importer<TAB>outcome<TAB>wall ms<TAB>cpu ms<TAB>peak RSS KB<TAB>detail" per input.
`python -m bench.fuzz.worker --build DIR` builds the world and the samples instead.
"""

import importlib
import logging
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from types import FrameType


class CpuCap(BaseException):
    """The input used its CPU-time cap."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise CpuCap


def _where(error: BaseException) -> str:
    """The innermost frame in Loa's code (else the innermost frame): where a crash of this kind starts."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/loa/" in f.filename and "/site-packages/" not in f.filename]
    if not (ours or frames):
        return "?"
    frame = (ours or frames)[-1]
    path = frame.filename.split("/loa/", 1)[-1] if "/loa/" in frame.filename else Path(frame.filename).name
    return f"{path}:{frame.lineno}"


def _hidden_cap(error: BaseException) -> str | None:
    """A cap hit that a reader turned into its own message (`except Exception: raise DocumentError`)."""
    seen = error.__context__
    while seen is not None:
        if isinstance(seen, MemoryError):
            return "memory"
        if isinstance(seen, CpuCap):
            return "time"
        seen = seen.__context__
    return None


def classify(run: "object", data: bytes, cap: float) -> tuple[str, str]:
    from loa.core.errors import DomainError

    assert callable(run)
    try:
        signal.setitimer(signal.ITIMER_PROF, cap)
        try:
            run(data)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    except CpuCap:
        return "crash", "time-cap"
    except MemoryError:
        return "crash", "memory-cap"
    except DomainError as error:
        hidden = _hidden_cap(error)
        if hidden:
            return "crash", f"{hidden}-cap (hidden by a reader)"
        if error.code == "extractor_failed" and error.__context__ is not None:
            return "net", f"{type(error.__context__).__name__} @ {_where(error.__context__)}"
        return "rejected", ""
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:
        return "crash", f"{type(error).__name__} @ {_where(error)}"
    return "ok", ""


def peak_rss_kb() -> int:
    """This process's own peak resident memory. Not `ru_maxrss`: Linux carries it over a fork and an exec, so a
    worker started by a large process (the test suite, 500 MB after a thousand tests) would report its parent's."""
    try:
        with Path("/proc/self/status").open() as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def serve(run_dir: Path, run_seed: int, cap: float, memory_mb: int) -> None:
    import django

    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    django.setup()
    logging.disable(logging.CRITICAL)  # the extractor logs what its net catches; the fuzzer counts it
    from .cases import make_case, pools
    from .corpus import load
    from .targets import IMPORTERS

    seeds = load(run_dir)
    by_importer = pools(seeds)
    every = [s for group in seeds.values() for s in group]
    targets = importlib.import_module(os.environ.get("LOA_FUZZ_TARGETS", "bench.fuzz.targets")).load_targets()
    for name, target in targets.items():  # import what each importer imports lazily before any cap runs
        classify(target, by_importer[name][0].data, 60.0)
    signal.signal(signal.SIGPROF, _alarm)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        start, count = (int(x) for x in line.split())
        for number in range(start, start + count):
            try:
                case = make_case(run_seed, number, by_importer, every)
            except MemoryError:  # the fuzzer's own fault, not an importer's: said apart, never a crash
                importer = IMPORTERS[number % len(IMPORTERS)]
                out.write(f"{number}\t{importer}\tgenerator\t0\t0\t0\tMemoryError\n")
                out.flush()
                continue
            wall, cpu = time.perf_counter(), time.process_time()
            outcome, detail = classify(targets[case.importer], case.data, cap)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            if outcome != "crash" and cpu > cap:
                outcome, detail = "crash", "time-cap"
            rss = peak_rss_kb()
            out.write(f"{number}\t{case.importer}\t{outcome}\t{wall * 1000:.2f}\t{cpu * 1000:.2f}\t{rss}\t{detail}\n")
            out.flush()
            if detail.startswith("memory"):
                return  # a process that ran out of memory is not trusted further: the engine starts a new one
        out.write("done\n")
        out.flush()


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loa.settings")
    if argv[0] == "--build":
        import django

        django.setup()
        from .corpus import build

        build(Path(argv[1]))
        return
    serve(Path(argv[0]), int(argv[1]), float(argv[2]), int(argv[3]))


if __name__ == "__main__":
    main(sys.argv[1:])
