"""Every URL and API operation, walked by every persona against its own and a foreign object.

The route inventory is read from the URL resolver and the OpenAPI document, so a new URL or
endpoint without a row here fails `test_matrix_covers_every_route`. Statuses are exact, and
responses of the directory pages are checked for data that must not leak (members, contacts).
"""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from loa.api.api import api

ANON = "anon"
PERSONAS = ["anon", "admin", "coordinator", "leader", "editor", "viewer", "neighbour", "foreign"]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    return {p: overrides.get(p, default) for p in PERSONAS}


@dataclass
class Case:
    route: str  # URL name, or "API METHOD /path" as in the OpenAPI document
    method: str
    url: Any  # callable(world, target) -> str; target is "own" (the editor's commune) or "foreign"
    expect: dict[str, dict[str, int]]  # target -> persona -> status
    body: Any = None
    leak_marker: Any = None  # callable(world) -> text that must appear only where the persona may VIEW
    targets: tuple[str, ...] = ("own", "foreign")
    fmt: str = "form"


def unit_of(world, target):
    return world.commune if target == "own" else world.foreign_commune


SIGNED_IN = statuses(200, anon=302)
API_SIGNED_IN = statuses(200, anon=401)
# Managing units of the editor's commune: the province coordinator and the admin only.
MANAGE_OWN = statuses(404, anon=302, admin=200, coordinator=200)
MANAGE_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
API_MANAGE_OWN = statuses(404, anon=401, admin=200, coordinator=200)
API_MANAGE_FOREIGN = statuses(404, anon=401, admin=200, foreign=200)
# Reading unit-owned data (members): the commune's own people, its province coordinator, the admin.
VIEW_OWN = statuses(404, anon=401, admin=200, coordinator=200, leader=200, editor=200, viewer=200)
VIEW_FOREIGN = statuses(404, anon=401, admin=200, foreign=200)
COORD_ONLY = statuses(403, anon=302, admin=200, coordinator=200, foreign=200)


def members_marker(world, target):
    """A member's name: shown on a unit page only to those who may read that unit's data."""
    return world.users["editor" if target == "own" else "foreign_editor"].full_name


def plan_of(world, target):
    return world.plans[target]


def plan_url(suffix=""):
    return lambda w, t: f"/plans/{plan_of(w, t).pk}/{suffix}"


def api_plan_url(suffix=""):
    return lambda w, t: f"/api/plans/{plan_of(w, t).pk}{suffix}"


# Plans: "own" = the editor's commune's issued plan, "own_draft" = a draft of that commune,
# "province" = the province's issued plan (read by every unit below it), "foreign" = another province's draft.
READ_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=200)
READ_PROVINCE = statuses(200, anon=302, foreign=404)
READ_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
DRAFTERS_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=403)
ACT_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
# Who implements the province's plan is the province's business: its coordinator and the admin.
STATUS_PROVINCE = statuses(403, anon=302, admin=200, coordinator=200, foreign=404)
LEADER_OWN = statuses(404, anon=302, admin=200, leader=200, coordinator=403, editor=403, viewer=403)


def api_statuses(expect):
    return {p: (401 if p == ANON else s) for p, s in expect.items()}


