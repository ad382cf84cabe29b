"""Writes to user accounts: create, edit, move, change role, deactivate (with a successor), reactivate, reset the
password. Each service checks scope first, validates, saves and stamps the history in one transaction.

Who may grant what: an actor manages the accounts of the units in its MANAGE_USERS reach and never grants, nor
touches, a role above its own (a coordinator never makes an administrator, nor manages one). One-time passwords are
returned to the caller once and never stored in clear; the account is flagged to change it at first login.
"""

import re
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.hashers import get_hasher, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import DomainError, PermissionDenied
from loa.core.text import fold, normalize
from loa.core.validation import full_clean_or_raise

from .catalog import Role, UnitType
from .hashers import OneTimePasswordHasher
from .models import ApiToken, OrgUnit, User
from .scope import Actor, Perm, require, scope_prefix

# A role may grant and manage roles up to its own rank, never above.
ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 0,
    Role.OVERSIGHT: 0,
    Role.EDITOR: 1,
    Role.LEADER: 2,
    Role.COORDINATOR: 3,
    Role.ADMIN: 4,
}
PROFILE_FIELDS = frozenset({"full_name", "email", "position", "phone"})
EDITABLE_FIELDS = PROFILE_FIELDS | {"role", "unit"}
# No look-alike characters (0/O, 1/l/I): the password is read off a printed sheet and typed once.
_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


COORDINATING = (UnitType.SO_NOI_VU, UnitType.BO_NOI_VU)
OVERSEEING = (UnitType.MTTQ_DOAN_THE,)


def role_unit_problem(role: str, unit: OrgUnit | None) -> str | None:
    """Why `role` cannot be held in `unit`, or None: the form, the API and the account import ask the same."""
    if unit is None:
        return None
    # The Sở Nội vụ coordinates a province; the Bộ Nội vụ's Vụ CCHC receives the provinces' reports.
    if role == Role.COORDINATOR and unit.unit_type not in COORDINATING:
        return _("Vai trò điều phối chỉ dành cho cán bộ Sở Nội vụ và Bộ Nội vụ.")
    # Oversight belongs to the Fatherland Front and the socio-political organisations, not to the administration.
    if role == Role.OVERSIGHT and unit.unit_type not in OVERSEEING:
        return _("Vai trò giám sát chỉ dành cho Ủy ban MTTQ và các tổ chức chính trị - xã hội.")
    return None


def set_one_time_password(user: User, password: str) -> None:
    """Hash a one-time password with the cheaper hasher when it is configured (see org.hashers), else as usual."""
    try:
        hasher = get_hasher(OneTimePasswordHasher.algorithm)
    except ValueError:
        user.set_password(password)
    else:
        user.password = make_password(password, hasher=hasher)
    user.must_change_password = True


def one_time_password() -> str:
    """Twelve random characters in three groups ("k7Pm-X3qa-Hn9t"): strong enough, easy to type."""
    return "-".join("".join(secrets.choice(_OTP_ALPHABET) for _ in range(4)) for _ in range(3))


def grantable_roles(actor: Actor) -> list[str]:
    """Roles the actor may give, highest first: none without MANAGE_USERS, administrator only for administrators."""
    if scope_prefix(actor, Perm.MANAGE_USERS) is None:
        return []
    rank = ROLE_RANK.get(getattr(actor, "role", ""), -1)
    return [str(r) for r in sorted(ROLE_RANK, key=ROLE_RANK.__getitem__, reverse=True) if ROLE_RANK[r] <= rank]


def check_grant(actor: Actor, role: str, unit: OrgUnit | None) -> None:
    """Refuse giving `role` in `unit` unless the actor may: unit in reach, role not above the actor's own."""
    if role not in ROLE_RANK:
        raise DomainError(_("Vai trò «%(role)s» không có trong danh mục.") % {"role": role})
    if role not in grantable_roles(actor):
        raise PermissionDenied(
            _("Bạn không được cấp vai trò «%(role)s».") % {"role": Role(role).label}
            if role != Role.ADMIN
            else _("Chỉ quản trị hệ thống được cấp vai trò quản trị.")
        )
    if unit is None:
        if role != Role.ADMIN:
            raise DomainError(_("Người dùng phải thuộc một đơn vị."))
    else:
        require(actor, Perm.MANAGE_USERS, unit)
    problem = role_unit_problem(role, unit)
    if problem:
        raise DomainError(problem)


def check_manage(actor: Actor, user: User) -> None:
    """Refuse touching an account outside the actor's reach or with a role above the actor's own."""
    if user.unit is None:
        if scope_prefix(actor, Perm.MANAGE_USERS) != "":
            raise PermissionDenied(_("Chỉ quản trị hệ thống được quản lý tài khoản này."))
    else:
        require(actor, Perm.MANAGE_USERS, user.unit)
    if ROLE_RANK.get(user.role, 0) > ROLE_RANK.get(getattr(actor, "role", ""), -1):
        raise PermissionDenied(_("Bạn không được quản lý tài khoản có vai trò cao hơn vai trò của mình."))


def _not_self(actor: Actor, user: User, message: str) -> None:
    if getattr(actor, "pk", None) == user.pk:
        raise PermissionDenied(message)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    unit: OrgUnit | None,
    full_name: str = "",
    email: str = "",
    position: str = "",
    phone: str = "",
    must_change_password: bool = False,
) -> User:
    check_grant(actor, role, unit)
    username = username.strip()
    if not username:
        raise DomainError(_("Tên đăng nhập không được để trống."))
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("Tên đăng nhập «%(username)s» đã được dùng.") % {"username": username})
    user = User(
        username=username,
        role=role,
        unit=unit,
        full_name=normalize(full_name),
        email=email.strip(),
        position=normalize(position),
        phone=normalize(phone),
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        must_change_password=must_change_password,
    )
    if must_change_password:
        set_one_time_password(user, password)
    else:
        user.set_password(password)
    full_clean_or_raise(user, exclude=["password"])
    stamp(user, actor=actor, reason="user.created")
    user.save()
    return user


