"""A certification authority made in the test (the `cryptography` package): a root, an issuing CA under it, signers
for units (one whose certificate expired, one under a foreign root), and PDFs signed by them with pyHanko."""

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from loa.signing.verify import run_async

PASSWORD = b"mat-khau-p12"
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Party:
    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def p12(self, chain: list["Party"]) -> bytes:
        return pkcs12.serialize_key_and_certificates(
            b"signer",
            self.key,
            self.cert,
            [c.cert for c in chain],
            serialization.BestAvailableEncryption(PASSWORD),
        )


def _name(common: str, organisation: str, title: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
    ]
    if title:
        parts.append(x509.NameAttribute(NameOID.TITLE, title))
    return x509.Name([*parts, x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _issue(subject: x509.Name, issuer: Party | None, *, ca: bool, start: dt.datetime, end: dt.datetime) -> Party:
    key = ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    cert = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    return Party(cert, key)


@dataclass(frozen=True)
class Pki:
    root: Party
    issuing: Party
    signer: Party  # UBND xã Thành Sen, valid for two years
    expired: Party  # valid until a month ago
    foreign_root: Party
    foreign: Party  # under the foreign root


@cache
def pki() -> Pki:
    """One PKI for the test session (keys are cheap but certificates must stay the same across a test's steps)."""
    now = dt.datetime.now(dt.UTC)
    root = _issue(_name("Loa Test Root CA", "Loa Test PKI"), None, ca=True, start=now - 400 * DAY, end=now + 3650 * DAY)
    issuing = _issue(
        _name("Loa Test Issuing CA", "Loa Test PKI"), root, ca=True, start=now - 400 * DAY, end=now + 1800 * DAY
    )
    signer = _issue(
        _name("Nguyễn Thị Hằng", "UBND xã Thành Sen", "Chủ tịch"),
        issuing,
        ca=False,
        start=now - DAY,
        end=now + 730 * DAY,
    )
    expired = _issue(
        _name("Trần Văn Cũ", "UBND xã Thạch Hà", "Phó Chủ tịch"),
        issuing,
        ca=False,
        start=now - 700 * DAY,
        end=now - 30 * DAY,
    )
    foreign_root = _issue(
        _name("Foreign Root CA", "Elsewhere Ltd"), None, ca=True, start=now - 400 * DAY, end=now + 3650 * DAY
    )
    foreign = _issue(
        _name("Người Giả Mạo", "UBND xã Giả Mạo"), foreign_root, ca=False, start=now - DAY, end=now + 365 * DAY
    )
    return Pki(root, issuing, signer, expired, foreign_root, foreign)


def plain_pdf(text: str = "Kế hoạch tuyên truyền CCHC") -> bytes:
    """A one-page PDF (pypdf): what Loa's documents are before they are signed."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def signed_pdf(party: Party, chain: list[Party], data: bytes | None = None, *, field: str = "Chu_ky_co_quan") -> bytes:
    """`data` (a plain PDF by default) signed by `party` with its chain embedded, invisibly (PAdES B-B)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(party.p12(chain), other_certs=[], passphrase=PASSWORD)
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    out = io.BytesIO()
    writer = IncrementalPdfFileWriter(io.BytesIO(data if data is not None else plain_pdf()), strict=False)
    run_async(signers.async_sign_pdf(writer, meta, signer=signer, output=out, bytes_reserved=16384))
    return out.getvalue()


def fresh_root() -> bytes:
    """A new root CA certificate (PEM) each call."""
    now = dt.datetime.now(dt.UTC)
    return _issue(_name("Loa Test Extra Root", "Loa Test PKI"), None, ca=True, start=now - DAY, end=now + 365 * DAY).pem


def stored_root() -> Any:
    """The test PKI's root, stored as trusted (through the service, as the system)."""
    from loa.org.scope import SYSTEM
    from loa.signing.models import TrustedRoot
    from loa.signing.services import root_add

    found = TrustedRoot.objects.filter(name="Loa Test Root CA").first()
    return found or root_add(actor=SYSTEM, name="Loa Test Root CA", blob=pki().root.pem)
