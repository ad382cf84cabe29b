"""The installable app's files, the entry page's data, the sync operation over HTTP and the pages where a waiting
record is settled, through Django's test client."""

import json
import re
import uuid
from datetime import timedelta
from io import BytesIO
from typing import Any

from django.test import Client
from django.utils import timezone

from loa.activity.models import Activity, Evidence
from loa.offline.models import Outcome, State, SyncRecord
from loa.offline.views_pwa import precache

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def signed_in(user: Any, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def body(unit: Any, *, id: str | None = None, revision: int | None = None, **data: Any) -> dict[str, Any]:
    fields = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "channel": "hoi_nghi",
        "title": "Hội nghị tuyên truyền CCHC ở thôn",
        "quantity": "1",
        **data,
    }
    return {"id": id or str(uuid.uuid4()), "unit": unit.code, "revision": revision, "data": fields, "files": []}


def test_the_worker_is_served_from_the_root_and_everything_it_caches_answers(world):
    client = Client()
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    first = response.content.decode().splitlines()[0]
    header = re.match(r"const PRECACHE = (\[.*?\]); const VERSION = \"[0-9a-f]{12}\";", first)
    assert header is not None, first
    listed = json.loads(header[1])
    assert listed == precache() and "/offline/" in listed
    browser = signed_in(world.users["editor"])
    for url in listed:  # as the worker fetches them at install: signed in, following nothing
        assert browser.get(url).status_code == 200, url


def test_the_manifest_names_the_app_and_its_icons(world):
    data = Client().get("/manifest.webmanifest").json()
    assert data["start_url"] == "/offline/" and data["scope"] == "/" and data["display"] == "standalone"
    assert data["name"].startswith("Loa") and data["lang"] == "vi"
    assert {(i["sizes"], i["purpose"]) for i in data["icons"]} == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    }
    english = Client()
    english.cookies["loa_language"] = "en"
    assert english.get("/manifest.webmanifest").json()["lang"] == "en"


