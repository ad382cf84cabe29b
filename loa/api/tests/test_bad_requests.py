"""Request bodies that cannot be read: a multipart form without its boundary is a Vietnamese 400 on every API
write operation and every page with an upload (DEBUG on too: ninja's catch-all then answered 500), and nothing
is changed."""

import re

import pytest
from django.test import Client

from loa.activity.models import Activity
from loa.activity.tests.factories import ActivityFactory
from loa.api.api import api
from loa.org.services import api_token_create

SCHEMA_PATHS = api.get_openapi_schema()["paths"]
WRITE_OPERATIONS = sorted(
    (method, path, "requestBody" in operation)
    for path, operations in SCHEMA_PATHS.items()
    for method, operation in operations.items()
    if method in {"post", "put", "patch", "delete"}
)
NO_BOUNDARY = "multipart/form-data"  # the test client sends it as it is, without "; boundary=…"
BODY = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\r\n--x--\r\n'
UNREADABLE = "Không đọc được dữ liệu gửi lên"


def fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999999", path)  # nothing to change if the body were read after all


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize(("method", "path", "has_body"), WRITE_OPERATIONS)
def test_every_api_write_refuses_multipart_without_boundary(world, debug, method, path, has_body):
    _token, secret = api_token_create(actor=world.users["admin"], user=world.users["admin"], name="multipart")
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = getattr(client, method)(
        fill(path), BODY, content_type=NO_BOUNDARY, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code < 500, response.content[:300]
    if has_body:
        assert response.status_code == 400, response.content[:300]
        assert response.json()["code"] == "bad_request" and UNREADABLE in response.json()["detail"]


@pytest.mark.parametrize(("method", "path", "has_body"), [op for op in WRITE_OPERATIONS if op[2]])
def test_session_writes_refuse_multipart_without_boundary(world, debug, method, path, has_body):
    """The browser session's CSRF check is the first to read a POST body: it must not turn the error into a 500."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(world.users["admin"])
    client.get("/")  # a page gives the session its CSRF token, which the page's scripts send back
    token = client.cookies["csrftoken"].value
    response = getattr(client, method)(fill(path), BODY, content_type=NO_BOUNDARY, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400, response.content[:300]
    assert UNREADABLE in response.json()["detail"]


UPLOAD_PAGES = [
    "/activities/new/",
    "/activities/import/",
    "/activities/{activity}/evidence/",
    "/units/import/",
    "/users/import/",
    "/indices/",
    "/plans/import/",
]


@pytest.mark.parametrize("enforce_csrf", [True, False], ids=["csrf-checked", "csrf-skipped"])
@pytest.mark.parametrize("page", UPLOAD_PAGES)
def test_upload_pages_refuse_multipart_without_boundary(world, page, enforce_csrf):
    activity = ActivityFactory(unit=world.commune)
    before = Activity.objects.count()
    client = Client(enforce_csrf_checks=enforce_csrf, raise_request_exception=False)
    client.force_login(world.users["admin"])
    client.get("/")  # the CSRF cookie a form page sets
    token = client.cookies["csrftoken"].value
    response = client.post(page.format(activity=activity.pk), BODY, content_type=NO_BOUNDARY, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400, response.content[:300]
    assert UNREADABLE in response.content.decode()
    assert Activity.objects.count() == before


def test_a_form_over_djangos_field_limit_is_a_vietnamese_400(world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    response = client.post("/activities/new/", {f"f{i}": "x" for i in range(20)})
    assert response.status_code == 400
    assert "quá nhiều trường" in response.content.decode()


def test_a_number_past_what_the_database_holds_is_refused_not_a_500(world):
    """Found by schemathesis: notice ids past 64 bits reached the database (SQLite's OverflowError, PostgreSQL's
    DataError) and answered 500. The ids are checked; any other number that gets that far is a 422 too."""
    _token, secret = api_token_create(actor=world.users["editor"], user=world.users["editor"], name="overflow")
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")
    huge = 10**22
    read = client.post("/api/notifications/read", {"ids": [huge, 1]}, content_type="application/json")
    assert read.status_code == 422 and read.json()["code"] == "invalid"
    for path in (f"/api/activities/{huge}", f"/api/plans/{huge}", f"/api/evidence/{huge}"):
        response = client.get(path)
        assert response.status_code in {404, 422}, (path, response.status_code)
        assert response.json()["detail"]


# Digits a person did not mean ("²" passes str.isdigit() and fails int()) and ids past what the database holds, in
# the query strings and forms of the pages: each was a 500.
ODD_NUMBERS = ["²", "٣", "99999999999999999999"]


@pytest.mark.parametrize("value", ODD_NUMBERS)
@pytest.mark.parametrize(
    "url",
    ["/activities/?task={v}", "/activities/export.xlsx?task={v}", "/reports/?year={v}", "/scores/?year={v}"],
)
def test_odd_numbers_in_a_query_string_are_not_a_500(world, url, value):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["coordinator"])
    assert client.get(url.format(v=value)).status_code == 200


@pytest.mark.parametrize("month", ["2026-²", "99999999999999999999-01", "2026-13"])
def test_an_odd_month_on_the_calendar_is_a_clear_404(world, month):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["editor"])
    response = client.get(f"/activities/calendar/?month={month}")
    assert response.status_code == 404 and f"Tháng «{month}» không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_odd_numbers_in_a_form_change_nothing_and_are_not_a_500(world, value):
    from loa.notify.models import Notification
    from loa.notify.services import notify, without_email
    from loa.reports.models import Report

    with without_email():
        notify([world.users["editor"]], key="odd-number", title="Thông báo", url="/plans/")
    client = Client(raise_request_exception=False)
    client.force_login(world.users["editor"])
    assert client.post("/notifications/read/", {"id": [value]}).status_code == 302
    assert Notification.objects.get(user=world.users["editor"], key="odd-number").read_at is None
    # A report sent with a revision nobody read is not sent: the leader is told to reload the page.
    client.force_login(world.users["leader"])
    response = client.post(f"/reports/{world.commune.code}/2026Q1/submit/", {"revision": value}, follow=True)
    assert response.status_code == 200 and "của biểu mẫu không hợp lệ; hãy tải lại trang" in response.content.decode()
    assert not Report.objects.filter(unit=world.commune, period="2026Q1").exists()
