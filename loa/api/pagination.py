"""Limit and offset pagination with bounds: ninja's own leaves both unbounded, and a twenty-digit limit or offset
reached the database's slice (SQLite: "datatype mismatch", a 500). Every paged list of the API uses this class."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PER_PAGE = 100  # ninja's default page
MAX_LIMIT = 1000  # rows in one page
MAX_OFFSET = 10**12  # beyond any table Loa will hold, and far inside a 64-bit slice


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
