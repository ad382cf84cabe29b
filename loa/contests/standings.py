"""Reads of a contest's outcome: each round's actual figure, results, ranking and prizes, the overall ranking, the
results of a contest of entries, and participation by unit and subtree (issue 21 items 4–6). One function per
figure, used by the pages, the API, the command and the dashboard alike."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, QuerySet

from loa.org.models import OrgUnit
from loa.org.tree import in_subtree, subtree_q

from .catalog import AttemptStatus, Prediction
from .models import Attempt, Contest, Entry, Participant, Round
from .ranking import Ranked, Result, award, best, chain_of, prize_tiers, rank, totals


def counted_attempts(round_: Round) -> QuerySet[Attempt]:
    return Attempt.objects.filter(
        participant__round=round_, participant__excluded=False, status=AttemptStatus.DONE
    ).select_related("participant__unit")


def actual_figure(round_: Round) -> int | None:
    """The figure the prediction question asks for: frozen when the round is finished, counted until then. "People"
    counts everyone with a submitted attempt; "full marks" those whose best attempt has every answer right."""
    if round_.finished_at is not None and round_.actual is not None:
        return round_.actual
    kind = round_.contest.prediction
    if not kind:
        return None
    found = counted_attempts(round_).values("participant_id")
    if kind == Prediction.FULL_MARKS:
        best_scores = found.annotate(best=Max("score"), of=Max("max_score"))
        return sum(1 for row in best_scores if row["best"] == row["of"])
    return found.distinct().count()


def _result(a: Attempt) -> Result:
    assert a.submitted_at is not None
    return Result(
        key=str(a.participant_id),
        name=a.participant.name,
        unit_name=a.participant.unit.name,
        score=a.score,
        max_score=a.max_score,
        prediction=a.prediction,
        duration_ms=a.duration_ms or 0,
        submitted_at=a.submitted_at,
    )


def round_ranking(round_: Round) -> list[Ranked]:
    """Each participant's best attempt, ranked by the contest's chain, with the round's prizes."""
    contest = round_.contest
    chain = chain_of(contest.ranking)
    actual = actual_figure(round_)
    results = best((_result(a) for a in counted_attempts(round_)), chain, actual)
    return award(rank(results, chain, actual), prize_tiers(contest.prizes))


def overall_ranking(contest: Contest) -> list[Ranked]:
    """Totals of each person (by phone) over the rounds, ranked by the chain without the prediction (each round's
    actual figure differs), with the overall prizes."""
    chain = [k for k in chain_of(contest.ranking) if k != "rk_prediction"]
    per_round: list[Result] = []
    for round_ in contest.rounds.all():
        actual = actual_figure(round_)
        phones = dict(round_.participants.values_list("pk", "phone"))
        for r in best((_result(a) for a in counted_attempts(round_)), chain_of(contest.ranking), actual):
            per_round.append(
                Result(
                    key=phones[int(r.key)],
                    name=r.name,
                    unit_name=r.unit_name,
                    score=r.score,
                    max_score=r.max_score,
                    prediction=None,
                    duration_ms=r.duration_ms,
                    submitted_at=r.submitted_at,
                )
            )
    return award(rank(totals(per_round), chain, None), prize_tiers(contest.overall_prizes))


@dataclass(frozen=True)
class EntryResult:
    rank: int
    entry: Entry
    average: Decimal | None
    sheets: int
    prize: str = ""


def entry_results(contest: Contest) -> list[EntryResult]:
    """Entries by the average of their judges' totals (those without a sheet last), with the prizes."""
    judges = contest.judges.values("pk")
    entries = (
        Entry.objects.filter(round__contest=contest, excluded=False)
        .select_related("unit")
        # Only the sheets of the contest's judges now: a judge removed from the panel no longer weighs on the results.
        .annotate(
            average=Avg("scores__total", filter=Q(scores__judge__in=judges)),
            sheets=Count("scores", filter=Q(scores__judge__in=judges)),
        )
    )
    ordered = sorted(entries, key=lambda e: (e.average is None, -(e.average or 0), e.submitted_at, e.pk))
    tiers = prize_tiers(contest.prizes)
    bounds, upto = [], 0
    for label_, count in tiers:
        bounds.append((upto, upto + count, label_))
        upto += count
    found: list[EntryResult] = []
    place, previous = 0, object()
    for position, e in enumerate(ordered, 1):
        if e.average != previous:
            place, previous = position, e.average
        prize = ""
        if e.average is not None:
            prize = next((lb for low, high, lb in bounds if low < place <= high), "")
        average = None if e.average is None else Decimal(e.average).quantize(Decimal("0.01"))
        found.append(EntryResult(rank=place, entry=e, average=average, sheets=e.sheets, prize=prize))
    return found


