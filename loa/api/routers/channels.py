"""The channel registry: a unit's channels (read, add, change, remove), the XLSX import, and the measures plans
set objectives on, as the registry pages show them."""

from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from loa.channels import selectors, services
from loa.channels.catalog import MEASURES
from loa.channels.models import UnitChannel
from loa.channels.xlsx_io import import_channels, import_summary
from loa.core.errors import DomainError
from loa.core.http import too_large
from loa.org.selectors import unit_by_code

from ..schemas import CONFLICT_ERRORS, ERRORS

router = Router(tags=["Sổ kênh thông tin"])


class ChannelIn(Schema):
    kind: str  # web_portal, loudspeaker_system, zalo_oa, facebook_page, youtube_channel, led_screen, one_stop_desk,
    # press_newspaper, press_broadcaster (the catalog ChannelKind)
    name: str = ""
    address: str = ""
    cchc: str = ""  # the CCHC column, programme or posting place; empty = the channel carries no CCHC content
    quantity: int | None = None  # loudspeaker clusters, LED screens
    checked_on: date | None = None
    note: str = ""


class ChannelCreateIn(ChannelIn):
    unit: str  # code


class ChannelUpdateIn(ChannelIn):
    revision: int


class ChannelOut(ChannelIn):
    id: int
    unit: str
    kind_label: str
    carries_cchc: bool
    revision: int


class ImportOut(Schema):
    dry_run: bool
    units: int
    rows: int
    added: int
    changed: int
    removed: int
    unchanged: int
    message: str


class MeasureOut(Schema):
    code: str
    label: str
    unit: str
    done: int
    total: int
    percent: float | None
    text: str


def _out(channel: UnitChannel) -> dict[str, Any]:
    return {
        "id": channel.pk,
        "unit": channel.unit.code,
        "kind": channel.kind,
        "kind_label": channel.get_kind_display(),
        "name": channel.name,
        "address": channel.address,
        "cchc": channel.cchc,
        "carries_cchc": channel.carries_cchc,
        "quantity": channel.quantity,
        "checked_on": channel.checked_on,
        "note": channel.note,
        "revision": channel.revision,
    }


def _input(payload: ChannelIn) -> services.ChannelInput:
    return services.input_from(payload.dict())


@router.get("/channels/{code}", response={200: list[ChannelOut], **ERRORS})
def channels_get(request: HttpRequest, code: str) -> Any:
    """A unit's channels."""
    unit = unit_by_code(actor=request.user, code=code)
    return [_out(c) for c in selectors.unit_channels(actor=request.user, unit=unit)]


@router.post("/channels", response={201: ChannelOut, **ERRORS})
def channel_create(request: HttpRequest, payload: ChannelCreateIn) -> Any:
    """Add a channel to a unit's registry (the unit's own people or its Sở Nội vụ)."""
    unit = unit_by_code(actor=request.user, code=payload.unit)
    selectors.require_view(request.user, unit)  # out of reach reads as missing (404), not forbidden
    return Status(201, _out(services.channel_create(actor=request.user, unit=unit, data=_input(payload))))


@router.put("/channel-items/{pk}", response={200: ChannelOut, **CONFLICT_ERRORS})
def channel_update(request: HttpRequest, pk: int, payload: ChannelUpdateIn) -> Any:
    """Change a channel read at `revision`; changed since by someone else: 409, nothing written."""
    channel = selectors.channel_get(actor=request.user, pk=pk)
    data = _input(payload)
    return _out(services.channel_update(actor=request.user, channel=channel, data=data, revision=payload.revision))


@router.delete("/channel-items/{pk}", response={204: None, **CONFLICT_ERRORS})
def channel_delete(request: HttpRequest, pk: int, revision: int) -> Any:
    """Remove a channel read at `revision`."""
    channel = selectors.channel_get(actor=request.user, pk=pk)
    services.channel_delete(actor=request.user, channel=channel, revision=revision)
    return Status(204, None)


@router.post("/channels-import", response={200: ImportOut, **ERRORS})
def channels_import(request: HttpRequest, file: File[UploadedFile], dry_run: Form[bool] = False) -> Any:
    """All or nothing: each unit named in the file gets exactly its rows (the template's rule); a file with any
    bad row changes nothing and the errors name row, column and reason."""
    if (file.size or 0) > settings.LOA_IMPORT_MAX_BYTES:
        raise DomainError(too_large(settings.LOA_IMPORT_MAX_BYTES))
    result = import_channels(actor=request.user, content=file.read(), dry_run=dry_run)
    return {**result.__dict__, "message": import_summary(result)}


@router.get("/channel-measures/{code}", response={200: list[MeasureOut], **ERRORS})
def channel_measures(request: HttpRequest, code: str) -> Any:
    """Every measure plans can set objectives on, computed across the unit's subtree today."""
    unit = unit_by_code(actor=request.user, code=code)
    selectors.require_view(request.user, unit)  # the same reach as reading the unit's registry
    values = selectors.measure_values(unit, MEASURES).items()
    return [
        {
            "code": key,
            "label": str(MEASURES[key].label),
            "unit": unit.code,
            "done": value.done,
            "total": value.total,
            "percent": None if value.percent is None else float(value.percent),
            "text": value.text,
        }
        for key, value in values
    ]
