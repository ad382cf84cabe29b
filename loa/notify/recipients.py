"""Who hears about an object: chosen through the scoping layer, never by role or unit alone.

Each function takes the object's unit and returns active users whose role lets them act on it there:
`scope.can()` (or `scope.can_receive()` for a report's recipient) is asked for every candidate, so a
notice never reaches anyone who could not open the page it links to.
"""

from loa.org.catalog import Role, UnitType
from loa.org.models import OrgUnit, User
from loa.org.scope import Perm, can, can_receive

OFFICER_ROLES = (Role.EDITOR, Role.LEADER)


def _active(unit_ids: list[int], roles: tuple[str, ...]) -> list[User]:
    return list(
        User.objects.filter(unit_id__in=unit_ids, is_active=True, role__in=roles).select_related("unit").order_by("pk")
    )


def _own_or_commune(unit: OrgUnit, roles: tuple[str, ...]) -> list[User]:
    """The unit's own people; a commune section without any is reached through its commune."""
    users = _active([unit.pk], roles)
    if not users and unit.parent_id and unit.parent and unit.parent.unit_type == UnitType.UBND_XA:
        users = _active([unit.parent_id], roles)
    return users


def officers(unit: OrgUnit) -> list[User]:
    """The unit's editors and leaders (who enter data for it and sign for it)."""
    return [u for u in _own_or_commune(unit, OFFICER_ROLES) if can(u, Perm.EDIT, unit)]


def leaders(unit: OrgUnit) -> list[User]:
    """The unit's leaders: those who may sign (issue plans, send reports) for it."""
    return [u for u in _own_or_commune(unit, (Role.LEADER,)) if can(u, Perm.APPROVE, unit)]


def receivers(recipient: OrgUnit) -> list[User]:
    """Who receives reports addressed to `recipient`: its coordinators and leaders (scope.can_receive)."""
    candidates = _active([recipient.pk], (Role.COORDINATOR, Role.LEADER))
    return [u for u in candidates if can_receive(u, recipient)]
