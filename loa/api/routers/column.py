"""The CCHC column (issue 21): a unit's news items as its back office lists them, and the leader's approval, which
publishes the item and records the unit's portal activity. Citizens read the column through its public pages."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from loa.column import selectors, services
from loa.column.catalog import NewsStatus
from loa.column.models import NewsItem
from loa.core.errors import DomainError
from loa.org.scope import Perm, can, out_of_reach
from loa.org.selectors import unit_by_code

from ..pagination import Pagination
from ..schemas import CONFLICT_ERRORS

router = Router(tags=["Chuyên mục CCHC"])


class NewsOut(Schema):
    id: int
    unit: str  # code of the unit whose column it is
    activity: int | None  # the activity it tells of
    title: str
    summary: str
    status: str  # news_draft, news_pending, news_returned, news_published, news_withdrawn
    note: str  # the leader's note when returned or withdrawn
    revision: int
    submitted_at: datetime | None
    published_at: datetime | None  # first publication
    portal_activity: int | None  # the activity publishing recorded on the portal channel
    url: str  # the public address while published, else ""

    @staticmethod
    def resolve_unit(obj: NewsItem) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_activity(obj: NewsItem) -> int | None:
        return obj.activity_id

    @staticmethod
    def resolve_portal_activity(obj: NewsItem) -> int | None:
        return obj.portal_activity_id

    @staticmethod
    def resolve_url(obj: NewsItem) -> str:
        return services.public_url(obj) if obj.status == NewsStatus.PUBLISHED else ""


class ActIn(Schema):
    revision: int


@router.get("/column/{code}/news", response=list[NewsOut])
@paginate(Pagination)
def news_list(request: HttpRequest, code: str, status: str = "") -> Any:
    """The unit's news items in every state (or one `status`), the latest changed first."""
    unit = unit_by_code(actor=request.user, code=code[:40])
    if not can(request.user, Perm.VIEW, unit):
        raise out_of_reach()
    if status and status not in NewsStatus.values:
        raise DomainError(_("Tình trạng «%(s)s» không có trong danh mục tình trạng của tin.") % {"s": status[:40]})
    return selectors.news_list(actor=request.user, unit=unit, status=status)


@router.post("/column/news/{pk}/approve", response={200: NewsOut, **CONFLICT_ERRORS})
def news_approve(request: HttpRequest, pk: int, payload: ActIn) -> Any:
    """The unit's leader approves an item waiting for it: published on the column, the portal activity recorded."""
    item = selectors.news_get(actor=request.user, pk=pk)
    return services.news_approve(actor=request.user, item=item, revision=payload.revision)
