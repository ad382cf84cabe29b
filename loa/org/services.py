"""Writes to units and users. Each service checks scope, validates, saves and audits in one transaction."""

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from loa.core.audit import stamp
from loa.core.errors import DomainError, PermissionDenied
from loa.core.text import normalize
from loa.core.validation import full_clean_or_raise

from .accounts import user_create as user_create  # accounts live in accounts.py; kept importable here
from .events import units_retyped
from .models import ApiToken, OrgUnit, User
from .scope import Actor, Perm, require, scope_prefix

UNIT_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "unit_type",
        "division_type",
        "valid_from",
        "valid_to",
        "successor",
        "email",
        "phone",
        "address",
        "staff_count",
        "gso_code",
    }
)


def _require_parent_scope(actor: Actor, parent: OrgUnit | None) -> None:
    if parent is None:
        if scope_prefix(actor, Perm.MANAGE_UNITS) != "":
            raise PermissionDenied(_("Chỉ quản trị hệ thống được tạo đơn vị cấp cao nhất."))
    else:
        require(actor, Perm.MANAGE_UNITS, parent)


def case_twin_message(code: str, existing: str) -> str:
    return _(
        "Mã đơn vị «%(code)s» chỉ khác mã «%(existing)s» đã có ở chữ hoa, chữ thường; mã đơn vị không phân biệt "
        "chữ hoa, chữ thường: hãy chọn mã khác."
    ) % {"code": code, "existing": existing}


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    unit_type: str,
    parent: OrgUnit | None,
    short_name: str = "",
    division_type: str = "",
    gso_code: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
    email: str = "",
    phone: str = "",
    address: str = "",
    staff_count: int | None = None,
) -> OrgUnit:
    _require_parent_scope(actor, parent)
    code = code.strip()
    twin = OrgUnit.objects.filter(code__iexact=code).values_list("code", flat=True).first()
    if twin == code:
        raise DomainError(_("Mã đơn vị «%(code)s» đã tồn tại.") % {"code": code})
    if twin is not None:
        raise DomainError(case_twin_message(code, twin))
    unit = OrgUnit(
        code=code,
        name=normalize(name),
        short_name=short_name,
        unit_type=unit_type,
        division_type=division_type,
        gso_code=gso_code,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        email=email,
        phone=phone,
        address=address,
        staff_count=staff_count,
    )
    unit.refresh_derived()
    full_clean_or_raise(unit)
    stamp(unit, actor=actor, reason="unit.created")
    unit.save()
    return unit


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    unit_type: str
    parent: OrgUnit
    valid_from: date | None = None
    email: str = ""


@transaction.atomic
def units_create_many(*, actor: Actor, units: Sequence[NewUnit]) -> list[OrgUnit]:
    """Many new units under existing parents at once (a province's commune sections): the checks of `unit_create`
    (the actor may add under each parent, every code is free whatever its case, every field valid) with one query
    for the codes taken, then one insert per hundreds of units with their history rows."""
    for parent in {u.parent.pk: u.parent for u in units}.values():
        _require_parent_scope(actor, parent)
    codes = [u.code.strip() for u in units]
    folded = [c.lower() for c in codes]
    twice = sorted({c for c in codes if folded.count(c.lower()) > 1})
    if twice:
        raise DomainError(_("Mã đơn vị «%(code)s» có hai lần.") % {"code": twice[0]})
    taken = OrgUnit.objects.annotate(folded=Lower("code")).filter(folded__in=folded).values_list("code", flat=True)
    existing = taken.first()
    if existing is not None:
        raise DomainError(_("Mã đơn vị «%(code)s» đã tồn tại.") % {"code": existing})
    built = []
    for spec, code in zip(units, codes, strict=True):
        unit = OrgUnit(
            code=code,
            name=spec.name,
            unit_type=spec.unit_type,
            parent=spec.parent,
            valid_from=spec.valid_from,
            email=spec.email,
        )
        unit.refresh_derived()
        # Uniqueness was checked above for the whole batch; the constraints hold in the database all the same.
        full_clean_or_raise(unit, unique=False)
        built.append(unit)
    user = actor if isinstance(actor, User) else None
    created: list[OrgUnit] = bulk_create_with_history(
        built, OrgUnit, batch_size=500, default_user=user, default_change_reason="unit.created"
    )
    return created


@transaction.atomic
def unit_update(*, actor: Actor, unit: OrgUnit, **changes: Any) -> OrgUnit:
    unknown = set(changes) - UNIT_EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    require(actor, Perm.MANAGE_UNITS, unit)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old_type = unit.unit_type
    for field, value in changes.items():
        setattr(unit, field, value)
    unit.refresh_derived()
    full_clean_or_raise(unit)
    stamp(unit, actor=actor, reason="unit.updated")
    unit.save()
    if unit.unit_type != old_type:
        units_retyped.send(sender=OrgUnit, units=[unit])
    return unit


@transaction.atomic
def api_token_create(*, actor: Actor, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is shown once and never stored."""
    if getattr(actor, "pk", None) != user.pk and scope_prefix(actor, Perm.MANAGE_USERS) != "":
        raise PermissionDenied(_("Chỉ quản trị hệ thống được tạo khóa API cho người khác."))
    secret = "loa_" + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=normalize(name) or "API", prefix=secret[:12], key_hash=token_hash(secret))
    token.save()
    return token, secret


def api_token_user(secret: str) -> User | None:
    """The active user whose unrevoked API key this is (noting when the key was last used), or None."""
    found = (
        ApiToken.objects.select_related("user__unit")
        .filter(key_hash=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
