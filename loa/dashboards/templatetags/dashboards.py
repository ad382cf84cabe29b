from django import template

from loa.core.numbers import percent
from loa.dashboards.filters import month_label
from loa.dashboards.selectors import unit_type_label

register = template.Library()


register.filter("pct", percent)
register.filter("month_label", month_label)


@register.filter
def unit_type_name(code: str) -> str:
    return unit_type_label(code)
