"""A warm LibreOffice for DOCX → PDF: started on the first conversion, watched, restarted, one document at a time.

A cold `soffice --convert-to pdf` starts LibreOffice and builds a profile for every document; nearly all of its
seconds are start-up. Here a Loa process keeps one LibreOffice running and drives it over UNO through a small
helper, `converter_uno.py`, which Debian's python3 runs: `uno` (package python3-uno) is built for that interpreter
and is not importable in Loa's virtualenv. Measured on the 2-core machine with the tests' sample plan (5 pages):
0.1 s a conversion here, 0.15–0.2 s through unoserver 3.7 (its XML-RPC server run the same way), 1.2–1.7 s cold;
first answer after 1.2 s here, after 10 s from unoserver. `loa bench --scale province` times a report and a plan
(the DOCX written, then converted).

One converter per Loa process, not one shared by the gunicorn workers, because:

- the process tree is the ownership: the helper reads its owner's pipe, so when a worker exits or is killed
  (gunicorn's timeout, SIGKILL) the helper reads end of input and kills LibreOffice, and systemd's stop takes the
  rest of the cgroup; a shared server would need a pid file, a file lock, and a rule for who may kill and restart
  it while another worker waits on it;
- no port: a loopback UNO or XML-RPC port (unoserver's design) lets any local user have LibreOffice read and
  write files as Loa's user, and two checkouts or test runs on one machine would fight over it; a stdin pipe and a
  named UNO pipe made under umask 077 reach this user only;
- gunicorn's sync workers serve one request at a time, so no worker waits for another's conversion, and two cores
  convert no more than two or three documents at once anyway;
- the cost is memory, about 200 MB per worker that has converted (LibreOffice's resident set, plus 24 MB for the
  helper): workers that never convert start nothing, and a converter idle for IDLE_SECONDS stops until needed.

Within a process a lock lets one conversion at a time reach the converter (threads wait their turn within their
own timeout). What can go wrong, and what happens then:

- the helper or LibreOffice died (crash, out-of-memory kill, idle stop): the conversion is retried once on a new
  converter, so the caller does not see it;
- a conversion runs past its deadline: the whole process group is killed (`oosplash` and `soffice.bin` with the
  helper) and ConversionTimeout is raised; the next conversion starts a new converter;
- the converter cannot start (no /usr/bin/python3 or python3-uno, LibreOffice exits while starting, no answer
  within START_SECONDS): ConverterUnavailable, and pdf.py converts cold; another start is tried after
  RETRY_SECONDS;
- after MAX_CONVERSIONS documents a converter is replaced: LibreOffice's memory grows with use (measured: 143 MB
  resident after one document, 200 MB from the fiftieth on), and a document that leaks more must not stay.

The profile and HOME of each converter live in a private temporary directory (the service user may have no home;
the systemd units give it a private /tmp), removed when the converter stops.
"""

import atexit
import contextlib
import json
import logging
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, NoReturn

log = logging.getLogger(__name__)

PYTHON = "/usr/bin/python3"  # Debian's interpreter, the one python3-uno is built for
HELPER = Path(__file__).with_name("converter_uno.py")
START_SECONDS = 60.0
RETRY_SECONDS = 60.0
IDLE_SECONDS = 1800.0
MAX_CONVERSIONS = 500


class ConverterUnavailable(Exception):
    """The warm converter cannot start: convert cold instead."""


class ConversionTimeout(Exception):
    """The conversion ran past its deadline; the converter was killed."""


class ConversionFailed(Exception):
    """LibreOffice answered but made no PDF; `reason` is its message (None: it made no file)."""

    def __init__(self, reason: str | None) -> None:
        super().__init__(reason)
        self.reason = reason


class _Dead(Exception):
    """The helper is gone, or says LibreOffice is."""


