"""The public contest pages (no account): the list of contests, a contest's page with the form to take part, the
attempt (questions, the server's deadline), its result, and the rankings of finished rounds. Addresses stay as they
are (issue 21): /cuoc-thi/, /cuoc-thi/<code>/, …

Bad input answers 400 with a Vietnamese message, an unknown contest or attempt 404; never 500. No script: the
unit picker is a search box that reloads the list, and the attempt page shows the deadline as a time of day.
"""

import secrets
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loa.core.errors import DomainError
from loa.core.keyed import keyed_hash
from loa.org.models import OrgUnit
from loa.org.scope import keeps

from . import play, selectors, standings
from .catalog import AttemptStatus, ContestKind, ContestStatus
from .models import Attempt, Contest

DEVICE_COOKIE = "loa_ct"
LETTERS = "ABCD"


def _contest(code: str) -> Contest:
    found = selectors.public_contest(code)
    if found is None:
        raise Http404
    return found


def _device(request: HttpRequest) -> tuple[str, str]:
    """The browser's random cookie (made when missing) and its keyed hash as stored."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw.isalnum() or len(raw) > 40:
        raw = secrets.token_hex(16)
    return raw, keyed_hash("contest-device", raw)


def _page_context(request: HttpRequest, contest: Contest, values: dict[str, str], error: str = "") -> dict[str, Any]:
    now = timezone.now()
    query = values.get("q", "")[:100]
    units = selectors.unit_choices(contest, query)
    chosen = values.get("unit", "")
    if chosen and all(u.code != chosen for u in units):
        picked = OrgUnit.objects.filter(code=chosen[:32]).first()
        if picked is not None:
            units.insert(0, picked)
    rounds = selectors.rounds_of(contest)
    return {
        "contest": contest,
        "rounds": rounds,
        "current": play.open_round(contest, now),
        "upcoming": next((r for r in rounds if r.opens_at > now), None),
        "finished": [r for r in rounds if r.finished_at is not None],
        "units": units,
        "values": values,
        "form_values": values,
        "error": error,
        "quiz": contest.kind == ContestKind.QUIZ,
        "accepting": contest.status == ContestStatus.PUBLISHED,
        "minutes": max(1, contest.time_limit // 60),
        "questions": sum(b["count"] for b in contest.blueprint),
    }


@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    found = list(selectors.public_contests()[:100])
    return render(request, "contests/public_list.html", {"contests": found})


@require_GET
def contest_page(request: HttpRequest, code: str) -> HttpResponse:
    contest = _contest(code)
    values = {k: request.GET.get(k, "")[:200] for k in ("name", "unit", "phone", "q")}
    return render(request, "contests/public_contest.html", _page_context(request, contest, values))


@require_GET
def unit_search(request: HttpRequest, code: str) -> HttpResponse:
    """The unit picker's options for a search without diacritics ("ubnd xa huong" finds "UBND xã Hương…")."""
    contest = _contest(code)
    units = selectors.unit_choices(contest, request.GET.get("q", "")[:100])
    return render(request, "contests/public_units.html", {"units": units, "values": {}})


@never_cache
@require_POST
def join(request: HttpRequest, code: str) -> HttpResponse:
    contest = _contest(code)
    values = {k: request.POST.get(k, "")[:200] for k in ("name", "unit", "phone", "q")}
    if request.POST.get("search"):  # the picker's "Tìm" button: the same page, the list narrowed
        return render(request, "contests/public_contest.html", _page_context(request, contest, values))
    unit = OrgUnit.objects.filter(code=values["unit"][:32]).first() if values["unit"] else None
    raw, device = _device(request)
    data = play.JoinInput(
        name=values["name"],
        unit=unit,
        phone=values["phone"],
        device=device,
        signed_in_organiser=keeps(request.user, contest.unit),
    )
    try:
        attempt = play.join(contest=contest, data=data)
    except DomainError as exc:
        context = _page_context(request, contest, values, exc.message)
        return render(request, "contests/public_contest.html", context, status=exc.status if exc.status < 500 else 400)
    response = redirect("contests_public:attempt", code=contest.code, token=attempt.token)
    response.set_cookie(DEVICE_COOKIE, raw, max_age=365 * 86400, httponly=True, samesite="Lax")
    return response


