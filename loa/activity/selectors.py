"""Reads of activities, always through the scoping layer (by the copied unit path)."""

from datetime import date

from django.db.models import QuerySet

from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, restrict

from .models import Activity


def activity_list(
    *,
    actor: Actor | None,
    unit: OrgUnit,
    subtree: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    channel: str = "",
) -> QuerySet[Activity]:
    qs = restrict(Activity.objects.all(), actor, Perm.VIEW, unit_path="unit_path").select_related("unit")
    qs = qs.filter(unit_path__startswith=unit.path) if subtree else qs.filter(unit=unit)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-date", "-pk")
