"""`loa survey list [--unit CODE] [--year Y] [--json]`: surveys as the survey page lists them."""

import json
from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.org.selectors import unit_by_code

from ...selectors import survey_rows


class Command(LoaCommand):
    help = "Satisfaction surveys of a unit and the units under it: answers counted, target, index."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="list surveys with their answers and index")
        listing.add_argument("--unit", metavar="CODE", help="default: every unit the user reads")
        listing.add_argument("--year", type=int)
        listing.add_argument("--json", action="store_true", help="one JSON array (id, unit, title, answers, index)")
        self.add_actor_argument(listing)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        code = options.get("unit")
        unit = unit_by_code(actor=actor, code=code) if code else None  # None: everything the actor reads
        rows = survey_rows(actor=actor, unit=unit, year=options.get("year"))
        if options["json"]:
            data = [
                {
                    "id": r.survey.pk,
                    "unit": r.survey.unit.code,
                    "title": r.survey.title,
                    "year": r.survey.year,
                    "status": r.survey.status,
                    "answers": r.answers,
                    "target": r.target,
                    "index": None if r.index is None else float(r.index),
                }
                for r in rows
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(_("Chưa có cuộc khảo sát nào."))
        for r in rows:
            index = "—" if r.index is None else f"{r.index}%"
            target = f"/{r.target}" if r.target else ""
            self.stdout.write(
                f"{r.survey.pk:>5}  {r.survey.unit.code:<10} {r.survey.get_status_display():<16} "
                f"{r.answers:>6}{target:<6} {index:>8}  {r.survey.title}"
            )
