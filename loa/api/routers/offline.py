"""Offline entry: what a device asks before it syncs, and each record it sends (services in loa/offline).

The record comes as multipart: its JSON in the field `record` and each of its new files in a part named
`file-<the file's device id>`, so a record and its photos are written together or not at all.
"""

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Form, Router, Schema
from pydantic import Field, ValidationError

from loa.activity.evidence import Upload
from loa.core.errors import DomainError
from loa.offline import selectors, services
from loa.org.selectors import unit_by_code

from ..schemas import ERRORS

router = Router(tags=["Ghi nhận ngoại tuyến"])


class StateOut(Schema):
    user: str
    csrf: str  # the token this session's writes must carry (a page kept offline may hold an older one)
    conflicts: int
    reviews: int


class RecordData(Schema):
    date: dt.date
    end_date: dt.date | None = None
    channel: str
    title: str = Field(max_length=2000)
    reform_areas: list[str] = Field(default=[], max_length=50)
    indices: list[str] = Field(default=[], max_length=50)
    quantity: str | float | None = None
    measure: str = Field(default="", max_length=200)
    audience: str = ""
    reached: str | int | None = None
    participants: str | int | None = None
    url: str = Field(default="", max_length=2000)
    description: str = Field(default="", max_length=20000)
    tasks: list[int] = Field(default=[], max_length=200)
    outlet: int | None = None
    status: Literal["confirmed", "draft"] = "confirmed"


class FileIn(Schema):
    id: UUID
    name: str = Field(default="", max_length=255)


class RecordIn(Schema):
    id: UUID
    unit: str = Field(max_length=64)
    revision: int | None = Field(default=None, ge=1, le=2**31 - 1)
    data: RecordData
    files: list[FileIn] = Field(default=[], max_length=50)


class AnswerOut(Schema):
    id: UUID
    outcome: Literal["created", "updated", "unchanged", "conflict", "review"]
    activity: int | None
    revision: int | None
    message: str
    url: str | None  # the page where a conflict or a record needing review is settled


class RecordForm(Schema):
    record: str  # RecordIn as JSON


@router.get("/offline/state", response={200: StateOut, **ERRORS})
def offline_state(request: HttpRequest) -> Any:
    waiting = selectors.waiting_counts(request.user)
    return StateOut(
        user=request.user.get_username(), csrf=get_token(request), conflicts=waiting.conflicts, reviews=waiting.reviews
    )


def _uploads(request: HttpRequest) -> dict[UUID, Upload]:
    """The request's parts named `file-<uuid>` by device id; other parts are ignored."""
    found: dict[UUID, Upload] = {}
    for key in request.FILES:
        upload = request.FILES.get(key)  # the last part of that name (one each)
        if not isinstance(upload, UploadedFile):
            continue
        try:
            file_id = UUID(key.removeprefix("file-")) if key.startswith("file-") else None
        except ValueError:
            file_id = None
        if file_id is not None:
            found[file_id] = (upload.name or "", upload.size or 0, upload)
    return found


def _record(text: str) -> RecordIn:
    try:
        return RecordIn.model_validate_json(text)
    except ValidationError as exc:
        errors = exc.errors()
        where = ".".join(str(p) for p in errors[0]["loc"]) if errors else ""

        raise DomainError(
            _("Bản ghi gửi lên không đọc được (%(where)s): hãy tải lại trang ghi nhận rồi gửi lại.")
            % {"where": where or "record"}
        ) from None


@router.post("/offline/records", response={200: AnswerOut, **ERRORS})
def offline_record(request: HttpRequest, form: Form[RecordForm]) -> Any:
    """Apply one record of the device's outbox, or keep it waiting; sending it again changes nothing."""
    sent = _record(form.record)
    record = services.DeviceRecord(
        id=sent.id,
        unit=unit_by_code(actor=request.user, code=sent.unit),
        revision=sent.revision,
        data=sent.data.model_dump(mode="json"),
        files=[services.DeviceFile(id=f.id, name=f.name) for f in sent.files],
    )
    answer = services.sync_record(actor=request.user, record=record, uploads=_uploads(request))
    waiting = answer.outcome in ("conflict", "review")
    return AnswerOut(
        id=answer.id,
        outcome=answer.outcome,  # type: ignore[arg-type]
        activity=answer.activity,
        revision=answer.revision,
        message=answer.message,
        url=reverse("offline:review_detail", args=[answer.record]) if waiting else None,
    )
