"""Template filters of plan pages: citations, Vietnamese number formatting, and catalog labels (the same as
`{{ code|label:"kind" }}` of `loa/core/templatetags/labels.py`, which new templates use)."""

from typing import Any

from django import template
from django.utils.translation import get_language

from loa.core import numbers
from loa.core.labels import code_label

from ..assignment import lead_names
from ..document import citation_text, coordinating_text, lead_name, responsibility_label

register = template.Library()


@register.filter
def audience_label(code: str) -> str:
    return code_label("audience", code)


@register.filter
def channel_label(code: str) -> str:
    return code_label("channel", code)


@register.filter
def area_label(code: str) -> str:
    return code_label("area", code)


@register.filter
def index_label(code: str) -> str:
    return code_label("index", code)


@register.filter
def citation(basis: dict[str, Any]) -> str:
    head = "Thực hiện" if basis.get("kind") == "implements" else "Căn cứ"
    return f"{head} {citation_text(basis)}"


@register.filter
def vn_number(value: Any) -> str:
    return numbers.vn_number(value)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def lead_of(task: Any, issuer: Any) -> str:
    """Who leads a task: a unit by its name; a group as the issuer's plan names it ("UBND các xã, phường") on a
    page in Vietnamese, by its translated label on a page in another language."""
    if task.lead_group and not (get_language() or "vi").startswith("vi"):
        names = [task.lead_unit.name] if task.lead_unit is not None else []
        return "; ".join([*names, str(task.get_lead_group_display()), *lead_names(task)])
    return lead_name(task, issuer)


@register.filter
def coordinating_of(task: Any) -> str:
    """The coordinating units by name, then the note, as the plan's document writes them."""
    return coordinating_text(task)


@register.filter
def channels_of(task: Any) -> str:
    """All the task's channels, in the page's language."""
    return "; ".join(code_label("channel", c) for c in task.channels)


@register.filter
def responsible_of(resp: dict[str, Any], issuer: Any) -> str:
    """Whom a "Tổ chức thực hiện" item names, as the plan's document writes it."""
    return responsibility_label(resp, issuer)
