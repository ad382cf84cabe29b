"""Base class of Loa's management commands: `--as USER` scoping, domain errors and a busy database as clean
messages."""

import json
import os
import sys
from argparse import SUPPRESS, ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import OperationalError, ProgrammingError
from django.utils import translation
from django.utils.translation import gettext as _

from .actors import SYSTEM
from .busy import busy_message, is_busy
from .errors import DomainError, ImportRejected


def not_migrated_message() -> str:
    return _("Cơ sở dữ liệu chưa được khởi tạo hoặc chưa cập nhật: hãy chạy `loa migrate` trước.")


def is_missing_table(exc: BaseException) -> bool:
    """SQLite's "no such table" or PostgreSQL's undefined_table (42P01): the schema is not migrated."""
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) == "42P01" or "no such table" in str(exc)


def require_migrated(alias: str = DEFAULT_DB_ALIAS) -> None:
    """A cheap check (no migration graph): the migration table exists and records at least one migration."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if "django_migrations" in connection.introspection.table_names(cursor):
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            if cursor.fetchone():
                return
    raise CommandError(not_migrated_message())


class LoaCommand(BaseCommand):
    """Commands act as the system (full reach) unless `--as USERNAME` narrows them to that user's scope.

    Run against a database that is not migrated, a command says to run `loa migrate` (exit 1, no traceback).
    """

    requires_migrated = True

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

    def needs_database(self, options: dict[str, Any]) -> bool:
        """Whether this run reads or writes the database (a command whose dry run only reads a file says not)."""
        return self.requires_migrated

    def actor(self, options: dict[str, Any]) -> Any:
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
            if self.needs_database(options):
                require_migrated()
            return super().execute(*args, **options)
        except BrokenPipeError:  # the reader stopped early (`loa … | head`): nothing left to say, no traceback
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return None
        except (OperationalError, ProgrammingError) as exc:
            if is_missing_table(exc):
                raise CommandError(not_migrated_message()) from None
            if is_busy(exc):  # rolled back whole: running the command again is safe
                raise CommandError(busy_message()) from None
            raise
        except ImportRejected as exc:
            lines = [exc.message, *(str(e) for e in exc.errors[:200])]
            if len(exc.errors) > 200:
                lines.append(_("… và %(n)s lỗi khác.") % {"n": len(exc.errors) - 200})
            raise CommandError("\n".join(lines)) from None
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder))
