"""Bearer tokens write without CSRF; browser sessions keep it. Every client here enforces CSRF checks (the
default test client skips them, which is how token writes were refused with 403 unnoticed)."""

import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from loa.activity.models import Activity
from loa.api.api import api
from loa.org.models import OrgUnit
from loa.org.services import api_token_create

WRITE_METHODS = {"post", "put", "patch", "delete"}
WRITE_OPERATIONS = sorted(
    (method, path)
    for path, operations in api.get_openapi_schema()["paths"].items()
    for method in operations
    if method in WRITE_METHODS
)


def concrete(path: str) -> str:
    """A schema path with every parameter filled in (the operation may then answer 404 or 422, never a CSRF 403)."""
    return re.sub(r"\{[^}]+\}", "1", path)


def send(client: Client, method: str, path: str, **headers: str):
    return getattr(client, method)(path, "{}", content_type="application/json", **headers)


def bearer(world, persona: str) -> dict[str, str]:
    _token, secret = api_token_create(actor=world.users[persona], user=world.users[persona], name="CSRF")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def signed_in(world, persona: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[persona])
    return client


def test_the_schema_lists_the_write_operations():
    assert len(WRITE_OPERATIONS) >= 30
    assert ("post", "/api/activities") in WRITE_OPERATIONS
    assert ("delete", "/api/evidence/{evidence_id}") in WRITE_OPERATIONS


@pytest.mark.parametrize(("method", "path"), WRITE_OPERATIONS)
def test_no_write_operation_asks_a_bearer_token_for_csrf(world, method, path):
    response = send(Client(enforce_csrf_checks=True), method, concrete(path), **bearer(world, "admin"))
    assert response.status_code != 403, response.content
    assert response.status_code != 401, response.content


@pytest.mark.parametrize(("method", "path"), WRITE_OPERATIONS)
def test_every_write_operation_refuses_a_session_without_csrf_token(world, method, path):
    response = send(signed_in(world, "admin"), method, concrete(path))
    assert response.status_code == 403, response.content
    assert response.json()["code"] == "csrf_failed"
    assert "CSRF" in response.json()["detail"] and "Yêu cầu bị từ chối" in response.json()["detail"]


def test_bearer_token_writes_create_patch_delete(world):
    client = Client(enforce_csrf_checks=True)
    auth = bearer(world, "editor")
    body = {
        "unit": world.commune.code,
        "date": f"{timezone.localdate().year}-01-02",
        "channel": "mang_xa_hoi",
        "title": "Tin đăng bằng khóa API",
        "reform_areas": ["tthc"],
        "quantity": "1",
    }
    created = client.post("/api/activities", json.dumps(body), content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = client.patch(
        f"/api/activities/{pk}", json.dumps({"quantity": "2"}), content_type="application/json", **auth
    )
    assert patched.status_code == 200 and patched.json()["quantity"] == 2
    assert client.delete(f"/api/activities/{pk}", **auth).status_code == 204
    assert not Activity.objects.filter(pk=pk).exists()
    unit = client.patch(
        f"/api/units/{world.commune.code}",
        json.dumps({"phone": "0239 3855 000"}),
        content_type="application/json",
        **bearer(world, "coordinator"),
    )
    assert unit.status_code == 200, unit.content
    assert OrgUnit.objects.get(pk=world.commune.pk).phone == "0239 3855 000"


def test_session_writes_need_the_csrf_token(world):
    client = signed_in(world, "coordinator")
    body = json.dumps({"phone": "0239 3855 111"})
    refused = client.patch(f"/api/units/{world.commune.code}", body, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert OrgUnit.objects.get(pk=world.commune.pk).phone != "0239 3855 111"
    # The same session with the token a Loa page holds is served (the token comes from any page it renders).
    client.get("/")
    token = client.cookies["csrftoken"].value
    accepted = client.patch(
        f"/api/units/{world.commune.code}", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200, accepted.content
    assert OrgUnit.objects.get(pk=world.commune.pk).phone == "0239 3855 111"


def test_a_wrong_token_beside_a_session_cookie_still_needs_csrf(world):
    client = signed_in(world, "coordinator")
    response = client.patch(
        f"/api/units/{world.commune.code}",
        json.dumps({"phone": "0239 3855 222"}),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer loa_wrong",
    )
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    assert OrgUnit.objects.get(pk=world.commune.pk).phone != "0239 3855 222"


def test_no_credentials_is_401_not_a_csrf_failure(world):
    response = send(Client(enforce_csrf_checks=True), "post", "/api/activities")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
