"""Writes to the channel registry: one channel (form, API) or a whole XLSX file, all or nothing.

A unit's channels are kept by the unit itself (its editors and leader) and by the Sở Nội vụ that coordinates it:
`may_keep` is that rule, asked by every write and by the pages that offer the forms.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import DomainError, PermissionDenied
from loa.org.models import OrgUnit
from loa.org.scope import Actor, keeps

from .catalog import KINDS, ChannelKind
from .models import UnitChannel

MAX_TEXT = 255


class StaleChannel(DomainError):
    """A write from someone who read the channel before another change: nothing is written (409)."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


def may_keep(actor: Actor, unit: OrgUnit) -> bool:
    """Whether `actor` may record and change `unit`'s channels: the unit's own people or its coordinator."""
    return keeps(actor, unit)


def require_keeper(actor: Actor, unit: OrgUnit) -> None:
    if not may_keep(actor, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s và Sở Nội vụ điều phối mới sửa được sổ kênh của đơn vị.") % {"unit": unit.name}
        )


@dataclass
class ChannelInput:
    kind: str
    name: str = ""
    address: str = ""
    cchc: str = ""
    quantity: int | None = None
    checked_on: date | None = None
    note: str = ""


def check(data: ChannelInput, today: date) -> list[tuple[str, str]]:
    """The problems of `data` as (column, Vietnamese reason); shared by the form, the API and the import."""
    errors: list[tuple[str, str]] = []
    if data.kind not in ChannelKind.values:
        errors.append((_("Loại kênh"), _("«%(v)s» không có trong danh mục loại kênh") % {"v": data.kind}))
    for column, value in (
        (_("Tên kênh"), data.name),
        (_("Địa chỉ"), data.address),
        (_("Chuyên mục, nội dung CCHC"), data.cchc),
        (_("Ghi chú"), data.note),
    ):
        if len(value) > MAX_TEXT:
            errors.append((column, _("dài %(n)s ký tự, quá %(max)s ký tự") % {"n": len(value), "max": MAX_TEXT}))
    spec = KINDS.get(data.kind)
    if data.quantity is not None:
        if spec is not None and spec.quantity is None:
            errors.append((_("Số lượng"), _("loại kênh này không đếm số lượng; để trống ô này")))
        elif not 0 <= data.quantity <= 100_000:
            errors.append((_("Số lượng"), _("phải từ 0 đến 100.000")))
    if data.checked_on is not None and data.checked_on > today:
        errors.append((_("Ngày kiểm tra"), _("ngày %(d)s chưa đến") % {"d": data.checked_on.strftime("%d/%m/%Y")}))
    if not (data.name or data.address or data.cchc or data.quantity):
        errors.append((_("Địa chỉ"), _("chưa có tên, địa chỉ hay nội dung nào của kênh")))
    return errors


def cleaned(data: ChannelInput) -> ChannelInput:
    """`data` as it will be stored (spacing collapsed): what is checked, compared and keyed (the import's rows)."""
    return ChannelInput(
        kind=data.kind,
        name=" ".join(data.name.split()),
        address=data.address.strip(),
        cchc=" ".join(data.cchc.split()),
        quantity=data.quantity,
        checked_on=data.checked_on,
        note=" ".join(data.note.split()),
    )


def _raise(errors: list[tuple[str, str]]) -> None:
    raise DomainError("; ".join(f"{column}: {message}" for column, message in errors), code="invalid")


def _assign(channel: UnitChannel, data: ChannelInput) -> None:
    for field in ("kind", "name", "address", "cchc", "quantity", "checked_on", "note"):
        setattr(channel, field, getattr(data, field))


def _duplicate(unit: OrgUnit, data: ChannelInput, exclude: int | None = None) -> bool:
    found = UnitChannel.objects.filter(unit=unit, kind=data.kind, name=data.name)
    return found.exclude(pk=exclude).exists() if exclude else found.exists()


