"""`loa plan …`: list, show, export, issue, cascade and close communication plans.

`loa plan import` reads a plan document; it belongs to intake, which sits above plans and extends this
command (loa/intake/management/commands/plan.py).
"""

import time
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.core.dates import parse_day
from loa.core.errors import DomainError
from loa.org.selectors import unit_by_code
from loa.plans import selectors, services
from loa.plans.cascade import cascade, cascade_targets
from loa.plans.catalog import PlanStatus
from loa.plans.document import plan_file
from loa.plans.serialize import plan_detail_data, plan_summary


class Command(LoaCommand):
    help = "Communication plans: list, show, export, issue, cascade, close."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        lst = sub.add_parser("list", help="list plans in your reach")
        lst.add_argument("--issuer", metavar="CODE", help="plans of this unit")
        lst.add_argument("--year", type=int)
        lst.add_argument("--status", choices=PlanStatus.values)
        lst.add_argument("--json", action="store_true")
        show = sub.add_parser("show", help="one plan with its sections and tasks, as JSON")
        show.add_argument("id", type=int)
        exp = sub.add_parser("export", help="write the plan as DOCX or PDF (Nghị định 30) or its task appendix as XLSX")
        exp.add_argument("id", type=int)
        exp.add_argument("--format", choices=["docx", "pdf", "xlsx"], default="docx")
        exp.add_argument("-o", "--output", required=True, metavar="FILE")
        iss = sub.add_parser("issue", help="issue a draft (or an amendment) with a number from the register")
        iss.add_argument("id", type=int)
        iss.add_argument("--number", type=int, help="register number (default: the next unused one)")
        iss.add_argument("--date", dest="issued_on", help="issue date dd/mm/yyyy (default: today)")
        iss.add_argument("--signer", default="", help="signer's full name (default: the one in the draft)")
        cas = sub.add_parser("cascade", help="draft implementing plans for subordinate units")
        cas.add_argument("id", type=int)
        target = cas.add_mutually_exclusive_group(required=True)
        target.add_argument("--all", action="store_true", help="every unit the plan assigns tasks to")
        target.add_argument("--unit", metavar="CODE", help="one unit under the issuer")
        cas.add_argument("--quiet", action="store_true", help="no progress bar")
        close = sub.add_parser("close", help="close issued plans after the year's cut-off")
        close.add_argument("id", type=int, nargs="?")
        close.add_argument("--year", type=int, help="close every issued plan of this year instead")
        for sub_parser in (lst, show, exp, iss, cas, close, *self.add_more_actions(sub)):
            self.add_actor_argument(sub_parser)

    def add_more_actions(self, sub: Any) -> list[ArgumentParser]:
        """Apps above plans add their subcommands here (intake adds `import`); returns their parsers."""
        return []

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(options)

    def do_list(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        issuer = unit_by_code(actor=actor, code=options["issuer"]) if options.get("issuer") else None
        plans = selectors.plan_list(
            actor=actor, year=options.get("year"), status=options.get("status") or "", issuer=issuer
        )
        rows = [plan_summary(p) for p in plans]
        if options["json"]:
            self.print_json(rows)
            return
        for row in rows:
            number = row["number"] or _("dự thảo")
            self.stdout.write(f"{row['id']:>6}  {number:<16} {row['year']}  {row['status']:<7} {row['issuer']['name']}")
        self.stdout.write(_("%(n)s kế hoạch.") % {"n": len(rows)})

    def do_show(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        self.print_json(
            plan_detail_data(*selectors.plan_as_read(actor, selectors.plan_get(actor=actor, pk=options["id"])))
        )

    def do_export(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        plan, tasks = selectors.plan_as_read(actor, selectors.plan_get(actor=actor, pk=options["id"]))
        document = plan_file(plan, tasks, options["format"])
        output = Path(options["output"])
        try:
            output.write_bytes(document.content)
        except OSError as exc:
            raise CommandError(
                _("Không ghi được tệp %(path)s: %(err)s") % {"path": output, "err": exc.strerror}
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã ghi %(path)s (%(kb)s KB).") % {"path": output, "kb": len(document.content) // 1024 or 1}
            )
        )

    def do_issue(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        plan = selectors.plan_get(actor=actor, pk=options["id"])
        issued_on = _parse_date(options.get("issued_on")) or timezone.localdate()
        number = (
            options["number"]
            if options.get("number") is not None
            else services.next_register_number(plan.issuer, issued_on.year)
        )
        data = services.IssueInput(number=number, issued_on=issued_on, signer_name=options.get("signer") or "")
        plan = services.plan_issue(actor=actor, plan=plan, data=data)
        self.stdout.write(self.style.SUCCESS(_("Đã ban hành Kế hoạch số %(ref)s.") % {"ref": plan.number_symbol}))

    def do_cascade(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        plan = selectors.plan_get(actor=actor, pk=options["id"])
        targets = cascade_targets(actor=actor, codes=None if options["all"] else [options["unit"]])
        started = time.monotonic()
        progress = None if options["quiet"] else self._bar
        result = cascade(actor=actor, plan=plan, targets=targets, progress=progress)
        if progress:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã tạo %(n)s dự thảo kế hoạch triển khai, bỏ qua %(s)s đơn vị đã có (%(sec).1f giây).")
                % {"n": len(result.created), "s": len(result.skipped), "sec": time.monotonic() - started}
            )
        )

    def _bar(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        if done not in (1, total) and filled == width * (done - 1) // max(total, 1):
            return  # redraw only when the bar grows
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stdout.flush()

    def do_close(self, options: dict[str, Any]) -> None:
        actor = self.actor(options)
        if options.get("id"):
            plans = [selectors.plan_get(actor=actor, pk=options["id"])]
        elif options.get("year"):
            plans = list(selectors.plan_list(actor=actor, year=options["year"], status=PlanStatus.ISSUED))
        else:
            raise CommandError(_("Hãy cho biết mã kế hoạch hoặc --year."))
        closed, problems = 0, []
        for plan in plans:
            try:
                services.plan_close(actor=actor, plan=plan)
                closed += 1
            except DomainError as exc:
                problems.append(f"{plan.pk}: {exc.message}")
        for line in problems:
            self.stderr.write(line)
        self.stdout.write(_("Đã kết thúc %(n)s kế hoạch.") % {"n": closed})
        if problems and not closed:
            raise CommandError(_("Không kết thúc được kế hoạch nào."))


def _parse_date(text: str | None) -> date | None:
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        raise CommandError(_("Ngày «%(v)s» không hợp lệ (dùng dd/mm/yyyy).") % {"v": text})
    return day
