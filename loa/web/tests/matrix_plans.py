"""Matrix rows for plans: "own" = the editor's commune's issued plan, "own_draft" = a draft of that
commune, "province" = the province's issued plan (read by every unit below it), "foreign" = another
province's draft. The `plans` fixture of test_permission_matrix builds them."""

from .matrix import (
    ACT_OWN,
    API_SIGNED_IN,
    DRAFTERS_OWN,
    LEADER_OWN,
    READ_FOREIGN,
    READ_OWN,
    READ_PROVINCE,
    SIGNED_IN,
    STATUS_PROVINCE,
    Case,
    api_statuses,
    statuses,
    unit_of,
)


def plan_of(world, target):
    return world.plans[target]


def current_revision(world, target):
    """The plan's revision as a client reads it right before writing (a PATCH must send it back)."""
    from loa.plans.models import Plan

    return Plan.objects.values_list("revision", flat=True).get(pk=plan_of(world, target).pk)


def plan_url(suffix=""):
    return lambda w, t: f"/plans/{plan_of(w, t).pk}/{suffix}"


def api_plan_url(suffix=""):
    return lambda w, t: f"/api/plans/{plan_of(w, t).pk}{suffix}"


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
        "intake:appendix",
        "GET",
        lambda w, t: f"/plans/import/appendix/{plan_of(w, t).pk}/",
        {"own_draft": DRAFTERS_OWN, "foreign": READ_FOREIGN},
        targets=("own_draft", "foreign"),
    ),
    Case(
        "intake:appendix",
        "POST",
        lambda w, t: f"/plans/import/appendix/{plan_of(w, t).pk}/",
        {"own_draft": ACT_OWN},
        targets=("own_draft",),
        # The commune's plan names the commune "UBND phường Thành Sen": one task, saved at once.
        body=lambda w, t, p: {"_save": "1", "text": f"Nhiệm vụ\tCơ quan chủ trì\nĐăng tin\tUBND {w.commune.name}"},
    ),
    Case(
        "intake:appendix_template",
        "GET",
        lambda w, t: f"/plans/import/appendix/{plan_of(w, t).pk}/template/",
        {"own_draft": DRAFTERS_OWN, "foreign": READ_FOREIGN},
        targets=("own_draft", "foreign"),
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
        body=lambda w, t, p: {"revision": current_revision(w, t), "signer_name": "Nguyễn Văn Ký"},
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
        "API POST /api/plans/{plan_id}/appendix",
        "POST",
        api_plan_url("/appendix"),
        {"own_draft": api_statuses(DRAFTERS_OWN)},
        targets=("own_draft",),
        body=lambda w, t, p: {"text": f"Nhiệm vụ\tCơ quan chủ trì\nTin của {p}\tUBND {w.commune.name}"},
        fmt="json",
    ),
    Case(
        "API PATCH /api/plans/{plan_id}/tasks/{task_id}",
        "PATCH",
        lambda w, t: f"/api/plans/{plan_of(w, t).pk}/tasks/{plan_of(w, t).tasks.first().pk}",
        {"own_draft": api_statuses(DRAFTERS_OWN)},
        targets=("own_draft",),
        body=lambda w, t, p: {"revision": plan_of(w, t).tasks.first().revision, "product": "Bản tin"},
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
