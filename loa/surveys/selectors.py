"""Reads of surveys: lists in the actor's reach, one survey, and results (the index by the survey's stored rule, per
unit, collection point, month and source). Every figure of a survey comes from `results` or `indices_of`, which
both go through `index.compute`, so the list, the results page, the XLSX, the API and the CLI agree."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, get_in_scope, out_of_reach, restrict, scope_prefix
from loa.org.tree import ancestors_q, path_ancestors, province_path, subtree_q

from .catalog import ResponseStatus, Source, SurveyStatus
from .index import Result, compute, rule_from, sample_size
from .models import CollectionPoint, Response, Survey, SurveyTemplate


def require_view(actor: Actor, unit: OrgUnit) -> None:
    if not can(actor, Perm.VIEW, unit):
        raise out_of_reach()


def surveys(*, actor: Actor, unit: OrgUnit | None, year: int | None = None) -> QuerySet[Survey]:
    """Surveys of `unit` and the units under it (None: everywhere) that the actor reads, newest first, with their
    answer counts."""
    found = Survey.objects.all() if unit is None else Survey.objects.filter(subtree_q(unit, field="unit__path"))
    found = restrict(found, actor, Perm.VIEW)
    if year is not None:
        found = found.filter(year=year)
    # Ordered here: a query that counts (GROUP BY) does not take the model's default ordering.
    return (
        found.select_related("unit")
        .annotate(
            counted=Count("responses", filter=Q(responses__status=ResponseStatus.COUNTED)),
            flagged=Count("responses", filter=Q(responses__status=ResponseStatus.FLAGGED)),
        )
        .order_by("-year", "-starts_on", "-pk")
    )


def survey_get(*, actor: Actor, pk: int) -> Survey:
    return get_in_scope(Survey.objects.select_related("unit"), actor, Perm.VIEW, pk=pk)


def point_get(*, actor: Actor, pk: int) -> CollectionPoint:
    return get_in_scope(CollectionPoint.objects.select_related("unit"), actor, Perm.VIEW, pk=pk)


def points(*, actor: Actor, unit: OrgUnit) -> QuerySet[CollectionPoint]:
    """Collection points of `unit` and the units under it, in the actor's reach."""
    found = CollectionPoint.objects.filter(subtree_q(unit, field="unit__path")).select_related("unit")
    return restrict(found, actor, Perm.VIEW).order_by("unit__path", "name", "pk")


def open_surveys_for(found: Iterable[CollectionPoint], today: date) -> dict[int, Survey | None]:
    """The survey each point's poster leads to today: one open for the point's unit, else for the nearest unit
    above it (a province-wide survey collected at the communes' counters). One query for any number of points."""
    chosen = list(found)
    chains = {p.pk: path_ancestors(p.unit.path) for p in chosen}
    paths = {path for chain in chains.values() for path in chain}
    candidates = Survey.objects.filter(
        unit__path__in=sorted(paths), status=SurveyStatus.OPEN, starts_on__lte=today, ends_on__gte=today
    ).select_related("unit")
    by_path: dict[str, Survey] = {}
    for survey in sorted(candidates, key=lambda s: (s.starts_on, s.pk)):
        by_path[survey.unit.path] = survey  # the latest started wins among several open at one unit
    return {pk: next((by_path[p] for p in reversed(chain) if p in by_path), None) for pk, chain in chains.items()}


def templates(*, actor: Actor) -> QuerySet[SurveyTemplate]:
    """Questionnaires the actor may read and run surveys from: those of its reach, and every questionnaire kept in
    its province or above it (the Sở Nội vụ's questionnaire serves the communes)."""
    found = SurveyTemplate.objects.select_related("owner")
    unit = getattr(actor, "unit", None)
    if unit is None or scope_prefix(actor, Perm.VIEW) == "":
        return restrict(found, actor, Perm.VIEW, unit_path="owner__path").order_by("owner__path", "name")
    shared = subtree_q(province_path(unit), field="owner__path") | ancestors_q(unit, field="owner__path")
    return found.filter(shared).order_by("owner__path", "name")


def template_get(*, actor: Actor, pk: int) -> SurveyTemplate:
    found = templates(actor=actor).filter(pk=pk).first()
    if found is None:
        raise out_of_reach()
    return found


def target(survey: Survey) -> int | None:
    """The answers the survey needs for its margin of error, when its population is known."""
    return sample_size(survey.population, survey.margin) if survey.population else None


@dataclass
class Group:
    """Answers of one slice of a survey (a unit, a point, a month) and their index."""

    key: Any
    label: str
    result: Result


@dataclass
class SurveyResults:
    survey: Survey
    result: Result
    target: int | None
    flagged: int
    rejected: int
    by_source: dict[str, int] = field(default_factory=dict)
    by_unit: list[Group] = field(default_factory=list)
    by_point: list[Group] = field(default_factory=list)
    by_month: list[Group] = field(default_factory=list)

    @property
    def reached(self) -> Decimal | None:
        """Answers counted as a share of the target, per cent."""
        if not self.target:
            return None
        return min(Decimal(100), Decimal(self.result.answers * 100) / self.target).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Slice:
    """Which answers of a survey a result covers (the results page's filters)."""

    unit: OrgUnit | None = None  # this unit and those under it
    point: CollectionPoint | None = None
    since: date | None = None
    until: date | None = None


