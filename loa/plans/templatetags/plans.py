"""Template filters of plan pages: catalog labels, citations, Vietnamese number formatting."""

from typing import Any

from django import template

from loa.core import numbers
from loa.core.catalogs import Audience, Channel, Index, ReformArea, label

from ..document import citation_text

register = template.Library()


@register.filter
def audience_label(code: str) -> str:
    return label(Audience, code)


@register.filter
def channel_label(code: str) -> str:
    return label(Channel, code)


@register.filter
def area_label(code: str) -> str:
    return label(ReformArea, code)


@register.filter
def index_label(code: str) -> str:
    return label(Index, code)


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
