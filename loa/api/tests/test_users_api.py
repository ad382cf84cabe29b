"""The account API: the same services as the pages, one-time passwords only in the answer that made them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from loa.org.models import User
from loa.org.tests.test_user_import import province_rows, xlsx


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def test_create_update_deactivate_reactivate_reset(world):
    client = client_of(world.users["coordinator"])
    created = client.post(
        "/api/users",
        {"full_name": "Đặng Thu Hà", "unit": world.commune.code, "role": "editor"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    username = body["username"]
    assert username == f"hadt.{world.commune.code.lower()}" and body["must_change_password"] is True
    assert User.objects.get(username=username).check_password(body["one_time_password"])
    patched = client.patch(
        f"/api/users/{username}", {"role": "leader", "phone": "0912"}, content_type="application/json"
    ).json()
    assert (patched["role"], patched["phone"]) == ("leader", "0912")
    refused = client.patch(f"/api/users/{username}", {"role": "admin"}, content_type="application/json")
    assert refused.status_code == 403 and "quản trị" in refused.json()["detail"]
    gone = client.post(
        f"/api/users/{username}/deactivate", {"successor": "xa1.lanhdao"}, content_type="application/json"
    ).json()
    assert gone["is_active"] is False and gone["successor"] == "xa1.lanhdao"
    assert client.post(f"/api/users/{username}/reactivate").json()["is_active"] is True
    reset = client.post(f"/api/users/{username}/reset-password").json()
    assert User.objects.get(username=username).check_password(reset["one_time_password"])


def test_list_filters(world):
    client = client_of(world.users["coordinator"])
    items = client.get("/api/users", {"unit": world.commune.code, "role": "leader"}).json()["items"]
    assert [i["username"] for i in items] == ["xa1.lanhdao"]
    assert client_of(world.users["editor"]).get("/api/users").json()["items"] == []


def test_import_check_only_then_for_real(world):
    client = client_of(world.users["coordinator"])
    content = xlsx(province_rows(world, 4))
    before = User.objects.count()
    checked = client.post("/api/users/import", {"file": SimpleUploadedFile("a.xlsx", content), "dry_run": "true"})
    assert checked.json()["created"] == 0 and len(checked.json()["accounts"]) == 4 and User.objects.count() == before
    done = client.post("/api/users/import", {"file": SimpleUploadedFile("a.xlsx", content)}).json()
    assert done["created"] == 4 and User.objects.count() == before + 4
    first = done["accounts"][0]
    assert User.objects.get(username=first["username"]).check_password(first["one_time_password"])


def test_import_errors_name_row_and_column(world):
    rows = province_rows(world, 3)
    rows[1][1] = ""
    response = client_of(world.users["coordinator"]).post(
        "/api/users/import", {"file": SimpleUploadedFile("a.xlsx", xlsx(rows))}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"row": 3, "column": "Họ và tên", "message": "không được để trống"}]
