"""The one scoping layer. Every view, API endpoint and command reads and writes through it.

A user's reach for a permission is a single subtree, given as a materialised-path prefix, or for the acts that
belong to a unit itself (entering its data, drafting, signing) that one unit alone:
"" means the whole country (system administrators and the system itself), None means nothing.
Querysets are narrowed here *before* anything is read or written.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from loa.core.actors import SYSTEM as SYSTEM  # re-exported: callers name the system through the scoping layer
from loa.core.actors import SystemActor
from loa.core.errors import NotFound, PermissionDenied

from .catalog import Role, UnitType
from .models import OrgUnit, User
from .tree import path_ancestors, province_path

M = TypeVar("M", bound=Model)


class Perm(StrEnum):
    VIEW = "view"  # read the unit-owned data of a subtree
    EDIT = "edit"  # enter and change unit-owned data
    DRAFT = "draft"  # draft plans for units (the province coordinator drafts for the whole province)
    APPROVE = "approve"  # a leader's sign-off: issue plans, submit reports
    REVIEW = "review"  # receive or return lower units' submissions (Sở Nội vụ)
    MANAGE_UNITS = "manage_units"  # add or edit units of the tree
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    OVERSEE = "oversee"  # record oversight recommendations to units (Ủy ban MTTQ and socio-political organisations)


# Whoever acts: a signed-in user, the anonymous visitor (who reaches nothing), or the system.
Actor: TypeAlias = User | AnonymousUser | SystemActor

# Which units each role reaches for each permission. "subtree" = the user's unit and everything under it;
# "unit" = the user's unit itself (acts that belong to the unit: entering its data, drafting, signing and sending
# its documents), where a commune (UBND xã) counts with its sections, which are one administration with it and
# usually have no accounts of their own; "province" = the province the unit belongs to. Leaders above a unit
# read its data and act only for their own unit; the Sở Nội vụ's coordinators draft plans for the whole province
# (the provincial plan and the cascade's implementing drafts) but enter no other unit's data and sign nothing.
# A permission absent from a role's map is not granted.
_REACH: dict[str, dict[Perm, str]] = {
    Role.COORDINATOR: {
        Perm.VIEW: "province",
        Perm.EDIT: "unit",
        Perm.DRAFT: "province",
        Perm.REVIEW: "province",
        Perm.MANAGE_UNITS: "province",
        Perm.MANAGE_USERS: "province",
        Perm.VIEW_AUDIT: "province",
    },
    Role.LEADER: {Perm.VIEW: "subtree", Perm.EDIT: "unit", Perm.DRAFT: "unit", Perm.APPROVE: "unit"},
    Role.EDITOR: {Perm.VIEW: "subtree", Perm.EDIT: "unit", Perm.DRAFT: "unit"},
    Role.VIEWER: {Perm.VIEW: "subtree"},
    # The Fatherland Front of a province or commune oversees the administration of its area: it reads the plans,
    # reports, surveys and feedback there and records recommendations, and writes nothing else.
    Role.OVERSIGHT: {Perm.VIEW: "area", Perm.OVERSEE: "area"},
}


@dataclass(frozen=True)
class Reach:
    """Where an actor reaches for one permission: the subtree under `top`, or (`exact`) the unit `top` alone."""

    top: str  # a materialised path; "" is the whole country
    exact: bool = False

    def holds(self, path: str) -> bool:
        return path == self.top if self.exact else path.startswith(self.top)

    def lookup(self, unit_path: str) -> dict[str, str]:
        return {unit_path: self.top} if self.exact else {f"{unit_path}__startswith": self.top}


def account_of(actor: Actor | None) -> User | None:
    """The account behind `actor`, for "created by" fields: None for the system and the anonymous visitor."""
    return actor if isinstance(actor, User) else None


def reach(actor: Actor | None, perm: Perm) -> Reach | None:
    """The actor's reach for `perm`, or None for nothing."""
    if actor is None or not actor.is_authenticated:
        return None
    role = getattr(actor, "role", None)
    if role == Role.ADMIN:
        return Reach("")
    kind = _REACH.get(role or "", {}).get(perm)
    unit = getattr(actor, "unit", None)
    if kind is None or unit is None:
        return None
    if kind == "province":
        return Reach(province_path(unit))
    if kind == "area":
        return Reach(overseen_path(unit))
    return Reach(unit.path, exact=kind == "unit" and unit.unit_type != UnitType.UBND_XA)


def overseen_path(unit: OrgUnit) -> str:
    """The area an oversight body watches: its parent's subtree when it is an MTTQ or socio-political organisation
    placed under a province or commune, else its own subtree."""
    if unit.unit_type == UnitType.MTTQ_DOAN_THE and unit.parent_id is not None and unit.parent is not None:
        return unit.parent.path
    return unit.path


def scope_prefix(actor: Actor | None, perm: Perm) -> str | None:
    """The top of the actor's reach for `perm` ("" = everything, None = nothing). Whether a given unit is inside
    is `can()`'s question: for acts of the unit itself the reach is that unit alone, not its subtree."""
    found = reach(actor, perm)
    return None if found is None else found.top


