"""Labels instead of codes on every page: `{% load labels %}` then

- `{{ code|label:"area" }}` — a catalog value (kinds: `loa.core.labels.registered_catalogs()`: area, index,
  channel, audience, unit_type, level, role, division, plan_status, frequency, lead_group, sign_mode,
  report_status, period_kind, deadline_rule, activity_status, evidence_kind, progress, rule_type,
  commendation_kind, import_status, export_state);
- `{{ codes|labels:"area" }}` — a list of them, for a loop or `|join:", "`;
- `{{ period_id|period }}` — "Quý I năm 2026" for "2026Q1";
- `{{ reason|action }}` or `{{ row.history_change_reason|action:row.history_type }}` — a history row's action.
"""

from typing import Any

from django import template

from loa.core.audit import action_label
from loa.core.labels import code_label, code_labels, period_label

register = template.Library()


@register.filter
def label(code: Any, kind: str) -> str:
    return code_label(kind, code)


@register.filter
def labels(codes: Any, kind: str) -> list[str]:
    return code_labels(kind, codes)


@register.filter
def period(period_id: Any) -> str:
    return period_label(period_id)


@register.filter
def action(reason: Any, history_type: str = "") -> str:
    return action_label(None if reason is None else str(reason), history_type)
