"""Matrix rows for quizzes and the question bank (issue 21 items 2–4 and 6). Back office: read by whoever may VIEW
the organising unit; run (settings, rounds, publishing, finishing, excluding, the bank) by the unit's own people and
the Sở Nội vụ that coordinates it; a reader who may not run gets a 403, anyone else a 404. The bank is read across
the province. The public pages answer everyone; the unit's own people and its coordinator, being organisers, are
refused when they try to take part (400)."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .matrix import READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import api

RUN_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
RUN_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
RUN_PAGE_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=403)
RUN_PAGE_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
# No winners yet in the matrix's open round: readers are sent back to the ranking with a message.
NO_WINNERS_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=302)
NO_WINNERS_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
BANK_OWN = statuses(200, anon=302, foreign=404)  # a commune's questions serve its whole province
BANK_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
BANK_SAVE_OWN = statuses(403, anon=302, admin=302, coordinator=302, leader=302, editor=302, foreign=404)
BANK_SAVE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
PUBLIC = statuses(200)
# Taking part: everyone may, except the organisers (the unit's own people, its coordinator, the administrator).
JOIN = statuses(302, admin=400, coordinator=400, leader=400, editor=400)
JOIN_FOREIGN = statuses(302, admin=400, foreign=400)
PERSONA_PHONES = {
    p: f"09{i:08d}"
    for i, p in enumerate(["anon", "admin", "coordinator", "leader", "editor", "viewer", "neighbour", "foreign"], 1)
}


def _bank(unit):
    from loa.contests import bank
    from loa.contests.models import Question
    from loa.org.scope import SYSTEM

    have = Question.objects.filter(owner=unit).count()
    for i in range(have, 6):
        data = bank.QuestionInput(
            area="tthc",
            text=f"Câu hỏi ma trận {i}",
            options=[f"Phương án {c} câu {i}" for c in "ABCD"],
            answer=i % 4,
        )
        bank.question_create(actor=SYSTEM, owner=unit, data=data)
    return Question.objects.filter(owner=unit).order_by("pk").first()


def _contest(world, target):
    """The target commune's published quiz with one open round, made on first use."""
    from loa.contests import services
    from loa.contests.models import Contest
    from loa.org.scope import SYSTEM

    unit = unit_of(world, target)
    found = Contest.objects.filter(unit=unit).first()
    if found is None:
        _bank(unit)
        data = services.ContestInput(
            kind="ct_quiz",
            title="Cuộc thi ma trận",
            blueprint=[{"area": "tthc", "topic": "", "count": 4}],
            prizes=[{"label": "Giải Nhất", "count": 1}],
        )
        found = services.contest_create(actor=SYSTEM, unit=unit, data=data)
        now = timezone.now()
        services.round_save(
            actor=SYSTEM,
            contest=found,
            data=services.RoundInput(opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=3)),
        )
        found = services.contest_set_status(actor=SYSTEM, contest=found, status="ct_published", revision=0)
    return found


def _attempt(world, target):
    from loa.contests import play
    from loa.contests.models import Attempt

    contest = _contest(world, target)
    found = Attempt.objects.filter(participant__round__contest=contest).first()
    if found is None:
        data = play.JoinInput(name="Người dự thi ma trận", unit=unit_of(world, target), phone="0977000001")
        found = play.join(contest=contest, data=data)
    return found


def _person(world, target):
    return _attempt(world, target).participant


def _contest_body(world, target, persona):
    return {
        "kind": "ct_quiz",
        "title": f"Cuộc thi của {persona}",
        "attempts_per_round": "1",
        "time_limit": "10",
        "bp_area_0": "tthc",
        "bp_count_0": "4",
        "rank_1": "rk_score",
        "prizes": "Giải Nhất: 1",
        "revision": str(_contest(world, target).revision),
    }


def _round_times(world, target, persona):
    now = timezone.localtime()
    contest = _contest(world, target)
    round_ = contest.rounds.get(number=1)
    return {
        "opens_at": timezone.localtime(round_.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=4)).strftime("%Y-%m-%dT%H:%M"),
        "revision": str(round_.revision),
    }


def _new_round(world, target, persona):
    now = timezone.localtime()
    return {
        "opens_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=11)).strftime("%Y-%m-%dT%H:%M"),
    }


def _question_body(world, target, persona):
    q = _bank(unit_of(world, target))
    return {
        "code": q.code,
        "area": "tthc",
        "text": f"Câu hỏi sửa bởi {persona}",
        "option_0": "Một",
        "option_1": "Hai",
        "option_2": "Ba",
        "option_3": "Bốn",
        "answer": "1",
        "active": "on",
        "revision": str(q.revision),
    }


def _bank_file(world, target):
    from loa.contests.bank_xlsx import template

    return SimpleUploadedFile("ngan-hang.xlsx", template())


def _join_body(world, target, persona):
    return {"name": f"Người dự thi {persona}", "unit": unit_of(world, target).code, "phone": PERSONA_PHONES[persona]}


def _u(world, target):
    return unit_of(world, target).code


