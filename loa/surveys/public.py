"""The public survey pages (no account): the questionnaire by its web link or a collection point's QR address,
and the thank-you page. Addresses are printed on posters and must stay as they are (issue 20): /khao-sat/<code>/,
/khao-sat/diem/<code>/, /khao-sat/cam-on/.

Bad input answers 400 with the form and a Vietnamese message, a limit 429, a closed survey 410; never 500.
"""

from typing import Any

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from loa.core.client_ip import client_ip
from loa.core.errors import DomainError

from . import services
from .catalog import AgeBand, Gender, ItemKind, Source
from .definition import asks, factors, scale_labels
from .models import CollectionPoint, Survey

DEVICE_COOKIE = "loa_ks"
SHOWN_SALT = "loa.surveys.shown"
HONEYPOT = "website"


def _shown_token() -> str:
    return signing.TimestampSigner(salt=SHOWN_SALT).sign("shown")


def _seconds_since_shown(token: str) -> float | None:
    """How long ago the form was shown; None when the token is missing or forged (then the flag is not raised on
    timing alone: a phone that reloaded a cached page has no fresh token either)."""
    try:
        signing.TimestampSigner(salt=SHOWN_SALT).unsign(token, max_age=86400)
    except signing.BadSignature:
        return None
    signed_at = signing.b62_decode(token.split(":")[-2])
    return timezone.now().timestamp() - signed_at


def questionnaire(survey: Survey, values: Any) -> list[dict[str, Any]]:
    """The questionnaire as the template walks it: groups of questions, each with its five labelled levels."""
    definition = survey.definition
    groups = []
    for factor in factors(definition):
        groups.append(
            {
                "title": factor["title"],
                "items": [
                    {
                        "key": i["key"],
                        "text": i["text"],
                        "levels": list(enumerate(scale_labels(definition, i["kind"]), 1)),
                        "chosen": str(values.get(i["key"], "")),  # what was sent, shown again after a refusal
                    }
                    for i in factor["items"]
                ],
            }
        )
    overall = definition.get("overall")
    if overall:
        levels = list(enumerate(scale_labels(definition, ItemKind.OVERALL), 1))
        chosen = str(values.get(overall["key"], ""))
        item = {"key": overall["key"], "text": overall["text"], "levels": levels, "chosen": chosen}
        groups.append({"title": "", "items": [item]})
    return groups


def _form(
    request: HttpRequest, survey: Survey, point: CollectionPoint | None, *, error: str = "", status: int = 200
) -> HttpResponse:
    definition = survey.definition
    values = request.POST if request.method == "POST" else {}
    context = {
        "survey": survey,
        "point": point,
        "groups": questionnaire(survey, values),
        "no_answer": definition.get("no_answer") or "Không trả lời",
        "intro": definition.get("intro", ""),
        "asks": {f: asks(definition, f) for f in ("age_band", "gender", "service", "dossier_code")},
        "age_bands": AgeBand.choices,
        "genders": Gender.choices,
        "shown": _shown_token(),
        "honeypot": HONEYPOT,
        "values": values,
        "error": error,
    }
    response = render(request, "surveys/public_form.html", context, status=status)
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE,
            services.fresh_device_token(),
            max_age=365 * 86400,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _closed(request: HttpRequest, unit_name: str) -> HttpResponse:
    return render(request, "surveys/public_closed.html", {"unit_name": unit_name}, status=410)


def _answer(request: HttpRequest, survey: Survey, point: CollectionPoint | None, source: str) -> HttpResponse:
    if request.method == "GET":
        return _form(request, survey, point)
    visit = services.Visit(
        device=request.COOKIES.get(DEVICE_COOKIE, "")[:64],
        address=client_ip(request),
        seconds=_seconds_since_shown(request.POST.get("shown", "")),
        honeypot=request.POST.get(HONEYPOT, ""),
    )
    values = {key: request.POST.get(key) for key in request.POST}
    try:
        services.submit_public(survey=survey, point=point, values=values, visit=visit, source=source)
    except DomainError as exc:
        if exc.code == "closed":
            return _closed(request, survey.unit.name)
        return _form(request, survey, point, error=exc.message, status=exc.status if exc.status in (429,) else 400)
    return redirect("surveys_public:thanks")


@never_cache
@require_http_methods(["GET", "POST"])
def by_link(request: HttpRequest, code: str) -> HttpResponse:
    survey = Survey.objects.select_related("unit").filter(code=code.lower()).first()
    if survey is None:
        raise Http404
    if not services.accepting(survey, timezone.localdate()):
        return _closed(request, survey.unit.name)
    return _answer(request, survey, None, Source.WEB)


@never_cache
@require_http_methods(["GET", "POST"])
def by_point(request: HttpRequest, code: str) -> HttpResponse:
    point = CollectionPoint.objects.select_related("unit").filter(code=code.lower(), active=True).first()
    if point is None:
        raise Http404
    survey = services.survey_for_point(point, timezone.localdate())
    if survey is None:
        return _closed(request, point.unit.name)
    return _answer(request, survey, point, Source.QR)


@require_http_methods(["GET"])
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/public_thanks.html")
