"""Every URL and API operation, walked by every persona against its own and a foreign object.

The route inventory is read from the URL resolver and the OpenAPI document, so a new URL or
endpoint without a row here fails `test_matrix_covers_every_route`. Statuses are exact, and
responses of the directory pages are checked for data that must not leak (members, contacts).
"""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from loa.api.api import api

from .matrix import (
    ANON,
    API_MANAGE_FOREIGN,
    API_MANAGE_OWN,
    API_SIGNED_IN,
    COORD_ONLY,
    MANAGE_FOREIGN,
    MANAGE_OWN,
    PERSONAS,
    SIGNED_IN,
    VIEW_FOREIGN,
    VIEW_OWN,
    Case,
    members_marker,
    statuses,
    unit_of,
)
from .matrix_activities import ACTIVITY_CASES, fresh_evidence
from .matrix_channels import CHANNEL_CASES
from .matrix_column import COLUMN_CASES
from .matrix_contest_entries import ENTRY_CASES
from .matrix_contests import CONTEST_CASES
from .matrix_dashboards import DASHBOARD_CASES
from .matrix_feedback import FEEDBACK_CASES
from .matrix_intake import INTAKE_CASES
from .matrix_offline import OFFLINE_CASES
from .matrix_oversight import OVERSIGHT_CASES
from .matrix_own_unit import ABOVE, OWN_UNIT_CASES
from .matrix_plans import PLAN_CASES
from .matrix_reports import REPORT_CASES, reports_setup
from .matrix_signing import SIGNING_CASES
from .matrix_surveys import SURVEY_CASES
from .matrix_users import USER_CASES

