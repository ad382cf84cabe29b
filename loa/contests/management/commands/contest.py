"""`loa contest list [--json]`: contests the user reads, with their rounds and participants (as the API gives them);
`loa contest finish ID ROUND`: finish a closed round (its prediction figure frozen, its contest activities recorded)."""

import dataclasses
import json
from argparse import ArgumentParser
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand

from ...finish import finish_round
from ...selectors import contest_get, contests, round_get, summaries


class Command(LoaCommand):
    help = "Contests on administrative reform: list them with their rounds and participants; finish a round."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="list contests with their rounds and participants")
        listing.add_argument("--json", action="store_true", help="one JSON array (id, title, rounds, participants)")
        self.add_actor_argument(listing)
        finishing = sub.add_parser("finish", help="finish a closed round: record each unit's contest activity")
        finishing.add_argument("contest", type=int, metavar="ID")
        finishing.add_argument("round", type=int, metavar="ROUND")
        self.add_actor_argument(finishing)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self.actor(options)
        if options["action"] == "finish":
            contest = contest_get(actor=actor, pk=options["contest"])
            done = finish_round(actor=actor, round_=round_get(contest, options["round"]))
            self.stdout.write(_("Đã ghi nhận %(n)s hoạt động cuộc thi.") % {"n": done.recorded})
            for name in done.kept:
                self.stdout.write(_("Giữ nguyên (kỳ báo cáo đã gửi): %(unit)s") % {"unit": name})
            return
        found = summaries(list(contests(actor=actor)))
        if options["json"]:
            data = [dataclasses.asdict(c) for c in found]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
            return
        if not found:
            self.stdout.write(_("Chưa có cuộc thi nào."))
        for c in found:
            self.stdout.write(f"{c.id:>5}  {c.unit:<10} {len(c.rounds):>3} {_('vòng')}  {c.participants:>7}  {c.title}")
