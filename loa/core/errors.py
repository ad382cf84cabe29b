"""The one domain error type: services raise it, entry points turn it into a message or a 4xx.

User-facing text in Loa is written in Vietnamese inside gettext calls; locale/en holds the English catalog.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _


class RowError:
    """One problem in an imported file: row number (as the user sees it), column header, reason."""

    def __init__(self, row: int, column: str, message: str) -> None:
        self.row, self.column, self.message = row, column, message

    def __str__(self) -> str:
        return _("Dòng %(row)s, cột «%(column)s»: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


class DomainError(Exception):
    """A user-facing error: `message` is already translated and safe to show."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDenied(DomainError):
    status = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, code="forbidden")


class NotFound(DomainError):
    status = 404

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_found")


class Conflict(DomainError):
    """A write from someone who read the object before another change: nothing is written (409)."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


class TooMany(DomainError):
    """Too many requests of a kind from one place (a public page's limits): refused, try later (429)."""

    status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited")


class ImportRejected(DomainError):
    """A whole import refused, nothing written; `errors` names every bad row."""

    def __init__(self, message: str, errors: Sequence[RowError] = ()) -> None:
        super().__init__(message, code="import_rejected")
        self.errors = list(errors)
