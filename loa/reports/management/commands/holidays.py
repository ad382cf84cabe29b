"""`loa holidays list|propose YEAR`: the public holidays deadlines skip, and next year's proposed from the law."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.reports.holidays import holidays_propose, proposed_holidays
from loa.reports.models import Holiday


class Command(LoaCommand):
    help = "Public holidays: list a year's, or propose them from the labour code (Tết by the lunar calendar)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        lst = sub.add_parser("list", help="the holidays entered for a year")
        lst.add_argument("year", type=int)
        pro = sub.add_parser("propose", help="enter the year's holidays not entered yet (administrator)")
        pro.add_argument("year", type=int)
        pro.add_argument("--dry-run", action="store_true", help="print them, enter nothing")
        for sub_parser in (lst, pro):
            self.add_actor_argument(sub_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(_("Năm %(y)s không hợp lệ.") % {"y": year})
        if options["action"] == "list":
            days = [(h.day, h.name) for h in Holiday.objects.filter(day__year=year).order_by("day")]
        elif options["dry_run"]:
            days = proposed_holidays(year)
        else:
            days = [(h.day, h.name) for h in holidays_propose(actor=self.actor(options), year=year)]
            self.stdout.write(_("Đã nhập %(n)s ngày nghỉ lễ năm %(y)s.") % {"n": len(days), "y": year})
        for day, name in days:
            self.stdout.write(f"{day:%d/%m/%Y}  {name}")
