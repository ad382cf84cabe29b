"""HTTP helpers: content types, attachment responses with a safe Content-Disposition, and the refusals of
uploads that are too large or cannot be read."""

from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .errors import NotFound
from .exports import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def too_large(limit: int) -> str:
    """The refusal of an upload over `limit` bytes, naming the limit."""
    return _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // 2**20}


def unreadable_body() -> str:
    """The refusal of a request body that cannot be read (a multipart form without its boundary, a broken upload)."""
    return _(
        "Không đọc được dữ liệu gửi lên: nội dung yêu cầu bị hỏng hoặc sai định dạng (ví dụ biểu mẫu tải tệp "
        "«multipart/form-data» thiếu tham số boundary). Không có gì được thay đổi; hãy gửi lại."
    )


def attachment(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def download(document: Document, *, inline: bool = False) -> HttpResponse:
    """A generated document as an attachment (or, `inline`, shown by the browser's own viewer)."""
    return attachment(document.content, document.filename, document.content_type, inline=inline)


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
