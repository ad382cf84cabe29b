"""Matrix rows for the channel registry: read by whoever may VIEW the unit; kept (added, changed, removed,
imported) by the unit's own people and the Sở Nội vụ that coordinates it; a reader who may not keep gets a 403
naming who may, anyone else a 404 as for any unit-owned data."""

from django.core.files.uploadedfile import SimpleUploadedFile

from .matrix import READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import api

KEEP_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
KEEP_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)


def _channel(world, target):
    """The target unit's portal, made on first use (every case starts from the same empty registry)."""
    from loa.channels.models import UnitChannel

    channel, _created = UnitChannel.objects.get_or_create(
        unit=unit_of(world, target), kind="web_portal", name="", defaults={"address": "https://xa.gov.vn"}
    )
    return channel


def _import_file(world, target):
    from loa.channels.xlsx_io import HEADERS
    from loa.core.xlsx import write_table

    row = [unit_of(world, target).code, "", "zalo_oa", "OA xã", "https://zalo.me/xa", "", None, None, ""]
    content = write_table("Sổ kênh", HEADERS, [row])
    return SimpleUploadedFile("so-kenh.xlsx", content)


def _change_body(world, target, persona):
    channel = _channel(world, target)
    prefix = f"c{channel.pk}-"
    return {
        "revision": str(channel.revision),
        "action": "save",
        f"{prefix}kind": "web_portal",
        f"{prefix}address": f"https://xa.gov.vn/{persona}",
    }


CHANNEL_CASES = [
    Case(
        "channels:list",
        "GET",
        lambda w, t: f"/channels/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "channels:list",
        "POST",
        lambda w, t: f"/channels/?unit={unit_of(w, t).code}",
        {"own": KEEP_OWN, "foreign": KEEP_FOREIGN},
        body=lambda w, t, p: {"action": "add", "kind": "zalo_oa", "name": f"OA {p}", "address": "https://zalo.me/x"},
    ),
    Case(
        "channels:change",
        "POST",
        lambda w, t: f"/channels/{_channel(w, t).pk}/",
        {"own": KEEP_OWN, "foreign": KEEP_FOREIGN},
        body=_change_body,
    ),
    Case(
        "channels:export",
        "GET",
        lambda w, t: f"/channels/export.xlsx?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "channels:template",
        "GET",
        lambda w, t: "/channels/template.xlsx",
        {"own": statuses(200, anon=302)},
        targets=("own",),
    ),
    Case(
        "channels:coverage",
        "GET",
        lambda w, t: f"/channels/coverage/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "API GET /api/channels/{code}",
        "GET",
        lambda w, t: f"/api/channels/{unit_of(w, t).code}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API POST /api/channels",
        "POST",
        lambda w, t: "/api/channels",
        {"own": api(KEEP_OWN, ok=201), "foreign": api(KEEP_FOREIGN, ok=201)},
        body=lambda w, t, p: {"unit": unit_of(w, t).code, "kind": "zalo_oa", "name": f"OA {p}", "address": "x"},
        fmt="json",
    ),
    Case(
        "API PUT /api/channel-items/{pk}",
        "PUT",
        lambda w, t: f"/api/channel-items/{_channel(w, t).pk}",
        {"own": api(KEEP_OWN), "foreign": api(KEEP_FOREIGN)},
        body=lambda w, t, p: {"kind": "web_portal", "address": f"https://{p}.vn", "revision": _channel(w, t).revision},
        fmt="json",
    ),
    Case(
        "API DELETE /api/channel-items/{pk}",
        "DELETE",
        lambda w, t: f"/api/channel-items/{_channel(w, t).pk}?revision={_channel(w, t).revision}",
        {"own": api(KEEP_OWN, ok=204), "foreign": api(KEEP_FOREIGN, ok=204)},
        fmt="json",
    ),
    Case(
        "API POST /api/channels-import",
        "POST",
        lambda w, t: "/api/channels-import",
        # Rows of a unit outside the caller's keeping are refused by row, as in every import (400, nothing written).
        {"own": statuses(400, anon=401, admin=200, coordinator=200, leader=200, editor=200)},
        targets=("own",),
        body=lambda w, t, p: {"dry_run": "true", "file": _import_file(w, t)},
        fmt="multipart",
    ),
    Case(
        "API GET /api/channel-measures/{code}",
        "GET",
        lambda w, t: f"/api/channel-measures/{unit_of(w, t).code}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
]
