"""`loa plan import FILE`: read a plan document (DOCX, PDF, TXT, HTML, DOC) into a draft plan.

Intake sits above plans, so it extends plans' `loa plan` command with this action rather than plans importing
intake; intake is listed before plans in INSTALLED_APPS, so this command is the one `loa plan` runs.
"""

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.intake import services as intake
from loa.intake.appendix import table_from_file, table_from_text
from loa.intake.issuer import check_issuer
from loa.intake.readers import decoded
from loa.org.selectors import unit_by_code
from loa.plans.management.commands import plan
from loa.plans.selectors import plan_for_editing
from loa.plans.serialize import plan_summary


class Command(plan.Command):
    help = "Communication plans: list, show, export, issue, cascade, close, import."

    def add_more_actions(self, sub: Any) -> list[ArgumentParser]:
        imp = sub.add_parser("import", help="read a plan document (DOCX, PDF, TXT, HTML, DOC) into a draft plan")
        imp.add_argument("file", metavar="FILE")
        imp.add_argument("--unit", metavar="CODE", help="the unit the draft is for (default: the issuer it names)")
        imp.add_argument("--dry-run", action="store_true", help="print what was read, as JSON, and save nothing")
        imp.add_argument("--json", action="store_true")
        app = sub.add_parser("appendix", help="add a task appendix to a draft: XLSX template, DOCX table, or TSV text")
        app.add_argument("id", type=int)
        app.add_argument("file", metavar="FILE", help="an .xlsx, a .docx, or tab-separated text (- for stdin)")
        app.add_argument("--dry-run", action="store_true", help="read and check the rows, add nothing")
        app.add_argument("--json", action="store_true")
        return [imp, app]

    def needs_database(self, options: dict[str, Any]) -> bool:
        # Reading a document touches no table: `--dry-run` works before `loa migrate`, on any machine.
        return not (options.get("action") == "import" and options.get("dry_run") and not options.get("as_user"))

    def do_appendix(self, options: dict[str, Any]) -> None:
        """The appendix import page's two steps at once: read and check, then add all rows or none."""
        actor = self.actor(options)
        plan = plan_for_editing(actor, options["id"])
        if options["file"] == "-":
            table = table_from_text(sys.stdin.read())
        else:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(_("Không tìm thấy tệp «%(path)s».") % {"path": path})
            intake.check_size(path.name, path.stat().st_size)
            data = path.read_bytes()
            zipped = data.startswith(b"PK\x03\x04")
            table = table_from_file(path.name, data) if zipped else table_from_text(decoded(path.name, data))
        preview = intake.appendix_preview(actor=actor, plan=plan, table=table)
        added = 0
        if not options["dry_run"] and not preview.errors:
            added = intake.appendix_add(actor=actor, plan=plan, text=preview.text, revision=plan.revision)
        if options["json"]:
            rows = [
                {"number": r.number, "title": r.task.title, "problems": [p.message for p in r.problems]}
                for r in preview.rows
            ]
            self.print_json({"rows": rows, "errors": preview.errors, "added": added})
        else:
            for line in preview.errors:
                self.stderr.write(line)
            self.stdout.write(
                _("Đọc %(n)s dòng, %(e)s lỗi; đã thêm %(a)s nhiệm vụ vào kế hoạch #%(id)s.")
                % {"n": len(preview.rows), "e": len(preview.errors), "a": added, "id": plan.pk}
            )
        if preview.errors:
            raise CommandError(_("Phụ lục có lỗi, chưa thêm nhiệm vụ nào."))

    def do_import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp «%(path)s».") % {"path": path})
        intake.check_size(path.name, path.stat().st_size)  # a 200 MB file is refused before it is read
        data = path.read_bytes()
        if options["dry_run"]:
            self.print_json(intake.read(path.name, data).result())
            return
        actor = self.actor(options)
        reading = intake.read(path.name, data)
        intake.require_plan_like(reading.result())
        unit = (
            unit_by_code(actor=actor, code=options["unit"])
            if options.get("unit")
            else intake.guess_unit(actor, reading.extraction.issuer)
        )
        if unit is None:
            check = check_issuer(actor, None, reading.extraction.issuer)
            raise CommandError(
                " ".join(
                    filter(
                        None,
                        [
                            _(
                                "Không xác định được đơn vị nhận dự thảo (văn bản ghi đơn vị ban hành "
                                "«%(issuer)s»): hãy chỉ rõ --unit MÃ."
                            )
                            % {"issuer": reading.extraction.issuer or "?"},
                            check.hint() if check else "",
                        ],
                    )
                )
            )
        record, plan = intake.import_file(actor=actor, unit=unit, name=path.name, data=data, reading=reading)
        if options["json"]:
            self.print_json({"import": record.pk, "plan": plan_summary(plan), "extracted": record.result})
            return
        linked = sum(1 for basis in plan.bases if basis.get("plan_id"))
        self.stdout.write(
            _(
                "Đã tạo dự thảo kế hoạch #%(id)s «%(title)s» cho %(unit)s: %(bases)s căn cứ "
                "(%(linked)s liên kết với kế hoạch trong Loa), %(tasks)s nhiệm vụ."
            )
            % {
                "id": plan.pk,
                "title": plan.title,
                "unit": unit.name,
                "bases": len(plan.bases),
                "linked": linked,
                "tasks": plan.tasks.count(),
            }
        )
