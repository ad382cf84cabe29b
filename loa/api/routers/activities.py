"""Activities and their XLSX import (their evidence files: `evidence.py`).

Thin: parse, call a selector or service, shape the output. Lists are paginated on the queryset, so
a unit with a million activities costs one page, never the whole set.
"""

import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from loa.activity import selectors, services
from loa.activity.models import Activity, Evidence
from loa.activity.xlsx_io import activities_import, result_notes
from loa.core.errors import DomainError
from loa.core.http import too_large
from loa.core.periods import require_period
from loa.org.selectors import unit_by_code

from ..pagination import Pagination
from ..schemas import CONFLICT_ERRORS, ERRORS, UnitRef
from .evidence import EvidenceOut

router = Router(tags=["Hoạt động"])


class ActivityOut(Schema):
    id: int
    unit: UnitRef
    date: dt.date
    end_date: dt.date | None
    channel: str
    online: bool
    reform_areas: list[str]
    indices: list[str]
    title: str
    description: str
    quantity: float
    measure: str
    audience: str
    reached: int | None
    participants: int | None
    url: str
    cost: int | None
    status: Literal["draft", "confirmed"]
    tasks: list[int]
    evidence: list[EvidenceOut]
    outlet: int | None  # the unit's channel it went out on
    revision: int  # counts the saves; send it back in a PATCH to refuse overwriting a newer one

    @staticmethod
    def resolve_outlet(obj: Activity) -> int | None:
        return obj.outlet_id

    @staticmethod
    def resolve_tasks(obj: Activity) -> list[int]:
        return [t.pk for t in obj.tasks.all()]

    @staticmethod
    def resolve_evidence(obj: Activity) -> list[Evidence]:
        return list(obj.evidence.all())


class ActivityIn(Schema):
    unit: str
    date: dt.date
    channel: str
    title: str
    end_date: dt.date | None = None
    online: bool | None = None
    reform_areas: list[str] = []
    indices: list[str] = []
    description: str = ""
    quantity: float | str = 1.0
    measure: str = ""
    audience: str = ""
    reached: int | str | None = None
    participants: int | str | None = None
    url: str = ""
    cost: int | str | None = None
    status: Literal["draft", "confirmed"] = "confirmed"
    tasks: list[int] = []
    outlet: int | None = None  # id of one of the unit's channels (GET /api/channels/{code})


class ActivityPatch(Schema):
    date: dt.date | None = None
    end_date: dt.date | None = None
    channel: str | None = None
    online: bool | None = None
    title: str | None = None
    reform_areas: list[str] | None = None
    indices: list[str] | None = None
    description: str | None = None
    quantity: float | str | None = None
    measure: str | None = None
    audience: str | None = None
    reached: int | str | None = None
    participants: int | str | None = None
    url: str | None = None
    cost: int | str | None = None
    status: Literal["draft", "confirmed"] | None = None
    tasks: list[int] | None = None
    outlet: int | None = None  # null clears it
    revision: int | None = None  # the revision this change was made on: 409 when the activity changed since


class ActivityFilterIn(Schema):
    unit: str = ""
    subtree: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    period: str = ""
    channel: str = ""
    area: str = ""
    task: int | None = None
    status: Literal["", "draft", "confirmed"] = ""
    q: str = ""


class PreviousImportOut(Schema):
    imported_at: dt.datetime
    imported_by: str  # full name (or username) of who imported it; empty for the system
    imported: int


class ImportOut(Schema):
    imported: int
    dry_run: bool
    rows: int  # valid rows in the file
    duplicate_rows: list[int]  # rows identical to activities the unit already has
    skipped: int  # duplicate rows left out (sent again with allow_duplicates=true to import them)
    previous_import: PreviousImportOut | None  # the same file imported into the unit before
    notes: list[str]  # the same in Vietnamese sentences


def _filters(request: HttpRequest, f: ActivityFilterIn) -> selectors.ActivityFilter:
    """The page's filters, checked the same way (selectors.clean_filters); a value not in its catalog is a 400."""
    filters, unknown = selectors.clean_filters(
        selectors.ActivityFilter(
            unit=unit_by_code(actor=request.user, code=f.unit) if f.unit else None,
            subtree=f.subtree,
            date_from=f.date_from,
            date_to=f.date_to,
            period=require_period(f.period) if f.period else None,
            channel=f.channel,
            area=f.area,
            task=f.task,
            status=f.status,
            query=f.q,
        )
    )
    if unknown:
        raise DomainError(" ".join(unknown))
    return filters


def _input(data: dict[str, Any]) -> services.ActivityInput:
    return services.ActivityInput(**{k: v for k, v in data.items() if k != "unit"})


@router.get("/activities", response=list[ActivityOut])
@paginate(Pagination)
def activity_list(request: HttpRequest, filters: Query[ActivityFilterIn]) -> Any:
    qs = selectors.activity_list(actor=request.user, filters=_filters(request, filters))
    return qs.prefetch_related("tasks", "evidence")


@router.post("/activities", response={201: ActivityOut, **ERRORS})
def activity_create(request: HttpRequest, payload: ActivityIn) -> Any:
    unit = unit_by_code(actor=request.user, code=payload.unit)
    activity = services.activity_create(actor=request.user, unit=unit, data=_input(payload.dict()))
    return Status(201, activity)


@router.get("/activities/{int:activity_id}", response={200: ActivityOut, **ERRORS})
def activity_detail(request: HttpRequest, activity_id: int) -> Any:
    return selectors.activity_get(actor=request.user, pk=activity_id)


@router.patch("/activities/{int:activity_id}", response={200: ActivityOut, **CONFLICT_ERRORS})
def activity_update(request: HttpRequest, activity_id: int, payload: ActivityPatch) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=activity_id)
    current = vars(services.activity_input(activity))
    changes = payload.dict(exclude_unset=True)
    revision = changes.pop("revision", None)
    current.update(changes)
    return services.activity_update(
        actor=request.user, activity=activity, data=services.ActivityInput(**current), expected_revision=revision
    )


@router.delete("/activities/{int:activity_id}", response={204: None, **ERRORS})
def activity_delete(request: HttpRequest, activity_id: int) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=activity_id)
    services.activity_delete(actor=request.user, activity=activity)
    return Status(204, None)


@router.post("/activities/import", response={200: ImportOut, **ERRORS})
def activity_import(
    request: HttpRequest,
    unit: Form[str],
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    allow_duplicates: Form[bool] = False,
) -> Any:
    """All or nothing: a file with any bad row imports none; the errors name row, column and reason. Rows identical
    to the unit's activities are skipped (and listed) unless `allow_duplicates`; a file imported before is named."""
    if (file.size or 0) > settings.LOA_ACTIVITY_IMPORT_MAX_BYTES:
        raise DomainError(too_large(settings.LOA_ACTIVITY_IMPORT_MAX_BYTES))
    target = unit_by_code(actor=request.user, code=unit)
    result = activities_import(
        actor=request.user,
        unit=target,
        content=file.read(),
        dry_run=dry_run,
        allow_duplicates=allow_duplicates,
        name=file.name or "",
    )
    previous = result.previous
    return {
        "imported": result.imported,
        "dry_run": dry_run,
        "rows": result.rows,
        "duplicate_rows": result.duplicate_rows,
        "skipped": result.skipped,
        "previous_import": None
        if previous is None
        else {
            "imported_at": previous.imported_at,
            "imported_by": previous.imported_by.full_name or previous.imported_by.username
            if previous.imported_by
            else "",
            "imported": previous.imported,
        },
        "notes": result_notes(result),
    }
