"""The change log as people read it: who (by name), what action (its label, not `activity.created`), on what
object, and which fields changed from what to what, with catalog labels instead of codes.

Scoped like everything else: each audited history table is narrowed by `restrict` on its unit path lookup.
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from loa.core.audit import AuditedModel, action_label, audited_models

from .models import OrgUnit
from .scope import Actor, Perm, restrict, units


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str  # the username, "system" for Loa itself (stable, for the API)
    action: str  # "+", "~", "-"
    model_label: str
    object_id: Any
    object_repr: str
    reason: str  # as stored: an action code ("activity.created") or an administrator's note
    changes: list[tuple[str, Any, Any]]  # (field label, before, after), values as people read them
    who_name: str = ""  # the person's full name, or "Hệ thống"
    action_label: str = ""  # the reason as people read it ("Ghi nhận hoạt động")


def audit_entries(*, actor: Actor | None, unit: OrgUnit | None = None, limit: int = 100) -> list[AuditEntry]:
    """Latest changes within the actor's audit reach (optionally one unit's subtree), newest first."""
    scope_units = units(actor, Perm.VIEW_AUDIT)
    if unit is not None and not scope_units.filter(pk=unit.pk).exists():
        return []
    found: list[tuple[AuditedModel, Any, list[tuple[Any, Any, Any]]]] = []  # (model, history row, changes)
    for audited in audited_models():
        history = audited.model.history.model  # type: ignore[attr-defined]
        qs = restrict(history.objects.all(), actor, Perm.VIEW_AUDIT, unit_path=audited.unit_path_lookup)
        if unit is not None:
            qs = qs.filter(**{f"{audited.unit_path_lookup}__startswith": unit.path})
        rows = list(qs.select_related("history_user").order_by("-history_date")[:limit])
        previous = _previous_versions(history, rows)
        for row in rows:
            changes: list[tuple[Any, Any, Any]] = []  # (field, before, after)
            before = previous.get(row.history_id)
            if row.history_type == "~" and before is not None:
                for change in row.diff_against(before).changes:
                    field = audited.model._meta.get_field(change.field)
                    if _shown_field(field):
                        changes.append((field, change.old, change.new))
            found.append((audited, row, changes))
    found.sort(key=lambda item: item[1].history_date, reverse=True)
    found = found[:limit]
    related = _related_names(found)
    return [_entry(audited, row, changes, related) for audited, row, changes in found]


def _shown_field(field: Any) -> bool:
    """Fields with a verbose name of their own are what people edit; the others (revision counters, copied
    paths, time stamps the row's time already gives) are bookkeeping and stay out of the log."""
    # Field keeps the verbose name it was given as _verbose_name (None when derived from the name).
    return isinstance(field, models.Field) and getattr(field, "_verbose_name", None) is not None


def _entry(audited: AuditedModel, row: Any, changes: list[Any], related: dict[Any, str]) -> AuditEntry:
    user = row.history_user
    formats = audited.formats or {}
    return AuditEntry(
        when=row.history_date,
        who=user.username if user else "system",
        action=row.history_type,
        model_label=str(audited.label),
        object_id=row.id,
        object_repr=audited.describe(row) if audited.describe else _describe(row, audited.repr_fields),
        reason=row.history_change_reason or "",
        changes=[
            (str(field.verbose_name), _value(field, old, related, formats), _value(field, new, related, formats))
            for field, old, new in changes
        ],
        who_name=(user.full_name or user.username) if user else _("Hệ thống"),
        action_label=action_label(row.history_change_reason, row.history_type),
    )


def _value(field: Any, value: Any, related: dict[Any, str], formats: dict[str, Any]) -> Any:
    """A stored value as people read it: a catalog label, yes/no, the related object's name, a list's items."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if field.name in formats:
        return formats[field.name](value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if field.is_relation:
        return "; ".join(str(related.get((field.related_model, pk), pk)) for pk in _related_ids(field, value))
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return "; ".join(v for v in value.values() if v)
    if isinstance(value, list) and all(isinstance(v, str | int) for v in value):
        return ", ".join(map(str, value))
    if isinstance(value, list | dict):
        return _("(nội dung đã thay đổi)")
    return value


def _related_ids(field: Any, value: Any) -> list[Any]:
    """The primary keys a relation's stored value points to (a many-to-many value is a list of link rows)."""
    if value in (None, ""):
        return []
    if field.many_to_many:
        key = field.related_model._meta.model_name
        return [link.get(key) for link in value if isinstance(link, dict)]
    return [value]


def _related_names(found: list[Any]) -> dict[Any, str]:
    """The names of objects the relations in the changes point to: one query per related model."""
    wanted: dict[Any, set[Any]] = {}
    for _audited, _row, changes in found:
        for field, old, new in changes:
            if field.is_relation and field.related_model is not None:
                ids = _related_ids(field, old) + _related_ids(field, new)
                wanted.setdefault(field.related_model, set()).update(ids)
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
    return names


def _previous_versions(history: Any, rows: list[Any]) -> dict[int, Any]:
    """The version before each row, found with one query instead of one per row."""
    ids = {r.id for r in rows if r.history_type == "~"}
    if not ids:
        return {}
    latest = max(r.history_date for r in rows)
    by_object: dict[Any, list[Any]] = {}
    for version in history.objects.filter(id__in=ids, history_date__lte=latest).order_by("history_date", "history_id"):
        by_object.setdefault(version.id, []).append(version)
    result: dict[int, Any] = {}
    for versions in by_object.values():
        for before, after in pairwise(versions):
            result[after.history_id] = before
    return result


def _describe(row: Any, fields: tuple[str, ...]) -> str:
    # Not str(row.instance): simple-history reloads excluded fields with one query per row.
    return next((str(getattr(row, f)) for f in fields if getattr(row, f, "")), str(row.id))
