"""Matrix rows for periodic reports: "own" = the editor's commune, "foreign" = a commune of another
province. The `reps` fixture submits both communes' 2026Q1 reports (so versions, acceptance and
returns have something to act on) and starts one export job per recipient; 2026Q2 stays a draft
for saving and submitting. Cases that change a report's state put it back before each request
(their `body` callable runs right before the request), so every persona meets the same state."""

from .matrix import ANON, PERSONAS, Case, statuses, unit_of

SENT = "2026Q1"
DRAFT = "2026Q2"

# Reading a unit's report: its own people, its province coordinator (the recipient), the admin.
READ_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=200)
READ_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
# Receiving (board, accept, return, remind, batch export): the recipient's coordinator and the admin.
RECEIVE_OWN = statuses(404, anon=302, admin=200, coordinator=200)
RECEIVE_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
# Acting on a report one can read but may not act on is a 403 that names who may.
REVIEW_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=403, editor=403, viewer=403)
REVIEW_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
SUBMIT_OWN = statuses(404, anon=302, admin=302, leader=302, coordinator=403, editor=403, viewer=403)
SAVE_OWN = statuses(404, anon=302, admin=302, leader=302, editor=302)
# Asking the leader to sign: whoever may edit the unit's report; readers who may not get a 403.
SIGN_REQUEST_OWN = statuses(404, anon=302, admin=302, leader=302, editor=302, coordinator=403, viewer=403)
SIGN_REQUEST_FOREIGN = statuses(404, anon=302, admin=302, foreign=403)


def api(expect: dict[str, int], ok: int = 200) -> dict[str, int]:
    """The same table for the API: 401 for the anonymous caller, `ok` where the page redirects."""
    return {p: 401 if p == ANON else (ok if s in (200, 302) else s) for p, s in expect.items()}


def recipient_of(world, target):
    from loa.org.models import OrgUnit

    return world.snv if target == "own" else OrgUnit.objects.get(code="48.SNV")


def reports_setup(world):
    """Both communes' quarter I submitted; one finished export job per recipient."""
    from loa.core.periods import require_period
    from loa.org.scope import SYSTEM
    from loa.reports.services import report_submit, start_export

    world.jobs = {}
    for target in ("own", "foreign"):
        report_submit(actor=SYSTEM, unit=unit_of(world, target), period=SENT)
        world.jobs[target] = start_export(
            actor=SYSTEM, recipient=recipient_of(world, target), period=require_period(SENT), fmt="xlsx"
        )


def _report(world, target, period):
    from loa.reports.models import Report

    return Report.objects.filter(unit=unit_of(world, target), period=period).first()


def as_draft(world, target, body=None):
    """Put the draft period's report back to an editable draft; returns the request body."""
    from loa.reports.models import Report

    Report.objects.filter(unit=unit_of(world, target), period=DRAFT).update(status="draft")
    report = _report(world, target, DRAFT)
    return {"revision": report.revision if report else 0, **(body or {})}


def as_submitted(world, target, body=None):
    from loa.reports.models import Report

    Report.objects.filter(unit=unit_of(world, target), period=SENT).update(status="submitted")
    return body or {}


def report_url(world, target, period=SENT, tail=""):
    return f"/reports/{unit_of(world, target).code}/{period}/{tail}"


def api_url(world, target, period=SENT, tail=""):
    return f"/api/reports/{unit_of(world, target).code}/{period}{tail}"


def board_url(world, target, tail=""):
    return f"/reports/board/{tail}?recipient={recipient_of(world, target).code}&period={SENT}"


def board_body(world, target, persona):
    return {
        "recipient": recipient_of(world, target).code,
        "period": SENT,
        "units": [world.other_commune.code if target == "own" else "48"],
        "fmt": "xlsx",
    }


