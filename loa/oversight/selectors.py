"""Reads of oversight recommendations, through the scoping layer on the addressed unit: the oversight body reads
those of its area, a unit its own, the Sở Nội vụ its province's. The report, the to-do and the pages ask here."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, get_in_scope, restrict
from loa.org.tree import subtree_q

from .models import Recommendation, RecommendationStatus

RECENT_DAYS = 30  # an answer stays on the oversight body's to-do this long, to be read


def recommendations(*, actor: Actor, unit: OrgUnit | None = None, status: str = "") -> QuerySet[Recommendation]:
    found = Recommendation.objects.all()
    if unit is not None:
        found = found.filter(subtree_q(unit, field="to_unit__path") | Q(by_unit=unit))
    if status in RecommendationStatus.values:
        found = found.filter(status=status)
    return restrict(found, actor, Perm.VIEW, unit_path="to_unit__path").select_related("by_unit", "to_unit")


def recommendation_get(*, actor: Actor, pk: int) -> Recommendation:
    found = Recommendation.objects.select_related("by_unit", "to_unit", "answered_by")
    return get_in_scope(found, actor, Perm.VIEW, unit_path="to_unit__path", pk=pk)


def to_answer(unit: OrgUnit) -> QuerySet[Recommendation]:
    """Open recommendations addressed to `unit`, most urgent first (its to-do)."""
    found = Recommendation.objects.filter(to_unit=unit, status=RecommendationStatus.OPEN)
    return found.select_related("by_unit").order_by("due_on", "pk")


def of_overseer(unit: OrgUnit, today: date) -> QuerySet[Recommendation]:
    """An oversight body's to-do: its recommendations still waiting past their deadline, and those answered in the
    last days (to read the answer)."""
    late = Q(status=RecommendationStatus.OPEN, due_on__lt=today)
    answered = Q(status=RecommendationStatus.ANSWERED, answered_on__gte=today - timedelta(days=RECENT_DAYS))
    return Recommendation.objects.filter(late | answered, by_unit=unit).select_related("to_unit").order_by("-pk")


def in_window(unit: OrgUnit, since: date, until: date) -> list[Recommendation]:
    """Recommendations to `unit` and the units under it issued in [since, until], for its periodic report."""
    found = Recommendation.objects.filter(subtree_q(unit, field="to_unit__path"), issued_on__range=(since, until))
    return list(found.select_related("by_unit", "to_unit").order_by("issued_on", "pk"))
