"""Audit trail: django-simple-history tables, plus a registry saying how to scope each one.

Services stamp who and why on the instance before saving, inside their own transaction, so the
history row is written atomically with the change (commands have no request to take the user from).
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class AuditedModel:
    model: type[models.Model]
    unit_path_lookup: str  # lookup from a history row to its unit's materialised path
    label: str | Promise
    repr_fields: tuple[str, ...]  # fields of the history row that name the object, first non-empty wins


_REGISTRY: dict[str, AuditedModel] = {}


def register_audited(
    model: type[models.Model], *, unit_path_lookup: str, label: str | Promise, repr_fields: tuple[str, ...]
) -> None:
    _REGISTRY[model._meta.label_lower] = AuditedModel(model, unit_path_lookup, label, repr_fields)


def audited_models() -> list[AuditedModel]:
    return list(_REGISTRY.values())


def stamp(instance: models.Model, *, actor: Any, reason: str = "") -> None:
    """Tell simple-history who made the change (None for the system) and why."""
    user = actor if getattr(actor, "pk", None) else None
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