PLAN_CASES = [
    Case("plans:list", "GET", lambda w, t: "/plans/?year=2026&q=thanh", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "plans:create",
        "GET",
        lambda w, t: "/plans/new/",
        {"own": statuses(200, anon=302, viewer=403)},
        targets=("own",),
    ),
    Case(
        "plans:detail",
        "GET",
        plan_url(),
        {"own": READ_OWN, "province": READ_PROVINCE, "foreign": READ_FOREIGN},
        targets=("own", "province", "foreign"),
    ),
    Case(
        "plans:edit",
        "GET",
        plan_url("edit/"),
        {"own_draft": DRAFTERS_OWN, "foreign": READ_FOREIGN},
        targets=("own_draft", "foreign"),
    ),
    Case(
        "plans:edit",
        "POST",
        plan_url("edit/"),
        {"own_draft": DRAFTERS_OWN},
        targets=("own_draft",),
        body={"_row": "tasks:add", "tasks-TOTAL_FORMS": "0", "title": "x"},
    ),
    Case(
        "plans:issue",
        "GET",
        plan_url("issue/"),
        {"own_draft": LEADER_OWN, "foreign": statuses(404, anon=302, admin=200, foreign=403)},
        targets=("own_draft", "foreign"),
    ),
    Case("plans:amend", "POST", plan_url("amend/"), {"own": ACT_OWN}, targets=("own",)),
    Case("plans:amend_discard", "POST", plan_url("amend/discard/"), {"own": ACT_OWN}, targets=("own",)),
    Case(
        "plans:close",
        "POST",
        plan_url("close/"),
        {"own": statuses(404, anon=302, admin=302, leader=302, coordinator=403, editor=403, viewer=403)},
        targets=("own",),
    ),
    Case("plans:delete", "POST", plan_url("delete/"), {"own": ACT_OWN}, targets=("own",)),
    Case(
        "plans:changes",
        "GET",
        plan_url("changes/"),
        {"own": READ_OWN, "province": READ_PROVINCE},
        targets=("own", "province"),
    ),
    Case(
        "plans:cascade",
        "GET",
        plan_url("cascade/"),
        {"own": READ_OWN, "province": STATUS_PROVINCE},
        targets=("own", "province"),
    ),
    Case(
        "plans:cascade",
        "POST",
        plan_url("cascade/"),
        {"province": statuses(302, viewer=403, foreign=404)},
        targets=("province",),
        body={"all_units": "on"},
    ),
    Case(
        "plans:export",
        "GET",
        plan_url("export/xlsx/"),
        {"own": READ_OWN, "province": READ_PROVINCE, "foreign": READ_FOREIGN},
        targets=("own", "province", "foreign"),
    ),
    Case("API GET /api/plans", "GET", lambda w, t: "/api/plans?year=2026", {"own": API_SIGNED_IN}, targets=("own",)),
    Case(
        "API POST /api/plans",
        "POST",
        lambda w, t: "/api/plans",
        {
            "own": statuses(404, anon=401, admin=201, coordinator=201, leader=201, editor=201),
            "foreign": statuses(404, anon=401, admin=201, foreign=201),
        },
        body=lambda w, t, p: {"issuer": unit_of(w, t).code, "year": 2026, "title": f"Kế hoạch thử {p}"},
        fmt="json",
    ),
    Case(
        "API GET /api/plans/{plan_id}",
        "GET",
        api_plan_url(),
        {"own": api_statuses(READ_OWN), "province": api_statuses(READ_PROVINCE), "foreign": api_statuses(READ_FOREIGN)},
        targets=("own", "province", "foreign"),
    ),
    Case(
        "API PATCH /api/plans/{plan_id}",
        "PATCH",
        api_plan_url(),
        {"own_draft": api_statuses(DRAFTERS_OWN), "foreign": api_statuses(READ_FOREIGN)},
        targets=("own_draft", "foreign"),
        body={"signer_name": "Nguyễn Văn Ký"},
        fmt="json",
    ),
    Case(
        "API GET /api/plans/{plan_id}/tasks",
        "GET",
        api_plan_url("/tasks"),
        {"own": api_statuses(READ_OWN), "foreign": api_statuses(READ_FOREIGN)},
        targets=("own", "foreign"),
    ),
    Case(
        "API POST /api/plans/{plan_id}/tasks",
        "POST",
        api_plan_url("/tasks"),
        {"own_draft": {**api_statuses(DRAFTERS_OWN), **{p: 201 for p in ("admin", "coordinator", "leader", "editor")}}},
        targets=("own_draft",),
        body=lambda w, t, p: {"title": f"Nhiệm vụ {p}", "lead_unit": w.commune.code},
        fmt="json",
    ),
    Case(
        "API PATCH /api/plans/{plan_id}/tasks/{task_id}",
        "PATCH",
        lambda w, t: f"/api/plans/{plan_of(w, t).pk}/tasks/{plan_of(w, t).tasks.first().pk}",
        {"own_draft": api_statuses(DRAFTERS_OWN)},
        targets=("own_draft",),
        body={"product": "Bản tin"},
        fmt="json",
    ),
    Case(
        "API DELETE /api/plans/{plan_id}/tasks/{task_id}",
        "DELETE",
        lambda w, t: f"/api/plans/{plan_of(w, t).pk}/tasks/{plan_of(w, t).tasks.first().pk}",
        {"own": statuses(404, anon=401, admin=400, coordinator=400, leader=400, editor=400, viewer=403)},
        targets=("own",),
        fmt="json",
    ),
    Case(
        "API POST /api/plans/{plan_id}/issue",
        "POST",
        api_plan_url("/issue"),
        {"own_draft": statuses(404, anon=401, admin=400, leader=400, coordinator=403, editor=403, viewer=403)},
        targets=("own_draft",),
        body={},
        fmt="json",
    ),
    Case(
        "API POST /api/plans/{plan_id}/amend",
        "POST",
        api_plan_url("/amend"),
        {"own": statuses(404, anon=401, admin=200, coordinator=400, leader=400, editor=400, viewer=403)},
        targets=("own",),
        fmt="json",
    ),
    Case(
        "API POST /api/plans/{plan_id}/close",
        "POST",
        api_plan_url("/close"),
        {"own": statuses(404, anon=401, admin=400, leader=400, coordinator=403, editor=403, viewer=403)},
        targets=("own",),
        fmt="json",
    ),
    Case(
        "API POST /api/plans/{plan_id}/cascade",
        "POST",
        api_plan_url("/cascade"),
        {"province": statuses(400, anon=401, admin=200, coordinator=200, foreign=404)},
        targets=("province",),
        body={"all": True},
        fmt="json",
    ),
    Case(
        "API GET /api/plans/{plan_id}/implementing",
        "GET",
        api_plan_url("/implementing"),
        {"own": api_statuses(READ_OWN), "province": api_statuses(STATUS_PROVINCE)},
        targets=("own", "province"),
    ),
    Case(
        "API GET /api/plans/{plan_id}/export",
        "GET",
        api_plan_url("/export?format=xlsx"),
        {"own": api_statuses(READ_OWN), "foreign": api_statuses(READ_FOREIGN)},
        targets=("own", "foreign"),
    ),
]


