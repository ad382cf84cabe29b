"""`loa units …`: load Vietnam's administrative units, count, list, import and template."""

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.org.catalog import UnitType
from loa.org.selectors import unit_by_code, unit_search, unit_stats
from loa.org.unit_import import import_units, unit_template
from loa.org.vn_units import load_units


class Command(LoaCommand):
    help = "Manage organisation units: load-vn, stats, list, import, template."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = sub.add_parser("load-vn", help="load the 34 provinces and 3,321 communes (idempotent)")
        load.add_argument(
            "--legacy",
            action="store_true",
            help="also load the pre-1/7/2025 provinces, districts and communes as expired units",
        )
        stats = sub.add_parser("stats", help="count current and legacy units")
        stats.add_argument("--json", action="store_true")
        lst = sub.add_parser("list", help="list units")
        lst.add_argument("--parent", metavar="CODE")
        lst.add_argument("--type", dest="unit_type", choices=[t.value for t in UnitType])
        lst.add_argument("--search", default="", help="words to find, diacritics optional")
        lst.add_argument("--legacy", action="store_true", help="include expired units")
        lst.add_argument("--json", action="store_true")
        imp = sub.add_parser("import", help="import units from an XLSX file (all or nothing)")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        for sub_parser in (lst, imp):
            self.add_actor_argument(sub_parser)
        tpl = sub.add_parser("template", help="write the XLSX import template")
        tpl.add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(options)

    def do_load_vn(self, options: dict[str, Any]) -> None:
        started = time.monotonic()
        result = load_units(legacy=options["legacy"])
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nạp đơn vị hành chính: %(created)s mới, %(updated)s cập nhật, "
                    "%(unchanged)s không đổi (%(sec).1f giây)."
                )
                % {
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "sec": time.monotonic() - started,
                }
            )
        )

    def do_stats(self, options: dict[str, Any]) -> None:
        stats = unit_stats()
        if options["json"]:
            self.print_json(stats)
            return
        for group, counts in stats.items():
            self.stdout.write(f"{group}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))

    def do_list(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        parent = unit_by_code(actor=actor, code=options["parent"]) if options["parent"] else None
        qs = unit_search(
            actor=actor,
            query=options["search"],
            parent=parent,
            unit_type=options["unit_type"] or "",
            include_legacy=options["legacy"],
        )
        rows = [
            {
                "code": u.code,
                "name": u.name,
                "type": u.unit_type,
                "parent": u.parent.code if u.parent else None,
                "valid_from": u.valid_from,
                "valid_to": u.valid_to,
            }
            for u in qs
        ]
        if options["json"]:
            self.print_json(rows)
            return
        for r in rows:
            self.stdout.write(f"{r['code']:<14} {r['type']:<14} {r['name']}")
        self.stdout.write(_("%(n)s đơn vị.") % {"n": len(rows)})

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp «%(path)s».") % {"path": path})
        rows = import_units(actor=self.actor(options), content=path.read_bytes(), dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(_("Tệp hợp lệ: %(n)s đơn vị (chưa ghi gì).") % {"n": len(rows)}))
        else:
            self.stdout.write(self.style.SUCCESS(_("Đã nhập %(n)s đơn vị.") % {"n": len(rows)}))

    def do_template(self, options: dict[str, Any]) -> None:
        Path(options["output"]).write_bytes(unit_template())
        self.stdout.write(self.style.SUCCESS(_("Đã ghi tệp mẫu %(path)s.") % {"path": options["output"]}))
