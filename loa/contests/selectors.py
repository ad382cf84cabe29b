"""Reads of contests for the back office and the public pages, through the scoping layer."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from loa.core.text import search_terms
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM, Actor, Perm, account_of, keeps, out_of_reach, restrict
from loa.org.selectors import unit_children
from loa.org.tree import ancestors_q, province_of, province_path, subtree_q

from .catalog import ContestStatus
from .entries import is_judge
from .models import Contest, Entry, Participant, Round


def contests(*, actor: Actor) -> QuerySet[Contest]:
    """Contests the actor may read: those of units in its reach, and those it judges."""
    found = Contest.objects.select_related("unit")
    inside = restrict(found, actor, Perm.VIEW)
    account = account_of(actor)
    if account is None:
        return inside.order_by("-created_at", "-pk")
    judged = found.filter(judges=account)
    return found.filter(Q(pk__in=inside.values("pk")) | Q(pk__in=judged.values("pk"))).order_by("-created_at", "-pk")


def contest_get(*, actor: Actor, pk: int) -> Contest:
    found = contests(actor=actor).filter(pk=pk).first()
    if found is None:
        raise out_of_reach()
    return found


def may_organise(actor: Actor, contest: Contest) -> bool:
    return keeps(actor, contest.unit)


def sees_results(actor: Actor, contest: Contest) -> bool:
    """Organisers and everyone who reads the organiser's data see rankings, participants and all sheets; a judge
    from elsewhere sees only their own sheets."""
    return restrict(Contest.objects.filter(pk=contest.pk), actor, Perm.VIEW).exists()


def judging(actor: Actor, contest: Contest) -> bool:
    return is_judge(actor, contest)


def rounds_of(contest: Contest) -> list[Round]:
    return list(contest.rounds.annotate(people=Count("participants", distinct=True)).order_by("number"))


def round_get(contest: Contest, number: int) -> Round:
    found = contest.rounds.filter(number=number).select_related("contest__unit").first()
    if found is None:
        raise out_of_reach()
    return found


def participants_of(contest: Contest, round_: Round | None = None) -> QuerySet[Participant]:
    found = Participant.objects.filter(round__contest=contest).select_related("unit", "round")
    if round_ is not None:
        found = found.filter(round=round_)
    return found.annotate(tries=Count("attempts")).order_by("round__number", "flag", "name_key", "pk")


def entries_of(contest: Contest) -> QuerySet[Entry]:
    return (
        Entry.objects.filter(round__contest=contest)
        .select_related("unit")
        .annotate(files_count=Count("files", distinct=True))
        .order_by("submitted_at", "pk")
    )


def entry_get(*, actor: Actor, contest: Contest, pk: int) -> Entry:
    found = Entry.objects.filter(round__contest=contest, pk=pk).select_related("unit", "round__contest").first()
    if found is None:
        raise out_of_reach()
    return found


# --- public ----------------------------------------------------------------------------------------------------------


def public_contests(province: OrgUnit | None = None) -> QuerySet[Contest]:
    found = Contest.objects.filter(status__in=[ContestStatus.PUBLISHED, ContestStatus.CLOSED]).select_related("unit")
    if province is not None:
        found = found.filter(subtree_q(province, field="unit__path"))
    return found.order_by("status", "-created_at", "-pk")


def public_contest(code: str) -> Contest | None:
    if not code.isalnum() or len(code) > 16:
        return None
    return public_contests().filter(code=code).first()


def unit_choices(contest: Contest, query: str = "", limit: int = 30) -> list[OrgUnit]:
    """Units a participant may name (the organiser's province), matched without diacritics."""
    found = OrgUnit.objects.filter(subtree_q(province_path(contest.unit)), valid_to__isnull=True)
    for term in search_terms(query):
        found = found.filter(search_text__contains=term)
    return list(found.order_by("depth", "path")[:limit])


def people_by_contest(contest_ids: list[int]) -> dict[int, int]:
    """Participants (one per person and round) of each contest: the list page's column, in one query."""
    rows = (
        Participant.objects.filter(round__contest_id__in=contest_ids)
        .values("round__contest_id")
        .annotate(n=Count("pk"))
    )
    found = {r["round__contest_id"]: r["n"] for r in rows}
    entries = (
        Entry.objects.filter(round__contest_id__in=contest_ids).values("round__contest_id").annotate(n=Count("pk"))
    )
    for r in entries:
        found[r["round__contest_id"]] = found.get(r["round__contest_id"], 0) + r["n"]
    return found


@dataclass(frozen=True)
class RoundSummary:
    number: int
    opens_at: datetime
    closes_at: datetime
    finished: bool
    participants: int


@dataclass(frozen=True)
class ContestSummary:
    """A contest as the API and `loa contest list` give it: its rounds with their participants, and the people
    over all rounds (a person counted once per round, as the participant tables do)."""

    id: int
    code: str
    title: str
    kind: str
    status: str
    unit: str
    rounds: list[RoundSummary]
    participants: int


def summaries(found: list[Contest]) -> list[ContestSummary]:
    rounds = (
        Round.objects.filter(contest__in=found)
        .annotate(people=Count("participants", distinct=True), sent=Count("entries", distinct=True))
        .order_by("contest_id", "number")
    )
    by_contest: dict[int, list[RoundSummary]] = {}
    for r in rounds:
        by_contest.setdefault(r.contest_id, []).append(
            RoundSummary(r.number, r.opens_at, r.closes_at, r.finished_at is not None, r.people + r.sent)
        )
    return [
        ContestSummary(
            id=c.pk,
            code=c.code,
            title=c.title,
            kind=c.kind,
            status=c.status,
            unit=c.unit.code,
            rounds=by_contest.get(c.pk, []),
            participants=sum(r.participants for r in by_contest.get(c.pk, [])),
        )
        for c in found
    ]


class SummaryList:
    """Contests summarised a page at a time: what the API's pagination slices (counted on the queryset, and only the
    page's contests read with their rounds)."""

    def __init__(self, found: QuerySet[Contest]) -> None:
        self.found = found

    def count(self) -> int:
        return self.found.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[ContestSummary]:
        return summaries(list(self.found[part]))


def participation_units(contest: Contest) -> list[OrgUnit]:
    """The province and the units directly under it: the rows of the participation table."""
    province = province_of(contest.unit)
    return [province, *unit_children(actor=SYSTEM, unit=province)]


def contests_of_year(*, unit: OrgUnit | None, year: int, limit: int = 10) -> list[Contest]:
    """Contests a unit's people could take part in that year: organised in its province or above it (all of them for
    the whole country), with a round opening in the year; newest first."""
    found = Contest.objects.filter(
        status__in=[ContestStatus.PUBLISHED, ContestStatus.CLOSED], rounds__opens_at__year=year
    ).select_related("unit")
    if unit is not None:
        found = found.filter(subtree_q(province_path(unit), field="unit__path") | ancestors_q(unit, field="unit__path"))
    return list(found.distinct().order_by("-created_at", "-pk")[:limit])
