"""Units, users, audit. Thin: parse, call a selector or service, shape the output."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from loa.core.errors import DomainError
from loa.org import selectors
from loa.org.audit_filters import AuditFilterForm, audit_filter
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


class AuditQuery(Schema):
    unit: str = ""  # a unit's code: its subtree
    who: str = ""
    kind: str = ""  # "plans.plan", "activity.activity"… (the page's choices)
    action: str = ""  # "+" created, "~" changed, "-" deleted
    since: str = ""
    until: str = ""
    limit: int = 100
    offset: int = 0


@router.get("/audit", response={200: list[AuditOut], 400: ErrorOut})
def audit(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    """The change log, newest first, with the page's filters (`who`: a username or name, "hệ thống" for Loa's own
    changes; dates dd/mm/yyyy or yyyy-mm-dd); `offset` pages through it."""
    scope_unit = selectors.unit_by_code(actor=request.user, code=filters.unit) if filters.unit else None
    form = AuditFilterForm(
        {k: v for k, v in filters.model_dump().items() if k not in {"unit", "limit", "offset"} and v},
        units=[scope_unit] if scope_unit else [],
    )
    if not form.is_valid():
        raise DomainError("; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items()))
    chosen = audit_filter(request.user, {**form.cleaned_data, "unit": filters.unit}, [scope_unit] if scope_unit else [])
    limit = max(1, min(filters.limit, 500))
    return selectors.audit_entries(actor=request.user, filters=chosen, limit=limit, offset=max(0, filters.offset))
