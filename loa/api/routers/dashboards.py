"""Dashboard figures and scores: the same selectors as the pages, scoped the same way."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from loa.dashboards import selectors
from loa.dashboards.filters import parse_filter
from loa.dashboards.serialize import figures_json, ranking_json, score_json
from loa.indices.selectors import Series, unit_series
from loa.indices.services import IndexInput, index_value_save
from loa.org.scope import Perm, can, out_of_reach
from loa.org.selectors import unit_by_code
from loa.scoring import services
from loa.scoring.selectors import ranking, unit_score

from ..schemas import ErrorOut

router = Router(tags=["Thống kê, chấm điểm"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ScoreEntry(Schema):
    score: str | None = None  # "0,5" or "0.5"; empty clears
    note: str = ""


class ScoreIn(Schema):
    revision: int | None = None
    criteria: dict[str, ScoreEntry]


@router.get("/dashboard", response={200: dict[str, Any], **ERRORS})
def dashboard(
    request: HttpRequest,
    unit: str = "",
    period: str = "",
    from_month: str = "",
    to_month: str = "",
    area: str = "",
    channel: str = "",
    unit_type: str = "",
) -> Any:
    """Figures for a unit's subtree (or the country for an administrator) over calendar months: totals, by channel,
    by reform area, by month with the same month a year earlier, and the direct children. Months as mm/yyyy,
    or `period` as 2026, 2026Q1, 2026H1, 2026M9, 2026-03. Wrong filter values are listed in `problems`."""
    today = timezone.localdate()
    get = {
        "unit": unit,
        "period": period,
        "from": from_month,
        "to": to_month,
        "area": area,
        "channel": channel,
        "unit_type": unit_type,
    }
    f, problems = parse_filter(request.user, get, today_month=today.year * 100 + today.month)
    fig = selectors.figures(actor=request.user, f=f)
    rows = selectors.children(actor=request.user, f=f)
    return {**figures_json(f, fig, rows), "problems": problems}


@router.get("/scores/{code}/{year}", response={200: dict[str, Any], **ERRORS})
def score_get(request: HttpRequest, code: str, year: int) -> Any:
    """A unit's communication score for a year: Loa's computed points with the evidence behind each, the unit's
    self-assessment and the appraiser's score and comment."""
    return score_json(unit_score(actor=request.user, unit=unit_by_code(actor=request.user, code=code), year=year))


@router.put("/scores/{code}/{year}/self", response={200: dict[str, Any], **ERRORS})
def score_self(request: HttpRequest, code: str, year: int, payload: ScoreIn) -> Any:
    """The unit's self-assessment (its leader or editor), per leaf criterion with a note."""
    score = unit_score(actor=request.user, unit=unit_by_code(actor=request.user, code=code), year=year)
    values = {k: (v.score, v.note) for k, v in payload.criteria.items()}
    services.self_assess(actor=request.user, score=score, values=values, revision=payload.revision)
    return score_json(unit_score(actor=request.user, unit=score.unit, year=year))


@router.put("/scores/{code}/{year}/appraisal", response={200: dict[str, Any], **ERRORS})
def score_appraise(request: HttpRequest, code: str, year: int, payload: ScoreIn) -> Any:
    """The appraiser's score and comment (the province's Sở Nội vụ), per leaf criterion."""
    score = unit_score(actor=request.user, unit=unit_by_code(actor=request.user, code=code), year=year)
    values = {k: (v.score, v.note) for k, v in payload.criteria.items()}
    services.appraise(actor=request.user, score=score, values=values, revision=payload.revision)
    return score_json(unit_score(actor=request.user, unit=score.unit, year=year))


@router.get("/rankings/{code}/{year}", response={200: list[dict[str, Any]], **ERRORS})
def ranking_get(request: HttpRequest, code: str, year: int, unit_type: str = "ubnd_xa") -> Any:
    """Every unit of a type under a province ranked by score (appraised, else self-assessed, else computed)."""
    province = unit_by_code(actor=request.user, code=code)
    return ranking_json(ranking(actor=request.user, province=province, year=year, unit_type=unit_type))


class IndexIn(Schema):
    index: str  # par_index, sipas, papi, pci, ddci, bo_chi_so_766
    year: int
    value: str  # "88,37" or "88.37"
    as_of: date
    rank: int | None = None
    rank_of: int | None = None
    source: str = ""


def _series_json(series: list[Series]) -> list[dict[str, Any]]:
    return [
        {
            "index": s.index,
            "label": s.label,
            "values": [
                {
                    "year": v.year,
                    "value": str(v.value),
                    "rank": v.rank,
                    "rank_of": v.rank_of,
                    "as_of": v.as_of.isoformat(),
                    "source": v.source,
                }
                for v in s.points
            ],
        }
        for s in series
    ]


@router.get("/indices/{code}", response={200: list[dict[str, Any]], **ERRORS})
def indices_get(request: HttpRequest, code: str) -> Any:
    """A unit's published index values (PAR INDEX, SIPAS, PAPI, PCI, DDCI, 766), the latest of each year."""
    return _series_json(unit_series(actor=request.user, unit=unit_by_code(actor=request.user, code=code)))


@router.post("/indices/{code}", response={200: list[dict[str, Any]], **ERRORS})
def indices_post(request: HttpRequest, code: str, payload: IndexIn) -> Any:
    """Record one published value (the province's Sở Nội vụ or an administrator); the same index, year and
    date again replaces it."""
    unit = unit_by_code(actor=request.user, code=code)
    if not can(request.user, Perm.VIEW, unit):
        raise out_of_reach()
    data = IndexInput(
        index=payload.index,
        year=payload.year,
        value=payload.value,
        as_of=payload.as_of,
        rank=payload.rank,
        rank_of=payload.rank_of,
        source=payload.source,
    )
    index_value_save(actor=request.user, unit=unit, data=data)
    return _series_json(unit_series(actor=request.user, unit=unit))