def account_create(
    *,
    actor: Actor,
    username: str,
    role: str,
    unit: OrgUnit | None,
    full_name: str = "",
    email: str = "",
    position: str = "",
    phone: str = "",
) -> tuple[User, str]:
    """A new account with a one-time password, returned once with it (to hand over, never stored in clear).
    A blank username is made up from the person and the unit (`suggest_username`)."""
    password = one_time_password()
    if not username.strip() and unit is not None:
        username = suggest_username(unit, full_name, usernames_of(unit))
    user = user_create(
        actor=actor,
        username=username,
        password=password,
        role=role,
        unit=unit,
        full_name=full_name,
        email=email,
        position=position,
        phone=phone,
        must_change_password=True,
    )
    return user, password


@transaction.atomic
def user_update(*, actor: Actor, user: User, **changes: Any) -> User:
    """Edit the profile, the role or the unit (a move) of an account; each change checked against the actor's
    reach and rank, with the new role and unit checked as if granted anew."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    check_manage(actor, user)
    user = User.objects.select_for_update(of=("self",)).select_related("unit").get(pk=user.pk)
    role = changes.get("role", user.role)
    unit = changes.get("unit", user.unit)
    moved = "unit" in changes and (unit.pk if unit else None) != user.unit_id
    role_changed = role != user.role
    if moved or role_changed:
        _not_self(actor, user, _("Bạn không thể tự đổi vai trò hoặc đơn vị của mình."))
        check_grant(actor, role, unit)
    for field in PROFILE_FIELDS & set(changes):
        value = changes[field] or ""
        setattr(user, field, value.strip() if field == "email" else normalize(value))
    user.role, user.unit = role, unit
    user.is_staff = user.is_superuser = role == Role.ADMIN
    full_clean_or_raise(user, exclude=["password"])
    stamp(user, actor=actor, reason="user.moved" if moved else "user.role_changed" if role_changed else "user.updated")
    user.save()
    return user


def user_move(*, actor: Actor, user: User, unit: OrgUnit) -> User:
    return user_update(actor=actor, user=user, unit=unit)


def user_change_role(*, actor: Actor, user: User, role: str) -> User:
    return user_update(actor=actor, user=user, role=role)


@transaction.atomic
def user_deactivate(*, actor: Actor, user: User, successor: User | None = None) -> User:
    """Close an account when its holder leaves. Nothing the holder entered is touched (it stays attributed to
    them); the successor who takes over is recorded, API keys are revoked, and the history says who did it."""
    check_manage(actor, user)
    _not_self(actor, user, _("Bạn không thể tự khóa tài khoản của mình."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(_("Tài khoản «%(username)s» đã bị khóa từ trước.") % {"username": user.username})
    if successor is not None:
        if successor.pk == user.pk:
            raise DomainError(_("Người thay thế phải là một người khác."))
        if not successor.is_active:
            raise DomainError(_("Người thay thế «%(username)s» đã bị khóa.") % {"username": successor.username})
        check_manage(actor, successor)
    user.is_active = False
    user.successor = successor
    stamp(user, actor=actor, reason="user.deactivated")
    user.save()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return user


@transaction.atomic
def user_reactivate(*, actor: Actor, user: User) -> User:
    check_manage(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise DomainError(_("Tài khoản «%(username)s» đang hoạt động.") % {"username": user.username})
    user.is_active = True
    user.successor = None
    stamp(user, actor=actor, reason="user.reactivated")
    user.save()
    return user


@transaction.atomic
def user_reset_password(*, actor: Actor, user: User) -> str:
    """Give the account a new one-time password (returned once) and sign its holder out everywhere: the
    session of a changed password is no longer valid."""
    check_manage(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(_("Tài khoản «%(username)s» đã bị khóa: hãy mở lại trước.") % {"username": user.username})
    password = one_time_password()
    set_one_time_password(user, password)
    stamp(user, actor=actor, reason="user.password_reset")
    user.save()
    return password


@transaction.atomic
@transaction.atomic
def password_change(*, user: User, new_password: str) -> User:
    """The holder chose a password of their own (checked by the form): set it and end any one-time password's
    obligation, as one change in the history."""
    user.set_password(new_password)
    user.must_change_password = False
    stamp(user, actor=user, reason="user.password_changed")
    user.save(update_fields=["password", "must_change_password"])
    return user


def _ascii_words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", fold(text)) if w]


def usernames_of(unit: OrgUnit) -> set[str]:
    """Usernames already made up for a unit (they end with its code), lower-cased: what a new one must avoid."""
    suffix = suggest_username(unit, "", ()).split(".", 1)[1]
    return {u.lower() for u in User.objects.filter(username__iendswith="." + suffix).values_list("username", flat=True)}


def suggest_username(unit: OrgUnit, full_name: str, taken: Iterable[str]) -> str:
    """An ASCII username from the person and the unit, unique against `taken` (lower-cased):
    "Nguyễn Văn An" in 42.28432 → "annv.42.28432", then "annv2.42.28432"…"""
    words = _ascii_words(full_name)
    person = (words[-1] + "".join(w[0] for w in words[:-1])) if words else "canbo"
    unit_part = ".".join(_ascii_words(unit.code.replace(".", " "))) or "loa"
    used = {t.lower() for t in taken}
    base = f"{person[:40]}.{unit_part[:60]}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{person[:40]}{n}.{unit_part[:60]}"
    return candidate