def _attempt(contest: Contest, token: str) -> Attempt:
    found = play.attempt_by_token(contest, token)
    if found is None:
        raise Http404
    return found


def _sheet(attempt: Attempt, chosen: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "pk": q.pk,
            "text": q.text,
            "options": [(str(shown), LETTERS[shown], q.options[original]) for shown, original in enumerate(order)],
            "chosen": chosen.get(str(q.pk), ""),
        }
        for q, order in play.questions_of(attempt)
    ]


@never_cache
@require_http_methods(["GET", "POST"])
def attempt_page(request: HttpRequest, code: str, token: str) -> HttpResponse:
    contest = _contest(code)
    attempt = _attempt(contest, token)
    if request.method == "GET" and play.expire_if_due(attempt):
        return redirect("contests_public:result", code=contest.code, token=attempt.token)
    if attempt.status != AttemptStatus.OPEN:
        return redirect("contests_public:result", code=contest.code, token=attempt.token)
    error, status = "", 200
    chosen: dict[str, str] = {}
    if request.method == "POST":
        chosen = {k[2:]: str(request.POST.get(k, ""))[:2] for k in request.POST if k.startswith("q_")}
        try:
            play.submit(attempt=attempt, answers=chosen, prediction=request.POST.get("prediction", "")[:20])
        except play.TooLate as exc:
            context = {"contest": contest, "attempt": attempt, "error": exc.message}
            return render(request, "contests/public_late.html", context, status=400)
        except DomainError as exc:
            if exc.status == 409:
                return redirect("contests_public:result", code=contest.code, token=attempt.token)
            error, status = exc.message, 400
        else:
            return redirect("contests_public:result", code=contest.code, token=attempt.token)
    context = {
        "contest": contest,
        "attempt": attempt,
        "person": attempt.participant,
        "sheet": _sheet(attempt, chosen),
        "error": error,
        "prediction": request.POST.get("prediction", "")[:20],
        "ask_prediction": bool(contest.prediction),
        "prediction_label": contest.get_prediction_display(),
    }
    return render(request, "contests/public_attempt.html", context, status=status)


@require_GET
def attempt_result(request: HttpRequest, code: str, token: str) -> HttpResponse:
    contest = _contest(code)
    attempt = _attempt(contest, token)
    round_ = attempt.participant.round
    # Right answers and explanations only once the round has closed: shown earlier, they would be passed around.
    review = round_.closes_at <= timezone.now() and attempt.status == AttemptStatus.DONE
    rows = []
    if review:
        for q, _order in play.questions_of(attempt):
            given = attempt.answers.get(str(q.pk))
            rows.append(
                {
                    "text": q.text,
                    "given": q.options[given] if given is not None else "",
                    "right": q.options[q.answer],
                    "ok": given == q.answer,
                    "source": q.source,
                    "explanation": q.explanation,
                }
            )
    attempts_left = contest.attempts_per_round - attempt.participant.attempts.count()
    context = {
        "contest": contest,
        "attempt": attempt,
        "round": round_,
        "review": review,
        "rows": rows,
        "seconds": round((attempt.duration_ms or 0) / 1000),
        "again": attempts_left > 0 and play.open_round(contest, timezone.now()) is not None,
    }
    return render(request, "contests/public_result.html", context)


@require_GET
def standings_page(request: HttpRequest, code: str) -> HttpResponse:
    contest = _contest(code)
    if contest.kind != ContestKind.QUIZ:
        # A contest of entries: its awards once the call is finished (judged), never the scores of unfinished work.
        finished = contest.rounds.filter(finished_at__isnull=False).exists()
        awards = [r for r in standings.entry_results(contest) if r.prize] if finished else []
        return render(request, "contests/public_awards.html", {"contest": contest, "awards": awards})
    tables = []
    for round_ in contest.rounds.filter(finished_at__isnull=False).order_by("number"):
        ranked = standings.round_ranking(round_)
        tables.append({"round": round_, "winners": [r for r in ranked if r.prize], "actual": round_.actual})
    overall = (
        [r for r in standings.overall_ranking(contest) if r.prize] if contest.status == ContestStatus.CLOSED else []
    )
    return render(request, "contests/public_standings.html", {"contest": contest, "tables": tables, "overall": overall})
