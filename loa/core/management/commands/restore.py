"""`loa restore FILE [--force]`: restore an archive of `loa backup` (stop the web server and the worker first)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from loa.core.backup import restore_backup
from loa.core.commands import LoaCommand


class Command(LoaCommand):
    help = "Restore a backup archive into an empty database (--force replaces existing data). Stop Loa first."
    requires_migrated = False  # the usual target is a new, empty database

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="archive written by `loa backup`")
        parser.add_argument("--force", action="store_true", help="replace the data of a database that is not empty")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = restore_backup(
            Path(options["file"]),
            force=options["force"],
            progress=self.stderr.write if options["verbosity"] > 1 else None,
        )
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            _(
                "Đã khôi phục bản sao lưu lúc %(at)s (Loa %(version)s): %(rows)s dòng, đã đối chiếu bản kê. Chạy "
                "`loa migrate` rồi khởi động lại Loa."
            )
            % {"at": manifest["created_at"], "version": manifest["loa_version"], "rows": rows}
        )
