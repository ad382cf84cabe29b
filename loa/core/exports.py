"""Documents a user downloads (a plan or a report as DOCX, PDF or XLSX): one shape for the page, the API and the
command line, and one check of the format asked for."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

from .errors import NotFound

E = TypeVar("E")


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str  # ASCII, so every browser keeps it
    content_type: str


def export_for(exports: Mapping[str, E], fmt: str) -> E:
    """The export of format `fmt`, or a 404 naming the formats there are."""
    if fmt not in exports:
        raise NotFound(
            _("Định dạng «%(fmt)s» không được hỗ trợ (%(formats)s).") % {"fmt": fmt, "formats": ", ".join(exports)}
        )
    return exports[fmt]
