from datetime import date, datetime
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[dict[str, Any]] = []


# The error answers every operation may give (a refused scope is a 404, never a 403 that confirms what exists;
# 403 is a role without the right); CONFLICT_ERRORS adds 409 for writes that check a version or a state.
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CONFLICT_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut}


class UnitRef(Schema):
    code: str
    name: str


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    unit_type: str
    division_type: str
    gso_code: str
    parent: UnitRef | None
    valid_from: date | None
    valid_to: date | None
    successor: UnitRef | None


class UnitContactOut(UnitOut):
    email: str
    phone: str
    address: str


class UnitIn(Schema):
    code: str
    name: str
    unit_type: str
    parent: str
    short_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


class UnitPatch(Schema):
    name: str | None = None
    short_name: str | None = None
    unit_type: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class UserOut(Schema):
    username: str
    full_name: str
    role: str
    unit: UnitRef | None
    email: str


class MeOut(UserOut):
    scope_root: UnitRef | None
    permissions: dict[str, bool]


class AuditOut(Schema):
    when: datetime
    who: str
    action: str
    model_label: str
    object_repr: str
    reason: str
    changes: list[tuple[str, Any, Any]]