# --- participation ---------------------------------------------------------------------------------------------------


SENT = ~Q(attempts__status=AttemptStatus.OPEN)  # attempts sent (scored or late): what "attempts" counts


def share_of(people: int, staff: int | None) -> Decimal | None:
    """People as a per cent of a unit's declared staff, to one decimal; None when the staff is not declared."""
    if not staff:
        return None
    return (Decimal(people * 100) / staff).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Turnout:
    """People (distinct phones), attempts sent (an entry counts one) and the share of a unit's declared staff."""

    people: int
    attempts: int
    staff: int | None

    @property
    def share(self) -> Decimal | None:
        return share_of(self.people, self.staff)


@dataclass(frozen=True)
class Participation(Turnout):
    """Participation of a unit's subtree in a contest (or a round); the share is over the unit's own staff."""

    unit: OrgUnit


def _rows(contest: Contest, round_: Round | None) -> list[tuple[str, str, int]]:
    """(unit path, phone, attempts) of every participant of the contest (or round): entries count as attempts."""
    people = Participant.objects.filter(round__contest=contest)
    entries = Entry.objects.filter(round__contest=contest, excluded=False)
    if round_ is not None:
        people, entries = people.filter(round=round_), entries.filter(round=round_)
    counted = people.annotate(n=Count("attempts", filter=SENT))
    rows = [(p, phone, n) for p, phone, n in counted.values_list("unit_path", "phone", "n")]
    rows += [(p, phone, 1) for p, phone in entries.values_list("unit_path", "phone")]
    return rows


def participation(contest: Contest, units: list[OrgUnit], round_: Round | None = None) -> list[Participation]:
    """Participation of each given unit's subtree, from one read of the participants: a unit's figure is the sum
    over its subtree (a person counted once however many rounds they took)."""
    rows = _rows(contest, round_)
    found = []
    for unit in units:
        inside = [(phone, n) for path, phone, n in rows if in_subtree(path, unit)]
        found.append(
            Participation(
                unit=unit,
                people=len({phone for phone, _n in inside}),
                attempts=sum(n for _phone, n in inside),
                staff=unit.staff_count,
            )
        )
    return found


def people_by_unit(round_: Round) -> dict[int, int]:
    """People of each unit (its own, not its subtree) in a round: what each unit's activity records."""
    participants = round_.participants.filter(excluded=False)
    rows = participants.values("unit_id").annotate(n=Count("pk"))
    entries = round_.entries.filter(excluded=False).values("unit_id").annotate(n=Count("pk"))
    found: dict[int, int] = {}
    for row in [*rows, *entries]:
        found[row["unit_id"]] = found.get(row["unit_id"], 0) + row["n"]
    return found


@dataclass(frozen=True)
class ContestTurnout(Turnout):
    """A contest's participation from one unit's subtree, for the dashboard's card: the same figures as the contest
    page's participation table."""

    contest: Contest


def turnout(contests: list[Contest], unit: OrgUnit | None) -> list[ContestTurnout]:
    """Participation of `unit`'s subtree (the whole country when None) in each contest, in two queries."""
    if not contests:
        return []
    ids = [c.pk for c in contests]
    inside = subtree_q(unit if unit is not None else "", field="unit_path")
    people = Participant.objects.filter(inside, round__contest_id__in=ids)
    phones: dict[int, set[str]] = {}
    tries: dict[int, int] = {}
    for contest_id, phone, n in people.annotate(n=Count("attempts", filter=SENT)).values_list(
        "round__contest_id", "phone", "n"
    ):
        phones.setdefault(contest_id, set()).add(phone)
        tries[contest_id] = tries.get(contest_id, 0) + n
    entries = Entry.objects.filter(inside, round__contest_id__in=ids, excluded=False)
    for contest_id, phone in entries.values_list("round__contest_id", "phone"):
        phones.setdefault(contest_id, set()).add(phone)
        tries[contest_id] = tries.get(contest_id, 0) + 1
    staff = unit.staff_count if unit is not None else None
    return [
        ContestTurnout(people=len(phones.get(c.pk, ())), attempts=tries.get(c.pk, 0), staff=staff, contest=c)
        for c in contests
    ]
