"""Digital signatures: a PDF's signatures checked (the page's and `loa sign verify`'s one check), the trusted roots."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile

from loa.core.errors import DomainError
from loa.core.http import too_large
from loa.signing import selectors

from ..schemas import ERRORS

router = Router(tags=["Chữ ký số"])


class CertificateOut(Schema):
    subject: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str


class SignatureOut(Schema):
    field: str
    signer: str
    organisation: str
    title: str
    signed_at: dt.datetime | None
    intact: bool  # the bytes the signature covers are unchanged
    trusted: bool  # intact, valid, and its certificate chains to a trusted root and was valid
    whole_file: bool
    changed_after: bool
    certificate: CertificateOut
    problems: list[str]


class VerificationOut(Schema):
    size: int
    sha256: str
    signatures: list[SignatureOut]


class RootOut(Schema):
    id: int
    name: str
    subject: str
    sha256: str
    not_after: dt.datetime


@router.post("/signing/verify", response={200: VerificationOut, **ERRORS})
def signing_verify(request: HttpRequest, file: File[UploadedFile]) -> Any:
    """Each signature of the PDF sent: signer, organisation, time, intact, trusted (the configured roots)."""
    limit = settings.LOA_EVIDENCE_MAX_BYTES
    if (file.size or 0) > limit:
        raise DomainError(too_large(limit))
    return selectors.verification(file.read())


@router.get("/signing/roots", response={200: list[RootOut], **ERRORS})
def signing_roots(request: HttpRequest) -> Any:
    return list(selectors.roots_list())
