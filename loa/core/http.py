"""File downloads: content types and an attachment response with a safe Content-Disposition."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def attachment(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response
