"""Published index values of a unit (PAR INDEX, SIPAS, PAPI, PCI, DDCI, 766): read, and record one."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from loa.indices.selectors import Series, unit_series
from loa.indices.services import IndexInput, index_value_save
from loa.org.scope import Perm, can, out_of_reach
from loa.org.selectors import unit_by_code

from ..schemas import ERRORS

router = Router(tags=["Chỉ số"])


class IndexIn(Schema):
    index: str  # par_index, sipas, papi, pci, ddci, bo_chi_so_766
    year: int
    value: str  # "88,37" or "88.37"
    as_of: date
    rank: int | None = None
    rank_of: int | None = None
    source: str = ""


class IndexValueOut(Schema):
    year: int
    value: str  # a decimal string, "88.37"
    rank: int | None
    rank_of: int | None
    as_of: date
    source: str


class SeriesOut(Schema):
    index: str
    label: str
    values: list[IndexValueOut]


def _series(series: list[Series]) -> list[dict[str, Any]]:
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
                    "as_of": v.as_of,
                    "source": v.source,
                }
                for v in s.points
            ],
        }
        for s in series
    ]


@router.get("/indices/{code}", response={200: list[SeriesOut], **ERRORS})
def indices_get(request: HttpRequest, code: str) -> Any:
    """A unit's published index values (PAR INDEX, SIPAS, PAPI, PCI, DDCI, 766), the latest of each year."""
    return _series(unit_series(actor=request.user, unit=unit_by_code(actor=request.user, code=code)))


@router.post("/indices/{code}", response={200: list[SeriesOut], **ERRORS})
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
    return _series(unit_series(actor=request.user, unit=unit))
