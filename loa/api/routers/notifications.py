"""The caller's own notices: the list, and marking them read."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from loa.notify.selectors import notifications_for
from loa.notify.services import mark_read

from ..pagination import Pagination
from ..schemas import ERRORS

router = Router(tags=["Thông báo"])


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    url: str
    created_at: Any
    read: bool

    @staticmethod
    def resolve_read(obj: Any) -> bool:
        return obj.read_at is not None


class ReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**63 - 1)]] = []  # notice ids: what the database can hold


@router.get("/notifications", response=list[NotificationOut])
@paginate(Pagination)
def notification_list(request: HttpRequest) -> Any:
    return notifications_for(request.user)


@router.post("/notifications/read", response={200: dict[str, int], **ERRORS})
def notification_read(request: HttpRequest, payload: ReadIn) -> Any:
    """Mark the caller's notices read: the ids given, or all when none are given."""
    return {"marked": mark_read(request.user, payload.ids or None)}  # type: ignore[arg-type]
