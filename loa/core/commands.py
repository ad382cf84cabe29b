"""Base class of Loa's management commands: `--as USER` scoping, domain errors and a busy database as clean
messages."""

import json
from argparse import SUPPRESS, ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError
from django.utils import translation
from django.utils.translation import gettext as _

from .busy import busy_message, is_busy
from .errors import DomainError, ImportRejected


class LoaCommand(BaseCommand):
    """Commands act as the system (full reach) unless `--as USERNAME` narrows them to that user's scope."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        self.add_actor_argument(parser, default=None)
        return parser

    @staticmethod
    def add_actor_argument(parser: ArgumentParser, default: Any = SUPPRESS) -> None:
        """`--as`; subcommand parsers add it too (with SUPPRESS so they keep a value given earlier)."""
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            default=default,
            help="act as this user, within that user's scope (default: the system)",
        )

    def actor(self, options: dict[str, Any]) -> Any:
        from loa.org.scope import SYSTEM

        username = options.get("as_user")
        if not username:
            return SYSTEM
        user = get_user_model().objects.select_related("unit").filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Không tìm thấy người dùng «%(username)s».") % {"username": username})
        return user

    def execute(self, *args: Any, **options: Any) -> Any:
        translation.activate("vi")
        try:
            return super().execute(*args, **options)
        except ImportRejected as exc:
            lines = [exc.message, *(str(e) for e in exc.errors[:200])]
            if len(exc.errors) > 200:
                lines.append(_("… và %(n)s lỗi khác.") % {"n": len(exc.errors) - 200})
            raise CommandError("\n".join(lines)) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except OperationalError as exc:
            if is_busy(exc):  # rolled back whole: running the command again is safe
                raise CommandError(busy_message()) from None
            raise

    def print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
