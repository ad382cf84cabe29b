"""Matrix rows for the acts that belong to a unit itself (issue 16, item 5), page and API: its own leader signs and
sends its report and issues its plan, its own people enter its data, draft its plan, ask for signature and assess
themselves; the leader above it (the province's leader, UBND tỉnh, over the editor's commune) reads all of it and
does none of it, and is told why in Vietnamese. Each row: the persona that may act and its status, then the leader
above, refused. The read rows show that the leader above still reads."""

from django.utils import timezone

from .matrix import Case, unit_of
from .matrix_activities import act_of, activity_form
from .matrix_plans import api_plan_url, current_revision, plan_of
from .matrix_reports import DRAFT, SENT, api_url, as_draft, report_url

ABOVE = "above"  # the persona refused in every act row (tinh.lanhdao, the root conftest's world)


def _own(persona: str, status: int, refused: int = 403) -> dict[str, dict[str, int]]:
    """The unit's own `persona` gets `status`; the leader above is refused (a 404 where any reader who may not
    write gets one, as the report page's save)."""
    return {"own": {persona: status, ABOVE: refused}}


def _read(status: int) -> dict[str, dict[str, int]]:
    return {"own": {"leader": status, ABOVE: status}}


def _score_url(world, target, tail=""):
    return f"/api/scores/{unit_of(world, target).code}/2026{tail}"


OWN_UNIT_CASES = [
    # Reports: sign and send (the unit's leader), write the text and ask for signature (its editors and leaders).
    Case(
        "reports:submit",
        "POST",
        lambda w, t: report_url(w, t, DRAFT, "submit/"),
        _own("leader", 302),
        body=lambda w, t, p: as_draft(w, t),
        targets=("own",),
    ),
    Case(
        "API POST /api/reports/{code}/{period}/submit",
        "POST",
        lambda w, t: api_url(w, t, DRAFT, "/submit"),
        _own("leader", 200),
        body=lambda w, t, p: as_draft(w, t),
        targets=("own",),
        fmt="json",
    ),
    Case(
        "reports:detail",
        "POST",
        lambda w, t: report_url(w, t, DRAFT),
        _own("editor", 302, refused=404),
        body=lambda w, t, p: as_draft(w, t, {"proposals": f"Đề xuất của {p}", "signer_name": "Người Ký"}),
        targets=("own",),
    ),
    Case(
        "API PUT /api/reports/{code}/{period}",
        "PUT",
        lambda w, t: api_url(w, t, DRAFT),
        _own("editor", 200),
        body=lambda w, t, p: as_draft(w, t, {"sections": {"proposals": f"Đề xuất của {p}"}}),
        targets=("own",),
        fmt="json",
    ),
    Case(
        "reports:request_signature",
        "POST",
        lambda w, t: report_url(w, t, DRAFT, "request-signature/"),
        _own("editor", 302),
        body=lambda w, t, p: as_draft(w, t),
        targets=("own",),
    ),
    Case(
        "API POST /api/reports/{code}/{period}/request-signature",
        "POST",
        lambda w, t: api_url(w, t, DRAFT, "/request-signature"),
        _own("editor", 200),
        body=lambda w, t, p: as_draft(w, t),
        targets=("own",),
        fmt="json",
    ),
    # Activities: entered and changed by the unit's own people.
    Case(
        "activity:edit",
        "POST",
        lambda w, t: f"/activities/{act_of(w, t).pk}/edit/",
        _own("editor", 302),
        body=activity_form,
        targets=("own",),
    ),
    Case(
        "API POST /api/activities",
        "POST",
        lambda w, t: "/api/activities",
        _own("editor", 201),
        body=lambda w, t, p: {
            "unit": unit_of(w, t).code,
            "date": timezone.localdate().isoformat(),
            "channel": "khac",
            "title": f"Tin nhập bởi {p}",
        },
        targets=("own",),
        fmt="json",
    ),
    Case(
        "API PATCH /api/activities/{activity_id}",
        "PATCH",
        lambda w, t: f"/api/activities/{act_of(w, t).pk}",
        _own("editor", 200),
        body={"quantity": 3},
        targets=("own",),
        fmt="json",
    ),
    # Plans: drafted by the unit's own people, issued by its own leader (400 = let in, then told what is missing).
    Case(
        "API PATCH /api/plans/{plan_id}",
        "PATCH",
        api_plan_url(),
        {"own_draft": {"editor": 200, ABOVE: 403}},
        body=lambda w, t, p: {"revision": current_revision(w, t), "signer_name": "Nguyễn Văn Ký"},
        targets=("own_draft",),
        fmt="json",
    ),
    Case(
        "API POST /api/plans/{plan_id}/tasks",
        "POST",
        api_plan_url("/tasks"),
        {"own_draft": {"editor": 201, ABOVE: 403}},
        body=lambda w, t, p: {"title": f"Nhiệm vụ của {p}", "lead_unit": w.commune.code},
        targets=("own_draft",),
        fmt="json",
    ),
    Case(
        "API POST /api/plans/{plan_id}/issue",
        "POST",
        api_plan_url("/issue"),
        {"own_draft": {"leader": 400, ABOVE: 403}},
        body={},
        targets=("own_draft",),
        fmt="json",
    ),
    # Scores: the unit assesses itself.
    Case(
        "API PUT /api/scores/{code}/{year}/self",
        "PUT",
        lambda w, t: _score_url(w, t, "/self"),
        _own("editor", 200),
        body={"criteria": {"4.1": {"score": "0,5", "note": "Ghi chú của đơn vị"}}},
        targets=("own",),
        fmt="json",
    ),
    Case(
        "scoring:sheet",
        "POST",
        lambda w, t: f"/scores/{unit_of(w, t).code}/2026/",
        _own("leader", 302),
        body={"action": "self", "self-4.1": "0,5", "self-note-4.1": "Có kế hoạch và báo cáo", "revision": ""},
        targets=("own",),
    ),
    # What the leader above keeps: reading the unit's report, activities and plan.
    Case("reports:detail", "GET", lambda w, t: report_url(w, t, SENT), _read(200), targets=("own",)),
    Case("API GET /api/reports/{code}/{period}", "GET", lambda w, t: api_url(w, t, SENT), _read(200), targets=("own",)),
    Case(
        "API GET /api/activities/{activity_id}",
        "GET",
        lambda w, t: f"/api/activities/{act_of(w, t).pk}",
        _read(200),
        targets=("own",),
    ),
    Case(
        "API GET /api/plans/{plan_id}",
        "GET",
        lambda w, t: f"/api/plans/{plan_of(w, t).pk}",
        _read(200),
        targets=("own",),
    ),
]
