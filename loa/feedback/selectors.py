"""Reads of citizens' feedback: lists and one item in the actor's reach (contact details only for handlers), the
public tracking page and column of published answers, and the statistics (received, answered, on time, late,
overdue) that the feedback page, the dashboard, the API and `loa feedback list` all take from `stats`."""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone

from loa.core.workdays import add_working_days
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, get_in_scope, restrict
from loa.org.tree import subtree_q

from .catalog import OPEN, PUBLIC_EVENTS, EventKind, FeedbackStatus
from .models import Feedback, FeedbackEvent


def feedback_list(
    *, actor: Actor, unit: OrgUnit | None, status: str = "", overdue: bool = False, today: date | None = None
) -> QuerySet[Feedback]:
    """Items handled by `unit` and the units under it (None: everywhere) that the actor reads, newest first."""
    found = Feedback.objects.all() if unit is None else Feedback.objects.filter(subtree_q(unit, field="unit__path"))
    if status:
        found = found.filter(status=status)
    if overdue:
        found = found.filter(overdue_q(today))
    return with_overdue(restrict(found, actor, Perm.VIEW).select_related("unit"), today or timezone.localdate())


def is_overdue(item: Feedback, today: date) -> bool:
    """The rule of `overdue_q` for one item in hand: open and past its answer deadline."""
    return item.status in OPEN and item.answer_by < today


def overdue_q(today: date | None = None) -> Q:
    return Q(status__in=OPEN, answer_by__lt=today or timezone.localdate())


def feedback_get(*, actor: Actor, pk: int) -> Feedback:
    found = with_overdue(Feedback.objects.select_related("unit", "addressed_to"), timezone.localdate())
    return get_in_scope(found, actor, Perm.VIEW, pk=pk)


def by_code(code: str) -> Feedback | None:
    """The item a citizen follows with its tracking code (case and spaces ignored)."""
    cleaned = "".join(code.split()).upper()[:20]
    if not cleaned:
        return None
    return Feedback.objects.select_related("unit").filter(code=cleaned).exclude(status=FeedbackStatus.SCREENED).first()


def was_sent(code: str) -> bool:
    """Whether an item with this tracking code exists in any state (the page right after sending asks)."""
    return Feedback.objects.filter(code="".join(code.split()).upper()[:20]).exists()


def public_events(item: Feedback) -> list[FeedbackEvent]:
    """The steps a citizen sees: received, taken on, passed on (to which unit), answered; no internal notes."""
    return list(item.events.filter(kind__in=PUBLIC_EVENTS).select_related("unit", "to_unit"))


def events(item: Feedback, *, handler: bool) -> list[FeedbackEvent]:
    """The item's history for the back office: internal notes only for those who handle it."""
    found = item.events.select_related("unit", "to_unit", "actor")
    return list(found if handler else found.exclude(kind=EventKind.NOTE))


def published_answers() -> QuerySet[Feedback]:
    """The public column: answered items the citizen agreed to publish and the handler published."""
    found = Feedback.objects.filter(status=FeedbackStatus.ANSWERED, published=True, consent_publish=True)
    return found.select_related("unit").order_by("-answered_on", "-pk")


@dataclass(frozen=True)
class Stats:
    received: int = 0
    answered: int = 0
    on_time: int = 0  # answered by the deadline
    late: int = 0  # answered after it
    overdue: int = 0  # not answered, past the deadline
    open: int = 0  # not answered, within the deadline
    forwarded_late: int = 0  # passed on to the unit with authority after the deadline to do so


def _stats_of(values: Mapping[str, Any]) -> Stats:
    return Stats(**{f.name: int(values.get(f.name) or 0) for f in fields(Stats)})


def _aggregates(today: date) -> dict[str, Count]:
    answered = Q(status=FeedbackStatus.ANSWERED)
    return {
        "received": Count("pk"),
        "answered": Count("pk", filter=answered),
        "on_time": Count("pk", filter=answered & Q(answered_on__lte=F("answer_by"))),
        "late": Count("pk", filter=answered & Q(answered_on__gt=F("answer_by"))),
        "overdue": Count("pk", filter=overdue_q(today)),
        "open": Count("pk", filter=Q(status__in=OPEN, answer_by__gte=today)),
        "forwarded_late": Count("pk", filter=Q(forwarded_late=True)),
    }


def _counted(actor: Actor, unit: OrgUnit | None, since: date | None, until: date | None) -> QuerySet[Feedback]:
    found = feedback_list(actor=actor, unit=unit).exclude(status=FeedbackStatus.SCREENED)
    if since is not None:
        found = found.filter(received_on__gte=since)
    if until is not None:
        found = found.filter(received_on__lte=until)
    return found


def stats(
    *, actor: Actor, unit: OrgUnit | None, since: date | None = None, until: date | None = None, today: date
) -> Stats:
    """Items received in [since, until] by `unit`'s subtree (where they are handled now), one query."""
    return _stats_of(_counted(actor, unit, since, until).order_by().aggregate(**_aggregates(today)))


def stats_by_unit(
    *, actor: Actor, unit: OrgUnit | None, since: date | None = None, until: date | None = None, today: date
) -> list[tuple[OrgUnit, Stats]]:
    """The same figures per handling unit, busiest first; two queries."""
    rows = _counted(actor, unit, since, until).order_by().values("unit_id").annotate(**_aggregates(today))
    by_unit = {r["unit_id"]: _stats_of(r) for r in rows}
    units = OrgUnit.objects.in_bulk(list(by_unit))
    return sorted(((units[k], v) for k, v in by_unit.items()), key=lambda p: (-p[1].received, p[0].name))


def due_soon(*, units: list[OrgUnit], today: date, days: int) -> QuerySet[Feedback]:
    """Open items of `units` past their deadline or within `days` working days of it, and those neither taken on
    nor passed on by the deadline to pass them on (the handlers' to-do), most urgent first."""
    horizon = add_working_days(today, days)
    waiting = Q(status=FeedbackStatus.RECEIVED, forward_by__lt=today)
    found = Feedback.objects.filter(Q(answer_by__lte=horizon) | waiting, unit__in=units, status__in=OPEN)
    return found.select_related("unit").order_by("answer_by", "pk")


def with_overdue(found: QuerySet[Feedback], today: date) -> QuerySet[Feedback]:
    """Each item marked `overdue` by the one rule (`overdue_q`), for lists, the API and the command."""
    return found.annotate(overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False)))