def _answers(survey: Survey, where: Slice) -> QuerySet[Response]:
    found = Response.objects.filter(survey=survey)
    if where.unit is not None:
        found = found.filter(subtree_q(where.unit, field="unit__path"))
    if where.point is not None:
        found = found.filter(point=where.point)
    if where.since is not None:
        found = found.filter(answered_on__gte=where.since)
    if where.until is not None:
        found = found.filter(answered_on__lte=where.until)
    return found


def results(survey: Survey, where: Slice = Slice()) -> SurveyResults:
    """The survey's index by its stored rule over its counted answers in `where`, with the breakdowns."""
    rule = rule_from(survey.rule)
    rows = list(
        _answers(survey, where).values_list("answers", "unit_id", "point_id", "answered_on", "source", "status")
    )
    counted = [r for r in rows if r[5] == ResponseStatus.COUNTED]
    found = SurveyResults(
        survey=survey,
        result=compute(survey.definition, rule, (r[0] for r in counted)),
        target=target(survey),
        flagged=sum(1 for r in rows if r[5] == ResponseStatus.FLAGGED),
        rejected=sum(1 for r in rows if r[5] == ResponseStatus.REJECTED),
    )
    for code in Source.values:
        n = sum(1 for r in counted if r[4] == code)
        if n:
            found.by_source[code] = n
    by_unit: dict[int, list[dict[str, int]]] = defaultdict(list)
    by_point: dict[int, list[dict[str, int]]] = defaultdict(list)
    by_month: dict[str, list[dict[str, int]]] = defaultdict(list)
    for answers, unit_id, point_id, answered_on, _source, _status in counted:
        by_unit[unit_id].append(answers)
        if point_id:
            by_point[point_id].append(answers)
        by_month[answered_on.strftime("%Y-%m")].append(answers)
    unit_names = dict(OrgUnit.objects.filter(pk__in=by_unit).values_list("pk", "name"))
    point_names = dict(CollectionPoint.objects.filter(pk__in=by_point).values_list("pk", "name"))
    found.by_unit = sorted(
        (
            Group(k, unit_names.get(k, ""), compute(survey.definition, rule, v, counted_only=True))
            for k, v in by_unit.items()
        ),
        key=lambda g: g.label,
    )
    found.by_point = sorted(
        (
            Group(k, point_names.get(k, ""), compute(survey.definition, rule, v, counted_only=True))
            for k, v in by_point.items()
        ),
        key=lambda g: g.label,
    )
    found.by_month = [
        Group(k, f"{k[5:]}/{k[:4]}", compute(survey.definition, rule, v, counted_only=True))
        for k, v in sorted(by_month.items())
    ]
    return found


def indices_of(found: Iterable[Survey]) -> dict[int, Decimal | None]:
    """Each survey's overall index over all its counted answers (lists, the CLI, the dashboard): one query."""
    chosen = {s.pk: s for s in found}
    answers: dict[int, list[dict[str, int]]] = defaultdict(list)
    rows = Response.objects.filter(survey__in=list(chosen), status=ResponseStatus.COUNTED)
    for survey_id, values in rows.values_list("survey_id", "answers"):
        answers[survey_id].append(values)
    return {
        pk: compute(s.definition, rule_from(s.rule), answers.get(pk, []), counted_only=True).index
        for pk, s in chosen.items()
    }


@dataclass(frozen=True)
class SurveyRow:
    """A survey as lists show it (page, API, `loa survey list`): its counted answers, target and index."""

    survey: Survey
    answers: int
    flagged: int
    target: int | None
    index: Decimal | None


def survey_rows(
    *, actor: Actor, unit: OrgUnit | None, year: int | None = None, limit: int | None = None
) -> list[SurveyRow]:
    """Surveys as lists show them, newest first; `limit` before any answer is read (the dashboard shows ten)."""
    query = surveys(actor=actor, unit=unit, year=year)
    return rows_of(list(query[:limit] if limit is not None else query))


def rows_of(found: list[Survey]) -> list[SurveyRow]:
    """The list rows of surveys read by `surveys` (a page of them): their indices read in one query."""
    index = indices_of(found)
    return [SurveyRow(s, s.counted, s.flagged, target(s), index[s.pk]) for s in found]  # type: ignore[attr-defined]


def flagged(*, survey: Survey, limit: int = 200) -> list[Response]:
    """Answers waiting for a person's decision, oldest first."""
    found = Response.objects.filter(survey=survey, status=ResponseStatus.FLAGGED).select_related("unit", "point")
    return list(found.order_by("received_at", "pk")[:limit])


def units_of(survey: Survey, actor: Actor) -> QuerySet[OrgUnit]:
    """Units an answer of `survey` may be about (for staff typing a paper form): the survey's unit and below."""
    return restrict(OrgUnit.objects.filter(subtree_q(survey.unit)), actor, Perm.VIEW, unit_path="path")
