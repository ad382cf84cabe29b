"""`loa rollup check|rebuild [--unit CODE]`: compare the dashboard summaries with the activities, or recompute
them (after restoring a backup of the activities alone, say). Every write keeps them current otherwise."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.activity import rollup
from loa.core.commands import LoaCommand
from loa.core.errors import PermissionDenied
from loa.org.scope import Perm, require, scope_prefix
from loa.org.selectors import unit_by_code


class Command(LoaCommand):
    help = "Dashboard summaries: check them against the activities, or rebuild them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["check", "rebuild"])
        parser.add_argument("--unit", metavar="CODE", help="only this unit's subtree (default: everything)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        prefix = ""
        if options.get("unit"):
            unit = unit_by_code(actor=actor, code=options["unit"])
            require(actor, Perm.MANAGE_UNITS, unit)
            prefix = unit.path
        elif scope_prefix(actor, Perm.MANAGE_UNITS) != "":
            raise PermissionDenied(_("Chỉ quản trị hệ thống làm việc này cho toàn bộ dữ liệu; hãy chọn --unit."))
        if options["action"] == "rebuild":
            rows = rollup.rebuild(prefix)
            self.stdout.write(_("Đã tính lại bảng tổng hợp: %(n)s dòng.") % {"n": rows})
        elif rollup.stale(prefix):
            raise CommandError(_("Bảng tổng hợp lệch với hoạt động; chạy «loa rollup rebuild» để tính lại."))
        else:
            self.stdout.write(_("Bảng tổng hợp khớp với hoạt động."))
