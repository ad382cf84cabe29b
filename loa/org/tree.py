"""The unit tree, asked without knowing how it is stored.

Units are stored as a materialised path (`OrgUnit.path`, "42/42.SNV/"; activities keep a copy in `unit_path`), so
a subtree is one prefix match. That is org's business: every other app asks these helpers, and a test checks that no
`path__startswith` or `.path.startswith` appears outside org.

A "top" is a unit or a path (the scoping layer's reach is a path; "" is the whole country).
"""

from django.db.models import Q

from .catalog import UnitType
from .models import OrgUnit

Top = OrgUnit | str


def top_path(top: Top) -> str:
    return top if isinstance(top, str) else top.path


def subtree_q(top: Top, *, field: str = "path") -> Q:
    """Rows whose unit is `top` or lies under it; `field` is the lookup to the unit's path ("unit__path",
    "issuer__path", "unit_path" for an activity's copy)."""
    return Q(**{f"{field}__startswith": top_path(top)})


def in_subtree(unit: Top, top: Top) -> bool:
    """`unit` is `top` or lies under it."""
    return top_path(unit).startswith(top_path(top))


def strictly_below(unit: Top, top: Top) -> bool:
    """`unit` lies under `top` and is not `top` itself."""
    path, above = top_path(unit), top_path(top)
    return path != above and path.startswith(above)


def in_any_subtree(unit: Top, tops: list[str]) -> bool:
    """`unit` lies in the subtree of one of the paths `tops` (e.g. the lower units that report for themselves)."""
    path = top_path(unit)
    return any(path.startswith(top) for top in tops)


def path_ancestors(path: str) -> list[str]:
    """ "42/42.SNV/" → ["42/", "42/42.SNV/"]: the path of every unit from the root down to this one."""
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def ancestors_q(unit: Top, *, field: str = "path") -> Q:
    """Rows whose unit is `unit` or one above it (documents that flow down reach `unit` from there)."""
    return Q(**{f"{field}__in": path_ancestors(top_path(unit))})


def province_path(unit: OrgUnit) -> str:
    """Path of the province (UBND tỉnh) the unit sits under, or the unit's own path if none."""
    parts = unit.path.split("/")[:-1]
    if unit.unit_type == UnitType.UBND_TINH or len(parts) == 1:
        return unit.path
    return parts[0] + "/"


def province_of(unit: OrgUnit) -> OrgUnit:
    """The unit at `province_path(unit)`, read from the parent chain: no query when the chain is already loaded
    (the signed-in user's unit comes with its parent, org.backends)."""
    target = province_path(unit)
    node = unit
    while node.path != target and node.parent_id is not None:
        node = node.parent  # type: ignore[assignment]
    return node
