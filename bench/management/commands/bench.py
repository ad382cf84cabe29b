"""`loa bench`: the benchmarks in bench/ (p50/p95, and the ratio to the plain-SQL floor).

Run against a database of its own (`make bench` uses var/bench.sqlite3): it adds synthetic data.
`loa bench --scale province|national [--db-url URL] [--json]` runs the roll-up, report and dashboard
benchmark of bench/scale.py on a synthetic province or country (built once, then reused).
"""

import importlib
import json
import os
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from loa.demo.builder import build_demo

SCENARIOS = [
    "search",
    "activity_import",
    "import_memory",
    "reports",
    "document_import",
    "appendix_import",
    "logins",
    "surveys",
    "contest_load",
]


class Command(BaseCommand):
    help = "Run the benchmarks in bench/ against the configured database (use a database of its own)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help=f"{', '.join(SCENARIOS)} (default: all)")
        parser.add_argument("--activities", type=int, default=100_000, help="activities to search over")
        parser.add_argument("--rows", type=int, default=100_000, help="rows of the import benchmark")
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--scale", choices=["province", "national"], help="the dashboards and roll-ups benchmark")
        parser.add_argument("--db-url", help="database to build and measure on (default: DATABASE_URL)")
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["db_url"] and os.environ.get("DATABASE_URL") != options["db_url"]:
            # Settings are read once at start-up: run again with the database asked for.
            os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "DATABASE_URL": options["db_url"]})
        call_command("migrate", verbosity=0)
        build_demo(seed=2026)
        if options["scale"]:
            self._scale(options)
            return
        unknown = set(options["scenarios"]) - set(SCENARIOS)
        if unknown:
            raise CommandError(f"unknown scenario {', '.join(sorted(unknown))}; choose from {', '.join(SCENARIOS)}")
        for name in options["scenarios"] or SCENARIOS:
            module = importlib.import_module(f"bench.{name}")
            self.stdout.write(f"== {name}")
            rows = name in {"activity_import", "import_memory"}
            kwargs = {"rows": options["rows"]} if rows else {"activities": options["activities"]}
            for timing in module.run(repeat=options["repeat"], **kwargs):
                self.stdout.write("  " + timing.line())

    def _scale(self, options: dict[str, Any]) -> None:
        from bench import scale  # builds its world lazily: only `--scale` pays for the import

        def log(line: str) -> None:
            (self.stderr if options["json"] else self.stdout).write(line)

        data, results = scale.run(scale=options["scale"], repeat=options["repeat"], log=log)
        out, path = scale.write(data, results)
        if options["json"]:
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"== {options['scale']}: {json.dumps(out['dataset'], ensure_ascii=False)}")
        for result in results:
            self.stdout.write("  " + result.line())
        self.stdout.write(f"  → {path}")
