"""The change log as people read it: who (by name), what action (its label, not `activity.created`), on what
object, and which fields changed from what to what, with catalog labels instead of codes.

Scoped like everything else: each audited history table is narrowed by `restrict` on its unit path lookup.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

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


# How deep the log pages: past this many entries, a narrower filter finds them faster than paging does.
MAX_OFFSET = 10_000
ACTIONS = {
    "+": pgettext_lazy("history", "Tạo mới"),
    "~": pgettext_lazy("history", "Sửa"),
    "-": pgettext_lazy("history", "Xóa"),
}


@dataclass(frozen=True)
class AuditFilter:
    """What a coordinator narrows the log to; every part optional."""

    unit: OrgUnit | None = None  # the unit's subtree
    users: tuple[int, ...] | None = None  # who made the changes (ids); () for none matched, None for anyone
    system: bool = False  # Loa's own changes (no person) only
    kind: str = ""  # an audited model (`audit_kinds`)
    action: str = ""  # "+" created, "~" changed, "-" deleted
    since: date | None = None
    until: date | None = None


def audit_kinds() -> list[tuple[str, str]]:
    """(key, label) of every kind of object the log records, for a filter's choices."""
    return [(a.model._meta.label_lower, str(a.label)) for a in audited_models()]


def audit_entries(
    *,
    actor: Actor | None,
    unit: OrgUnit | None = None,
    limit: int = 100,
    offset: int = 0,
    filters: AuditFilter | None = None,
) -> list[AuditEntry]:
    """Changes within the actor's audit reach, newest first: `limit` of them after `offset` (≤ MAX_OFFSET), narrowed
    by `filters` (or by `unit` alone, the older form). THE log of the page, its XLSX and the API."""
    filters = filters or AuditFilter(unit=unit)
    scope_units = units(actor, Perm.VIEW_AUDIT)
    if filters.unit is not None and not scope_units.filter(pk=filters.unit.pk).exists():
        return []
    if filters.users == ():
        return []
    offset = max(0, min(offset, MAX_OFFSET))
    rows: list[tuple[AuditedModel, Any]] = []
    previous: dict[Any, dict[int, Any]] = {}
    for audited in audited_models():
        if filters.kind and audited.model._meta.label_lower != filters.kind:
            continue
        history = audited.model.history.model  # type: ignore[attr-defined]
        qs = restrict(history.objects.all(), actor, Perm.VIEW_AUDIT, unit_path=audited.unit_path_lookup)
        qs = _narrowed(qs, audited, filters).select_related("history_user").order_by("-history_date", "-history_id")
        fetched = list(qs[: offset + limit])
        # The versions before, for every edit read: one query per kind of object, whichever rows the page shows.
        previous[audited.model] = _previous_versions(history, fetched)
        rows += [(audited, row) for row in fetched]
    rows.sort(key=lambda item: (item[1].history_date, item[1].history_id), reverse=True)
    found: list[tuple[AuditedModel, Any, list[tuple[Any, Any, Any]]]] = []  # (model, history row, changes)
    page = rows[offset : offset + limit]
    for audited, row in page:
        changes: list[tuple[Any, Any, Any]] = []  # (field, before, after)
        before = previous[audited.model].get(row.history_id)
        if row.history_type == "~" and before is not None:
            for change in row.diff_against(before).changes:
                field = audited.model._meta.get_field(change.field)
                if _shown_field(field):
                    changes.append((field, change.old, change.new))
        found.append((audited, row, changes))
    related = _related_names(found)
    return [_entry(audited, row, changes, related) for audited, row, changes in found]


def _narrowed(qs: Any, audited: AuditedModel, filters: AuditFilter) -> Any:
    if filters.unit is not None:
        qs = qs.filter(**{f"{audited.unit_path_lookup}__startswith": filters.unit.path})
    if filters.system:
        qs = qs.filter(history_user__isnull=True)
    elif filters.users is not None:
        qs = qs.filter(history_user_id__in=filters.users)
    if filters.action:
        qs = qs.filter(history_type=filters.action)
    if filters.since is not None:
        qs = qs.filter(history_date__gte=_day_start(filters.since))
    if filters.until is not None:
        qs = qs.filter(history_date__lt=_day_start(filters.until + timedelta(days=1)))
    return qs


def _day_start(day: date) -> datetime:
    """Midnight of `day` where Loa runs (Asia/Ho_Chi_Minh): a day of the log is the officers' day."""
    return timezone.make_aware(datetime.combine(day, time.min))


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
