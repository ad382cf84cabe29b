"""File downloads: content types and an attachment response with a safe Content-Disposition."""

from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .errors import NotFound

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def too_large(limit: int) -> str:
    """The refusal of an upload over `limit` bytes, naming the limit."""
    return _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // 2**20}


def attachment(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def stored_file(file: File[bytes], filename: str, content_type: str, *, inline: bool = False) -> FileResponse:
    """A file from Django's storage, streamed under the name the user knows it by; the browser is told
    not to guess its type. A file missing from the store is a 404 naming it, not a 500."""
    try:
        handle = file.open("rb")
    except OSError:
        raise NotFound(_("Tệp «%(name)s» không còn trong kho lưu trữ.") % {"name": filename}) from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
