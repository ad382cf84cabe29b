"""A report as a file to download (DOCX, PDF, XLSX), and many reports as one ZIP: what the report page, the API,
`loa report export` and the batch export job all call."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify

from loa.core.exports import Document, export_for
from loa.core.http import DOCX, PDF, XLSX
from loa.core.text import fold

from .document import report_docx, report_pdf
from .selectors import ReportState
from .workbook import report_xlsx


@dataclass(frozen=True)
class Export:
    writer: Callable[[ReportState], bytes]
    content_type: str
    suffix: str


EXPORTS: dict[str, Export] = {
    "docx": Export(report_docx, DOCX, ".docx"),
    "pdf": Export(report_pdf, PDF, ".pdf"),
    "xlsx": Export(report_xlsx, XLSX, "-so-lieu.xlsx"),
}


def export_filename(state: ReportState, fmt: str) -> str:
    """`bao-cao-2026q1-42-snv.docx`: ASCII, so every browser and unzip tool keeps it."""
    code = fold(state.unit.code).replace(".", "-")
    return slugify(f"bao-cao-{fold(state.period.id)}-{code}") + EXPORTS[fmt].suffix


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.partition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}{dot}{ext}"
    taken.add(candidate)
    return candidate


def report_file(state: ReportState, fmt: str) -> Document:
    """The report as a file of format `fmt` (a 404 for a format there is not): the page, the API and `loa report
    export` all call this."""
    export = export_for(EXPORTS, fmt)
    return Document(export.writer(state), export_filename(state, fmt), export.content_type)


def reports_zip(states: list[ReportState], fmt: str, progress: Callable[[int, int], None] | None = None) -> bytes:
    """One file per report in the format `fmt`; `progress(done, total)` after each file."""
    taken: set[str] = set()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, state in enumerate(states, start=1):
            document = report_file(state, fmt)
            archive.writestr(_unique(document.filename, taken), document.content)
            if progress is not None:
                progress(done, len(states))
    return buffer.getvalue()
