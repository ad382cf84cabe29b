"""User accounts: list, create, update (profile, role, unit), deactivate, reactivate, reset the password, bulk import.
Thin: the same services as the pages and `loa users`. One-time passwords appear once, in the answer that made them."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from loa.core.errors import DomainError
from loa.core.http import too_large
from loa.org import selectors
from loa.org.accounts import (
    account_create,
    user_deactivate,
    user_reactivate,
    user_reset_password,
    user_update,
)
from loa.org.models import OrgUnit, User
from loa.org.scope import Perm, get_in_scope
from loa.org.user_import import import_accounts

from ..pagination import Pagination
from ..schemas import ERRORS, UnitRef

# /users/import is declared before /users/{username}: the first path that matches answers, whatever the method.
router = Router(tags=["Đơn vị và người dùng"])


class AccountOut(Schema):
    username: str
    full_name: str
    role: str
    unit: UnitRef | None
    email: str
    position: str
    phone: str
    is_active: bool
    must_change_password: bool
    successor: str | None

    @staticmethod
    def resolve_successor(obj: User) -> str | None:
        return obj.successor.username if obj.successor_id and obj.successor else None


class AccountCreatedOut(AccountOut):
    one_time_password: str


class AccountIn(Schema):
    full_name: str
    unit: str  # unit code
    role: str
    username: str = ""  # blank: made up from the name and the unit
    position: str = ""
    email: str = ""
    phone: str = ""


class AccountPatch(Schema):
    full_name: str | None = None
    unit: str | None = None
    role: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None


class DeactivateIn(Schema):
    successor: str | None = None  # username of who takes over


class PasswordOut(Schema):
    username: str
    one_time_password: str


class CredentialOut(Schema):
    unit_code: str
    unit_name: str
    full_name: str
    username: str
    one_time_password: str


class AccountImportOut(Schema):
    dry_run: bool
    created: int
    accounts: list[CredentialOut]


class UserFilter(Schema):
    unit: str = ""
    role: str = ""
    active: bool | None = None
    q: str = ""


def _unit(request: HttpRequest, code: str) -> OrgUnit:
    return get_in_scope(OrgUnit.objects.all(), request.user, Perm.MANAGE_USERS, unit_path="path", code=code)


def _account(request: HttpRequest, username: str) -> User:
    qs = User.objects.select_related("unit", "successor")
    return get_in_scope(qs, request.user, Perm.MANAGE_USERS, username=username)


@router.get("/users", response=list[AccountOut])
@paginate(Pagination)
def user_list(request: HttpRequest, filters: Query[UserFilter]) -> Any:
    unit = selectors.unit_by_code(actor=request.user, code=filters.unit) if filters.unit else None
    return selectors.user_list(actor=request.user, unit=unit, role=filters.role, active=filters.active, query=filters.q)


@router.post("/users", response={201: AccountCreatedOut, **ERRORS})
def user_create(request: HttpRequest, payload: AccountIn) -> Any:
    unit = _unit(request, payload.unit)
    data = payload.model_dump(exclude={"unit"})
    user, password = account_create(actor=request.user, unit=unit, **data)
    user.one_time_password = password  # type: ignore[attr-defined]
    return Status(201, user)


@router.post("/users/import", response={200: AccountImportOut, **ERRORS})
def user_import(request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False) -> Any:
    """All or nothing: a file with any bad row creates no account; the errors name row, column and reason. The
    answer of a real import is the only place the one-time passwords ever appear."""
    if (file.size or 0) > settings.LOA_IMPORT_MAX_BYTES:
        raise DomainError(too_large(settings.LOA_IMPORT_MAX_BYTES))
    accounts = import_accounts(actor=request.user, content=file.read(), dry_run=dry_run)
    return {
        "dry_run": dry_run,
        "created": 0 if dry_run else len(accounts),
        "accounts": [
            {
                "unit_code": a.unit_code,
                "unit_name": a.unit_name,
                "full_name": a.full_name,
                "username": a.username,
                "one_time_password": a.password,
            }
            for a in accounts
        ],
    }


@router.patch("/users/{username}", response={200: AccountOut, **ERRORS})
def user_patch(request: HttpRequest, username: str, payload: AccountPatch) -> Any:
    user = _account(request, username)
    changes: dict[str, Any] = payload.model_dump(exclude_unset=True)
    if "unit" in changes:
        changes["unit"] = _unit(request, changes["unit"] or "")
    return user_update(actor=request.user, user=user, **changes)


@router.post("/users/{username}/deactivate", response={200: AccountOut, **ERRORS})
def user_deactivate_endpoint(request: HttpRequest, username: str, payload: DeactivateIn) -> Any:
    user = _account(request, username)
    successor = _account(request, payload.successor) if payload.successor else None
    return user_deactivate(actor=request.user, user=user, successor=successor)


@router.post("/users/{username}/reactivate", response={200: AccountOut, **ERRORS})
def user_reactivate_endpoint(request: HttpRequest, username: str) -> Any:
    return user_reactivate(actor=request.user, user=_account(request, username))


@router.post("/users/{username}/reset-password", response={200: PasswordOut, **ERRORS})
def user_reset_endpoint(request: HttpRequest, username: str) -> Any:
    user = _account(request, username)
    return {"username": user.username, "one_time_password": user_reset_password(actor=request.user, user=user)}