def fresh_activity(world, target, title="Hoạt động dùng một lần"):
    """A new activity per request, for cases that consume it (delete)."""
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.scope import SYSTEM

    unit = unit_of(world, target)
    return activity_create(
        actor=SYSTEM, unit=unit, data=ActivityInput(date=date(2026, 3, 2), channel="cong_ttdt", title=title)
    )


def fresh_evidence(world, target):
    import io

    from loa.activity.demo import demo_pdf
    from loa.activity.evidence import evidence_add
    from loa.org.scope import SYSTEM

    content = demo_pdf("matrix")
    activity = fresh_activity(world, target)
    return evidence_add(actor=SYSTEM, activity=activity, name="mc.pdf", size=len(content), content=io.BytesIO(content))


def pdf_upload(w, t, p):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loa.activity.demo import demo_pdf

    return {"files": SimpleUploadedFile("bien-ban.pdf", demo_pdf(p), content_type="application/pdf")}


def activity_form(w, t, p):
    return {
        "unit": unit_of(w, t).pk,
        "date": "02/03/2026",
        "channel": "cong_ttdt",
        "title": f"Tin của {p}",
        "quantity": "1",
    }


def act_of(world, target):
    return world.acts[target]


def act_title(world, target):
    return act_of(world, target).title


UNIT_QS = "?unit={code}"
READ_UNIT_OWN = READ_OWN
EDIT_UNIT_OWN = statuses(404, anon=302, admin=200, leader=200, editor=200, viewer=403)
EDIT_ACT_OWN = statuses(404, anon=302, admin=200, coordinator=403, leader=200, editor=200, viewer=403)
EDIT_ACT_OWN_DONE = {p: (302 if s == 200 else s) for p, s in EDIT_ACT_OWN.items()}
API_WRITE_UNIT = statuses(403, anon=401, admin=201, leader=201, editor=201)

