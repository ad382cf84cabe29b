"""`loa feedback list [--unit CODE] [--status S] [--overdue] [--json]`: citizens' feedback as the feedback page lists
it; `loa feedback stats [--unit CODE] [--year Y]`: the figures of the statistics page."""

import json
from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.core.labels import code_label
from loa.org.selectors import unit_by_code

from ...catalog import FeedbackStatus
from ...selectors import feedback_list, is_overdue, stats


class Command(LoaCommand):
    help = "Citizens' feedback (phản ánh, kiến nghị): list items with their status and deadline, or the statistics."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="items handled by a unit and those under it")
        listing.add_argument("--unit", metavar="CODE", help="default: every unit the user reads")
        listing.add_argument("--status", choices=FeedbackStatus.values)
        listing.add_argument("--overdue", action="store_true", help="only items past their deadline")
        listing.add_argument(
            "--json", action="store_true", help="one JSON array (code, unit, status, received, deadline)"
        )
        figures = sub.add_parser("stats", help="received, answered, on time, late, overdue, open")
        figures.add_argument("--unit", metavar="CODE")
        figures.add_argument("--year", type=int)
        for sub_parser in (listing, figures):
            self.add_actor_argument(sub_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        code = options.get("unit")
        unit = unit_by_code(actor=actor, code=code) if code else None
        today = timezone.localdate()
        if options["action"] == "stats":
            year = options.get("year") or today.year
            if not 2000 <= year <= 2100:
                raise CommandError(_("Năm «%(y)s» không hợp lệ.") % {"y": year})
            s = stats(actor=actor, unit=unit, since=date(year, 1, 1), until=date(year, 12, 31), today=today)
            self.stdout.write(json.dumps(s.__dict__, ensure_ascii=False))
            return
        items = feedback_list(
            actor=actor, unit=unit, status=options.get("status") or "", overdue=options["overdue"], today=today
        ).order_by("-received_on", "-pk")
        if options["json"]:
            data = [
                {
                    "code": i.code,
                    "unit": i.unit.code,
                    "status": i.status,
                    "received": i.received_on.isoformat(),
                    "deadline": i.answer_by.isoformat(),
                    "answered": i.answered_on.isoformat() if i.answered_on else None,
                    "overdue": is_overdue(i, today),
                }
                for i in items
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        rows = list(items)
        if not rows:
            self.stdout.write(_("Không có phản ánh, kiến nghị nào."))
        for i in rows:
            self.stdout.write(
                f"{i.code:<12} {i.received_on:%d/%m/%Y}  {code_label('feedback_status', i.status):<16} "
                f"{i.answer_by:%d/%m/%Y}  {i.unit.code:<10} {i.subject}"
            )