def restrict(qs: QuerySet[M], actor: Actor | None, perm: Perm, *, unit_path: str = "unit__path") -> QuerySet[M]:
    """Narrow any queryset to the actor's reach; `unit_path` is the lookup to the owning unit's path."""
    found = reach(actor, perm)
    if found is None:
        return qs.none()
    return qs if found.top == "" else qs.filter(**found.lookup(unit_path))


def ancestor_paths(actor: Actor | None) -> list[str]:
    """Paths of the actor's unit and every unit above it: where documents that flow down come from."""
    unit = getattr(actor, "unit", None)
    if unit is None or not getattr(actor, "is_authenticated", False):
        return []
    return path_ancestors(unit.path)


def restrict_downward(qs: QuerySet[M], actor: Actor | None, *, unit_path: str, published: Q) -> QuerySet[M]:
    """Reach for documents that flow down the tree: the actor's VIEW reach, plus the `published` ones
    issued by the actor's own unit or any unit above it (a commune reads the province's plan)."""
    prefix = scope_prefix(actor, Perm.VIEW)
    if prefix == "":
        return qs
    condition = Q(pk__in=[])
    if prefix is not None:
        condition |= Q(**{f"{unit_path}__startswith": prefix})
    above = ancestor_paths(actor)
    if above:
        condition |= published & Q(**{f"{unit_path}__in": above})
    return qs.filter(condition)


def units(actor: Actor | None, perm: Perm) -> QuerySet[OrgUnit]:
    return restrict(OrgUnit.objects.all(), actor, perm, unit_path="path")


def directory(actor: Actor | None) -> QuerySet[OrgUnit]:
    """The public directory of units (codes, names, types, hierarchy): any signed-in user may read it.

    Only identity fields are public; members, contacts and unit-owned data go through `units()`.
    """
    if actor is None or not actor.is_authenticated:
        return OrgUnit.objects.none()
    return OrgUnit.objects.all()


def can(actor: Actor | None, perm: Perm, unit: OrgUnit) -> bool:
    found = reach(actor, perm)
    return found is not None and found.holds(unit.path)


def require(actor: Actor | None, perm: Perm, unit: OrgUnit) -> None:
    if not can(actor, perm, unit):
        raise PermissionDenied(
            _("Bạn không có quyền «%(perm)s» đối với đơn vị %(unit)s.") % {"perm": perm_label(perm), "unit": unit.name}
        )


def out_of_reach() -> NotFound:
    """The error for anything outside the actor's reach: it reads exactly like a missing object."""
    return NotFound(_("Không tìm thấy đối tượng được yêu cầu, hoặc bạn không có quyền xem."))


def get_in_scope(
    qs: QuerySet[M], actor: Actor | None, perm: Perm, *, unit_path: str = "unit__path", **lookup: Any
) -> M:
    """Fetch one object inside the actor's reach; anything outside looks exactly like a missing object."""
    obj = restrict(qs, actor, perm, unit_path=unit_path).filter(**lookup).first()
    if obj is None:
        raise out_of_reach()
    return obj


def keeps(actor: Actor | None, unit: OrgUnit) -> bool:
    """Whether the actor keeps what belongs to `unit` besides its signed documents (its channel registry, surveys,
    the citizens' feedback and recommendations addressed to it): the unit's own people (EDIT) or the Sở Nội vụ
    that coordinates it (REVIEW)."""
    return can(actor, Perm.EDIT, unit) or can(actor, Perm.REVIEW, unit)


def can_receive(actor: Actor | None, unit: OrgUnit) -> bool:
    """Whether the actor receives (accepts, returns, chases) reports addressed to `unit`: the unit's
    own coordinators and leaders, or a system administrator. Nobody else, however wide their reach."""
    if actor is None or not actor.is_authenticated:
        return False
    role = getattr(actor, "role", None)
    if role == Role.ADMIN:
        return True
    own = getattr(actor, "unit", None)
    return own is not None and own.pk == unit.pk and role in {Role.COORDINATOR, Role.LEADER}


def require_receiver(actor: Actor | None, unit: OrgUnit) -> None:
    if not can_receive(actor, unit):
        raise PermissionDenied(
            _("Chỉ %(unit)s (nơi nhận báo cáo) được tiếp nhận, trả lại hoặc theo dõi các báo cáo này.")
            % {"unit": unit.name}
        )


def perm_label(perm: Perm) -> str:
    return {
        Perm.VIEW: _("xem"),
        Perm.EDIT: _("nhập và sửa dữ liệu"),
        Perm.DRAFT: _("soạn thảo kế hoạch"),
        Perm.APPROVE: _("phê duyệt, ký gửi"),
        Perm.REVIEW: _("tiếp nhận, trả lại"),
        Perm.MANAGE_UNITS: _("quản lý đơn vị"),
        Perm.MANAGE_USERS: _("quản lý người dùng"),
        Perm.VIEW_AUDIT: _("xem nhật ký thay đổi"),
        Perm.OVERSEE: _("giám sát, kiến nghị"),
    }[perm]
