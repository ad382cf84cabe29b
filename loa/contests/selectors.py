"""Reads of contests for the back office and the public pages, through the scoping layer."""

from django.db.models import Count, Q, QuerySet

from loa.core.text import search_terms
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, account_of, keeps, out_of_reach, restrict
from loa.org.tree import province_path

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
        found = found.filter(unit__path__startswith=province.path)
    return found.order_by("status", "-created_at", "-pk")


def public_contest(code: str) -> Contest | None:
    if not code.isalnum() or len(code) > 16:
        return None
    return public_contests().filter(code=code).first()


def unit_choices(contest: Contest, query: str = "", limit: int = 30) -> list[OrgUnit]:
    """Units a participant may name (the organiser's province), matched without diacritics."""
    found = OrgUnit.objects.filter(path__startswith=province_path(contest.unit), valid_to__isnull=True)
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
