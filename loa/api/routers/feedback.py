"""Citizens' feedback (phản ánh, kiến nghị): the list and the statistics as the feedback pages show them, one item
(contact details only for its handlers), and what a handler does: take on, pass on, answer. Citizens send and follow
items through the public pages only (no account)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from loa.core.periods import parse_period
from loa.feedback import selectors, services
from loa.feedback.models import Feedback
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can, out_of_reach
from loa.org.selectors import unit_by_code

from ..schemas import CONFLICT_ERRORS, ERRORS

router = Router(tags=["Phản ánh, kiến nghị"])


class FeedbackOut(Schema):
    id: int
    code: str
    unit: str
    kind: str
    subject: str
    status: str
    received: date
    deadline: date  # answer by
    answered: date | None
    overdue: bool


class FeedbackDetailOut(FeedbackOut):
    content: str
    procedure: str
    answer: str
    published: bool
    consent_publish: bool
    contact: dict[str, str] | None  # name, phone, email: only for the item's handlers, until erased
    revision: int


class StatsOut(Schema):
    received: int
    answered: int
    on_time: int
    late: int
    overdue: int
    open: int
    forwarded_late: int  # passed on to the unit with authority after the deadline to do so


class ActIn(Schema):
    revision: int


class ForwardIn(ActIn):
    to_unit: str  # code of a unit of the province
    note: str


class AnswerIn(ActIn):
    text: str
    publish: bool = False


def _out(item: Feedback, today: date) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "unit": item.unit.code,
        "kind": item.kind,
        "subject": item.subject,
        "status": item.status,
        "received": item.received_on,
        "deadline": item.answer_by,
        "answered": item.answered_on,
        "overdue": selectors.is_overdue(item, today),
    }


def _detail(request: HttpRequest, item: Feedback) -> dict[str, Any]:
    handler = services.may_handle(request.user, item.unit)
    contact = {"name": item.name, "phone": item.phone, "email": item.email} if handler else None
    return {
        **_out(item, timezone.localdate()),
        "content": item.content,
        "procedure": item.procedure,
        "answer": item.answer,
        "published": item.published,
        "consent_publish": item.consent_publish,
        "contact": contact,
        "revision": item.revision,
    }


def _top(request: HttpRequest, unit: str) -> OrgUnit | None:
    """The unit asked for (None: everything the user reads); one outside the user's reach reads as missing."""
    if not unit:
        return None
    found = unit_by_code(actor=request.user, code=unit)
    if not can(request.user, Perm.VIEW, found):
        raise out_of_reach()
    return found


@router.get("/feedback", response={200: list[FeedbackOut], **ERRORS})
def feedback_list(request: HttpRequest, unit: str = "", status: str = "", overdue: bool = False) -> Any:
    """Items handled by a unit and those under it (default: every unit the user reads), newest first."""
    today = timezone.localdate()
    items = selectors.feedback_list(
        actor=request.user, unit=_top(request, unit), status=status, overdue=overdue, today=today
    )
    return [_out(i, today) for i in items.order_by("-received_on", "-pk")[:1000]]


@router.get("/feedback-stats", response={200: StatsOut, **ERRORS})
def feedback_stats(request: HttpRequest, unit: str = "", year: int | None = None, period: str = "") -> Any:
    """Received, answered, on time, late, overdue and open items of a period (`2026Q3`, `2026H1`, `2026M9`, …),
    else of a year (default: this year); by the day each item was received."""
    today = timezone.localdate()
    found = parse_period(period[:10]) if period else None
    if found is None:
        found = parse_period(str(year if year is not None and 2000 <= year <= 2100 else today.year))
    assert found is not None
    figures = selectors.stats(
        actor=request.user, unit=_top(request, unit), since=found.start, until=found.end, today=today
    )
    return figures.__dict__


@router.get("/feedback/{pk}", response={200: FeedbackDetailOut, **ERRORS})
def feedback_get(request: HttpRequest, pk: int) -> Any:
    return _detail(request, selectors.feedback_get(actor=request.user, pk=pk))


@router.post("/feedback/{pk}/accept", response={200: FeedbackDetailOut, **CONFLICT_ERRORS})
def feedback_accept(request: HttpRequest, pk: int, payload: ActIn) -> Any:
    """Take the item on as within the unit's authority."""
    item = selectors.feedback_get(actor=request.user, pk=pk)
    return _detail(request, services.accept(actor=request.user, item=item, revision=payload.revision))


@router.post("/feedback/{pk}/forward", response={200: FeedbackDetailOut, **CONFLICT_ERRORS})
def feedback_forward(request: HttpRequest, pk: int, payload: ForwardIn) -> Any:
    """Pass the item to the unit with authority in the province; its deadlines start again there."""
    item = selectors.feedback_get(actor=request.user, pk=pk)
    services.require_handler(request.user, item.unit)
    target = unit_by_code(actor=request.user, code=payload.to_unit)
    done = services.forward(actor=request.user, item=item, to_unit=target, note=payload.note, revision=payload.revision)
    return _detail(request, done)


@router.post("/feedback/{pk}/answer", response={200: FeedbackDetailOut, **CONFLICT_ERRORS})
def feedback_answer(request: HttpRequest, pk: int, payload: AnswerIn) -> Any:
    """Answer the item (published only with the citizen's consent)."""
    item = selectors.feedback_get(actor=request.user, pk=pk)
    done = services.answer(
        actor=request.user, item=item, text=payload.text, publish=payload.publish, revision=payload.revision
    )
    return _detail(request, done)