CASES = [
    Case("login", "GET", lambda w, t: "/login/", {"own": statuses(302, anon=200)}, targets=("own",)),
    Case("logout", "POST", lambda w, t: "/logout/", {"own": statuses(302, anon=302)}, targets=("own",)),
    Case("password_change", "GET", lambda w, t: "/password/", {"own": SIGNED_IN}, targets=("own",)),
    Case("password_change_done", "GET", lambda w, t: "/password/done/", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "set_language",
        "POST",
        lambda w, t: "/i18n/setlang/",
        {"own": statuses(302)},
        targets=("own",),
        body={"language": "en", "next": "/"},
    ),
    Case("web:home", "GET", lambda w, t: "/", {"own": SIGNED_IN}, targets=("own",)),
    Case("web:todo_badge", "GET", lambda w, t: "/todo/count/", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "web:unit_list",
        "GET",
        lambda w, t: f"/units/?q={unit_of(w, t).short_name}",
        {"own": SIGNED_IN, "foreign": SIGNED_IN},
    ),
    Case(
        "web:unit_import",
        "GET",
        lambda w, t: "/units/import/",
        {"own": statuses(403, anon=302, admin=200, coordinator=200, foreign=200)},
        targets=("own",),
    ),
    Case("web:unit_template", "GET", lambda w, t: "/units/template.xlsx", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "web:unit_detail",
        "GET",
        lambda w, t: f"/units/{unit_of(w, t).code}/",
        {"own": SIGNED_IN, "foreign": SIGNED_IN},
        leak_marker=members_marker,
    ),
    Case(
        "web:unit_create",
        "GET",
        lambda w, t: f"/units/{unit_of(w, t).code}/new-child/",
        {"own": MANAGE_OWN, "foreign": MANAGE_FOREIGN},
    ),
    # Adding a unit through the page (every field of the form, the staff number too) redirects to the new unit.
    Case(
        "web:unit_create",
        "POST",
        lambda w, t: f"/units/{unit_of(w, t).code}/new-child/",
        {
            "own": statuses(404, anon=302, admin=302, coordinator=302),
            "foreign": statuses(404, anon=302, admin=302, foreign=302),
        },
        body=lambda w, t, p: {
            "code": f"{unit_of(w, t).code}.MT{PERSONAS.index(p)}",
            "name": f"Văn phòng ma trận {p}",
            "unit_type": "phong_xa",
            "staff_count": "12",
        },
    ),
    Case(
        "web:unit_edit",
        "GET",
        lambda w, t: f"/units/{unit_of(w, t).code}/edit/",
        {"own": MANAGE_OWN, "foreign": MANAGE_FOREIGN},
    ),
    Case(
        "web:unit_edit",
        "POST",
        lambda w, t: f"/units/{unit_of(w, t).code}/edit/",
        {
            "own": statuses(404, anon=302, admin=302, coordinator=302),
            "foreign": statuses(404, anon=302, admin=302, foreign=302),
        },
        body=lambda w, t, p: {"name": unit_of(w, t).name, "unit_type": "ubnd_xa", "phone": "0239 000 111"},
    ),
    Case("web:audit", "GET", lambda w, t: "/audit/", {"own": COORD_ONLY}, targets=("own",)),
    Case(
        "web:audit_export",
        "GET",
        lambda w, t: "/audit/export/?action=~&since=01/01/2026",
        {"own": COORD_ONLY},
        targets=("own",),
    ),
    # REST API
    Case("API GET /api/me", "GET", lambda w, t: "/api/me", {"own": API_SIGNED_IN}, targets=("own",)),
    Case(
        "API GET /api/units",
        "GET",
        lambda w, t: f"/api/units?q={unit_of(w, t).short_name}",
        {"own": API_SIGNED_IN, "foreign": API_SIGNED_IN},
    ),
    Case(
        "API GET /api/units/stats",
        "GET",
        lambda w, t: "/api/units/stats",
        {"own": API_SIGNED_IN},
        targets=("own",),
    ),
    Case(
        "API GET /api/units/{code}",
        "GET",
        lambda w, t: f"/api/units/{unit_of(w, t).code}",
        {"own": API_SIGNED_IN, "foreign": API_SIGNED_IN},
        leak_marker=lambda w, t: '"email"',
    ),
    Case(
        "API GET /api/units/{code}/children",
        "GET",
        lambda w, t: f"/api/units/{unit_of(w, t).code}/children",
        {"own": API_SIGNED_IN, "foreign": API_SIGNED_IN},
    ),
    Case(
        "API GET /api/units/{code}/members",
        "GET",
        lambda w, t: f"/api/units/{unit_of(w, t).code}/members",
        {"own": VIEW_OWN, "foreign": VIEW_FOREIGN},
    ),
    Case(
        "API POST /api/units",
        "POST",
        lambda w, t: "/api/units",
        {
            "own": statuses(404, anon=401, admin=201, coordinator=201),
            "foreign": statuses(404, anon=401, admin=201, foreign=201),
        },
        body=lambda w, t, p: {
            "code": f"{unit_of(w, t).code}.T{PERSONAS.index(p)}",
            "name": f"Tổ công tác {PERSONAS.index(p)}",
            "unit_type": "khac",
            "parent": unit_of(w, t).code,
        },
        fmt="json",
    ),
    Case(
        "API PATCH /api/units/{code}",
        "PATCH",
        lambda w, t: f"/api/units/{unit_of(w, t).code}",
        {"own": API_MANAGE_OWN, "foreign": API_MANAGE_FOREIGN},
        body={"phone": "0239 1"},
        fmt="json",
    ),
    Case(
        "API GET /api/users",
        "GET",
        lambda w, t: "/api/users",
        {"own": statuses(200, anon=401)},
        targets=("own",),
    ),
    Case(
        "API GET /api/audit",
        "GET",
        lambda w, t: "/api/audit",
        {"own": statuses(200, anon=401)},
        targets=("own",),
    ),
    Case(
        "api-1.0.0:openapi-json",
        "GET",
        lambda w, t: "/api/openapi.json",
        {"own": statuses(200)},
        targets=("own",),
    ),
    Case("api-1.0.0:openapi-view", "GET", lambda w, t: "/api/docs", {"own": statuses(200)}, targets=("own",)),
    *PLAN_CASES,
    *ACTIVITY_CASES,
    *SURVEY_CASES,
    *FEEDBACK_CASES,
    *COLUMN_CASES,
    *CONTEST_CASES,
    *ENTRY_CASES,
    *OVERSIGHT_CASES,
    *REPORT_CASES,
    *INTAKE_CASES,
    *DASHBOARD_CASES,
    *USER_CASES,
    *CHANNEL_CASES,
    *OFFLINE_CASES,
    *SIGNING_CASES,
]

# Who may read unit-owned data of each target (for leak checks on directory pages).
MAY_VIEW = {
    "own": {"admin", "coordinator", "leader", "editor", "viewer"},
    "foreign": {"admin", "foreign"},
}