CONTEST_CASES = [
    Case(
        "contests:list", "GET", lambda w, t: f"/contests/?unit={_u(w, t)}", {"own": READ_OWN, "foreign": READ_FOREIGN}
    ),
    Case(
        "contests:create",
        "GET",
        lambda w, t: f"/contests/new/?unit={_u(w, t)}",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
    ),
    Case(
        "contests:create",
        "POST",
        lambda w, t: f"/contests/new/?unit={_u(w, t)}",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=_contest_body,
    ),
    Case(
        "contests:detail",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:edit",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/edit/",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
    ),
    Case(
        "contests:edit",
        "POST",
        lambda w, t: f"/contests/{_contest(w, t).pk}/edit/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=_contest_body,
    ),
    Case(
        "contests:status",
        "POST",
        lambda w, t: f"/contests/{_contest(w, t).pk}/status/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {"status": "ct_published", "revision": str(_contest(w, t).revision)},
    ),
    Case(
        "contests:round_add",
        "POST",
        lambda w, t: f"/contests/{_contest(w, t).pk}/rounds/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=_new_round,
    ),
    Case(
        "contests:round",
        "POST",
        lambda w, t: f"/contests/{_contest(w, t).pk}/rounds/1/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=_round_times,
    ),
    Case(
        "contests:ranking",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/rounds/1/ranking/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:finish",
        "POST",
        lambda w, t: f"/contests/{_contest(w, t).pk}/rounds/1/finish/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
    ),
    Case(
        "contests:certificates",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/rounds/1/certificates.pdf",
        {"own": NO_WINNERS_OWN, "foreign": NO_WINNERS_FOREIGN},
    ),
    Case(
        "contests:results_xlsx",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/rounds/1/results.xlsx",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:overall",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/overall/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:overall_certificates",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/overall/certificates.pdf",
        {"own": NO_WINNERS_OWN, "foreign": NO_WINNERS_FOREIGN},
    ),
    Case(
        "contests:participants",
        "GET",
        lambda w, t: f"/contests/{_contest(w, t).pk}/participants/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:participant_exclude",
        "POST",
        lambda w, t: f"/contests/{_contest(w, t).pk}/participants/{_person(w, t).pk}/exclude/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body={"excluded": "0"},
    ),
    Case(
        "contests:bank",
        "GET",
        lambda w, t: f"/contests/bank/?unit={_u(w, t)}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:question_create",
        "GET",
        lambda w, t: f"/contests/bank/new/?unit={_u(w, t)}",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
    ),
    Case(
        "contests:question_create",
        "POST",
        lambda w, t: f"/contests/bank/new/?unit={_u(w, t)}",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {**_question_body(w, t, p), "code": ""},
    ),
    Case(
        "contests:question",
        "GET",
        lambda w, t: f"/contests/bank/{_bank(unit_of(w, t)).pk}/",
        {"own": BANK_OWN, "foreign": BANK_FOREIGN},
    ),
    Case(
        "contests:question",
        "POST",
        lambda w, t: f"/contests/bank/{_bank(unit_of(w, t)).pk}/",
        {"own": BANK_SAVE_OWN, "foreign": BANK_SAVE_FOREIGN},
        body=_question_body,
    ),
    Case(
        "contests:bank_export",
        "GET",
        lambda w, t: f"/contests/bank/export.xlsx?unit={_u(w, t)}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "contests:bank_template",
        "GET",
        lambda w, t: "/contests/bank/template.xlsx",
        {"own": statuses(200, anon=302)},
        targets=("own",),
    ),
    Case(
        "contests:bank_import",
        "GET",
        lambda w, t: f"/contests/bank/import/?unit={_u(w, t)}",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
    ),
    Case(
        "contests:bank_import",
        "POST",
        lambda w, t: f"/contests/bank/import/?unit={_u(w, t)}",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
        body=lambda w, t, p: {"dry_run": "on", "file": _bank_file(w, t)},
        fmt="multipart",
    ),
    # The public pages.
    Case("contests_public:list", "GET", lambda w, t: "/cuoc-thi/", {"own": PUBLIC}, targets=("own",)),
    Case(
        "contests_public:contest",
        "GET",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/",
        {"own": PUBLIC, "foreign": PUBLIC},
    ),
    Case(
        "contests_public:units",
        "GET",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/don-vi/?q=xa",
        {"own": PUBLIC, "foreign": PUBLIC},
    ),
    Case(
        "contests_public:join",
        "POST",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/vao-thi/",
        {"own": JOIN, "foreign": JOIN_FOREIGN},
        body=_join_body,
    ),
    Case(
        "contests_public:attempt",
        "GET",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/bai/{_attempt(w, t).token}/",
        {"own": PUBLIC, "foreign": PUBLIC},
    ),
    Case(
        "contests_public:attempt",
        "POST",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/bai/{_attempt(w, t).token}/",
        {"own": statuses(302), "foreign": statuses(302)},
        body={},
    ),
    Case(
        "contests_public:result",
        "GET",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/ket-qua/{_attempt(w, t).token}/",
        {"own": PUBLIC, "foreign": PUBLIC},
    ),
    Case(
        "contests_public:standings",
        "GET",
        lambda w, t: f"/cuoc-thi/{_contest(w, t).code}/xep-hang/",
        {"own": PUBLIC, "foreign": PUBLIC},
    ),
    # The API.
    Case(
        "API GET /api/contests", "GET", lambda w, t: "/api/contests", {"own": statuses(200, anon=401)}, targets=("own",)
    ),
    Case(
        "API GET /api/contests/{pk}/rounds/{number}/ranking",
        "GET",
        lambda w, t: f"/api/contests/{_contest(w, t).pk}/rounds/1/ranking",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/contests/{pk}/participation",
        "GET",
        lambda w, t: f"/api/contests/{_contest(w, t).pk}/participation",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    # The matrix's round is still open: organisers are told so (400), a reader who may not organise gets 403.
    Case(
        "API POST /api/contests/{pk}/rounds/{number}/finish",
        "POST",
        lambda w, t: f"/api/contests/{_contest(w, t).pk}/rounds/1/finish",
        {"own": api(RUN_OWN, ok=400), "foreign": api(RUN_FOREIGN, ok=400)},
        fmt="json",
        body={},
    ),
]