ACTIVITY_CASES = [
    Case(
        "activity:list",
        "GET",
        lambda w, t: f"/activities/?unit={unit_of(w, t).code}&period=2026&q=rieng",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
        leak_marker=act_title,
    ),
    Case(
        "activity:export",
        "GET",
        lambda w, t: f"/activities/export.xlsx?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "activity:create",
        "GET",
        lambda w, t: f"/activities/new/?unit={unit_of(w, t).code}",
        {"own": EDIT_UNIT_OWN, "foreign": statuses(404, anon=302, admin=200, foreign=404, viewer=403)},
    ),
    Case(
        "activity:create",
        "POST",
        lambda w, t: f"/activities/new/?unit={unit_of(w, t).code}",
        {"own": {p: (302 if s == 200 else s) for p, s in EDIT_UNIT_OWN.items()}},
        targets=("own",),
        body=activity_form,
    ),
    Case(
        "activity:calendar",
        "GET",
        lambda w, t: f"/activities/calendar/?unit={unit_of(w, t).code}&month=2026-03",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "activity:import",
        "GET",
        lambda w, t: f"/activities/import/?unit={unit_of(w, t).code}",
        {"own": EDIT_UNIT_OWN},
        targets=("own",),
    ),
    Case("activity:template", "GET", lambda w, t: "/activities/template.xlsx", {"own": SIGNED_IN}, targets=("own",)),
    Case(
        "activity:tasks",
        "GET",
        lambda w, t: f"/activities/tasks/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "activity:plan_progress",
        "GET",
        lambda w, t: f"/activities/plans/{plan_of(w, t).pk}/progress/",
        {"own": READ_OWN, "province": READ_PROVINCE},
        targets=("own", "province"),
    ),
    Case(
        "activity:detail",
        "GET",
        lambda w, t: f"/activities/{act_of(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
        leak_marker=act_title,
    ),
    Case(
        "activity:edit",
        "GET",
        lambda w, t: f"/activities/{act_of(w, t).pk}/edit/",
        {"own": EDIT_ACT_OWN, "foreign": statuses(404, anon=302, admin=200, foreign=403)},
    ),
    Case(
        "activity:edit",
        "POST",
        lambda w, t: f"/activities/{act_of(w, t).pk}/edit/",
        {"own": EDIT_ACT_OWN_DONE},
        targets=("own",),
        body=activity_form,
    ),
    Case(
        "activity:delete",
        "POST",
        lambda w, t: f"/activities/{fresh_activity(w, t).pk}/delete/",
        {"own": EDIT_ACT_OWN_DONE},
        targets=("own",),
    ),
    Case(
        "activity:evidence_upload",
        "POST",
        lambda w, t: f"/activities/{act_of(w, t).pk}/evidence/",
        {"own": EDIT_ACT_OWN_DONE},
        targets=("own",),
        body=pdf_upload,
    ),
    Case(
        "activity:evidence_download",
        "GET",
        lambda w, t: f"/activities/evidence/{act_of(w, t).evidence.first().pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "activity:evidence_delete",
        "POST",
        lambda w, t: f"/activities/evidence/{fresh_evidence(w, t).pk}/delete/",
        {"own": EDIT_ACT_OWN_DONE},
        targets=("own",),
    ),
    Case("notify:list", "GET", lambda w, t: "/notifications/", {"own": SIGNED_IN}, targets=("own",)),
    Case("notify:read", "POST", lambda w, t: "/notifications/read/", {"own": statuses(302)}, targets=("own",)),
    Case(
        "web:search",
        "GET",
        lambda w, t: f"/search/?q={'rieng xa nha' if t == 'own' else 'rieng da nang'}",
        {"own": SIGNED_IN, "foreign": SIGNED_IN},
        leak_marker=act_title,
    ),
    # REST API
    Case(
        "API GET /api/activities",
        "GET",
        lambda w, t: f"/api/activities?unit={unit_of(w, t).code}&q=rieng",
        {"own": API_SIGNED_IN, "foreign": API_SIGNED_IN},
        leak_marker=lambda w, t: f'"id": {act_of(w, t).pk},',
    ),
    Case(
        "API POST /api/activities",
        "POST",
        lambda w, t: "/api/activities",
        {"own": API_WRITE_UNIT},
        targets=("own",),
        body=lambda w, t, p: {"unit": unit_of(w, t).code, "date": "2026-03-02", "channel": "khac", "title": f"T {p}"},
        fmt="json",
    ),
    Case(
        "API GET /api/activities/{activity_id}",
        "GET",
        lambda w, t: f"/api/activities/{act_of(w, t).pk}",
        {"own": api_statuses(READ_OWN), "foreign": api_statuses(READ_FOREIGN)},
    ),
    Case(
        "API PATCH /api/activities/{activity_id}",
        "PATCH",
        lambda w, t: f"/api/activities/{act_of(w, t).pk}",
        {"own": api_statuses(EDIT_ACT_OWN)},
        targets=("own",),
        body={"quantity": 2},
        fmt="json",
    ),
    Case(
        "API DELETE /api/activities/{activity_id}",
        "DELETE",
        lambda w, t: f"/api/activities/{fresh_activity(w, t).pk}",
        {"own": {p: (204 if s == 200 else s) for p, s in api_statuses(EDIT_ACT_OWN).items()}},
        targets=("own",),
        fmt="json",
    ),
    Case(
        "API POST /api/activities/import",
        "POST",
        lambda w, t: "/api/activities/import",
        {"own": {p: (200 if s == 201 else s) for p, s in API_WRITE_UNIT.items()}},
        targets=("own",),
        body=lambda w, t, p: {"unit": unit_of(w, t).code, "dry_run": "true", "file": activity_xlsx()},
        fmt="multipart",
    ),
    Case(
        "API POST /api/activities/{activity_id}/evidence",
        "POST",
        lambda w, t: f"/api/activities/{act_of(w, t).pk}/evidence",
        {"own": {p: (201 if s == 200 else s) for p, s in api_statuses(EDIT_ACT_OWN).items()}},
        targets=("own",),
        body=lambda w, t, p: {"file": pdf_upload(w, t, p)["files"]},
        fmt="multipart",
    ),
    Case(
        "API GET /api/evidence/{evidence_id}",
        "GET",
        lambda w, t: f"/api/evidence/{act_of(w, t).evidence.first().pk}",
        {"own": api_statuses(READ_OWN), "foreign": api_statuses(READ_FOREIGN)},
    ),
    Case(
        "API DELETE /api/evidence/{evidence_id}",
        "DELETE",
        lambda w, t: f"/api/evidence/{fresh_evidence(w, t).pk}",
        {"own": {p: (204 if s == 200 else s) for p, s in api_statuses(EDIT_ACT_OWN).items()}},
        targets=("own",),
        fmt="json",
    ),
    Case(
        "API GET /api/plans/{plan_id}/progress",
        "GET",
        api_plan_url("/progress"),
        {"own": api_statuses(READ_OWN), "province": api_statuses(READ_PROVINCE)},
        targets=("own", "province"),
    ),
    Case(
        "API GET /api/units/{code}/tasks",
        "GET",
        lambda w, t: f"/api/units/{unit_of(w, t).code}/tasks",
        {"own": VIEW_OWN, "foreign": VIEW_FOREIGN},
    ),
    Case(
        "API GET /api/notifications", "GET", lambda w, t: "/api/notifications", {"own": API_SIGNED_IN}, targets=("own",)
    ),
    Case(
        "API POST /api/notifications/read",
        "POST",
        lambda w, t: "/api/notifications/read",
        {"own": API_SIGNED_IN},
        targets=("own",),
        body={},
        fmt="json",
    ),
]


def activity_xlsx():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from loa.activity.xlsx_io import REQUIRED

    wb = Workbook()
    wb.active.append(REQUIRED)
    wb.active.append(["02/03/2026", "khac", "", "Hoạt động", 1, "lần", 10, ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("hd.xlsx", buffer.getvalue())


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
    Case("web:user_list", "GET", lambda w, t: "/users/", {"own": COORD_ONLY}, targets=("own",)),
    Case("web:audit", "GET", lambda w, t: "/audit/", {"own": COORD_ONLY}, targets=("own",)),
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
def plans(world):
    """The plans the matrix walks; drafts are made here so every case starts from the same state."""
    from loa.org.scope import SYSTEM
    from loa.plans.models import Plan
    from loa.plans.services import plan_create
    from loa.plans.tasks_input import TaskInput

    year = Plan.objects.get(issuer=world.province, parent__isnull=True).year
    world.plans = {
        "own": Plan.objects.get(issuer=world.commune, status="issued"),
        "province": Plan.objects.get(issuer=world.province, parent__isnull=True),
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


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method} {c.route}")
def test_permission_matrix(world, plans, acts, case):
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
