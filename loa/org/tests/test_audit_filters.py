"""The change log a coordinator can use (issue 19): filters by unit, person, kind of object, action and dates; pages
past the first hundred; the page, its XLSX and the API read one list."""

import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from loa.activity.services import ActivityInput, activity_create, activity_delete
from loa.org.audit_log import AuditFilter
from loa.org.scope import SYSTEM
from loa.org.selectors import audit_entries
from loa.org.services import unit_update

pytestmark = pytest.mark.django_db


def _activity(world: Any, title: str) -> ActivityInput:
    return ActivityInput(
        date=timezone.localdate() - timedelta(days=1),
        channel="hoi_nghi",
        title=title,
        reform_areas=["tthc"],
        measure="hội nghị",
    )


@pytest.fixture
def log(world: Any) -> dict[str, Any]:
    """Three people's changes and Loa's own: the commune's editor records two activities and deletes one, the
    neighbouring commune's editor records one, the system renames the commune's phone number."""
    editor, neighbour = world.users["editor"], world.users["neighbour"]
    kept = activity_create(actor=editor, unit=world.commune, data=_activity(world, "Hội nghị đối thoại"))
    gone = activity_create(actor=editor, unit=world.commune, data=_activity(world, "Hội nghị nhầm"))
    activity_delete(actor=editor, activity=gone)
    activity_create(actor=neighbour, unit=world.other_commune, data=_activity(world, "Hội nghị phường bên"))
    unit_update(actor=SYSTEM, unit=world.commune, phone="0239 123 456")
    return {"kept": kept, "editor": editor, "neighbour": neighbour}


def _filtered(world: Any, **filters: Any) -> list[Any]:
    return audit_entries(actor=world.users["coordinator"], filters=AuditFilter(**filters), limit=500)


def test_each_filter_narrows_the_log(world: Any, log: dict[str, Any]) -> None:
    editor, neighbour = log["editor"], log["neighbour"]
    mine = _filtered(world, users=(editor.pk,))
    assert mine and {e.who for e in mine} == {editor.username}
    assert [e.action for e in _filtered(world, users=(editor.pk,), action="-")] == ["-"]
    assert {e.model_label for e in _filtered(world, kind="activity.activity")} == {"Hoạt động"}
    neighbours = {e.who for e in _filtered(world, unit=world.other_commune)}  # with the units' own setting up
    assert neighbour.username in neighbours and editor.username not in neighbours
    system = _filtered(world, system=True, unit=world.commune)
    assert system and {e.who_name for e in system} == {"Hệ thống"}
    today = timezone.localdate()
    assert len(_filtered(world, since=today, until=today)) == len(_filtered(world))
    assert _filtered(world, until=today - timedelta(days=1)) == []
    assert _filtered(world, users=()) == []


def test_pages_follow_each_other_without_gap_or_repeat(world: Any) -> None:
    for number in range(130):
        unit_update(actor=world.users["coordinator"], unit=world.commune, phone=f"0239 000 {number:03d}")
    everything = audit_entries(actor=world.users["coordinator"], unit=world.commune, limit=300)
    pages = [audit_entries(actor=world.users["coordinator"], unit=world.commune, limit=100, offset=o) for o in (0, 100)]
    keys = [(e.when, e.model_label, e.object_repr, e.changes) for e in everything]
    assert [(e.when, e.model_label, e.object_repr, e.changes) for e in pages[0] + pages[1]] == keys[:200]
    assert len(everything) >= 130


def test_page_export_and_api_read_the_same_entries(world: Any, log: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    query = f"who={log['editor'].full_name}&kind=activity.activity"
    page = client.get(f"/audit/?{query}")
    assert page.status_code == 200
    shown = page.context["entries"]
    assert len(shown) == 3  # two recorded, one deleted
    sheet = load_workbook(io.BytesIO(client.get(f"/audit/export/?{query}").content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[4]) for r in rows] == [(e.who_name, e.action_label, e.object_repr) for e in shown]
    api = client.get(f"/api/audit?{query}").json()
    assert [(a["who"], a["object_repr"]) for a in api] == [(e.who, e.object_repr) for e in shown]


def test_filters_that_cannot_be_read_are_named_and_show_nothing(world: Any, log: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world.users["coordinator"])
    page = client.get("/audit/?since=31/02/2026&until=01/01/2026")
    assert page.status_code == 200 and page.context["entries"] == []
    assert "Nhập một ngày hợp lệ." in page.content.decode()
    backwards = client.get("/audit/?since=02/01/2026&until=01/01/2026")
    assert "«Đến ngày» phải sau «Từ ngày»." in backwards.content.decode()
    export = client.get("/audit/export/?action=x")
    assert export.status_code == 400 and "Bộ lọc chưa hợp lệ" in export.content.decode()
    assert client.get("/api/audit?kind=nothing").status_code == 400
