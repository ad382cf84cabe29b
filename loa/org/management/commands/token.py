"""`loa token create USERNAME [--name N]`: a personal API token, printed once."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.org.models import User
from loa.org.services import api_token_create


class Command(LoaCommand):
    help = "Create a personal REST API token for a user; the secret is printed once and never stored."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="create a token")
        create.add_argument("username")
        create.add_argument("--name", default="API")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(_("Không tìm thấy người dùng «%(username)s».") % {"username": options["username"]})
        token, secret = api_token_create(actor=self.actor(options), user=user, name=options["name"])
        self.stdout.write(
            _("Khóa API «%(name)s» cho %(user)s (chỉ hiển thị một lần):") % {"name": token.name, "user": user.username}
        )
        self.stdout.write(secret)