def test_every_page_links_the_manifest_the_sign_in_page_too(world):
    page = Client().get("/login/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page


def test_the_entry_page_carries_the_users_units_catalogs_and_labels(world, commune_plan):
    response = signed_in(world.users["editor"]).get("/offline/")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    found = re.search(r'id="offline-data" type="application/json">(.*?)</script>', response.content.decode(), re.S)
    assert found is not None
    data = json.loads(found[1])
    units = {u["code"]: u for u in data["units"]}
    assert world.commune.code in units and world.other_commune.code not in units
    assert units[world.commune.code]["tasks"], "the commune's tasks of issued plans"
    assert {c["code"] for c in data["channels"]} >= {"phat_thanh", "hoi_nghi"}
    assert all(c["label"] and c["label"] != c["code"] for c in data["channels"])
    assert data["urls"]["sync"] == "/api/offline/records"


def test_sync_over_http_creates_once_refuses_bad_input_and_needs_a_session_and_its_csrf_token(world):
    editor = world.users["editor"]
    record = body(world.commune)
    photo = str(uuid.uuid4())
    record["files"] = [{"id": photo, "name": "pano.png"}]
    client = signed_in(editor, csrf=True)
    csrf = client.get("/api/offline/state").json()["csrf"]
    answers = []
    for _ in range(2):
        upload = BytesIO(PNG)
        upload.name = "pano.png"
        sent = client.post(
            "/api/offline/records",
            {"record": json.dumps(record), f"file-{photo}": upload},
            headers={"X-CSRFToken": csrf},
        )
        assert sent.status_code == 200, sent.content
        answers.append(sent.json())
    assert [a["outcome"] for a in answers] == ["created", "unchanged"]
    assert Activity.objects.filter(device_id=record["id"]).count() == 1
    assert Evidence.objects.filter(device_id=photo).count() == 1

    bad = body(world.commune, title="", quantity="nhiều")
    refused = client.post("/api/offline/records", {"record": json.dumps(bad)}, headers={"X-CSRFToken": csrf})
    assert refused.status_code == 400
    assert {e["field"] for e in refused.json()["errors"]} == {"title", "quantity"}
    unreadable = client.post("/api/offline/records", {"record": "{not json"}, headers={"X-CSRFToken": csrf})
    assert unreadable.status_code == 400 and "không đọc được" in unreadable.json()["detail"]

    no_token = client.post("/api/offline/records", {"record": json.dumps(body(world.commune))})
    assert no_token.status_code == 403 and no_token.json()["code"] == "csrf_failed"
    gone = Client().post("/api/offline/records", {"record": json.dumps(body(world.commune))})
    assert gone.status_code == 401 and Client().get("/api/offline/state").status_code == 401
    assert Activity.objects.filter(unit=world.commune, title=bad["data"]["title"]).count() == 0


def test_a_conflict_is_settled_on_its_page_and_cannot_be_settled_twice(world):
    editor = world.users["editor"]
    client = signed_in(editor)
    record = body(world.commune)
    client.post("/api/offline/records", {"record": json.dumps(record)})
    activity = Activity.objects.get(device_id=record["id"])
    edit = client.get(f"/activities/{activity.pk}/edit/").content.decode()
    assert 'name="revision" value="1"' in edit
    online = {
        "unit": world.commune.pk,
        "date": activity.date.strftime("%d/%m/%Y"),
        "channel": "hoi_nghi",
        "title": "Sửa trên máy tính",
        "quantity": "1",
        "revision": "1",
    }
    assert client.post(f"/activities/{activity.pk}/edit/", online).status_code == 302
    stale = client.post(f"/activities/{activity.pk}/edit/", {**online, "title": "Sửa chồng"})
    assert stale.status_code == 409 and "vừa được người khác sửa" in stale.content.decode()
    changed = body(world.commune, id=record["id"], revision=1, title="Sửa trên điện thoại")
    answer = client.post("/api/offline/records", {"record": json.dumps(changed)}).json()
    assert answer["outcome"] == "conflict" and answer["url"].startswith("/offline/review/")

    page = client.get(answer["url"]).content.decode()
    assert "Sửa trên điện thoại" in page and "Sửa trên máy tính" in page and 'class="differs"' in page
    assert "Bản ghi từ thiết bị cần xem lại" in client.get("/").content.decode()  # the to-do home lists it
    assert client.post(answer["url"], {"choice": "server"}).status_code == 302
    again = client.post(answer["url"], {"choice": "device"})
    assert again.status_code == 409 and "đã được xử lý" in again.content.decode()
    assert Activity.objects.get(pk=activity.pk).title == "Sửa trên máy tính"
    row = SyncRecord.objects.get(outcome=Outcome.CONFLICT)
    assert row.state == State.KEPT_SERVER and row.data["title"] == "Sửa trên điện thoại"
    listed = client.get("/offline/review/?handled=1").content.decode()
    assert "Sửa trên điện thoại" in listed and "Đã giữ bản trên máy chủ" in listed


def test_a_record_for_review_is_recorded_on_another_day_from_its_page(world):
    from loa.activity.locks import close_window

    client = signed_in(world.users["editor"])
    yesterday = timezone.localdate() - timedelta(days=1)
    close_window(unit=world.commune, period="test", start=yesterday, end=yesterday, excluded_paths=[])
    record = body(world.commune)
    answer = client.post("/api/offline/records", {"record": json.dumps(record)}).json()
    assert answer["outcome"] == "review"
    wrong = client.post(answer["url"], {"choice": "record", "date": "31/02/2026"})
    assert wrong.status_code == 400 and "dd/mm/yyyy" in wrong.content.decode()
    closed = client.post(answer["url"], {"choice": "record"})
    assert closed.status_code == 400 and "Kỳ này đã khóa" in closed.content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert client.post(answer["url"], {"choice": "record", "date": today}).status_code == 302
    assert Activity.objects.get(device_id=record["id"]).date == timezone.localdate()
