"""Scores of the communication criterion: a unit's computed points with their evidence, its self-assessment, the
appraisal, and the province's ranking. The same selectors and services as the pages."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from loa.org.selectors import unit_by_code
from loa.scoring import services
from loa.scoring.selectors import ranking, unit_score
from loa.scoring.serialize import ranking_json, score_json

from ..schemas import CONFLICT_ERRORS

router = Router(tags=["Chấm điểm"])


class ScoreEntry(Schema):
    score: str | None = None  # "0,5" or "0.5"; empty clears
    note: str = ""


class ScoreIn(Schema):
    revision: int | None = None
    criteria: dict[str, ScoreEntry]
    # Leaf criteria that do not apply to the unit; when given, every other leaf applies again. Omitted: unchanged.
    not_applicable: list[str] | None = None


class RuleSetOut(Schema):
    id: int
    name: str
    basis: str


class CriterionScoreOut(Schema):
    code: str
    title: str
    max_points: str
    rule: str
    computed: str | None
    basis: str
    evidence_activities: list[int]
    self: str | None
    self_note: str
    appraised: str | None
    comment: str
    not_applicable: bool


class ScoreOut(Schema):
    """Points are decimal strings ("0.5"), as the criteria define them; None where nobody scored yet."""

    unit: str
    name: str
    year: int
    rule_set: RuleSetOut
    maximum: str
    applicable: str  # the maximum of the criteria that apply; `final` is rescaled to `maximum` when it is less
    computed: str
    self_assessed: str | None
    appraised: str | None
    final: str
    percent: str
    criteria: list[CriterionScoreOut]
    revision: int


class RankOut(Schema):
    rank: int
    unit: str
    name: str
    computed: str
    self_assessed: str | None
    appraised: str | None
    final: str
    percent: str


@router.get("/scores/{code}/{year}", response={200: ScoreOut, **CONFLICT_ERRORS})
def score_get(request: HttpRequest, code: str, year: int) -> Any:
    """A unit's communication score for a year: Loa's computed points with the evidence behind each, the unit's
    self-assessment and the appraiser's score and comment."""
    return score_json(unit_score(actor=request.user, unit=unit_by_code(actor=request.user, code=code), year=year))


def _write(request: HttpRequest, code: str, year: int, payload: ScoreIn, write: Callable[..., object]) -> Any:
    """Self-assessment and appraisal take the same input: per leaf criterion a score and a note, and a revision."""
    score = unit_score(actor=request.user, unit=unit_by_code(actor=request.user, code=code), year=year)
    values = {k: (v.score, v.note) for k, v in payload.criteria.items()}
    na = set(payload.not_applicable) if payload.not_applicable is not None else None
    write(actor=request.user, score=score, values=values, revision=payload.revision, na=na)
    return score_json(unit_score(actor=request.user, unit=score.unit, year=year))


@router.put("/scores/{code}/{year}/self", response={200: ScoreOut, **CONFLICT_ERRORS})
def score_self(request: HttpRequest, code: str, year: int, payload: ScoreIn) -> Any:
    """The unit's self-assessment (its leader or editor), per leaf criterion with a note."""
    return _write(request, code, year, payload, services.self_assess)


@router.put("/scores/{code}/{year}/appraisal", response={200: ScoreOut, **CONFLICT_ERRORS})
def score_appraise(request: HttpRequest, code: str, year: int, payload: ScoreIn) -> Any:
    """The appraiser's score and comment (the province's Sở Nội vụ), per leaf criterion."""
    return _write(request, code, year, payload, services.appraise)


@router.get("/rankings/{code}/{year}", response={200: list[RankOut], **CONFLICT_ERRORS})
def ranking_get(request: HttpRequest, code: str, year: int, unit_type: str = "ubnd_xa") -> Any:
    """Every unit of a type under a province ranked by score (appraised, else self-assessed, else computed;
    rescaled when criteria do not apply): `ubnd_xa` (communes) or `so_nganh` (departments)."""
    province = unit_by_code(actor=request.user, code=code)
    return ranking_json(ranking(actor=request.user, province=province, year=year, unit_type=unit_type))
