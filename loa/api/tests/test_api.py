import json
import re

from django.core.management import call_command
from django.test import Client

from loa.org.models import ApiToken, OrgUnit
from loa.org.services import api_token_create


def test_bearer_token_authenticates_and_scopes(world):
    token, secret = api_token_create(actor=world.users["editor"], user=world.users["editor"], name="Báo cáo")
    assert ApiToken.objects.get(pk=token.pk).key_hash != secret  # only the hash is stored
    client = Client()
    me = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").json()
    assert me["username"] == "xa1.nhaplieu"
    assert me["permissions"]["edit"] is True and me["permissions"]["review"] is False
    assert me["scope_root"]["code"] == world.commune.code
    response = client.get(f"/api/units/{world.other_commune.code}/members", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 404
    bad = client.get("/api/me", HTTP_AUTHORIZATION="Bearer loa_wrong")
    assert bad.status_code == 401
    assert bad.json()["detail"] == "Chưa đăng nhập hoặc khóa API không hợp lệ."


def test_unit_list_filters_and_pages(world):
    client = Client()
    client.force_login(world.users["viewer"])
    page = client.get("/api/units", {"parent": "42", "type": "ubnd_xa", "limit": 10}).json()
    communes = OrgUnit.objects.filter(parent__code="42", unit_type="ubnd_xa", valid_to__isnull=True)
    assert page["count"] == communes.count() > 10 and len(page["items"]) == 10
    assert [u["code"] for u in page["items"]] == list(communes.order_by("code").values_list("code", flat=True)[:10])
    found = client.get("/api/units", {"q": "DA NANG"}).json()["items"]
    assert found[0]["name"] == "Thành phố Đà Nẵng"


def test_create_unit_errors_are_vietnamese_json(world):
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.post(
        "/api/units",
        json.dumps({"code": "42.SNV", "name": "X", "unit_type": "khac", "parent": "42"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "Mã đơn vị «42.SNV» đã tồn tại.", "code": "invalid", "errors": []}
    response = client.post("/api/units", json.dumps({"code": "42.Q"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert {e["field"] for e in response.json()["errors"]} >= {"body.payload.name"}
    response = client.post(
        "/api/units",
        json.dumps({"code": "42.Q", "name": "Tổ Q", "unit_type": "khong-co", "parent": "42"}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "Loại đơn vị" in response.json()["detail"]
    assert not OrgUnit.objects.filter(code="42.Q").exists()


def test_patch_is_audited(world):
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.patch(
        f"/api/units/{world.commune.code}",
        json.dumps({"email": "ubnd@thanhsen.gov.vn"}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["email"] == "ubnd@thanhsen.gov.vn"
    audit = client.get("/api/audit", {"unit": world.commune.code}).json()
    assert audit[0]["who"] == "snv.dieuphoi"
    assert ["thư điện tử", "", "ubnd@thanhsen.gov.vn"] in audit[0]["changes"]


def test_openapi_is_served_locally(world):
    client = Client()
    schema = client.get("/api/openapi.json").json()
    assert "/api/units" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    # Every script and stylesheet is served from here: no absolute or protocol-relative address (a CDN).
    # (A bare "cdn" search failed once on a random CSRF token that happened to contain those letters.)
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", docs, re.IGNORECASE)
    assert external == [] and "/static/ninja/swagger-ui.css" in docs


def test_token_command(world):
    from io import StringIO

    out = StringIO()
    call_command("token", "create", "xa1.nhaplieu", "--name", "Tích hợp", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1].strip()
    assert secret.startswith("loa_")
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
