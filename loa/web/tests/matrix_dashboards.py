"""Matrix rows for the dashboard, its downloads and its API, and for scores: a unit's figures and scores are read
by those who may VIEW the unit (its own people, its province's coordinator, the admin); anyone else gets a 404,
as for any unit-owned data. The unit self-assesses (its leader or editor); the province's Sở Nội vụ appraises."""

from .matrix import READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import api

SELF_OWN = statuses(404, admin=200, leader=200, editor=200, viewer=403, coordinator=403)
SELF_FOREIGN = statuses(404, admin=200, foreign=403)
APPRAISE_OWN = statuses(404, admin=200, coordinator=200, leader=403, editor=403, viewer=403)
APPRAISE_FOREIGN = statuses(404, admin=200, foreign=200)


def _dashboard(world, target):
    return f"/dashboard/?unit={unit_of(world, target).code}&period=2026"


def _xlsx(world, target):
    return f"/dashboard/units.xlsx?unit={unit_of(world, target).code}&period=2026"


def _scores(world, target, tail=""):
    return f"/api/scores/{unit_of(world, target).code}/2026{tail}"


SCORE_BODY = {"criteria": {"4.1": {"score": "0,5", "note": "Ghi chú của người chấm"}}}

DASHBOARD_CASES = [
    Case("dashboards:index", "GET", _dashboard, {"own": READ_OWN, "foreign": READ_FOREIGN}),
    Case("dashboards:xlsx", "GET", _xlsx, {"own": READ_OWN, "foreign": READ_FOREIGN}),
    Case(
        "API GET /api/dashboard",
        "GET",
        lambda w, t: f"/api/dashboard?unit={unit_of(w, t).code}&period=2026",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case("API GET /api/scores/{code}/{year}", "GET", _scores, {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)}),
    Case(
        "API PUT /api/scores/{code}/{year}/self",
        "PUT",
        lambda w, t: _scores(w, t, "/self"),
        {"own": api(SELF_OWN), "foreign": api(SELF_FOREIGN)},
        body=SCORE_BODY,
        fmt="json",
    ),
    Case(
        "API PUT /api/scores/{code}/{year}/appraisal",
        "PUT",
        lambda w, t: _scores(w, t, "/appraisal"),
        {"own": api(APPRAISE_OWN), "foreign": api(APPRAISE_FOREIGN)},
        body=SCORE_BODY,
        fmt="json",
    ),
    Case(
        "API GET /api/rankings/{code}/{year}",
        "GET",
        lambda w, t: f"/api/rankings/{unit_of(w, t).code}/2026",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
]

SHEET_SELF = statuses(404, anon=302, admin=302, leader=302, editor=302, viewer=403, coordinator=403)
SHEET_SELF_FOREIGN = statuses(404, anon=302, admin=302, foreign=403)
SHEET_APPRAISE = statuses(404, anon=302, admin=302, coordinator=302, leader=403, editor=403, viewer=403)
SHEET_APPRAISE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)


def _sheet(world, target):
    return f"/scores/{unit_of(world, target).code}/2026/"


DASHBOARD_CASES += [
    Case(
        "scoring:ranking",
        "GET",
        lambda w, t: f"/scores/?unit={unit_of(w, t).code}&year=2026",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case("scoring:sheet", "GET", _sheet, {"own": READ_OWN, "foreign": READ_FOREIGN}),
    Case(
        "scoring:sheet",
        "POST",
        _sheet,
        {"own": SHEET_SELF, "foreign": SHEET_SELF_FOREIGN},
        body={"action": "self", "self-4.1": "0,5", "self-note-4.1": "Có kế hoạch và báo cáo", "revision": ""},
    ),
    Case(
        "scoring:sheet",
        "POST",
        _sheet,
        {"own": SHEET_APPRAISE, "foreign": SHEET_APPRAISE_FOREIGN},
        body={"action": "appraise", "appr-4.1": "0,5", "appr-note-4.1": "Thiếu minh chứng", "revision": ""},
    ),
]

ENTER_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=403, editor=403, viewer=403)
ENTER_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
INDEX_BODY = {"action": "one", "index": "par_index", "year": "2024", "value": "88,37", "as_of": "15/04/2025"}

DASHBOARD_CASES += [
    Case(
        "indices:list",
        "GET",
        lambda w, t: f"/indices/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "indices:list",
        "POST",
        lambda w, t: f"/indices/?unit={unit_of(w, t).code}",
        {"own": ENTER_OWN, "foreign": ENTER_FOREIGN},
        body=INDEX_BODY,
    ),
    Case(
        "indices:template",
        "GET",
        lambda w, t: "/indices/template.xlsx",
        {"own": statuses(200, anon=302)},
        targets=("own",),
    ),
]

API_INDEX_BODY = {"index": "sipas", "year": 2024, "value": "85,5", "as_of": "2025-03-01"}
DASHBOARD_CASES += [
    Case(
        "API GET /api/indices/{code}",
        "GET",
        lambda w, t: f"/api/indices/{unit_of(w, t).code}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API POST /api/indices/{code}",
        "POST",
        lambda w, t: f"/api/indices/{unit_of(w, t).code}",
        {"own": api(APPRAISE_OWN), "foreign": api(APPRAISE_FOREIGN)},
        body=API_INDEX_BODY,
        fmt="json",
    ),
]


def fresh_commendation(world, target):
    from loa.org.scope import SYSTEM
    from loa.scoring.commendations import commendation_create

    return commendation_create(
        actor=SYSTEM, year=2026, kind="criticise", unit=unit_of(world, target), reason="Chưa gửi báo cáo đúng hạn"
    )


PROPOSE_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
PROPOSE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
DASHBOARD_CASES += [
    Case(
        "scoring:commendations",
        "GET",
        lambda w, t: "/scores/commendations/?year=2026",
        {"own": statuses(200, anon=302)},
        targets=("own",),
    ),
    Case(
        "scoring:commendations",
        "POST",
        lambda w, t: "/scores/commendations/?year=2026",
        {"own": PROPOSE_OWN, "foreign": PROPOSE_FOREIGN},
        body=lambda w, t, p: {"year": "2026", "kind": "criticise", "unit": unit_of(w, t).code, "reason": "Chậm"},
    ),
    Case(
        "scoring:commendation_evidence",
        "GET",
        lambda w, t: f"/scores/commendations/evidence/?year=2026&unit={unit_of(w, t).code}",
        {
            "own": statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=403),
            "foreign": statuses(404, anon=302, admin=200, foreign=200),
        },
    ),
    Case(
        "scoring:commendation_delete",
        "POST",
        lambda w, t: f"/scores/commendations/{fresh_commendation(w, t).pk}/delete/",
        {"own": PROPOSE_OWN, "foreign": PROPOSE_FOREIGN},
    ),
]