class Converter:
    """One helper and its LibreOffice, for one `soffice` program, owned by the process that started it."""

    def __init__(self, soffice: str) -> None:
        self.soffice = soffice
        self.lock = threading.Lock()
        self.starts = 0
        self.office_pid: int | None = None
        self._owner = os.getpid()
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None
        self._buffer = b""
        self._conversions = 0
        self._failed_at: float | None = None

    @property
    def pid(self) -> int | None:
        """The helper's process id, which is also the process group of its LibreOffice; None when not running."""
        return self._process.pid if self._process is not None and self._running() else None

    def convert(self, docx: bytes, *, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        if not self.lock.acquire(timeout=max(timeout, 0)):
            raise ConversionTimeout
        try:
            retried = False
            while True:
                if not self._running():
                    self._start(deadline)
                try:
                    pdf = self._convert_once(docx, deadline)
                except _Dead as dead:
                    self.stop()
                    if retried:
                        raise ConversionFailed(str(dead)) from None
                    log.warning("LibreOffice stopped during a conversion (%s); starting it again", dead)
                    retried = True
                    continue
                self._conversions += 1
                if self._conversions >= MAX_CONVERSIONS:
                    self.stop()
                return pdf
        finally:
            self.lock.release()

    def stop(self) -> None:
        """Kill the helper's whole process group and remove its directory; nothing when it is not running."""
        process, workdir = self._process, self._workdir
        self._process = self._workdir = None
        self._buffer = b""
        self.office_pid = None
        if process is not None and self._owner == os.getpid():
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            # The helper is never reaped before this kill (`_running` looks without reaping), so its pid still names
            # our group and no other process can have taken it.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    def forget(self) -> None:
        """In a forked child: drop the parent's converter without touching it, and close our copies of its pipes
        (else the helper would not see end of input when the parent dies)."""
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        os.close(stream.fileno())
        self._process = self._workdir = None
        self._buffer = b""
        self.office_pid = None
        self._owner = os.getpid()
        self.lock = threading.Lock()

    def _running(self) -> bool:
        if self._process is None or self._owner != os.getpid():
            return False
        try:
            # WNOWAIT: look without reaping, so that `stop` can still kill the group by the helper's pid.
            return os.waitid(os.P_PID, self._process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None
        except ChildProcessError:
            return False

    def _start(self, deadline: float) -> None:
        self.stop()  # what is left of a converter that died: its group and directory
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_SECONDS:
            raise ConverterUnavailable(f"it failed to start less than {RETRY_SECONDS:.0f} s ago")
        workdir = Path(tempfile.mkdtemp(prefix="loa-office-"))
        try:
            with (workdir / "helper.log").open("wb") as errors:
                process = subprocess.Popen(
                    [PYTHON, "-I", str(HELPER), self.soffice, str(workdir), str(IDLE_SECONDS)],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=errors,
                    bufsize=0,
                    cwd=workdir,
                    env={**os.environ, "HOME": str(workdir)},
                    start_new_session=True,  # a process group of its own: one kill reaches LibreOffice too
                )
        except OSError as error:
            shutil.rmtree(workdir, ignore_errors=True)
            self._failed_at = time.monotonic()
            raise ConverterUnavailable(f"{PYTHON}: {error}") from None
        self._process, self._workdir = process, workdir
        self.starts += 1
        limit = time.monotonic() + START_SECONDS
        try:
            ready = self._read(min(deadline, limit))
        except _Dead as dead:
            self._start_failed(str(dead), blame=True)
        except ConversionTimeout:
            # A start cut short by the caller's own deadline says nothing about the converter: try again next time.
            self._start_failed("LibreOffice did not answer in time", blame=limit <= deadline)
        if not ready.get("ready"):
            self._start_failed(str(ready.get("error")), blame=True)
        self.office_pid = int(ready["office_pid"])
        self._conversions = 0
        self._failed_at = None

    def _start_failed(self, reason: str, *, blame: bool) -> NoReturn:
        reason = f"{reason} {self._helper_log()}".strip()
        self.stop()
        if blame:
            self._failed_at = time.monotonic()
        log.warning("The warm LibreOffice did not start (%s); converting cold", reason)
        raise ConverterUnavailable(reason)

    def _helper_log(self) -> str:
        if self._workdir is None:
            return ""
        with contextlib.suppress(OSError):
            return (self._workdir / "helper.log").read_text("utf-8", "replace").strip()[-500:]
        return ""

    def _convert_once(self, docx: bytes, deadline: float) -> bytes:
        assert self._workdir is not None
        source, target = self._workdir / "document.docx", self._workdir / "document.pdf"
        try:
            source.write_bytes(docx)
        except FileNotFoundError:  # the helper stopped (idle) and removed its directory just now
            raise _Dead("the converter had stopped") from None
        try:
            self._send({"source": str(source), "target": str(target)})
            reply = self._read(deadline)
        except ConversionTimeout:
            self.stop()  # LibreOffice may be stuck inside the document: kill it all
            raise
        finally:
            source.unlink(missing_ok=True)
        if not reply.get("ok"):
            if not reply.get("alive", True):
                raise _Dead(str(reply.get("error")))
            raise ConversionFailed(str(reply.get("error")))
        try:
            return target.read_bytes()
        except FileNotFoundError:
            raise ConversionFailed(None) from None
        finally:
            target.unlink(missing_ok=True)

    def _send(self, message: dict[str, Any]) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps(message).encode() + b"\n")
        except OSError:  # BrokenPipeError: the helper is gone
            raise _Dead("the converter had stopped") from None

    def _read(self, deadline: float) -> dict[str, Any]:
        """The helper's next message; _Dead on end of output, ConversionTimeout past `deadline`."""
        assert self._process is not None and self._process.stdout is not None
        fd = self._process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ConversionTimeout
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise _Dead("the converter stopped")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        message: dict[str, Any] = json.loads(line)
        return message


_converters: dict[str, Converter] = {}
_registry = threading.Lock()


def converter_for(soffice: str) -> Converter:
    """This process's converter for the `soffice` program at that path (one per path: tests put stand-ins on PATH)."""
    with _registry:
        converter = _converters.get(soffice)
        if converter is None:
            converter = _converters[soffice] = Converter(soffice)
        return converter


def stop_all() -> None:
    """Stop every converter this process started (at exit, and in tests)."""
    for converter in list(_converters.values()):
        locked = converter.lock.acquire(timeout=5)
        try:
            converter.stop()
        finally:
            if locked:
                converter.lock.release()


def _after_fork() -> None:
    global _registry
    _registry = threading.Lock()
    for converter in _converters.values():
        converter.forget()


atexit.register(stop_all)
os.register_at_fork(after_in_child=_after_fork)