def _duplicate_error(data: ChannelInput) -> list[tuple[str, str]]:
    return [(_("Tên kênh"), _("đơn vị đã có một kênh cùng loại và cùng tên; đặt tên khác để phân biệt"))]


@transaction.atomic
def channel_create(*, actor: Actor, unit: OrgUnit, data: ChannelInput) -> UnitChannel:
    require_keeper(actor, unit)
    data = cleaned(data)
    errors = check(data, timezone.localdate())
    if not errors and _duplicate(unit, data):
        errors = _duplicate_error(data)
    if errors:
        _raise(errors)
    channel = UnitChannel(unit=unit)
    _assign(channel, data)
    stamp(channel, actor=actor, reason="channel.created")
    channel.save()
    return channel


@transaction.atomic
def channel_update(*, actor: Actor, channel: UnitChannel, data: ChannelInput, revision: int) -> UnitChannel:
    """Change one channel read at `revision`; a later save by someone else meanwhile is a conflict (409)."""
    require_keeper(actor, channel.unit)
    current = UnitChannel.objects.select_for_update().get(pk=channel.pk)
    if current.revision != revision:
        raise StaleChannel(_("Kênh này vừa được người khác sửa. Tải lại trang để xem bản mới rồi sửa lại."))
    data = cleaned(data)
    errors = check(data, timezone.localdate())
    if not errors and _duplicate(current.unit, data, exclude=current.pk):
        errors = _duplicate_error(data)
    if errors:
        _raise(errors)
    _assign(current, data)
    current.revision += 1
    stamp(current, actor=actor, reason="channel.updated")
    current.save()
    return current


@transaction.atomic
def channel_delete(*, actor: Actor, channel: UnitChannel, revision: int) -> None:
    require_keeper(actor, channel.unit)
    current = UnitChannel.objects.select_for_update().get(pk=channel.pk)
    if current.revision != revision:
        raise StaleChannel(_("Kênh này vừa được người khác sửa. Tải lại trang để xem bản mới rồi xóa lại."))
    stamp(current, actor=actor, reason="channel.deleted")
    current.delete()


def as_input(channel: UnitChannel) -> ChannelInput:
    return ChannelInput(
        kind=channel.kind,
        name=channel.name,
        address=channel.address,
        cchc=channel.cchc,
        quantity=channel.quantity,
        checked_on=channel.checked_on,
        note=channel.note,
    )


def same(channel: UnitChannel, data: ChannelInput) -> bool:
    return as_input(channel) == data


def apply_import(actor: Actor, plan: dict[int, tuple[OrgUnit, list[ChannelInput]]]) -> dict[str, int]:
    """Make each unit's registry exactly its rows of the file (checked before): new rows added, changed rows
    updated, rows not in the file removed; a row that did not change is not written (nor audited)."""
    counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
    with transaction.atomic():
        for unit, rows in plan.values():
            existing = {(c.kind, c.name): c for c in UnitChannel.objects.select_for_update().filter(unit=unit)}
            for data in rows:
                channel = existing.pop((data.kind, data.name), None)
                if channel is not None and same(channel, data):
                    counts["unchanged"] += 1
                    continue
                if channel is None:
                    channel = UnitChannel(unit=unit)
                    counts["added"] += 1
                else:
                    channel.revision += 1
                    counts["changed"] += 1
                _assign(channel, data)
                stamp(channel, actor=actor, reason="channel.imported")
                channel.save()
            for channel in existing.values():
                stamp(channel, actor=actor, reason="channel.imported")
                channel.delete()
                counts["removed"] += 1
    return counts


def input_from(values: dict[str, Any]) -> ChannelInput:
    """A ChannelInput from a form's or an API body's fields (names as the model's)."""
    return ChannelInput(
        kind=str(values.get("kind") or ""),
        name=str(values.get("name") or ""),
        address=str(values.get("address") or ""),
        cchc=str(values.get("cchc") or ""),
        quantity=values.get("quantity"),
        checked_on=values.get("checked_on"),
        note=str(values.get("note") or ""),
    )
