"""`loa channels template|import|export`: the channel registry in XLSX, as on the registry page."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.core.http import too_large
from loa.org.selectors import first_province, scope_root, unit_by_code

from ...selectors import subtree_channels
from ...xlsx_io import import_channels, import_summary, workbook


class Command(LoaCommand):
    help = "The registry of units' channels: the XLSX template, an all-or-nothing import, an export of a subtree."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        tpl = sub.add_parser("template", help="write the XLSX template (drop-down of kinds, instructions)")
        tpl.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
        imp = sub.add_parser("import", help="make each unit named in the file have exactly its rows, or change nothing")
        imp.add_argument("file", metavar="FILE.xlsx")
        imp.add_argument("--dry-run", action="store_true", help="check the file and say what would change")
        exp = sub.add_parser("export", help="write the channels of a unit and the units under it")
        exp.add_argument("--unit", metavar="CODE", help="default: the user's unit, or the first province")
        exp.add_argument("-o", "--output", required=True, metavar="FILE.xlsx")
        for sub_parser in (tpl, imp, exp):
            self.add_actor_argument(sub_parser)

    def needs_database(self, options: dict[str, Any]) -> bool:
        return options.get("action") != "template"

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "template":
            self._write(options["output"], workbook([], example=True))
        elif action == "import":
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(_("Không tìm thấy tệp «%(path)s».") % {"path": path})
            if path.stat().st_size > settings.LOA_IMPORT_MAX_BYTES:
                raise CommandError(too_large(settings.LOA_IMPORT_MAX_BYTES))
            result = import_channels(actor=self.actor(options), content=path.read_bytes(), dry_run=options["dry_run"])
            self.stdout.write(import_summary(result))
        else:
            actor = self.actor(options)
            code = options.get("unit")
            unit = unit_by_code(actor=actor, code=code) if code else scope_root(actor) or first_province()
            channels = list(subtree_channels(actor=actor, unit=unit))
            self._write(options["output"], workbook(channels))
            self.stdout.write(
                _("Đã xuất %(n)s kênh của %(unit)s và các đơn vị trực thuộc.") % {"n": len(channels), "unit": unit.name}
            )

    def _write(self, output: str, content: bytes) -> None:
        try:
            Path(output).write_bytes(content)
        except OSError as exc:
            raise CommandError(
                _("Không ghi được tệp «%(path)s»: %(reason)s") % {"path": output, "reason": exc.strerror}
            ) from None
        self.stdout.write(_("Đã ghi %(path)s.") % {"path": output})
