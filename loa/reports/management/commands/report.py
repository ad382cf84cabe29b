"""`loa report …`: draft figures, completeness, the workflow, and exports of periodic reports."""

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.core.periods import require_period
from loa.org.scope import require_receiver
from loa.org.selectors import unit_by_code
from loa.reports import services
from loa.reports.completeness import completeness
from loa.reports.selectors import ReportState, batch_states, report_state
from loa.reports.serialize import draft_json
from loa.reports.services import BATCH_FORMATS


class Command(LoaCommand):
    help = "Periodic reports: draft, status, submit, accept, return, export, export-all."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        parsers = {
            "draft": sub.add_parser("draft", help="figures and text of a unit's report (live draft or frozen)"),
            "status": sub.add_parser("status", help="completeness and timeliness of a recipient's reporters"),
            "submit": sub.add_parser("submit", help="submit the unit's report (as its leader: --as USER)"),
            "accept": sub.add_parser("accept", help="accept a submitted report (as the recipient)"),
            "return": sub.add_parser("return", help="return a report with a reason (as the recipient)"),
            "export": sub.add_parser("export", help="write the report as DOCX, PDF or XLSX"),
            "export-all": sub.add_parser("export-all", help="ZIP of all submitted reports addressed to a unit"),
        }
        for name, p in parsers.items():
            p.add_argument("--unit", required=True, metavar="CODE")
            p.add_argument("--period", required=True, metavar="P", help="2026Q1, 2026H1, 2026M9, 2026…")
            if name in {"draft", "status"}:
                p.add_argument("--json", action="store_true")
            self.add_actor_argument(p)
        parsers["return"].add_argument("--reason", required=True)
        parsers["submit"].add_argument(
            "--early", action="store_true", help="send before the period's cut-off (later activities stay out)"
        )
        parsers["export"].add_argument("--format", dest="fmt", choices=["docx", "pdf", "xlsx"], default="docx")
        parsers["export"].add_argument("-o", "--output", required=True)
        parsers["export-all"].add_argument("--format", dest="fmt", choices=list(BATCH_FORMATS), default="docx")
        parsers["export-all"].add_argument("-o", "--output", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        getattr(self, "do_" + action)(options, self.actor(options))

    def _state(self, options: dict[str, Any], actor: Any) -> ReportState:
        unit = unit_by_code(actor=actor, code=options["unit"])
        return report_state(actor=actor, unit=unit, period=options["period"])

    def do_draft(self, options: dict[str, Any], actor: Any) -> None:
        state = self._state(options, actor)
        data = draft_json(state)
        if options["json"]:
            self.print_json(data)
            return
        self.stdout.write(f"{state.unit.name} · {state.period.label} · {data['status']}")
        self.stdout.write(_("Số liệu từ %(a)s đến %(b)s") % {"a": data["window"]["from"], "b": data["window"]["to"]})
        for code, row in data["by_channel"].items():
            self.stdout.write(f"  {code:<15} {row['count']:>6} {row['quantity']:>10} {row['reach']:>10}")

    def do_status(self, options: dict[str, Any], actor: Any) -> None:
        recipient = unit_by_code(actor=actor, code=options["unit"])
        require_receiver(actor, recipient)
        result = completeness(recipient, require_period(options["period"]))
        if options["json"]:
            self.print_json(result.as_json())
            return
        self.stdout.write(
            _(
                "%(expected)s đơn vị phải báo cáo · đã gửi %(submitted)s · đúng hạn %(on_time)s · muộn %(late)s · "
                "chưa gửi %(missing)s · trả lại %(returned)s · tỷ lệ báo cáo %(reporting_rate)s%% · "
                "tỷ lệ đúng hạn %(on_time_rate)s%%"
            )
            % result.as_json()
        )
        for row in result.rows:
            if row.missing:
                contacts = "; ".join(f"{u} {u.phone} {u.email}".strip() for u in row.contacts)
                self.stdout.write(f"  {_('chưa gửi')}: {row.unit.code} {row.unit.name} {contacts}")

    def do_submit(self, options: dict[str, Any], actor: Any) -> None:
        state = self._state(options, actor)
        services.require_early_confirmation(state, confirmed=options["early"])
        report = services.report_submit(actor=actor, unit=state.unit, period=state.period)
        self.stdout.write(self.style.SUCCESS(_("Đã gửi %(r)s (lần %(n)s).") % {"r": report, "n": report.version}))

    def _report(self, options: dict[str, Any], actor: Any) -> Any:
        return self._state(options, actor).sent_report()

    def do_accept(self, options: dict[str, Any], actor: Any) -> None:
        report = services.report_accept(actor=actor, report=self._report(options, actor))
        self.stdout.write(self.style.SUCCESS(_("Đã tiếp nhận %(r)s.") % {"r": report}))

    def do_return(self, options: dict[str, Any], actor: Any) -> None:
        report = services.report_return(actor=actor, report=self._report(options, actor), reason=options["reason"])
        self.stdout.write(self.style.SUCCESS(_("Đã trả lại %(r)s.") % {"r": report}))

    def do_export(self, options: dict[str, Any], actor: Any) -> None:
        from loa.reports.exports import report_file

        state = self._state(options, actor)
        Path(options["output"]).write_bytes(report_file(state, options["fmt"]).content)
        self.stdout.write(self.style.SUCCESS(_("Đã ghi %(path)s.") % {"path": options["output"]}))

    def do_export_all(self, options: dict[str, Any], actor: Any) -> None:
        from loa.reports.exports import reports_zip

        recipient = unit_by_code(actor=actor, code=options["unit"])
        require_receiver(actor, recipient)
        states = batch_states(recipient, require_period(options["period"]))

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done}/{total}")
            sys.stderr.flush()

        content = reports_zip(states, options["fmt"], progress=progress)
        sys.stderr.write("\n")
        Path(options["output"]).write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(_("Đã ghi %(n)s báo cáo vào %(path)s.") % {"n": len(states), "path": options["output"]})
        )
