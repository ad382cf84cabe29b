"""Records sent by devices that worked offline: applied once, whatever the number of retries, or kept to choose.

A device names each activity it recorded with an id of its own (`Activity.device_id`) and sends the whole record
each time. The first time a version (the record's content) arrives it is applied, or kept waiting, and its answer
stored (`SyncRecord`); the same version sent again gets that answer and writes nothing. An edit made on the device
says the revision of the activity it started from: if the activity changed on the server since, the device's
version waits as a conflict beside the server's; if its days are closed by a sent report (or the activity was
deleted), it waits for review. Someone who may edit the unit then chooses; both versions stay in the trail.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from loa.activity import services as activities
from loa.activity.evidence import Upload, check_upload, display_name, evidence_add
from loa.activity.locks import locked_reason
from loa.activity.models import Activity, ActivityStatus, Evidence
from loa.activity.validation import ActivityInput, ActivityInvalid, build_activity
from loa.core.audit import stamp
from loa.core.errors import Conflict, DomainError
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, require

from .models import Outcome, State, SyncFile, SyncRecord


@dataclass(frozen=True)
class DeviceFile:
    id: UUID
    name: str


@dataclass(frozen=True)
class DeviceRecord:
    """One record as a device sends it: the activity's device id, its unit, the revision the device edited (None
    for a record never sent), the fields (`data`: JSON values, see `activity_input`) and the files it holds."""

    id: UUID
    unit: OrgUnit
    revision: int | None
    data: dict[str, Any]
    files: Sequence[DeviceFile] = field(default_factory=tuple)


@dataclass(frozen=True)
class SyncAnswer:
    id: UUID
    outcome: str  # created, updated, conflict, review; "unchanged" for a version already received
    activity: int | None
    revision: int | None
    message: str
    record: int  # the SyncRecord: its page when the outcome is a conflict or a review


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def activity_input(data: Mapping[str, Any]) -> ActivityInput:
    """The activity a device's fields describe (dates as yyyy-mm-dd; numbers as typed, checked by validation)."""
    return ActivityInput(
        date=_day(data.get("date")),
        end_date=_day(data.get("end_date")),
        channel=data.get("channel") or "",
        title=data.get("title") or "",
        reform_areas=list(data.get("reform_areas") or []),
        indices=list(data.get("indices") or []),
        description=data.get("description") or "",
        quantity=data.get("quantity") or 1,
        measure=data.get("measure") or "",
        audience=data.get("audience") or "",
        reached=data.get("reached") or None,
        participants=data.get("participants") or None,
        url=data.get("url") or "",
        status=data.get("status") or ActivityStatus.CONFIRMED,
        tasks=[int(t) for t in data.get("tasks") or []],
        outlet=data.get("outlet") or None,
    )


