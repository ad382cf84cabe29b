"""The import's own error: the one exception a reader or the extractor lets out."""

from loa.core.errors import DomainError


class DocumentError(DomainError):
    """A file that cannot be imported, with a Vietnamese message naming what is wrong."""

    def __init__(self, message: str, *, code: str = "document_rejected") -> None:
        super().__init__(message, code=code)
