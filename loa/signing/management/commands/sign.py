"""`loa sign verify FILE.pdf [--trust ROOT.pem]... [--json]`: each signature of a PDF with its signer, organisation,
time, whether the bytes it covers are unchanged (`intact`) and whether its certificate chains to a trusted root
(`trusted`: the roots the administrator configured, plus those given). Exits 0 whenever the file could be read,
whatever the verdict; 1 (with a Vietnamese message) for a file that is not a readable PDF."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand

from ...selectors import verification
from ...verify import SignatureCheck


def as_json(check: SignatureCheck) -> dict[str, Any]:
    return {
        "field": check.field,
        "signer": check.signer,
        "organisation": check.organisation,
        "title": check.title,
        "signed_at": check.signed_at.isoformat() if check.signed_at else None,
        "intact": check.intact,
        "trusted": check.trusted,
        "whole_file": check.whole_file,
        "changed_after": check.changed_after,
        "certificate": {
            "subject": check.certificate.subject,
            "issuer": check.certificate.issuer,
            "serial": check.certificate.serial,
            "not_before": check.certificate.not_before.isoformat(),
            "not_after": check.certificate.not_after.isoformat(),
            "sha256": check.certificate.sha256,
        },
        "problems": check.problems,
    }


class Command(LoaCommand):
    help = "Digital signatures of PDFs: verify a file's signatures."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = sub.add_parser("verify", help="list a PDF's signatures: signer, time, intact, trusted")
        verify.add_argument("file", metavar="FILE.pdf")
        verify.add_argument(
            "--trust", action="append", default=[], metavar="ROOT.pem", help="a root certificate to trust (repeatable)"
        )
        verify.add_argument("--json", action="store_true", help="one JSON object: the file's hash and its signatures")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
            extra = [Path(p).read_bytes() for p in options["trust"]]
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp «%(path)s».") % {"path": exc.filename or path}) from None
        result = verification(data, extra_roots=extra)
        if options["json"]:
            body = {"file": str(path), "sha256": result.sha256, "signatures": [as_json(c) for c in result.signatures]}
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        if not result.signatures:
            self.stdout.write(_("Tệp không có chữ ký số."))
        for check in result.signatures:
            verdict = _("còn nguyên") if check.intact else _("ĐÃ BỊ THAY ĐỔI")
            trust = _("tin cậy") if check.trusted else _("KHÔNG tin cậy")
            when = check.signed_at.isoformat() if check.signed_at else "—"
            self.stdout.write(f"{check.field}: {check.signer} · {check.organisation} · {when} · {verdict} · {trust}")
            for problem in check.problems:
                self.stdout.write(f"  - {problem}")
