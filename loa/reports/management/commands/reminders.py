"""`loa reminders run|schedule`: send deadline reminders now, or queue the daily job."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.core.dates import display_date, parse_day
from loa.reports.tasks import schedule_reminders, send_all


class Command(LoaCommand):
    help = "Deadline reminders: run now, or schedule the daily background job."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        run = sub.add_parser("run", help="send the reminders due today")
        run.add_argument("--date", metavar="dd/mm/yyyy", help="act as if today were this day")
        run.add_argument("--days", type=int, help="days ahead of a deadline (default: LOA_REMINDER_DAYS)")
        sub.add_parser(
            "schedule",
            help="keep exactly one daily run queued and retry a killed one (run by `make run`, before the worker)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "schedule":
            when = schedule_reminders()
            if when is None:
                self.stdout.write(_("Lịch nhắc hằng ngày đã có sẵn."))
            else:
                self.stdout.write(_("Đã lên lịch nhắc hạn lúc %(when)s.") % {"when": when.strftime("%H:%M %d/%m/%Y")})
            return
        today = None
        if options.get("date"):
            today = parse_day(options["date"])
            if today is None:
                raise CommandError(_("Ngày «%(v)s» không hợp lệ; ghi theo dạng dd/mm/yyyy.") % {"v": options["date"]})
        sent = send_all(today=today, days=options.get("days"))
        run, reports, digests = sent.tasks, sent.reports, sent.digests
        self.stdout.write(
            _(
                "Đã xét %(pairs)s cặp nhiệm vụ–đơn vị: %(soon)s sắp đến hạn, %(late)s quá hạn; "
                "gửi %(sent)s thông báo mới."
            )
            % {"pairs": run.pairs_checked, "soon": run.due_soon, "late": run.overdue, "sent": run.notices}
        )
        self.stdout.write(
            _("Báo cáo: %(soon)s đơn vị sắp đến hạn, %(late)s đơn vị quá hạn; gửi %(sent)s thông báo mới.")
            % {"soon": reports.due_soon, "late": reports.overdue, "sent": reports.notices}
        )
        self.stdout.write(
            _("Phản ánh, kiến nghị: %(soon)s sắp đến hạn, %(late)s quá hạn được nhắc; xóa thông tin liên hệ của %(n)s.")
            % {"soon": sent.feedback.due, "late": sent.feedback.overdue, "n": sent.feedback.erased}
        )
        self.stdout.write(
            _("Thư tổng hợp: gửi %(users)s thư, gồm %(n)s thông báo.") % {"users": digests.users, "n": digests.notices}
        )
        if today:
            self.stdout.write(_("(Tính như hôm nay là %(d)s.)") % {"d": display_date(today)})
