"""`loa backup -o FILE`: the database and every stored file in one archive (see loa/core/backup.py)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from loa.core.backup import create_backup
from loa.core.commands import LoaCommand


class Command(LoaCommand):
    help = "Back up the database and the stored files into one archive (.tar or .tar.gz) with a manifest."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="archive to write (.tar, .tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        manifest = create_backup(output, progress=self.stderr.write if options["verbosity"] > 1 else None)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        files = sum(1 for m in manifest["members"] if m.startswith("media/"))
        self.stdout.write(
            _("Đã sao lưu vào %(path)s: %(tables)s bảng, %(rows)s dòng, %(files)s tệp.")
            % {"path": output, "tables": len(manifest["tables"]), "rows": rows, "files": files}
        )
