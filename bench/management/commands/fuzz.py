"""`loa fuzz [--inputs N] [--seconds S] [--json]`: mutate real sample files and run every importer on them.

Each input runs in a worker process with a CPU-time cap and an address-space cap; a crash is any exception
other than the importer's own DomainError, a killed or hung worker, or a cap hit. The importers run against a
throwaway database built by the fuzzer (var/fuzz/), never the configured one. The logic is bench/fuzz/.
"""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.fuzz import engine


class Command(BaseCommand):
    help = "Fuzz every importer with mutated sample files (a developer tool; needs a source checkout)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--inputs", type=int, help="inputs to run (default 10,000 unless --seconds is given)")
        parser.add_argument("--seconds", type=float, help="stop starting new inputs after this many seconds")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--seed", type=int, default=2026, help="the run's seed: same seed, same inputs")
        parser.add_argument(
            "--first", type=int, default=0, help="number of the first input (to run a long run in parts; default 0)"
        )
        parser.add_argument("--crash-dir", type=Path, help="where crashing inputs are saved (default var/fuzz/crashes)")
        parser.add_argument("--save", action="store_true", help="also write the results JSON to bench/results/")
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        fuzz_options = engine.Options(
            inputs=options["inputs"],
            seconds=options["seconds"],
            workers=options["workers"],
            seed=options["seed"],
            first=options["first"],
            crash_dir=options["crash_dir"] or Path(settings.BASE_DIR) / "var" / "fuzz" / "crashes",
        )
        result = engine.run(fuzz_options, log=lambda line: self.stderr.write(line))
        if options["save"]:
            path = engine.write_json(result, Path(settings.BASE_DIR) / "bench" / "results")
            self.stderr.write(f"→ {path}")
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(engine.text_report(result))
        if result["crashes"]:
            raise CommandError(f"{result['crashes']} crashes (inputs saved in {fuzz_options.crash_dir})")
