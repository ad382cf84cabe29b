"""What the signatures of a PDF say: who signed, for which organisation, when, whether the bytes they cover are
unchanged, whether the file changed after signing, and whether the certificate chains to a root the system trusts.

pyHanko reads and validates (PAdES); nothing is fetched from the network (no revocation lists: Loa's servers may have
no way out, and a verdict must not hang on one). A certificate is judged at `moment` (now, unless the caller knows when
the document was issued), so a certificate that expired since is reported as such.
"""

import asyncio
import dataclasses
import hashlib
import io
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

from loa.core.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str  # hexadecimal, as certificate viewers show it
    not_before: datetime
    not_after: datetime
    sha256: str  # of the DER: what a unit's registered certificate is matched by


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's common name
    organisation: str
    title: str
    signed_at: datetime | None  # the time the signer's software wrote (not a trusted timestamp)
    intact: bool  # the bytes the signature covers are the ones that were signed
    trusted: bool  # its certificate chains to a trusted root and was valid at the moment of the check
    whole_file: bool  # it covers the whole file: nothing was added after it
    changed_after: bool  # something other than further signatures or form filling was added after it
    certificate: CertificateInfo
    problems: list[str] = dataclasses.field(default_factory=list)  # in Vietnamese, for the page and the command


@dataclass(frozen=True)
class Verification:
    size: int
    sha256: str
    signatures: list[SignatureCheck]


class UnreadablePdf(DomainError):
    pass


def run_async(work: Coroutine[Any, Any, T]) -> T:
    """pyHanko's coroutine, run to its end from synchronous code. Its own sync wrappers call `asyncio.run`, which
    refuses to start inside a thread whose event loop is running (an async server, the browser tests' Playwright):
    there the coroutine runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


def _name_part(subject: Any, key: str) -> str:
    value = subject.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value or "")


# The parts of a certificate's name people read, most specific first (asn1crypto's own rendering names each part in
# English: "Common Name: …, Organization: …").
NAME_PARTS = (
    "common_name",
    "title",
    "organizational_unit_name",
    "organization_name",
    "locality_name",
    "state_or_province_name",
    "country_name",
)


def readable_name(name: Any) -> str:
    """A certificate's subject or issuer as its values: "Nguyễn Thị Hằng · Chủ tịch · UBND xã Thành Sen · VN"."""
    values = name.native
    parts = [_name_part(name, key) for key in NAME_PARTS if values.get(key)]
    return " · ".join(p for p in parts if p)


def certificate_info(cert: Any) -> CertificateInfo:
    """The facts of an asn1crypto certificate people and registries compare."""
    return CertificateInfo(
        subject=readable_name(cert.subject),
        issuer=readable_name(cert.issuer),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        sha256=hashlib.sha256(cert.dump()).hexdigest(),
    )


def load_roots(blobs: Sequence[bytes]) -> list[Any]:
    """Certificates in PEM or DER, as pyHanko takes them; a blob that is no certificate is refused by name."""
    from asn1crypto import pem, x509

    roots = []
    for number, blob in enumerate(blobs, start=1):
        try:
            der = pem.unarmor(blob)[2] if pem.detect(blob) else blob
            cert = x509.Certificate.load(der)
            if cert.native is None:  # parses the whole structure: a truncated file fails here, not later
                raise ValueError(number)
        except Exception:
            raise DomainError(
                _("Tệp chứng thư gốc thứ %(n)s không phải chứng thư số (PEM hoặc DER).") % {"n": number}
            ) from None
        roots.append(cert)
    return roots


def _problems(status: Any, whole_file: bool, changed_after: bool) -> list[str]:
    found = []
    if not status.intact:
        found.append(_("Nội dung đã bị thay đổi sau khi ký: chữ ký không còn khớp với tệp."))
    elif not status.valid:
        found.append(_("Chữ ký không hợp lệ."))
    if changed_after:
        found.append(_("Tệp đã được thêm nội dung (không phải chữ ký) sau khi ký."))
    elif not whole_file:
        found.append(
            _("Sau chữ ký này tệp còn có phần được thêm vào (chữ ký khác hoặc dữ liệu không làm đổi nội dung).")
        )
    if not status.trusted:
        indication = str(getattr(status.trust_problem_indic, "name", "") or "")
        if "OUT_OF_BOUNDS" in indication or "EXPIRED" in indication:
            found.append(_("Chứng thư số đã hết hạn hoặc chưa có hiệu lực vào thời điểm kiểm tra."))
        elif "REVOKED" in indication:
            found.append(_("Chứng thư số đã bị thu hồi."))
        else:
            found.append(_("Chứng thư số không thuộc tổ chức cung cấp dịch vụ chứng thực mà hệ thống tin cậy."))
    return found


def verify_pdf(data: bytes, *, roots: Sequence[Any], moment: datetime | None = None) -> Verification:
    """Every signature of the PDF `data`, checked against `roots` (see `load_roots`). A file that is not a readable
    PDF is refused with a Vietnamese message; a PDF without signatures gives an empty list."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    limit = settings.LOA_EVIDENCE_MAX_BYTES
    if len(data) > limit:
        raise UnreadablePdf(
            _("Tệp nặng hơn %(limit)s MB: không kiểm tra được.") % {"limit": limit // 2**20}, code="too_large"
        )
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadablePdf(_("Tệp này không phải PDF."), code="not_pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise UnreadablePdf(_("Tệp PDF có mật khẩu: hãy gửi bản không đặt mật khẩu."), code="encrypted")
        embedded = list(reader.embedded_signatures)
    except UnreadablePdf:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError, OSError):
        raise UnreadablePdf(
            _("Không đọc được tệp PDF này (tệp hỏng hoặc không đúng cấu trúc PDF)."), code="unreadable"
        ) from None
    checks = []
    for signature in embedded:
        context = ValidationContext(
            trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail", moment=moment
        )
        try:
            status = run_async(async_validate_pdf_signature(signature, context))
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
            raise UnreadablePdf(
                _("Không đọc được chữ ký «%(field)s» của tệp: %(why)s")
                % {"field": signature.field_name, "why": exc.__class__.__name__},
                code="unreadable_signature",
            ) from None
        cert = status.signing_cert
        whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        changed_after = not whole_file and not status.docmdp_ok
        checks.append(
            SignatureCheck(
                field=signature.field_name or "",
                signer=_name_part(cert.subject, "common_name"),
                organisation=_name_part(cert.subject, "organization_name"),
                title=_name_part(cert.subject, "title"),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                trusted=bool(status.intact and status.valid and status.trusted),
                whole_file=whole_file,
                changed_after=changed_after,
                certificate=certificate_info(cert),
                problems=_problems(status, whole_file, changed_after),
            )
        )
    return Verification(size=len(data), sha256=hashlib.sha256(data).hexdigest(), signatures=checks)
