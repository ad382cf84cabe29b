from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from loa.dashboards.filters import month_label
from loa.dashboards.selectors import unit_type_label

register = template.Library()


@register.filter
def pct(ratio: Any) -> str:
    """0..1 → "88,4%" in the active language's number format; "—" when there is nothing to divide."""
    if ratio is None or ratio == "":
        return "—"
    return f"{number_format(round(Decimal(str(ratio)) * 100, 1), 1)}%"


register.filter("month_label", month_label)


@register.filter
def unit_type_name(code: str) -> str:
    return unit_type_label(code)
