"""REST API for activities and evidence: the same rules as the pages, in JSON."""

import json
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from loa.activity.demo import demo_pdf
from loa.activity.models import Activity

from .conftest import YEAR, record


def api(world, persona="editor"):
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_create_patch_upload_download_delete(world):
    client = api(world)
    body = {
        "unit": world.commune.code,
        "date": f"{YEAR}-04-02",
        "channel": "mang_xa_hoi",
        "title": "Bài đăng Zalo về dịch vụ công",
        "reform_areas": ["tthc"],
        "quantity": "2",
        "reached": 300,
    }
    created = client.post("/api/activities", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["online"] is True and data["quantity"] == 2 and data["unit"]["code"] == world.commune.code
    pk = data["id"]
    patched = client.patch(f"/api/activities/{pk}", json.dumps({"quantity": "3,5"}), content_type="application/json")
    assert patched.status_code == 200 and patched.json()["quantity"] == 3.5
    bad = client.patch(f"/api/activities/{pk}", json.dumps({"channel": "bo_cau"}), content_type="application/json")
    assert bad.status_code == 400 and "«bo_cau» không có trong danh mục" in bad.json()["detail"]
    upload = client.post(f"/api/activities/{pk}/evidence", {"file": SimpleUploadedFile("bb.pdf", demo_pdf("api"))})
    assert upload.status_code == 201, upload.content
    evidence = upload.json()
    assert evidence["kind"] == "pdf" and evidence["url"] == f"/api/evidence/{evidence['id']}"
    download = client.get(evidence["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
    refused = client.post(f"/api/activities/{pk}/evidence", {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")})
    assert refused.status_code == 400 and "không phải PDF" in refused.json()["detail"]
    assert client.delete(f"/api/activities/{pk}").status_code == 204
    assert not Activity.objects.filter(pk=pk).exists()


def test_list_filters_and_import_errors(world):
    client = api(world)
    record(world.users["editor"], world.commune, day=date(YEAR, 2, 2), quantity=1, tasks=[], title="Tin API lọc")
    listed = client.get("/api/activities", {"unit": world.commune.code, "q": "tin api loc"}).json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Tin API lọc"
    bad_period = client.get("/api/activities", {"period": "2026Q9"})
    assert bad_period.status_code == 400 and "Kỳ «2026Q9» không hợp lệ" in bad_period.json()["detail"]
    from .test_import import good_row, xlsx

    rows = [good_row(1), good_row(2)]
    rows[1][1] = "fax"
    response = client.post(
        "/api/activities/import", {"unit": world.commune.code, "file": SimpleUploadedFile("a.xlsx", xlsx(rows))}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 3, "column": "Hình thức", "message": "«fax» không có trong danh mục"}]


def test_progress_endpoints(world, progress_plan):
    plan, (t1, _t2, _t3), _copy = progress_plan
    record(world.users["editor"], world.commune, day=date(YEAR, 2, 2), quantity=2, tasks=[t1])
    coordinator = api(world, "coordinator").get(f"/api/plans/{plan.pk}/progress").json()
    assert len({r["unit"]["code"] for r in coordinator["rows"]}) > 2
    mine = api(world, "editor").get(f"/api/plans/{plan.pk}/progress").json()
    assert {r["unit"]["code"] for r in mine["rows"]} == {world.commune.code}  # own rows only
    row = next(r for r in mine["rows"] if r["task_id"] == t1.pk)
    assert (row["target"], row["achieved"], row["percent"]) == (4.0, 2.0, 50)
    tasks = api(world, "editor").get(f"/api/units/{world.commune.code}/tasks").json()
    assert any(r["task_id"] == t1.pk and r["percent"] == 50 for r in tasks)
