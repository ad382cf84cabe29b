"""Contests: the list with rounds and participants, a round's ranking with prizes, participation by unit, and
finishing a round (which records the contest activities). Taking part is through the public pages only."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from loa.contests import selectors, standings
from loa.contests.finish import finish_round
from loa.org.scope import out_of_reach

from ..pagination import Pagination
from ..schemas import ERRORS

router = Router(tags=["Cuộc thi"])


class RoundOut(Schema):
    number: int
    opens_at: datetime
    closes_at: datetime
    finished: bool
    participants: int


class ContestOut(Schema):
    id: int
    code: str  # the public address /cuoc-thi/<code>/
    title: str
    kind: str  # ContestKind
    status: str  # ContestStatus
    unit: str  # organiser's code
    rounds: list[RoundOut]
    participants: int  # one per person and round, entries included


class RankedOut(Schema):
    rank: int
    name: str
    unit: str
    score: int
    max_score: int
    prediction: int | None
    distance: int | None
    duration_ms: int
    submitted_at: datetime
    prize: str


class ParticipationOut(Schema):
    unit: str
    name: str
    people: int  # of the unit's subtree
    attempts: int
    staff: int | None
    share: float | None  # per cent of the unit's declared staff


class FinishOut(Schema):
    recorded: int
    kept: list[str]


@router.get("/contests", response={200: list[ContestOut], **ERRORS})
@paginate(Pagination)
def contests_list(request: HttpRequest) -> Any:
    return selectors.SummaryList(selectors.contests(actor=request.user))


def _quiz_round(request: HttpRequest, pk: int, number: int) -> Any:
    contest = selectors.contest_get(actor=request.user, pk=pk)
    if not selectors.sees_results(request.user, contest):
        raise out_of_reach()
    return selectors.round_get(contest, number)


@router.get("/contests/{pk}/rounds/{number}/ranking", response={200: list[RankedOut], **ERRORS})
def contest_ranking(request: HttpRequest, pk: int, number: int) -> Any:
    return [
        {
            "rank": r.rank,
            "name": r.result.name,
            "unit": r.result.unit_name,
            "score": r.result.score,
            "max_score": r.result.max_score,
            "prediction": r.result.prediction,
            "distance": r.distance,
            "duration_ms": r.result.duration_ms,
            "submitted_at": r.result.submitted_at,
            "prize": r.prize,
        }
        for r in standings.round_ranking(_quiz_round(request, pk, number))
    ]


@router.get("/contests/{pk}/participation", response={200: list[ParticipationOut], **ERRORS})
def contest_participation(request: HttpRequest, pk: int, round: int | None = None) -> Any:
    contest = selectors.contest_get(actor=request.user, pk=pk)
    if not selectors.sees_results(request.user, contest):
        raise out_of_reach()
    round_ = selectors.round_get(contest, round) if round else None
    rows = standings.participation(contest, selectors.participation_units(contest), round_)
    return [
        {
            "unit": p.unit.code,
            "name": p.unit.name,
            "people": p.people,
            "attempts": p.attempts,
            "staff": p.staff,
            "share": None if p.share is None else float(p.share),
        }
        for p in rows
    ]


@router.post("/contests/{pk}/rounds/{number}/finish", response={200: FinishOut, **ERRORS})
def contest_finish(request: HttpRequest, pk: int, number: int) -> Any:
    contest = selectors.contest_get(actor=request.user, pk=pk)
    done = finish_round(actor=request.user, round_=selectors.round_get(contest, number))
    return {"recorded": done.recorded, "kept": done.kept}
