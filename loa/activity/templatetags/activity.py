from decimal import Decimal

from django import template

from loa.activity.progress import percent as to_percent

register = template.Library()


@register.filter
def percent(ratio: Decimal | None) -> str:
    """A 0..1 ratio as "88%", rounded half up like every other figure in Loa; "—" when there is none."""
    return "—" if ratio is None else f"{to_percent(ratio)}%"


@register.filter
def channel_class(count: int) -> str:
    """Heat class of a calendar cell (CSS only: the policy forbids inline styles)."""
    if not count:
        return ""
    return "heat-1" if count == 1 else "heat-2" if count <= 3 else "heat-3"