def _web_routes(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in {"admin", "api-1.0.0"}:
                continue  # admin: Django's own staff checks (tested below); API: by OpenAPI operations
            names |= _web_routes(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_matrix_covers_every_route():
    schema = api.get_openapi_schema()
    api_routes = {f"API {method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}
    declared = {c.route for c in CASES}
    routes = _web_routes(get_resolver()) | api_routes | {"api-1.0.0:openapi-json", "api-1.0.0:openapi-view"}
    assert routes - declared == set(), "routes without a permission-matrix row"
    assert declared - routes == set(), "matrix rows for routes that no longer exist"
    assert {c.route for c in OWN_UNIT_CASES} - routes == set(), "own-unit rows for routes that do not exist"


def _request(client: Client, case: Case, url: str, body: Any) -> Any:
    if case.method == "GET":
        return client.get(url)
    if case.fmt == "multipart":
        return client.post(url, body or {})
    if case.fmt == "json":
        return client.generic(case.method, url, json.dumps(body or {}), content_type="application/json")
    if case.method != "POST":
        raise AssertionError(f"form bodies go with POST, not {case.method}")
    return client.post(url, body or {})


@pytest.fixture
def plans(world, province_plan, commune_plan):
    """The plans the matrix walks, made here so every case starts from the same state."""
    from loa.org.scope import SYSTEM
    from loa.plans.services import plan_create
    from loa.plans.tasks_input import TaskInput

    year = province_plan.year
    world.plans = {
        "own": commune_plan,
        "province": province_plan,
        "own_draft": plan_create(
            actor=SYSTEM, issuer=world.commune, year=year, tasks=[TaskInput(title="Tin", lead_unit=world.commune.code)]
        ),
        "foreign": plan_create(
            actor=SYSTEM,
            issuer=world.foreign_commune,
            year=year,
            tasks=[TaskInput(title="Tin", lead_unit=world.foreign_commune.code)],
        ),
    }
    return world.plans


@pytest.fixture
def acts(world):
    """One activity with an evidence file in the editor's commune and one in the foreign commune."""
    world.acts = {
        "own": fresh_evidence(world, "own").activity,
        "foreign": fresh_evidence(world, "foreign").activity,
    }
    from loa.activity.models import Activity
    from loa.core.text import fold

    for target, title in (("own", "Hoạt động riêng xã nhà"), ("foreign", "Hoạt động riêng Đà Nẵng")):
        act = world.acts[target]
        act.title = title
        Activity.objects.filter(pk=act.pk).update(title=title, search_text=fold(title))
    return world.acts


@pytest.fixture
def reps(world):
    reports_setup(world)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
def test_permission_matrix(world, plans, acts, reps, case):
    for target in case.targets:
        for persona in PERSONAS:
            client = Client(enforce_csrf_checks=False)
            if persona != ANON:
                client.force_login(world.users[persona])
            body = case.body(world, target, persona) if callable(case.body) else case.body
            response = _request(client, case, case.url(world, target), body)
            expected = case.expect[target][persona]
            assert response.status_code == expected, f"{persona} on {target}: {response.status_code} != {expected}"
            if case.leak_marker and response.status_code == 200:
                marker = case.leak_marker(world, target)
                content = response.content.decode()
                if persona in MAY_VIEW[target]:
                    assert marker in content, f"{persona} should see {marker!r} on {target}"
                else:
                    assert marker not in content, f"{persona} sees {marker!r} on {target}: scope leak"


def _message(response: Any) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return str(response.json().get("detail", ""))
    text: str = response.content.decode()
    return text


@pytest.mark.parametrize("case", OWN_UNIT_CASES, ids=lambda c: f"{c.method} {c.route}")
def test_acts_of_a_unit_belong_to_its_own_people(world, plans, acts, reps, case):
    """The unit's own leader or editor may; the leader above (UBND tỉnh) reads but is refused, in Vietnamese."""
    for target in case.targets:
        expect = case.expect[target]
        for persona in sorted(expect, key=lambda p: p != ABOVE):  # the refusal first: it must change nothing
            client = Client(enforce_csrf_checks=False)
            client.force_login(world.users[persona])
            body = case.body(world, target, persona) if callable(case.body) else case.body
            response = _request(client, case, case.url(world, target), body)
            assert response.status_code == expect[persona], f"{persona}: {response.status_code} != {expect[persona]}"
            if response.status_code in (403, 404):
                message = _message(response)
                assert any(w in message for w in ("quyền", "Chỉ ", "không được", "Không tìm thấy")), message[:500]


@pytest.mark.parametrize("path", ["/api/users?limit=500", "/api/audit?limit=500"])
def test_scoped_lists_show_only_the_callers_reach(world, path):
    from loa.org.services import unit_update

    # Give both provinces an audited change so both appear in the audit trail.
    unit_update(actor=world.users["admin"], unit=world.commune, phone="1")
    unit_update(actor=world.users["admin"], unit=world.foreign_commune, phone="2")
    seen = {}
    for persona in ("admin", "coordinator", "foreign", "editor"):
        client = Client()
        client.force_login(world.users[persona])
        response = client.get(path)
        assert response.status_code == 200
        seen[persona] = json.dumps(response.json(), ensure_ascii=False)
    own, foreign = world.commune.name, world.foreign_commune.name
    if "users" in path:
        own, foreign = "xa1.nhaplieu", "dn.dieuphoi"
    assert own in seen["admin"] and foreign in seen["admin"]
    assert own in seen["coordinator"] and foreign not in seen["coordinator"]
    assert foreign in seen["foreign"] and own not in seen["foreign"]
    assert own not in seen["editor"] and foreign not in seen["editor"]


def test_admin_site_is_for_system_administrators_only(world):
    for persona, expected in {"admin": 200, "coordinator": 302, "editor": 302}.items():
        client = Client()
        client.force_login(world.users[persona])
        assert client.get("/admin/org/orgunit/").status_code == expected
