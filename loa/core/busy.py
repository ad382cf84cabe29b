"""The database is busy: a write waited for a lock longer than allowed. Every entry point answers it the same way,
503 and "Hệ thống đang bận, vui lòng thử lại sau ít phút.", never a 500; the transaction was rolled back, so
nothing is half written and the user may simply try again.

SQLite says so with OperationalError "database is locked" (its busy timeout ran out behind another writer);
PostgreSQL with a serialization failure, a deadlock or a lock timeout, recognised by SQLSTATE code.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError
from django.utils.translation import gettext as _

from .errors import DomainError

# SQLSTATE: serialization_failure, deadlock_detected, lock_not_available (lock_timeout).
BUSY_SQLSTATES = {"40001", "40P01", "55P03"}
BUSY_TEXTS = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
RETRY_AFTER_SECONDS = 30


def busy_message() -> str:
    return _("Hệ thống đang bận, vui lòng thử lại sau ít phút.")


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` is the database refusing for now (a lock or a conflict), not a fault."""
    if isinstance(exc, Busy):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if code in BUSY_SQLSTATES:
        return True
    text = str(exc).lower()
    return any(t in text for t in BUSY_TEXTS)


class Busy(DomainError):
    """A busy database as a domain error, for code that already turns DomainError into a message on its form."""

    status = 503

    def __init__(self) -> None:
        super().__init__(busy_message(), code="busy")


@contextmanager
def busy_as_domain_error() -> Iterator[None]:
    """Around a service call in a view: a busy database becomes `Busy`, which the view's `except DomainError`
    shows on the form it re-renders with what the user typed."""
    try:
        yield
    except OperationalError as exc:
        if is_busy(exc):
            raise Busy() from exc
        raise
