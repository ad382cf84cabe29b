"""Reads of units, users and the audit trail, always through the scoping layer."""

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.errors import NotFound
from loa.core.text import search_terms

from .audit_log import AuditEntry as AuditEntry  # the change log is read through this module too
from .audit_log import audit_entries as audit_entries
from .catalog import Role
from .models import OrgUnit, User
from .scope import Actor, Perm, can, directory, out_of_reach, restrict, scope_prefix


def current_q(on: date | None = None, prefix: str = "") -> Q:
    day = on or timezone.localdate()
    return (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})) & (
        Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})
    )


def unit_search(
    *,
    actor: Actor | None,
    query: str = "",
    parent: OrgUnit | None = None,
    unit_type: str = "",
    include_legacy: bool = False,
) -> QuerySet[OrgUnit]:
    """Directory search: every word of the query, diacritics and case ignored, must begin a word of the unit."""
    qs = directory(actor).select_related("parent")
    if not include_legacy:
        qs = qs.filter(current_q())
    if parent is not None:
        qs = qs.filter(parent=parent)
    if unit_type:
        qs = qs.filter(unit_type=unit_type)
    terms = search_terms(query)
    for term in terms:  # each word must start a word of the name ("huong" must not match "phuong")
        qs = qs.filter(Q(search_text__startswith=term) | Q(search_text__contains=f" {term}"))
    if terms:
        phrase = " ".join(terms)
        # Rank: the phrase is the whole short name or starts the name, then it starts any word, then
        # the words appear in another order; current before legacy, shallower and shorter first.
        qs = qs.annotate(
            rank=Case(
                When(
                    Q(search_text__startswith=phrase) | Q(search_text__contains=f"| {phrase} |"),
                    then=Value(0),
                ),
                When(search_text__contains=f" {phrase}", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            name_len=Length("name"),
        ).order_by("rank", F("valid_to").asc(nulls_first=True), "depth", "name_len", "path")
    else:
        qs = qs.order_by("path")
    return qs


def unit_by_code(*, actor: Actor | None, code: str) -> OrgUnit:
    unit = directory(actor).select_related("parent", "successor").filter(code=code.strip()).first()
    if unit is None:
        raise NotFound(_("Không tìm thấy đơn vị có mã «%(code)s».") % {"code": code})
    return unit


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    codes = unit.path.split("/")[:-2]
    by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def unit_children(*, actor: Actor | None, unit: OrgUnit, include_legacy: bool = False) -> QuerySet[OrgUnit]:
    qs = directory(actor).filter(parent=unit)
    return qs if include_legacy else qs.filter(current_q())


def unit_members(*, actor: Actor | None, unit: OrgUnit) -> QuerySet[User]:
    """Users of a unit: only for units in the actor's VIEW reach (contacts are not public)."""
    return restrict(User.objects.filter(unit=unit, is_active=True), actor, Perm.VIEW).order_by("role", "username")


def user_list(
    *,
    actor: Actor | None,
    unit: OrgUnit | None = None,
    role: str = "",
    active: bool | None = None,
    query: str = "",
) -> QuerySet[User]:
    """Accounts the actor manages, optionally of one unit's subtree, one role, active or not, and matching every
    word of `query` in the username, full name or e-mail (case ignored)."""
    qs = restrict(User.objects.select_related("unit__parent", "successor"), actor, Perm.MANAGE_USERS)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    for word in query.split()[:10]:
        qs = qs.filter(Q(username__icontains=word) | Q(full_name__icontains=word) | Q(email__icontains=word))
    return qs.order_by("unit__path", "username")


# Who makes a unit able to work in Loa: someone to enter data (a coordinator does it for its Sở Nội vụ) or to sign.
STAFF_ROLES = (Role.EDITOR, Role.LEADER, Role.COORDINATOR)


def units_without_staff(unit_ids: Iterable[int]) -> set[int]:
    """Of the given units, those with no active editor, leader or coordinator: nobody there can enter or send
    anything. One query, whatever the number of units."""
    ids = set(unit_ids)
    if not ids:
        return set()
    staffed = User.objects.filter(unit_id__in=ids, is_active=True, role__in=STAFF_ROLES).values_list("unit_id")
    return ids - {unit_id for (unit_id,) in staffed.distinct()}


# Territorial units are counted by level; every other unit (departments, sections, media…) as "other_units".
STATS_KEYS: dict[str, str] = {
    "ubnd_tinh": "province",
    "ubnd_xa": "commune",
    "legacy_huyen": "district",
    "bo_noi_vu": "central",
}


def unit_stats() -> dict[str, Any]:
    """Counts of current and legacy units by level and by type (public reference data)."""
    today = timezone.localdate()
    current: Counter[str] = Counter()
    legacy: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    rows = OrgUnit.objects.values_list("unit_type", "valid_from", "valid_to")
    for unit_type, valid_from, valid_to in rows.iterator(chunk_size=5000):
        is_current = (valid_to is None or valid_to >= today) and (valid_from is None or valid_from <= today)
        key = STATS_KEYS.get(unit_type, "other_units")
        (current if is_current else legacy)[key] += 1
        if is_current:
            by_type[unit_type] += 1
    return {
        "current": dict(current),
        "legacy": dict(legacy),
        "current_by_type": dict(sorted(by_type.items())),
    }


def scope_root(actor: Actor) -> OrgUnit | None:
    """The root of what the actor may view: the province of a coordinator, the unit of an officer, the country
    (None) for an administrator; a 404 for whoever views nothing. The default subject of pages about figures
    (dashboards, indices)."""
    if scope_prefix(actor, Perm.VIEW) is None:
        raise out_of_reach()
    return reach_root(actor, Perm.VIEW)


def reach_root(actor: Actor, perm: Perm) -> OrgUnit | None:
    """The unit at the top of the actor's reach for `perm`; None for the whole country or for no reach."""
    prefix = scope_prefix(actor, perm)
    if not prefix:
        return None
    # The actor's unit and its parent come with the user (org.backends): no query when the root is one of them.
    unit: OrgUnit | None = getattr(actor, "unit", None)
    for known in (unit, unit.parent if unit is not None else None):
        if known is not None and known.path == prefix:
            return known
    return OrgUnit.objects.get(path=prefix)


def first_province() -> OrgUnit:
    """What a page about one province shows an administrator, who belongs to none, until one is chosen."""
    province = OrgUnit.objects.filter(unit_type="ubnd_tinh", valid_to__isnull=True).order_by("code").first()
    if province is None:
        raise NotFound(_("Chưa có tỉnh, thành phố nào: hãy nạp danh mục đơn vị hành chính (loa units load-vn)."))
    return province


def asked_unit(actor: Actor, code: str, *, own: bool = True) -> OrgUnit:
    """The unit a page asks for by code (`?unit=`), else the actor's own unit (`own`) or the top of what it reads,
    else the first province (an administrator); one outside the actor's VIEW reach reads as missing (404)."""
    code = code.strip()
    # An oversight account's own unit is the Front itself, which holds nothing: it starts from the area it watches.
    own = own and getattr(actor, "role", None) != Role.OVERSIGHT
    if code:
        unit = unit_by_code(actor=actor, code=code)
    else:
        mine = getattr(actor, "unit", None) if own else None
        unit = mine or scope_root(actor) or first_province()
    if not can(actor, Perm.VIEW, unit):
        raise out_of_reach()
    return unit
