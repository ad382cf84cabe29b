"""`loa fuzz`: a short run over every importer finds no crash, and a run over importers that crash on purpose
reports each kind (exception, abort, CPU cap, memory cap, hang) with the input saved."""

import os
from pathlib import Path

import pytest

from bench.fuzz.cases import make_case, pools
from bench.fuzz.corpus import load
from bench.fuzz.engine import Options, ensure_world, run
from bench.fuzz.targets import IMPORTERS

CACHE = Path(__file__).resolve().parents[2] / "var" / "fuzz"

# The fuzzer builds a SQLite world of its own whatever the suite's database, so the PostgreSQL pass would only
# repeat the SQLite pass's run (two minutes of CI).
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
    reason="runs in the SQLite pass: the fuzzer's world is SQLite whatever the suite's database",
)


def test_a_short_run_over_every_importer_finds_no_crash(tmp_path: Path) -> None:
    inputs = 225 * len(IMPORTERS)
    result = run(Options(inputs=inputs, workers=2, crash_dir=tmp_path, cache_dir=CACHE))
    assert result["inputs"] == inputs
    assert result["crashes"] == 0, result["crash_kinds"]
    assert result["over_time_cap"] == 0 and 0 < result["peak_rss_mb"] < 500
    for name in IMPORTERS:  # every importer ran, and both read and refused some of its mutated samples
        assert result["importers"][name]["inputs"] == 225
        assert result["importers"][name]["ok"] > 0 and result["importers"][name]["rejected"] > 0
    assert not list(tmp_path.iterdir())


def test_crashing_importers_are_reported_by_kind_with_the_input_saved(tmp_path: Path) -> None:
    options = Options(
        inputs=125,
        workers=2,
        cap_seconds=0.5,
        hang_seconds=2.0,
        crash_dir=tmp_path,
        cache_dir=CACHE,
        targets="bench.tests.fuzz_stub",
    )
    result = run(options)
    kinds = {c["kind"].split(" @ ")[0] for c in result["crash_kinds"]}
    assert {"KeyError", "killed by SIGABRT", "time-cap", "memory-cap", "no answer for 2 s (hang)"} <= kinds
    assert result["inputs"] == 125 and result["crashes"] >= 20 and result["worker_restarts"] >= 12
    # Each crash's input is on disk and is exactly input n of the run: it can be replayed.
    seeds = load(ensure_world(CACHE, print))
    by_importer, every = pools(seeds), [s for group in seeds.values() for s in group]
    for crash in result["crash_inputs"]:
        saved = Path(crash["file"]).read_bytes()
        assert saved == make_case(options.seed, crash["number"], by_importer, every).data


def test_a_workers_peak_memory_is_its_own_not_its_parents() -> None:
    """The short run above failed in the full suite with a peak of 508 MB: Linux carries `ru_maxrss` over fork and
    exec, so every worker reported the suite's own 500 MB. A worker started by a large process reports its own."""
    import subprocess
    import sys

    ballast = bytearray(300 * 2**20)
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touched, so resident
    child = subprocess.run(
        [sys.executable, "-c", "from bench.fuzz.worker import peak_rss_kb; print(peak_rss_kb())"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert int(child.stdout) < 150 * 1024, f"{int(child.stdout) // 1024} MB"
    del ballast
