from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches

from loa.documents.converter import stop_all


@pytest.fixture(autouse=True)
def _private_pdf_cache(settings: Any) -> Iterator[None]:
    """The PDF cache in memory and empty for each test here, not the files under var/ that the settings name."""
    settings.CACHES = {
        **settings.CACHES,
        "pdf": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "loa-test-pdf"},
    }
    caches["pdf"].clear()
    yield
    caches["pdf"].clear()


@pytest.fixture(autouse=True, scope="session")
def _no_libreoffice_left() -> Iterator[None]:
    """Stop the warm LibreOffice these tests started when the session ends (atexit would too, later)."""
    yield
    stop_all()
