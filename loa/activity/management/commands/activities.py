"""`loa activities …`: the XLSX template, an all-or-nothing import, and a scoped list."""

import time
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.activity.models import ActivityStatus
from loa.activity.selectors import ActivityFilter, activity_list
from loa.activity.serialize import activity_data
from loa.activity.xlsx_io import activities_import, check_summary, export, result_notes, template
from loa.core.catalogs import Channel, ReformArea
from loa.core.commands import LoaCommand
from loa.core.dates import parse_day
from loa.core.periods import require_period
from loa.org.selectors import unit_by_code


class Command(LoaCommand):
    help = "Communication activities: template, import, list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        tpl = sub.add_parser("template", help="write the XLSX import template")
        tpl.add_argument("-o", "--output", required=True)
        imp = sub.add_parser("import", help="import activities of one unit from XLSX (all or nothing)")
        imp.add_argument("file")
        imp.add_argument("--unit", required=True, metavar="CODE")
        imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        imp.add_argument(
            "--allow-duplicates",
            action="store_true",
            help="also import rows identical to activities the unit already has (skipped otherwise)",
        )
        lst = sub.add_parser("list", help="list activities")
        lst.add_argument("--unit", required=True, metavar="CODE")
        lst.add_argument("--subtree", action="store_true", help="include the units below")
        lst.add_argument("--from", dest="date_from", metavar="dd/mm/yyyy")
        lst.add_argument("--to", dest="date_to", metavar="dd/mm/yyyy")
        lst.add_argument("--period", metavar="P", help="reporting period: 2026Q1, 2026H1, 2026M9, 2026…")
        lst.add_argument("--channel", choices=Channel.values)
        lst.add_argument("--area", choices=ReformArea.values)
        lst.add_argument("--task", type=int, metavar="ID")
        lst.add_argument("--status", choices=ActivityStatus.values)
        lst.add_argument("-q", "--query", help="words of the title or description, diacritics optional")
        lst.add_argument("--json", action="store_true")
        lst.add_argument("-o", "--output", help="write the list as XLSX")
        for sub_parser in (imp, lst):
            self.add_actor_argument(sub_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_template(self, options: dict[str, Any]) -> None:
        Path(options["output"]).write_bytes(template())
        self.stdout.write(self.style.SUCCESS(_("Đã ghi mẫu %(path)s.") % {"path": options["output"]}))

    def do_import(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        unit = unit_by_code(actor=actor, code=options["unit"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": path})
        started = time.monotonic()
        result = activities_import(
            actor=actor,
            unit=unit,
            content=path.read_bytes(),
            dry_run=options["dry_run"],
            allow_duplicates=options["allow_duplicates"],
            name=path.name,
        )
        seconds = time.monotonic() - started
        for note in result_notes(result):
            self.stdout.write(self.style.WARNING(note))
        if options["dry_run"]:
            self.stdout.write(" ".join([check_summary(result), _("Chưa ghi gì.")]))
            if result.duplicate_rows:
                self.stdout.write(_("Khi nhập, các dòng trùng được bỏ qua, trừ khi thêm --allow-duplicates."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Đã nhập %(n)s hoạt động (%(sec).1f giây).") % {"n": result.imported, "sec": seconds}
                )
            )

    def do_list(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        unit = unit_by_code(actor=actor, code=options["unit"])
        period = require_period(options["period"]) if options.get("period") else None
        qs = activity_list(
            actor=actor,
            filters=ActivityFilter(
                unit=unit,
                subtree=options["subtree"],
                date_from=_date(options.get("date_from")),
                date_to=_date(options.get("date_to")),
                period=period,
                channel=options.get("channel") or "",
                area=options.get("area") or "",
                task=options.get("task"),
                status=options.get("status") or "",
                query=options.get("query") or "",
            ),
        )
        if options.get("output"):
            Path(options["output"]).write_bytes(export(qs.prefetch_related("tasks")))
            self.stdout.write(_("Đã ghi %(path)s.") % {"path": options["output"]})
            return
        if options["json"]:
            self.print_json([activity_data(a) for a in qs.prefetch_related("tasks", "evidence")])
            return
        for a in qs[:500]:
            self.stdout.write(f"{a.date:%d/%m/%Y}  {a.channel:<14} {a.quantity:>8} {a.measure:<10} {a.title}")


def _date(text: str | None) -> date | None:
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        raise CommandError(_("Ngày «%(v)s» không hợp lệ (dùng dd/mm/yyyy).") % {"v": text})
    return day
