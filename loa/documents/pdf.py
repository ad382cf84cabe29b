"""DOCX → PDF with LibreOffice headless (Debian packages `libreoffice-writer-nogui`, and `python3-uno` for speed).

A conversion goes, in order, to:

1. the PDF cache: the same DOCX bytes make the same PDF (the writer is deterministic), so a PDF is kept under the
   SHA-256 of its DOCX (and LibreOffice's version): a second download of an issued plan costs a file read;
2. this process's warm LibreOffice (`converter.py`: started on first use, restarted when it dies or hangs), about
   0.1–0.5 s for a plan or a report;
3. when that cannot start (no python3-uno, or `LOA_PDF_WARM=false`), a cold `soffice --convert-to pdf` in a
   temporary directory with its own profile: soffice refuses to start a second instance on a profile that is in
   use, so a shared profile would serialise (or break) concurrent exports.
"""

import contextlib
import hashlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import BaseCache, InvalidCacheBackendError, caches
from django.utils.translation import gettext as _

from loa.core.errors import DomainError
from loa.documents.converter import ConversionFailed, ConversionTimeout, ConverterUnavailable, converter_for

log = logging.getLogger(__name__)

# The cache alias "pdf" (loa/settings.py): files under VAR_DIR shared by every worker process, at most
# LOA_PDF_CACHE_ENTRIES of them. Not "default", which is each process's own memory (a hit only in the worker that
# converted) and holds the dashboards' small entries, which a few large PDFs would push out.
CACHE_ALIAS = "pdf"
CACHE_MAX_BYTES = 20 * 1024 * 1024  # a larger PDF is converted every time rather than crowd the cache


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    """Whether this server can convert documents to PDF."""
    return _soffice() is not None


def docx_to_pdf(docx: bytes, *, timeout: float = 120, cached: bool = True) -> bytes:
    """The PDF rendering of `docx`; DomainError when LibreOffice is missing, fails or runs past `timeout` s.
    `cached=False` converts even when the cache holds this document's PDF (and does not store it)."""
    soffice = _soffice()
    if soffice is None:
        raise DomainError(
            _(
                "Chưa cài LibreOffice trên máy chủ nên không xuất được PDF. "
                "Quản trị viên cài gói Debian «libreoffice-writer-nogui» rồi thử lại."
            ),
            code="pdf_unavailable",
        )
    key = f"loa.pdf:{_office_stamp(soffice)}:{hashlib.sha256(docx).hexdigest()}"
    if cached:
        hit = _cache_get(key)
        if hit is not None:
            return hit
    pdf = _convert(soffice, docx, timeout)
    if cached and len(pdf) <= CACHE_MAX_BYTES:
        _cache_set(key, pdf)
    return pdf


@lru_cache
def _office_stamp(soffice: str) -> str:
    """Changes when LibreOffice is upgraded (its files are replaced), so that PDFs of another version are not
    served from the cache."""
    try:
        return str(Path(soffice).resolve().stat().st_mtime_ns)
    except OSError:
        return "0"


def _cache() -> BaseCache:
    try:
        return caches[CACHE_ALIAS]
    except InvalidCacheBackendError:  # settings without the alias: the default cache still bounds itself
        return caches["default"]


# The cache only saves time: a broken one (full disk, unwritable directory) must never fail an export.
def _cache_get(key: str) -> bytes | None:
    try:
        value = _cache().get(key)
    except Exception:
        log.warning("PDF cache unreadable", exc_info=True)
        return None
    return value if isinstance(value, bytes) else None


def _cache_set(key: str, pdf: bytes) -> None:
    try:
        _cache().set(key, pdf)
    except Exception:
        log.warning("PDF cache unwritable", exc_info=True)


def _convert(soffice: str, docx: bytes, timeout: float) -> bytes:
    started = time.monotonic()
    if getattr(settings, "LOA_PDF_WARM", True):
        try:
            return converter_for(soffice).convert(docx, timeout=timeout)
        except ConverterUnavailable:
            pass  # logged by the converter; convert cold below
        except ConversionTimeout:
            raise _timeout_error(timeout) from None
        except ConversionFailed as failure:
            raise _failed_error(failure.reason) from None
    remaining = timeout - (time.monotonic() - started)
    if remaining <= 0:
        raise _timeout_error(timeout)
    return _cold(soffice, docx, remaining, timeout)


def _timeout_error(timeout: float) -> DomainError:
    reason = _("LibreOffice chạy quá %(seconds)s giây.") % {"seconds": timeout}
    return DomainError(_("Không chuyển được văn bản sang PDF: %(reason)s") % {"reason": reason}, code="pdf")


def _failed_error(reason: str | None) -> DomainError:
    reason = reason or _("LibreOffice không tạo ra tệp PDF.")
    return DomainError(_("Không chuyển được văn bản sang PDF: %(reason)s") % {"reason": reason}, code="pdf")


def _cold(soffice: str, docx: bytes, timeout: float, requested: float) -> bytes:
    """One soffice run for this document alone; `requested` is the timeout the caller asked for, which an error
    names (`timeout` is what is left of it)."""
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
        returncode, output = _run(command, env, timeout, requested)
        target = work / "out" / "document.pdf"
        if returncode != 0 or not target.is_file():
            raise _failed_error(output.strip().splitlines()[-1] if output.strip() else None)
        return target.read_bytes()


def _run(command: list[str], env: dict[str, str], timeout: float, requested: float) -> tuple[int, str]:
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
            raise _timeout_error(requested) from None
    return process.returncode, stdout.decode("utf-8", "replace")
