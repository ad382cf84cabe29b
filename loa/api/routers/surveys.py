"""Satisfaction surveys: the list and one survey's results as the survey pages show them, and staff entry of a
paper or telephone questionnaire. Public answers come through the public pages only (no account)."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from loa.org.selectors import unit_by_code
from loa.surveys import selectors, services
from loa.surveys.definition import items

from ..schemas import ERRORS

router = Router(tags=["Khảo sát sự hài lòng"])


class SurveyOut(Schema):
    id: int
    unit: str
    title: str
    year: int
    starts_on: date
    ends_on: date
    status: str
    answers: int  # counted answers
    flagged: int  # waiting for review, not counted
    target: int | None  # sample size n = N / (1 + N·e²), when N is known
    index: float | None  # per cent, by the survey's stored rule


class TallyOut(Schema):
    key: str
    label: str
    valid: int
    no_answer: int
    levels: list[int]  # answers at levels 1..5
    index: float | None


class GroupOut(Schema):
    label: str
    answers: int
    index: float | None


class ResultsOut(Schema):
    survey: SurveyOut
    rule: dict[str, Any]
    index: float | None
    factors: list[TallyOut]
    items: list[TallyOut]
    by_unit: list[GroupOut]
    by_point: list[GroupOut]
    by_month: list[GroupOut]
    by_source: dict[str, int]
    rejected: int


class AnswerIn(Schema):
    source: str  # via_paper | via_phone (Source)
    answered_on: date
    unit: str = ""  # code of a unit inside the survey's; empty: the survey's unit
    point: int | None = None
    answers: dict[str, int]  # item key → 1..5, 0 = "Không trả lời"
    respondent: dict[str, str] = {}  # age_band, gender, service, dossier_code


class AnswerOut(Schema):
    id: int
    status: str


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _survey_out(row: selectors.SurveyRow) -> dict[str, Any]:
    s = row.survey
    return {
        "id": s.pk,
        "unit": s.unit.code,
        "title": s.title,
        "year": s.year,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "status": s.status,
        "answers": row.answers,
        "flagged": row.flagged,
        "target": row.target,
        "index": _number(row.index),
    }


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS})
def surveys_list(request: HttpRequest, unit: str = "", year: int | None = None) -> Any:
    """Surveys of a unit and the units under it (default: every unit the user reads)."""
    top = unit_by_code(actor=request.user, code=unit) if unit else None
    if top is not None:
        selectors.require_view(request.user, top)
    return [_survey_out(r) for r in selectors.survey_rows(actor=request.user, unit=top, year=year)]


@router.get("/surveys/{pk}/results", response={200: ResultsOut, **ERRORS})
def survey_results(request: HttpRequest, pk: int) -> Any:
    """The index by the survey's stored rule, per factor, question, unit, point and month."""
    survey = selectors.survey_get(actor=request.user, pk=pk)
    found = selectors.results(survey)
    rule = found.result.rule
    titles = {f["key"]: f["title"] for f in survey.definition.get("factors", [])}
    row = selectors.SurveyRow(survey, found.result.answers, found.flagged, found.target, found.result.index)
    return {
        "survey": _survey_out(row),
        "rule": rule.as_json(),
        "index": _number(found.result.index),
        "factors": [
            {
                "key": k,
                "label": titles.get(k, k),
                "valid": t.valid,
                "no_answer": t.no_answer,
                "levels": list(t.levels.values()),
                "index": _number(t.share(rule)),
            }
            for k, t in found.result.factors.items()
        ],
        "items": [
            {
                "key": q.key,
                "label": q.text,
                "valid": t.valid,
                "no_answer": t.no_answer,
                "levels": list(t.levels.values()),
                "index": _number(t.share(rule)),
            }
            for q in items(survey.definition)
            for t in [found.result.items[q.key]]
        ],
        "by_unit": [
            {"label": g.label, "answers": g.result.answers, "index": _number(g.result.index)} for g in found.by_unit
        ],
        "by_point": [
            {"label": g.label, "answers": g.result.answers, "index": _number(g.result.index)} for g in found.by_point
        ],
        "by_month": [
            {"label": g.label, "answers": g.result.answers, "index": _number(g.result.index)} for g in found.by_month
        ],
        "by_source": found.by_source,
        "rejected": found.rejected,
    }


@router.post("/surveys/{pk}/answers", response={201: AnswerOut, **ERRORS})
def survey_answer(request: HttpRequest, pk: int, payload: AnswerIn) -> Any:
    """A paper or telephone questionnaire typed by staff (the unit's people or its Sở Nội vụ)."""
    survey = selectors.survey_get(actor=request.user, pk=pk)
    unit = unit_by_code(actor=request.user, code=payload.unit) if payload.unit else None
    point = selectors.point_get(actor=request.user, pk=payload.point) if payload.point is not None else None
    values: dict[str, Any] = {**{k: str(v) for k, v in payload.answers.items()}, **payload.respondent}
    response = services.enter_answers(
        actor=request.user,
        survey=survey,
        values=values,
        source=payload.source,
        answered_on=payload.answered_on,
        unit=unit,
        point=point,
    )
    return Status(201, {"id": response.pk, "status": response.status})
