"""Reads: the trusted roots, and a PDF's signatures checked against them (and any roots the caller adds)."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from .models import TrustedRoot
from .verify import Verification, load_roots, verify_pdf


def roots_list() -> QuerySet[TrustedRoot]:
    return TrustedRoot.objects.order_by("name", "pk")


def trusted_roots(extra: Sequence[bytes] = ()) -> list[Any]:
    """The configured roots as pyHanko takes them, plus `extra` (PEM or DER, from the command line)."""
    stored = [bytes(der) for der in TrustedRoot.objects.values_list("der", flat=True)]
    return load_roots([*stored, *extra])


def verification(data: bytes, *, extra_roots: Sequence[bytes] = ()) -> Verification:
    """The one check the page, the API and `loa sign verify` share."""
    return verify_pdf(data, roots=trusted_roots(extra_roots))
