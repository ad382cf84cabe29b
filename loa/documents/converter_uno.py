"""The warm converter's helper: run by Debian's python3 (which has `uno`, package python3-uno), never imported by Loa.

`loa/documents/converter.py` starts it in a process group of its own, one per Loa process that converts, and talks
to it over its stdin and stdout, one JSON object per line:

    (start)                                        → {"ready": true, "office_pid": N}  or  {"ready": false, "error": …}
    {"source": "/…/in.docx", "target": "/…/out.pdf"} → {"ok": true}  or  {"ok": false, "error": …, "alive": false|true}

It starts LibreOffice (`soffice`, argument 1) with a profile and HOME in the private directory of argument 2,
listening on a named pipe (a socket only this user reaches, no TCP port), and converts one document at a time.
On end of input (Loa stopped it, or the Loa process died, even by SIGKILL), after argument 3 idle seconds, or when
LibreOffice is gone, it kills its whole process group (LibreOffice's `oosplash` and `soffice.bin` included), removes
its directory and ends: nothing is left running, or on disk, once its owner is gone.
"""

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# How often the start looks whether LibreOffice listens yet; the owner bounds the whole start and kills the group
# past it.
_POLL_SECONDS = 0.05


def _reply(message: dict[str, Any]) -> None:
    os.write(1, json.dumps(message).encode() + b"\n")


def _finish(workdir: Path | None) -> None:
    """Kill LibreOffice (the profile is thrown away, so SIGKILL loses nothing), remove the directory (Loa does too
    when it stops the converter, but not when Loa itself was killed), then kill this process with whatever the group
    started meanwhile. Only when this process leads its group, as Loa starts it, never a shell's group."""
    me = os.getpid()
    if os.getpgrp() != me:
        return
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        if pid != me and int(text[text.rindex(")") + 2 :].split()[2]) == me:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    if workdir is not None:
        shutil.rmtree(workdir, ignore_errors=True)
    os.killpg(0, signal.SIGKILL)


def _requests(idle: float) -> Any:
    """The request lines read from stdin; ends on end of input or after `idle` seconds without one."""
    buffer = b""
    while True:
        while b"\n" in buffer:
            line, _, buffer = buffer.partition(b"\n")
            yield json.loads(line)
        ready, _, _ = select.select([0], [], [], idle)
        if not ready:
            return
        chunk = os.read(0, 65536)
        if not chunk:
            return
        buffer += chunk


def main() -> None:
    soffice, workdir, idle = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    os.umask(0o077)  # the profile and the pipe's socket are this user's only
    try:
        import uno  # type: ignore[import-not-found]
        from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
    except ImportError as error:
        _reply({"ready": False, "error": f"python3-uno: {error}"})
        return

    def properties(**values: Any) -> tuple[Any, ...]:
        out = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name, prop.Value = name, value
            out.append(prop)
        return tuple(out)

    pipe = f"loa-{os.getpid()}-{time.monotonic_ns()}"
    office = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={(workdir / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nofirststartwizard",
            "--nolockcheck",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # HOME and temporary files in the private directory, which Loa removes when it stops the converter.
        env={**os.environ, "HOME": str(workdir), "TMPDIR": str(workdir)},
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until LibreOffice listens
            if office.poll() is not None:
                _reply({"ready": False, "error": f"LibreOffice exited with code {office.returncode} while starting"})
                return
            time.sleep(_POLL_SECONDS)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    _reply({"ready": True, "office_pid": office.pid})

    # Documents are opened hidden, read-only, with macros never run and links never updated.
    load = properties(Hidden=True, ReadOnly=True, MacroExecutionMode=0, UpdateDocMode=0)
    export = properties(FilterName="writer_pdf_Export")
    for request in _requests(idle):
        # The reasons are soffice's own words for the same failures (`--convert-to` prints the first), without the
        # paths that UNO's messages carry.
        reason = "Error: source file could not be loaded"
        try:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["source"]), "_blank", 0, load)
            if document is None:
                raise ValueError(reason)
            reason = "Error: the PDF export failed"
            try:
                document.storeToURL(uno.systemPathToFileUrl(request["target"]), export)
            finally:
                document.close(True)
        except Exception:
            alive = office.poll() is None
            if alive:
                try:
                    desktop.getComponents()  # the bridge answers: LibreOffice is still there
                except Exception:
                    alive = False
            _reply({"ok": False, "error": reason if alive else "LibreOffice stopped", "alive": alive})
            if not alive:
                break
            continue
        _reply({"ok": True})


if __name__ == "__main__":
    try:
        main()
    finally:
        _finish(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
