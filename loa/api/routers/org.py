"""Units, users, audit. Thin: parse, call a selector or service, shape the output."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from loa.org import selectors
from loa.org.models import OrgUnit
from loa.org.scope import Perm, get_in_scope, scope_prefix, units
from loa.org.services import unit_create, unit_update

from ..pagination import Pagination
from ..schemas import ERRORS, AuditOut, ErrorOut, MeOut, UnitContactOut, UnitIn, UnitOut, UnitPatch, UserOut

router = Router(tags=["Đơn vị và người dùng"])


class UnitFilter(Schema):
    q: str = ""
    parent: str = ""
    type: str = ""
    legacy: bool = False


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "unit": user.unit,
        "email": user.email,
        "scope_root": selectors.reach_root(user, Perm.VIEW),
        "permissions": {p.value: scope_prefix(user, p) is not None for p in Perm},
    }


@router.get("/units", response=list[UnitOut])
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[UnitFilter]) -> Any:
    parent = selectors.unit_by_code(actor=request.user, code=filters.parent) if filters.parent else None
    return selectors.unit_search(
        actor=request.user,
        query=filters.q,
        parent=parent,
        unit_type=filters.type,
        include_legacy=filters.legacy,
    ).select_related("successor")


@router.get("/units/stats", response=dict[str, dict[str, int]])
def unit_stats(request: HttpRequest) -> dict[str, Any]:
    return selectors.unit_stats()


@router.get("/units/{code}", response={200: UnitContactOut | UnitOut, 404: ErrorOut})
def unit_detail(request: HttpRequest, code: str) -> Any:
    unit = selectors.unit_by_code(actor=request.user, code=code)
    # Contacts only inside the caller's reach; the directory part is public to signed-in users.
    if units(request.user, Perm.VIEW).filter(pk=unit.pk).exists():
        return UnitContactOut.from_orm(unit)
    return UnitOut.from_orm(unit)


@router.get("/units/{code}/children", response=list[UnitOut])
@paginate(Pagination)
def unit_children(request: HttpRequest, code: str, legacy: bool = False) -> Any:
    unit = selectors.unit_by_code(actor=request.user, code=code)
    return (
        selectors.unit_children(actor=request.user, unit=unit, include_legacy=legacy)
        .select_related("parent", "successor")
        .order_by("name")
    )


@router.get("/units/{code}/members", response={200: list[UserOut], 404: ErrorOut})
def unit_members(request: HttpRequest, code: str) -> Any:
    unit = get_in_scope(OrgUnit.objects.all(), request.user, Perm.VIEW, unit_path="path", code=code)
    return list(selectors.unit_members(actor=request.user, unit=unit).select_related("unit"))


@router.post("/units", response={201: UnitContactOut, **ERRORS})
def unit_create_endpoint(request: HttpRequest, payload: UnitIn) -> Any:
    parent = get_in_scope(OrgUnit.objects.all(), request.user, Perm.MANAGE_UNITS, unit_path="path", code=payload.parent)
    data = payload.model_dump(exclude={"parent"})
    return Status(201, unit_create(actor=request.user, parent=parent, **data))


@router.patch("/units/{code}", response={200: UnitContactOut, **ERRORS})
def unit_update_endpoint(request: HttpRequest, code: str, payload: UnitPatch) -> Any:
    unit = get_in_scope(OrgUnit.objects.all(), request.user, Perm.MANAGE_UNITS, unit_path="path", code=code)
    return unit_update(actor=request.user, unit=unit, **payload.model_dump(exclude_unset=True))


@router.get("/audit", response=list[AuditOut])
def audit(request: HttpRequest, unit: str = "", limit: int = 100) -> Any:
    scope_unit = selectors.unit_by_code(actor=request.user, code=unit) if unit else None
    return selectors.audit_entries(actor=request.user, unit=scope_unit, limit=max(1, min(limit, 500)))