def digest(record: DeviceRecord) -> str:
    """What makes two sendings the same version: the unit, the revision edited, the fields and the files."""
    body = {
        "unit": record.unit.code,
        "revision": record.revision,
        "data": record.data,
        "files": sorted(str(f.id) for f in record.files),
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _stored_file_ids(ids: Sequence[UUID]) -> set[UUID]:
    found = set(Evidence.objects.filter(device_id__in=ids).values_list("device_id", flat=True))
    found |= set(SyncFile.objects.filter(device_id__in=ids).values_list("device_id", flat=True))
    return {i for i in found if i is not None}


def _new_files(record: DeviceRecord, uploads: Mapping[UUID, Upload]) -> list[tuple[UUID, Upload]]:
    """The record's files the server does not hold yet, each checked like any evidence; a file the record names
    but the request lacks refuses the whole record."""
    stored = _stored_file_ids([f.id for f in record.files])
    new: list[tuple[UUID, Upload]] = []
    for item in record.files:
        if item.id in stored:
            continue
        upload = uploads.get(item.id)
        if upload is None:
            raise DomainError(
                _("Bản ghi «%(title)s» thiếu tệp «%(name)s»: hãy gửi lại từ thiết bị đã ghi nó.")
                % {"title": record.data.get("title") or "", "name": item.name},
                code="missing_file",
            )
        check_upload(upload[0], upload[1], upload[2])
        new.append((item.id, upload))
    return new


def _keep_files(row: SyncRecord, files: list[tuple[UUID, Upload]]) -> None:
    for file_id, (name, size, content) in files:
        kind = check_upload(name, size, content)
        content.seek(0)
        data = content.read()
        kept = SyncFile(
            record=row,
            device_id=file_id,
            name=display_name(name, kind),
            kind=kind,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        kept.file.save(get_valid_filename(f"x.{kind}"), ContentFile(data), save=False)
        kept.save()


def _supersede(device_id: UUID, *, keep: SyncRecord) -> None:
    """Earlier versions of the same record still waiting give way to the one just received (they stay listed)."""
    for older in SyncRecord.objects.filter(device_id=device_id, state=State.OPEN).exclude(pk=keep.pk):
        older.state = State.SUPERSEDED
        older.resolved_at = timezone.now()
        stamp(older, actor=None, reason="sync.superseded")
        older.save(update_fields=["state", "resolved_at"])


# The outcome as the device's page reads it (the API's words; the stored codes are the catalog's).
ANSWERS = {
    Outcome.CREATED: "created",
    Outcome.UPDATED: "updated",
    Outcome.CONFLICT: "conflict",
    Outcome.REVIEW: "review",
}


def _answer(row: SyncRecord, *, repeated: bool = False) -> SyncAnswer:
    applied = row.outcome in (Outcome.CREATED, Outcome.UPDATED)
    outcome = "unchanged" if repeated and applied else ANSWERS[Outcome(row.outcome)]
    messages = {
        "unchanged": _("Bản ghi này đã được gửi trước đó; không có gì thay đổi."),
        "created": _("Đã ghi nhận hoạt động."),
        "updated": _("Đã cập nhật hoạt động."),
    }
    return SyncAnswer(
        id=row.device_id,
        outcome=outcome,
        activity=row.activity_id,
        revision=row.revision,
        message=messages.get(outcome) or row.reason,
        record=row.pk,
    )


def _row(actor: Actor, record: DeviceRecord, *, version: str, outcome: str, **values: Any) -> SyncRecord:
    row = SyncRecord(
        device_id=record.id,
        digest=version,
        unit=record.unit,
        sent_by=actor if isinstance(actor, User) else None,
        title=str(record.data.get("title") or "")[:500],
        data=record.data,
        base_revision=record.revision,
        outcome=outcome,
        state=State.OPEN if outcome in (Outcome.CONFLICT, Outcome.REVIEW) else "",
        **values,
    )
    stamp(row, actor=actor, reason=f"sync.{ANSWERS[Outcome(outcome)]}")
    row.save()
    _supersede(record.id, keep=row)
    return row


@transaction.atomic
def sync_record(*, actor: Actor, record: DeviceRecord, uploads: Mapping[UUID, Upload]) -> SyncAnswer:
    """Apply one record a device sent, or keep it waiting; the same version sent again changes nothing."""
    require(actor, Perm.EDIT, record.unit)
    version = digest(record)
    seen = SyncRecord.objects.select_related("unit").filter(device_id=record.id, digest=version).first()
    if seen is not None:
        require(actor, Perm.EDIT, seen.unit)
        return _answer(seen, repeated=True)
    data = activity_input(record.data)
    _built, errors = build_activity(record.unit, data)
    if errors:
        raise ActivityInvalid(errors)
    files = _new_files(record, uploads)
    activity = Activity.objects.select_for_update().select_related("unit").filter(device_id=record.id).first()
    if activity is None:
        return _answer(_create(actor, record, data, files, version))
    require(actor, Perm.EDIT, activity.unit)
    if activity.unit_id != record.unit.pk:
        raise DomainError(
            _("Hoạt động «%(title)s» thuộc %(unit)s; không chuyển sang đơn vị khác được.")
            % {"title": activity.title, "unit": activity.unit.name}
        )
    return _answer(_update(actor, record, activity, data, files, version))


def _create(
    actor: Actor, record: DeviceRecord, data: ActivityInput, files: list[tuple[UUID, Upload]], version: str
) -> SyncRecord:
    reason = None
    if record.revision is not None:
        reason = _("Hoạt động này đã bị xóa trên máy chủ sau khi thiết bị lấy bản của nó.")
    elif data.date is not None:
        reason = locked_reason(record.unit, data.date)
    if reason:
        row = _row(actor, record, version=version, outcome=Outcome.REVIEW, reason=reason)
        _keep_files(row, files)
        return row
    activity = activities.activity_create(
        actor=actor,
        unit=record.unit,
        data=data,
        files=[upload for _id, upload in files],
        device_id=record.id,
        file_ids=[file_id for file_id, _upload in files],
    )
    return _row(actor, record, version=version, outcome=Outcome.CREATED, activity=activity, revision=activity.revision)


def _update(
    actor: Actor,
    record: DeviceRecord,
    activity: Activity,
    data: ActivityInput,
    files: list[tuple[UUID, Upload]],
    version: str,
) -> SyncRecord:
    if record.revision != activity.revision:
        reason = _(
            "Hoạt động đã được sửa trên máy chủ (lần lưu thứ %(server)s) sau khi thiết bị lấy bản của nó "
            "(lần lưu thứ %(device)s). Cả hai bản đều được giữ: hãy chọn bản dùng tiếp."
        ) % {"server": activity.revision, "device": record.revision or 1}
        row = _row(actor, record, version=version, outcome=Outcome.CONFLICT, activity=activity, reason=reason)
        _keep_files(row, files)
        return row
    closed = locked_reason(activity.unit, activity.date) or (
        locked_reason(activity.unit, data.date) if data.date else None
    )
    if closed:
        row = _row(actor, record, version=version, outcome=Outcome.REVIEW, activity=activity, reason=closed)
        _keep_files(row, files)
        return row
    activities.activity_update(actor=actor, activity=activity, data=data, expected_revision=record.revision)
    for file_id, (name, size, content) in files:
        evidence_add(actor=actor, activity=activity, name=name, size=size, content=content, device_id=file_id)
    return _row(actor, record, version=version, outcome=Outcome.UPDATED, activity=activity, revision=activity.revision)


# Choices on a waiting record -------------------------------------------------------------------------------------


def _open(actor: Actor, item: SyncRecord, outcome: str | None) -> SyncRecord:
    """The waiting record, locked, still open and of the kind the choice is for."""
    require(actor, Perm.EDIT, item.unit)
    row = SyncRecord.objects.select_for_update(of=("self",)).select_related("unit", "activity__unit").get(pk=item.pk)
    if row.state != State.OPEN:
        raise Conflict(
            _("Bản ghi này đã được xử lý (%(state)s); hãy tải lại trang.") % {"state": State(row.state).label}
        )
    if outcome is not None and row.outcome != outcome:
        raise DomainError(_("Lựa chọn này không dùng cho bản ghi này."))
    return row


def _close(actor: Actor, row: SyncRecord, state: State, reason: str) -> SyncRecord:
    row.state = state
    row.resolved_by = actor if isinstance(actor, User) else None
    row.resolved_at = timezone.now()
    stamp(row, actor=actor, reason=reason)
    row.save()
    return row


def _attach_files(actor: Actor, row: SyncRecord, activity: Activity) -> None:
    """The waiting record's files become the activity's evidence (the same stored files)."""
    for kept in row.files.filter(evidence__isnull=True):
        evidence = Evidence(
            activity=activity,
            name=kept.name,
            kind=kept.kind,
            size=kept.size,
            sha256=kept.sha256,
            device_id=kept.device_id,
            uploaded_by=row.sent_by,
        )
        evidence.file.name = kept.file.name
        stamp(evidence, actor=actor, reason="evidence.added")
        evidence.save()
        kept.evidence = evidence
        kept.save(update_fields=["evidence"])


@transaction.atomic
def keep_server(*, actor: Actor, item: SyncRecord) -> SyncRecord:
    """A conflict settled for the server's version: the device's stays in the record, unused."""
    row = _open(actor, item, Outcome.CONFLICT)
    return _close(actor, row, State.KEPT_SERVER, "sync.kept_server")


@transaction.atomic
def keep_device(*, actor: Actor, item: SyncRecord) -> SyncRecord:
    """A conflict settled for the device's version: it becomes the activity's (the server's stays in its history)."""
    row = _open(actor, item, Outcome.CONFLICT)
    if row.activity is None:
        raise DomainError(_("Hoạt động của bản ghi này không còn trên máy chủ; hãy bỏ bản ghi hoặc ghi nhận lại."))
    activity = activities.activity_update(actor=actor, activity=row.activity, data=activity_input(row.data))
    _attach_files(actor, row, activity)
    row.revision = activity.revision
    return _close(actor, row, State.KEPT_DEVICE, "sync.kept_device")


@transaction.atomic
def record_now(*, actor: Actor, item: SyncRecord, day: date | None = None) -> SyncRecord:
    """A record that waited for review, recorded now (on `day` when given, e.g. moved out of a closed period)."""
    row = _open(actor, item, Outcome.REVIEW)
    data = dict(row.data)
    if day is not None:
        data["date"] = day.isoformat()
    changes = activity_input(data)
    if row.activity is not None:
        activity = activities.activity_update(
            actor=actor, activity=row.activity, data=changes, expected_revision=row.base_revision
        )
    else:
        taken = Activity.objects.filter(device_id=row.device_id).exists()
        activity = activities.activity_create(
            actor=actor, unit=row.unit, data=changes, device_id=None if taken else row.device_id
        )
    _attach_files(actor, row, activity)
    row.activity, row.revision, row.data = activity, activity.revision, data
    return _close(actor, row, State.RECORDED, "sync.recorded")


@transaction.atomic
def discard(*, actor: Actor, item: SyncRecord) -> SyncRecord:
    """A waiting record left unused (kept, with its files, in the list of handled records)."""
    row = _open(actor, item, None)
    return _close(actor, row, State.DISCARDED, "sync.discarded")
