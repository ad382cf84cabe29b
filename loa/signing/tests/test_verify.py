"""Verification of signed PDFs against a CA made in the test: intact and trusted, one changed byte, content added
after signing, an expired certificate, a foreign root, unsigned and unreadable files."""

import pytest

from loa.signing.verify import UnreadablePdf, load_roots, verify_pdf

from .pki import pki, plain_pdf, signed_pdf


def roots():
    return load_roots([pki().root.pem])


def test_a_signature_of_a_unit_is_intact_and_trusted():
    p = pki()
    result = verify_pdf(signed_pdf(p.signer, [p.issuing]), roots=roots())
    [check] = result.signatures
    assert (check.signer, check.organisation, check.title) == ("Nguyễn Thị Hằng", "UBND xã Thành Sen", "Chủ tịch")
    assert check.intact and check.trusted and check.whole_file and not check.changed_after
    assert check.problems == [] and check.signed_at is not None
    assert check.certificate.serial == format(p.signer.cert.serial_number, "X")


def test_one_changed_byte_breaks_the_signature():
    p = pki()
    data = bytearray(signed_pdf(p.signer, [p.issuing]))
    at = data.index(b"/Title") + 8  # inside the signed original: the document's title
    data[at] = data[at] ^ 0x01
    [check] = verify_pdf(bytes(data), roots=roots()).signatures
    assert not check.intact and not check.trusted
    assert any("bị thay đổi sau khi ký" in p for p in check.problems)


def test_content_added_after_signing_is_named():
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    p = pki()
    signed = signed_pdf(p.signer, [p.issuing])
    writer = IncrementalPdfFileWriter(BytesIO(signed), strict=False)
    info = writer.root  # a change to the catalog: not a signature, not form filling
    info[NameObject("/Lang")] = TextStringObject("vi")
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    [check] = verify_pdf(out.getvalue(), roots=roots()).signatures
    assert check.intact and not check.whole_file
    assert check.changed_after or any("thêm" in p for p in check.problems)


def test_an_expired_and_a_foreign_certificate_are_not_trusted():
    p = pki()
    [expired] = verify_pdf(signed_pdf(p.expired, [p.issuing]), roots=roots()).signatures
    assert expired.intact and not expired.trusted
    assert any("hết hạn" in x for x in expired.problems)
    [foreign] = verify_pdf(signed_pdf(p.foreign, [p.foreign_root]), roots=roots()).signatures
    assert foreign.intact and not foreign.trusted
    assert any("không thuộc tổ chức" in x for x in foreign.problems)
    # Trusted once its root is.
    [accepted] = verify_pdf(signed_pdf(p.foreign, [p.foreign_root]), roots=load_roots([p.foreign_root.pem])).signatures
    assert accepted.trusted


def test_two_signatures_are_both_listed():
    p = pki()
    once = signed_pdf(p.signer, [p.issuing])
    twice = signed_pdf(p.expired, [p.issuing], once, field="Chu_ky_ca_nhan")
    checks = verify_pdf(twice, roots=roots()).signatures
    assert [c.field for c in checks] == ["Chu_ky_co_quan", "Chu_ky_ca_nhan"]
    assert checks[0].intact and checks[0].trusted and not checks[0].whole_file and not checks[0].changed_after


def test_a_pdf_without_signatures_and_files_that_are_not_pdfs():
    assert verify_pdf(plain_pdf(), roots=roots()).signatures == []
    for data, code in ((b"PK\x03\x04 not a pdf", "not_pdf"), (b"%PDF-1.7\n garbage", "unreadable"), (b"", "not_pdf")):
        with pytest.raises(UnreadablePdf) as refused:
            verify_pdf(data, roots=roots())
        assert refused.value.code == code
    with pytest.raises(Exception, match="không phải chứng thư số"):
        load_roots([b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])


def test_verification_works_inside_a_running_event_loop():
    """An async server or the browser tests' Playwright keep a loop running in the thread; pyHanko's own sync
    wrappers (asyncio.run) fail there, the check must not."""
    import asyncio

    p = pki()

    async def inside() -> bool:
        [check] = verify_pdf(signed_pdf(p.signer, [p.issuing]), roots=roots()).signatures
        return check.trusted

    # In a thread of its own: this test's thread may already hold the browser tests' loop.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside()).result()
