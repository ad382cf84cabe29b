"""Matrix rows for activities, evidence, progress, notifications and search: "own" = an activity with
an evidence file in the editor's commune, "foreign" = one in another province (the `acts` fixture).
Cases that consume their object (delete) make a fresh one per request."""

from django.utils import timezone

from .matrix import (
    API_SIGNED_IN,
    READ_FOREIGN,
    READ_OWN,
    READ_PROVINCE,
    SIGNED_IN,
    VIEW_FOREIGN,
    VIEW_OWN,
    Case,
    api_statuses,
    statuses,
    unit_of,
)
from .matrix_plans import api_plan_url, plan_of


def fresh_activity(world, target, title="Hoạt động dùng một lần"):
    """A new activity per request, for cases that consume it (delete)."""
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.scope import SYSTEM

    unit = unit_of(world, target)
    return activity_create(
        actor=SYSTEM, unit=unit, data=ActivityInput(date=timezone.localdate(), channel="cong_ttdt", title=title)
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
        "date": timezone.localdate().strftime("%d/%m/%Y"),  # outside any submitted report's window
        "channel": "cong_ttdt",
        "title": f"Tin của {p}",
        "quantity": "1",
    }


def act_of(world, target):
    return world.acts[target]


def act_title(world, target):
    return act_of(world, target).title


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
    Case("notify:settings", "GET", lambda w, t: "/notifications/settings/", {"own": SIGNED_IN}, targets=("own",)),
    # Only the notice's own person opens it (it is marked read and leads to its page); anyone else finds nothing.
    Case(
        "notify:open",
        "GET",
        lambda w, t: f"/notifications/{editor_notice(w).pk}/open/",
        {"own": statuses(404, anon=302, editor=302)},
        targets=("own",),
    ),
    Case(
        "notify:settings",
        "POST",
        lambda w, t: "/notifications/settings/",
        {"own": statuses(302)},
        body=lambda w, t, p: {"delivery": "digest"},
        targets=("own",),
    ),
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
        body=lambda w, t, p: {
            "unit": unit_of(w, t).code,
            "date": timezone.localdate().isoformat(),
            "channel": "khac",
            "title": f"T {p}",
        },
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
    wb.active.append([timezone.localdate().strftime("%d/%m/%Y"), "khac", "", "Hoạt động", 1, "lần", 10, ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("hd.xlsx", buffer.getvalue())


def editor_notice(world):
    from loa.notify.models import Notification

    notice, _created = Notification.objects.get_or_create(
        user=world.users["editor"], key="matrix:open", defaults={"title": "Thử", "url": "/reports/"}
    )
    return notice
