from typing import Any

from django import template

from loa.core.labels import code_label
from loa.reports.narrative import fmt_number

register = template.Library()


@register.filter
def channel_name(code: str) -> str:
    return code_label("channel", code)


@register.filter
def area_name(code: str) -> str:
    return code_label("area", code)


@register.filter
def report_status(code: str) -> str:
    """The state's label; no report at all reads "Chưa gửi"."""
    from django.utils.translation import gettext as _

    return code_label("report_status", code) if code else _("Chưa gửi")


@register.filter
def num(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return fmt_number(value)


@register.filter
def measures(value: dict[str, Any]) -> str:
    return ", ".join(f"{fmt_number(q)} {m}".strip() for m, q in (value or {}).items())


@register.filter
def lines(text: str) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


@register.filter
def measure_note(value: dict[str, int] | None) -> str:
    """A task row's activities in another unit of measure (not added to its quantity), as on the task pages."""
    from loa.activity.progress import measure_note as note

    return note(value or {})
