"""The warm LibreOffice (converter.py) with the real LibreOffice, and the PDF cache (pdf.py).

LibreOffice and python3-uno are needed (a skip elsewhere, a failure under CI); the cache's own tests are not."""

import io
import os
import signal
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from pypdf import PdfReader

from loa.core.errors import DomainError
from loa.core.tests.needs import need
from loa.documents import converter as warm
from loa.documents import pdf as pdf_module
from loa.documents.docx_writer import render_docx
from loa.documents.pdf import docx_to_pdf, pdf_available
from loa.documents.tests.sample import sample_document


def _uno_importable() -> bool:
    try:
        return subprocess.run([warm.PYTHON, "-I", "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
    except OSError:
        return False


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(sample_document())


@pytest.fixture
def converter() -> warm.Converter:
    """This process's warm converter for the installed LibreOffice, started."""
    need(pdf_available(), "LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    need(_uno_importable(), "python3-uno", "apt-get install --no-install-recommends python3-uno")
    soffice = pdf_module._soffice()
    assert soffice is not None
    found = warm.converter_for(soffice)
    docx_to_pdf(render_docx(sample_document(draft=True)), cached=False)
    assert found.pid is not None, "the warm converter did not start"
    return found


def _group(pgid: int) -> list[tuple[int, str]]:
    """The processes of a process group that still run (a zombie waits only for its parent to read its status)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        state, _ppid, group = text[text.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state != "Z":
            found.append((int(stat.parent.name), name))
    return found


def _gone(pgid: int) -> bool:
    # A kill is delivered at once, but a loaded machine may take a moment to finish the processes.
    deadline = time.monotonic() + 5
    while _group(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _group(pgid)


def _text(pdf: bytes) -> str:
    return " ".join(unicodedata.normalize("NFC", p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_warm_conversion_is_a_pdf_with_the_vietnamese_text(converter, data):
    pdf = docx_to_pdf(data, cached=False)
    assert pdf.startswith(b"%PDF")
    text = " ".join(_text(pdf).split())
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "HUYỆN NINH GIANG", "Nguyễn Đình Tranh", "kỹ năng"):
        assert expected in text, expected


def test_the_second_conversion_reuses_the_running_libreoffice(converter, data):
    pid, office, starts = converter.pid, converter.office_pid, converter.starts
    started = time.monotonic()
    docx_to_pdf(data, cached=False)
    elapsed = time.monotonic() - started
    assert (converter.pid, converter.office_pid, converter.starts) == (pid, office, starts)
    assert elapsed < 10  # about 0.1 s; the bound is for a loaded CI machine, not a measure (see `loa bench`)
    names = {name for _pid, name in _group(pid)}
    assert {"soffice.bin", "python3"} <= names, names


@pytest.mark.parametrize("victim", ["soffice.bin", "python3"])
def test_a_killed_converter_is_restarted_without_the_caller_noticing(converter, data, victim):
    group = converter.pid
    (target,) = [pid for pid, name in _group(group) if name == victim]
    os.kill(target, signal.SIGKILL)
    pdf = docx_to_pdf(data, cached=False)
    assert "HUYỆN NINH GIANG" in _text(pdf)
    assert converter.pid not in (None, group)
    assert _gone(group), _group(group)


def test_a_hanging_conversion_is_killed_and_the_next_one_works(converter, data):
    group = converter.pid
    (office,) = [pid for pid, name in _group(group) if name == "soffice.bin"]
    os.kill(office, signal.SIGSTOP)  # LibreOffice stuck in a document
    started = time.monotonic()
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        docx_to_pdf(data, timeout=2, cached=False)
    assert time.monotonic() - started < 10
    assert caught.value.code == "pdf"
    assert caught.value.message == "Không chuyển được văn bản sang PDF: LibreOffice chạy quá 2 giây."
    assert _gone(group), _group(group)
    assert docx_to_pdf(data, cached=False).startswith(b"%PDF")
    assert converter.pid not in (None, group)


def test_a_document_libreoffice_cannot_open_is_the_same_error_as_cold_and_the_converter_stays(converter, data):
    pid = converter.pid
    with translation.override("vi"), pytest.raises(DomainError) as caught:
        docx_to_pdf(data[:5000], cached=False)  # a zip cut short
    assert caught.value.code == "pdf"
    assert caught.value.message == "Không chuyển được văn bản sang PDF: Error: source file could not be loaded"
    assert converter.pid == pid
    assert docx_to_pdf(data, cached=False).startswith(b"%PDF")


def test_stopping_leaves_no_process_and_no_directory(converter):
    group = converter.pid
    workdir = converter._workdir
    assert group is not None and workdir is not None and workdir.is_dir()
    warm.stop_all()
    assert converter.pid is None
    assert _gone(group), _group(group)
    assert not workdir.exists()


_OWNER = """
import sys, time, django
django.setup()
from loa.documents import converter, pdf
pdf.docx_to_pdf(open(sys.argv[1], "rb").read(), cached=False)
running = converter.converter_for(pdf._soffice())
print(running.pid, running._workdir, flush=True)
time.sleep(120)
"""


def test_when_its_owner_is_killed_the_converter_goes_with_its_directory(converter, data, tmp_path):
    source = tmp_path / "document.docx"
    source.write_bytes(data)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "loa.test_settings"}
    with subprocess.Popen(
        [sys.executable, "-c", _OWNER, str(source)], stdout=subprocess.PIPE, env=env, cwd=Path.cwd()
    ) as owner:
        assert owner.stdout is not None
        group_text, workdir_text = owner.stdout.readline().decode().split()
        group, workdir = int(group_text), Path(workdir_text)
        assert _group(group) and workdir.is_dir()
        owner.kill()  # SIGKILL: no atexit, no stop(); the helper reads end of input
        owner.wait()
    assert _gone(group), _group(group)
    deadline = time.monotonic() + 5
    while workdir.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not workdir.exists()


def test_an_idle_converter_stops_and_starts_again_when_needed(converter, data, monkeypatch):
    converter.stop()
    monkeypatch.setattr(warm, "IDLE_SECONDS", 1.0)
    docx_to_pdf(data, cached=False)
    group = converter.pid
    assert group is not None
    assert _gone(group)  # after one idle second the helper closes LibreOffice and itself
    assert converter.pid is None
    monkeypatch.undo()
    assert docx_to_pdf(data, cached=False).startswith(b"%PDF")
    assert converter.pid not in (None, group)


def test_a_forked_child_leaves_the_parents_converter_alone(converter, data):
    group = converter.pid
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        code = 0 if converter.pid is None else 1
        warm.stop_all()  # must not touch the parent's LibreOffice
        os._exit(code)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert converter.pid == group
    docx_to_pdf(data, cached=False)
    assert converter.pid == group


def test_without_python3_uno_the_cold_path_converts(data, monkeypatch):
    need(pdf_available(), "LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    monkeypatch.setattr(warm, "_converters", {})  # a converter of its own, not this process's running one
    monkeypatch.setattr(warm, "PYTHON", sys.executable)  # Loa's virtualenv: no `uno` there
    pdf = docx_to_pdf(data, cached=False)
    assert "HUYỆN NINH GIANG" in _text(pdf)
    (unavailable,) = warm._converters.values()
    assert unavailable.pid is None and unavailable.starts == 1
    docx_to_pdf(data, cached=False)
    assert unavailable.starts == 1  # not tried again within RETRY_SECONDS


def test_with_the_warm_converter_switched_off_the_cold_path_converts(data, settings, monkeypatch):
    need(pdf_available(), "LibreOffice (soffice)", "apt-get install libreoffice-writer-nogui fonts-liberation2")
    settings.LOA_PDF_WARM = False
    monkeypatch.setattr(pdf_module, "converter_for", _refuse)
    assert docx_to_pdf(data, cached=False).startswith(b"%PDF")


# --- the cache ------------------------------------------------------------------------------------------------------


def _refuse(*args: object, **kwargs: object) -> bytes:
    raise AssertionError("converted although the cache holds the PDF")


@pytest.fixture
def counted(monkeypatch) -> Iterator[list[bytes]]:
    """LibreOffice replaced by a counter (a PDF made of the DOCX's length), with `soffice` present."""
    calls: list[bytes] = []

    def convert(soffice: str, docx: bytes, timeout: float) -> bytes:
        calls.append(docx)
        return b"%PDF-1.7 fake " + str(len(calls)).encode()

    monkeypatch.setattr(pdf_module, "_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_module, "_convert", convert)
    yield calls


def test_the_same_docx_is_converted_once(counted, data, monkeypatch):
    first = docx_to_pdf(data)
    monkeypatch.setattr(pdf_module, "_convert", _refuse)
    assert docx_to_pdf(bytes(data)) == first
    assert len(counted) == 1


def test_other_bytes_and_cached_false_convert_again(counted, data):
    first = docx_to_pdf(data)
    assert docx_to_pdf(data + b" ") != first  # any other byte is another document
    assert docx_to_pdf(data, cached=False) != first  # measured or forced: converted, and not stored
    assert docx_to_pdf(data) == first
    assert len(counted) == 3


def test_a_failed_conversion_is_not_cached(data, monkeypatch):
    calls = []

    def fail(soffice: str, docx: bytes, timeout: float) -> bytes:
        calls.append(docx)
        raise DomainError("x", code="pdf")

    monkeypatch.setattr(pdf_module, "_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf_module, "_convert", fail)
    for _ in range(2):
        with pytest.raises(DomainError):
            docx_to_pdf(data)
    assert len(calls) == 2


def test_a_broken_cache_does_not_fail_the_export(counted, data, monkeypatch):
    class Broken:
        def get(self, key: str) -> bytes:
            raise OSError("disk full")

        def set(self, key: str, value: bytes) -> None:
            raise OSError("disk full")

    monkeypatch.setattr(pdf_module, "_cache", Broken)
    assert docx_to_pdf(data).startswith(b"%PDF")
    assert docx_to_pdf(data).startswith(b"%PDF")
    assert len(counted) == 2


def test_the_real_pdf_comes_back_identical_from_the_cache(converter, data, monkeypatch):
    first = docx_to_pdf(data)
    monkeypatch.setattr(pdf_module, "converter_for", _refuse)
    monkeypatch.setattr(pdf_module, "_cold", _refuse)
    assert docx_to_pdf(render_docx(sample_document())) == first
