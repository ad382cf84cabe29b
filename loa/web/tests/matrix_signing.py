"""Matrix rows for digital signatures (issue 23): anyone signed in checks a PDF's signatures and reads the trusted
roots; only the system administrator changes them (others get a 403 naming who may)."""

from .matrix import API_SIGNED_IN, SIGNED_IN, Case, statuses

ADMIN_ONLY_WRITE = statuses(403, anon=302, admin=302)


def _pdf(world, target, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loa.signing.tests.pki import pki, signed_pdf

    p = pki()
    return {"file": SimpleUploadedFile("ky.pdf", signed_pdf(p.signer, [p.issuing]), "application/pdf")}


def _root_file(world, target, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loa.signing.tests.pki import fresh_root

    return {"name": f"Gốc của {persona}", "file": SimpleUploadedFile("goc.pem", fresh_root(), "application/x-pem-file")}


def _root(world, target):
    from loa.signing.models import TrustedRoot
    from loa.signing.tests.pki import stored_root

    return stored_root() if not TrustedRoot.objects.exists() else TrustedRoot.objects.first()


SIGNING_CASES = [
    Case("signing:verify", "GET", lambda w, t: "/signing/verify/", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "signing:verify",
        "POST",
        lambda w, t: "/signing/verify/",
        {"own": SIGNED_IN},
        targets=("own",),
        body=_pdf,
        fmt="multipart",
    ),
    Case("signing:roots", "GET", lambda w, t: "/signing/roots/", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "signing:roots",
        "POST",
        lambda w, t: "/signing/roots/",
        {"own": ADMIN_ONLY_WRITE},
        targets=("own",),
        body=_root_file,
        fmt="multipart",
    ),
    Case(
        "signing:root_delete",
        "POST",
        lambda w, t: f"/signing/roots/{_root(w, t).pk}/delete/",
        {"own": ADMIN_ONLY_WRITE},
        targets=("own",),
    ),
    Case(
        "API POST /api/signing/verify",
        "POST",
        lambda w, t: "/api/signing/verify",
        {"own": API_SIGNED_IN},
        targets=("own",),
        body=_pdf,
        fmt="multipart",
    ),
    Case(
        "API GET /api/signing/roots", "GET", lambda w, t: "/api/signing/roots", {"own": API_SIGNED_IN}, targets=("own",)
    ),
]
