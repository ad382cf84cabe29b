"""DOCX → PDF with LibreOffice headless (Debian package `libreoffice-writer-nogui`).

Each conversion runs in its own temporary directory with its own LibreOffice profile: soffice refuses to start a
second instance on a profile that is in use, so a shared profile would serialise (or break) concurrent exports.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from loa.core.errors import DomainError


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    """Whether this server can convert documents to PDF."""
    return _soffice() is not None


def docx_to_pdf(docx: bytes, *, timeout: int = 120) -> bytes:
    """The PDF rendering of `docx`; DomainError when LibreOffice is missing, fails or runs past `timeout` s."""
    soffice = _soffice()
    if soffice is None:
        raise DomainError(
            _(
                "Chưa cài LibreOffice trên máy chủ nên không xuất được PDF. "
                "Quản trị viên cài gói Debian «libreoffice-writer-nogui» rồi thử lại."
            ),
            code="pdf_unavailable",
        )
    with tempfile.TemporaryDirectory(prefix="loa-pdf-") as workdir:
        work = Path(workdir)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        # HOME inside the work directory: the service user may have no writable home, and LibreOffice writes there.
        env = {**os.environ, "HOME": str(work)}
        returncode, output = _run(command, env, timeout)
        target = work / "out" / "document.pdf"
        if returncode != 0 or not target.is_file():
            reason = output.strip().splitlines()[-1] if output.strip() else _("LibreOffice không tạo ra tệp PDF.")
            raise DomainError(_("Không chuyển được văn bản sang PDF: %(reason)s") % {"reason": reason}, code="pdf")
        return target.read_bytes()


def _run(command: list[str], env: dict[str, str], timeout: int) -> tuple[int, str]:
    """Run soffice in a session of its own so that a timeout kills it with every process it spawned (the
    `soffice` wrapper starts `oosplash`, which starts `soffice.bin`; killing only the first would leave the rest)."""
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    ) as process:
        try:
            stdout, _unused = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            reason = _("LibreOffice chạy quá %(seconds)s giây.") % {"seconds": timeout}
            raise DomainError(
                _("Không chuyển được văn bản sang PDF: %(reason)s") % {"reason": reason}, code="pdf"
            ) from None
    return process.returncode, stdout.decode("utf-8", "replace")
