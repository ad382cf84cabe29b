"""Turn Django's ValidationError into one readable Vietnamese sentence for a DomainError."""

from django.core.exceptions import ValidationError
from django.db import models

from .errors import DomainError


def full_clean_or_raise(instance: models.Model, *, exclude: list[str] | None = None, unique: bool = True) -> None:
    """Django's checks of every field; `unique=False` leaves out the uniqueness and constraint queries (one or more
    per constraint), for a caller that checked a whole batch at once."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=unique, validate_constraints=unique)
    except ValidationError as exc:
        raise DomainError(validation_text(exc, instance)) from None


def validation_text(exc: ValidationError, instance: models.Model | None = None) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(str(m) for m in exc.messages)
    parts = []
    for field_name, errors in exc.error_dict.items():
        label = field_name
        if instance is not None and field_name != "__all__":
            try:
                label = str(getattr(instance._meta.get_field(field_name), "verbose_name", field_name))
            except Exception:
                label = field_name
        messages = " ".join(str(m) for e in errors for m in e.messages)
        parts.append(messages if field_name == "__all__" else f"{label.capitalize()}: {messages}")
    return " ".join(parts)
