"""`loa users …`: the import template, the all-or-nothing XLSX import, the account list, a password reset.

The contract is stable (checks outside the test suite use it): `template -o FILE.xlsx`; `import FILE.xlsx
[--dry-run] [-o CREDENTIALS.xlsx]` exits 0 only when the whole file is valid; `list [--unit CODE] --json` gives
objects with at least username, unit (code), role, active; `reset USERNAME` prints the new one-time password.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.core.http import too_large
from loa.org.accounts import user_reset_password
from loa.org.catalog import Role
from loa.org.credentials import credentials_xlsx
from loa.org.models import User
from loa.org.scope import Perm, get_in_scope
from loa.org.selectors import unit_by_code, user_list
from loa.org.user_import import import_accounts, user_template


class Command(LoaCommand):
    help = "Manage user accounts: template, import, list, reset."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        tpl = sub.add_parser("template", help="write the XLSX import template (units and roles of your reach)")
        tpl.add_argument("-o", "--output", required=True)
        imp = sub.add_parser("import", help="create accounts from an XLSX file (all or nothing)")
        imp.add_argument("file")
        imp.add_argument("--dry-run", action="store_true", help="check the file, create nothing")
        imp.add_argument("-o", "--output", help="write the credential sheet (XLSX) here instead of printing it")
        lst = sub.add_parser("list", help="list accounts")
        lst.add_argument("--unit", metavar="CODE", help="only this unit and the units under it")
        lst.add_argument("--role", choices=[r.value for r in Role])
        lst.add_argument("--active", action="store_true", help="only active accounts (default: all, with `active`)")
        lst.add_argument("--json", action="store_true")
        reset = sub.add_parser("reset", help="give an account a new one-time password and print it")
        reset.add_argument("username")
        for sub_parser in (tpl, imp, lst, reset):
            self.add_actor_argument(sub_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_template(self, options: dict[str, Any]) -> None:
        Path(options["output"]).write_bytes(user_template(actor=self.actor(options)))
        self.stdout.write(self.style.SUCCESS(_("Đã ghi tệp mẫu %(path)s.") % {"path": options["output"]}))

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp «%(path)s».") % {"path": path})
        if path.stat().st_size > settings.LOA_IMPORT_MAX_BYTES:
            raise CommandError(too_large(settings.LOA_IMPORT_MAX_BYTES))
        accounts = import_accounts(actor=self.actor(options), content=path.read_bytes(), dry_run=options["dry_run"])
        if options["dry_run"]:
            self.stdout.write(
                self.style.SUCCESS(_("Tệp hợp lệ: %(n)s tài khoản (chưa tạo gì).") % {"n": len(accounts)})
            )
            return
        if options["output"]:
            Path(options["output"]).write_bytes(credentials_xlsx(accounts))
            self.stdout.write(_("Đã ghi bảng tài khoản %(path)s.") % {"path": options["output"]})
        else:
            for a in accounts:
                self.stdout.write(f"{a.unit_code}\t{a.username}\t{a.password}\t{a.full_name}")
        self.stdout.write(self.style.SUCCESS(_("Đã tạo %(n)s tài khoản.") % {"n": len(accounts)}))

    def do_list(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        unit = unit_by_code(actor=actor, code=options["unit"]) if options["unit"] else None
        qs = user_list(actor=actor, unit=unit, role=options["role"] or "", active=True if options["active"] else None)
        rows = [
            {
                "username": u.username,
                "full_name": u.full_name,
                "unit": u.unit.code if u.unit else None,
                "role": u.role,
                "active": u.is_active,
                "must_change_password": u.must_change_password,
                "email": u.email,
                "successor": u.successor.username if u.successor else None,
            }
            for u in qs
        ]
        if options["json"]:
            self.print_json(rows)
            return
        for r in rows:
            self.stdout.write(f"{r['username']:<28} {r['role']:<12} {r['unit'] or '-':<14} {r['full_name']}")
        self.stdout.write(_("%(n)s tài khoản.") % {"n": len(rows)})

    def do_reset(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        user = get_in_scope(User.objects.select_related("unit"), actor, Perm.MANAGE_USERS, username=options["username"])
        self.stdout.write(user_reset_password(actor=actor, user=user))
