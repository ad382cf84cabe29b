"""Oversight by the Fatherland Front: recommendations to units (read in reach, written by oversight accounts for
the administration of their area) and the units' answers, as the oversight pages do."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from loa.org.scope import Perm, can, out_of_reach
from loa.org.selectors import unit_by_code
from loa.oversight import selectors, services
from loa.oversight.models import Recommendation

from ..schemas import CONFLICT_ERRORS, ERRORS

router = Router(tags=["Giám sát của Mặt trận Tổ quốc"])


class RecommendationOut(Schema):
    id: int
    by_unit: str
    to_unit: str
    subject: str
    text: str
    reference: str
    issued_on: date
    due_on: date
    status: str
    answer: str
    answered_on: date | None
    revision: int


class RecommendationIn(Schema):
    to_unit: str  # code of a unit of the oversight body's area
    subject: str
    text: str
    due_on: date
    reference: str = ""


class AnswerIn(Schema):
    text: str
    revision: int


def _out(item: Recommendation) -> dict[str, Any]:
    return {
        "id": item.pk,
        "by_unit": item.by_unit.code,
        "to_unit": item.to_unit.code,
        "subject": item.subject,
        "text": item.text,
        "reference": item.reference,
        "issued_on": item.issued_on,
        "due_on": item.due_on,
        "status": item.status,
        "answer": item.answer,
        "answered_on": item.answered_on,
        "revision": item.revision,
    }


@router.get("/oversight", response={200: list[RecommendationOut], **ERRORS})
def recommendations_list(request: HttpRequest, status: str = "") -> Any:
    """Recommendations the user reads: an oversight body's area, a unit's own, a coordinator's province."""
    return [_out(r) for r in selectors.recommendations(actor=request.user, status=status)[:1000]]


@router.post("/oversight", response={201: RecommendationOut, **ERRORS})
def recommendation_create(request: HttpRequest, payload: RecommendationIn) -> Any:
    """An oversight account addresses a recommendation to a unit of its area, with a deadline to answer."""
    unit = unit_by_code(actor=request.user, code=payload.to_unit)
    if not can(request.user, Perm.VIEW, unit):
        raise out_of_reach()  # outside the caller's reach reads as missing, as for any unit-owned data
    data = services.RecommendationInput(
        to_unit=unit, subject=payload.subject, text=payload.text, due_on=payload.due_on, reference=payload.reference
    )
    return Status(201, _out(services.recommend(actor=request.user, data=data)))


@router.post("/oversight/{pk}/answer", response={200: RecommendationOut, **CONFLICT_ERRORS})
def recommendation_answer(request: HttpRequest, pk: int, payload: AnswerIn) -> Any:
    """The addressed unit answers (its own people or its Sở Nội vụ)."""
    item = selectors.recommendation_get(actor=request.user, pk=pk)
    return _out(services.respond(actor=request.user, item=item, text=payload.text, revision=payload.revision))