REPORT_CASES = [
    Case(
        "reports:index",
        "GET",
        lambda w, t: f"/reports/?unit={unit_of(w, t).code}&year=2026",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case("reports:detail", "GET", report_url, {"own": READ_OWN, "foreign": READ_FOREIGN}),
    Case(
        "reports:detail",
        "POST",
        lambda w, t: report_url(w, t, DRAFT),
        {"own": SAVE_OWN, "foreign": statuses(404, anon=302, admin=302)},
        body=lambda w, t, p: as_draft(w, t, {"proposals": f"Đề xuất của {p}", "signer_name": "Người Ký"}),
    ),
    Case(
        "reports:submit",
        "POST",
        lambda w, t: report_url(w, t, DRAFT, "submit/"),
        {"own": SUBMIT_OWN, "foreign": statuses(404, anon=302, admin=302, foreign=403)},
        body=lambda w, t, p: as_draft(w, t),
    ),
    Case(
        "reports:request_signature",
        "POST",
        lambda w, t: report_url(w, t, DRAFT, "request-signature/"),
        {"own": SIGN_REQUEST_OWN, "foreign": SIGN_REQUEST_FOREIGN},
        body=lambda w, t, p: as_draft(w, t),
    ),
    Case(
        "reports:accept",
        "POST",
        lambda w, t: report_url(w, t, SENT, "accept/"),
        {"own": REVIEW_OWN, "foreign": REVIEW_FOREIGN},
        body=lambda w, t, p: as_submitted(w, t),
    ),
    Case(
        "reports:return",
        "POST",
        lambda w, t: report_url(w, t, SENT, "return/"),
        {"own": REVIEW_OWN, "foreign": REVIEW_FOREIGN},
        body=lambda w, t, p: as_submitted(w, t, {"reason": "Bổ sung số liệu phát thanh."}),
    ),
    Case(
        "reports:export",
        "GET",
        lambda w, t: report_url(w, t, SENT, "export.xlsx"),
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "reports:version",
        "GET",
        lambda w, t: report_url(w, t, SENT, "versions/1/"),
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case("reports:board", "GET", board_url, {"own": RECEIVE_OWN, "foreign": RECEIVE_FOREIGN}),
    Case(
        "reports:remind",
        "POST",
        lambda w, t: "/reports/board/remind/",
        {
            "own": statuses(404, anon=302, admin=302, coordinator=302),
            "foreign": statuses(404, anon=302, admin=302, foreign=302),
        },
        body=board_body,
    ),
    Case(
        "reports:batch",
        "POST",
        lambda w, t: "/reports/board/export/",
        {
            "own": statuses(404, anon=302, admin=302, coordinator=302),
            "foreign": statuses(404, anon=302, admin=302, foreign=302),
        },
        body=board_body,
    ),
    Case(
        "reports:job",
        "GET",
        lambda w, t: f"/reports/jobs/{w.jobs[t].pk}/",
        {"own": RECEIVE_OWN, "foreign": RECEIVE_FOREIGN},
    ),
    Case(
        "reports:job_download",
        "GET",
        lambda w, t: f"/reports/jobs/{w.jobs[t].pk}/download/",
        {"own": RECEIVE_OWN, "foreign": RECEIVE_FOREIGN},
    ),
    # REST API
    Case(
        "API GET /api/reports/{code}/{period}",
        "GET",
        api_url,
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API PUT /api/reports/{code}/{period}",
        "PUT",
        lambda w, t: api_url(w, t, DRAFT),
        {
            "own": api(statuses(404, admin=200, leader=200, editor=200, coordinator=403, viewer=403)),
            "foreign": api(statuses(404, admin=200, foreign=403)),
        },
        body=lambda w, t, p: as_draft(w, t, {"sections": {"proposals": f"Đề xuất của {p}"}}),
        fmt="json",
    ),
    Case(
        "API POST /api/reports/{code}/{period}/submit",
        "POST",
        lambda w, t: api_url(w, t, DRAFT, "/submit"),
        {"own": api(SUBMIT_OWN), "foreign": api(statuses(404, admin=302, foreign=403))},
        body=lambda w, t, p: as_draft(w, t, {"revision": None}),
        fmt="json",
    ),
    Case(
        "API POST /api/reports/{code}/{period}/request-signature",
        "POST",
        lambda w, t: api_url(w, t, DRAFT, "/request-signature"),
        {"own": api(SIGN_REQUEST_OWN), "foreign": api(SIGN_REQUEST_FOREIGN)},
        body=lambda w, t, p: as_draft(w, t),
        fmt="json",
    ),
    Case(
        "API POST /api/reports/{code}/{period}/accept",
        "POST",
        lambda w, t: api_url(w, t, SENT, "/accept"),
        {"own": api(REVIEW_OWN), "foreign": api(REVIEW_FOREIGN)},
        body=lambda w, t, p: as_submitted(w, t),
        fmt="json",
    ),
    Case(
        "API POST /api/reports/{code}/{period}/return",
        "POST",
        lambda w, t: api_url(w, t, SENT, "/return"),
        {"own": api(REVIEW_OWN), "foreign": api(REVIEW_FOREIGN)},
        body=lambda w, t, p: as_submitted(w, t, {"reason": "Bổ sung số liệu phát thanh."}),
        fmt="json",
    ),
    Case(
        "API POST /api/reports/{code}/{period}/merge",
        "POST",
        lambda w, t: api_url(w, t, SENT, "/merge"),
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},  # a read: nothing is saved
        body=lambda w, t, p: {"section": "channels", "units": [w.other_commune.code]},
        fmt="json",
    ),
    Case(
        "API GET /api/reports/{code}/{period}/versions",
        "GET",
        lambda w, t: api_url(w, t, SENT, "/versions"),
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/reports/{code}/{period}/versions/{number}",
        "GET",
        lambda w, t: api_url(w, t, SENT, "/versions/1"),
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/reports/{code}/{period}/export/{fmt}",
        "GET",
        lambda w, t: api_url(w, t, SENT, "/export/xlsx"),
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/report-status/{code}/{period}",
        "GET",
        lambda w, t: f"/api/report-status/{recipient_of(w, t).code}/{SENT}",
        {"own": api(RECEIVE_OWN), "foreign": api(RECEIVE_FOREIGN)},
    ),
]

assert all(set(c.expect[t]) == set(PERSONAS) for c in REPORT_CASES for t in c.targets)
