"""Scoring pages: a province's ranking (with XLSX and DOCX), and one unit's score sheet where the unit
self-assesses and the Sở Nội vụ appraises. Thin: parse, call one selector or service, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from loa.core.errors import DomainError, PermissionDenied
from loa.core.http import DOCX, XLSX, attachment
from loa.core.numbers import parse_revision, parse_whole
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can, get_in_scope, out_of_reach
from loa.org.selectors import first_province, unit_by_code
from loa.org.tree import province_of

from . import commendations, selectors, services
from .document import ranking_docx, ranking_xlsx
from .engine import UnitScore
from .models import Commendation, CommendationKind, RuleType

# The kinds of unit a province ranks, with the built-in tables of `services.BUILT_IN`.
SCORED = {UnitType.UBND_XA: gettext_lazy("Xã, phường"), UnitType.SO_NGANH: gettext_lazy("Sở, ban, ngành")}


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    year = parse_whole(request.GET.get("year", ""))
    if year is not None and 2000 <= year <= today.year + 1:
        return year
    return selectors.default_year(getattr(request.user, "unit", None), today)


def _province(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("unit", "").strip()
    if code:
        return unit_by_code(actor=request.user, code=code)
    unit = getattr(request.user, "unit", None)
    if unit is None:  # an administrator without a unit
        return first_province()
    return province_of(unit)


@login_required
def ranking_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    province = _province(request)
    if not request.GET.get("unit") and not can(user, Perm.VIEW, province) and user.unit is not None:
        # An officer of a commune sees its own sheet, not the province's table.
        return redirect("scoring:sheet", code=user.unit.code, year=_year(request))
    year = _year(request)
    scored = request.GET.get("type", "")
    scored = scored if scored in SCORED else UnitType.UBND_XA
    rows = selectors.ranking(actor=user, province=province, year=year, unit_type=scored)
    fmt = request.GET.get("format", "")
    tail = "" if scored == UnitType.UBND_XA else "-so-nganh"
    if fmt == "xlsx":
        return attachment(ranking_xlsx(province, year, rows), f"xep-hang-{province.code}-{year}{tail}.xlsx", XLSX)
    if fmt == "docx":
        return attachment(ranking_docx(province, year, rows), f"xep-hang-{province.code}-{year}{tail}.docx", DOCX)
    this_year = timezone.localdate().year
    return render(
        request,
        "scoring/ranking.html",
        {
            "province": province,
            "year": year,
            "rows": rows,
            "years": range(this_year, this_year - 5, -1),
            "scored": scored,
            "kinds": [(code, SCORED[code]) for code in SCORED],
        },
    )


def _values(request: HttpRequest, score: UnitScore, prefix: str) -> dict[str, tuple[str, str]]:
    return {
        p.criterion.code: (
            request.POST.get(f"{prefix}-{p.criterion.code}", ""),
            request.POST.get(f"{prefix}-note-{p.criterion.code}", ""),
        )
        for p in score.points
        if p.criterion.rule != RuleType.GROUP
    }


@login_required
@require_http_methods(["GET", "POST"])
def sheet_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    user: Any = request.user
    unit = unit_by_code(actor=user, code=code)
    score = selectors.unit_score(actor=user, unit=unit, year=year)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            revision = parse_revision(request.POST.get("revision", ""))
            na = set(request.POST.getlist("na"))
            if action == "self":
                values = _values(request, score, "self")
                services.self_assess(actor=user, score=score, values=values, revision=revision, na=na)
                messages.success(request, _("Đã lưu điểm tự chấm."))
            elif action == "appraise":
                values = _values(request, score, "appr")
                services.appraise(actor=user, score=score, values=values, revision=revision, na=na)
                messages.success(request, _("Đã lưu điểm thẩm định."))
            else:
                raise DomainError(_("Thao tác không hợp lệ."))
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
            score = selectors.unit_score(actor=user, unit=unit, year=year)
            return render(request, "scoring/sheet.html", _sheet_context(request, score, posted=request.POST))
        return redirect("scoring:sheet", code=code, year=year)
    return render(request, "scoring/sheet.html", _sheet_context(request, score))


def _sheet_context(request: HttpRequest, score: UnitScore, posted: Any = None) -> dict[str, Any]:
    user: Any = request.user
    assessment = score.assessment
    appraised = assessment is not None and assessment.appraised_at is not None
    return {
        "score": score,
        "unit": score.unit,
        "year": score.rule_set.year,
        "revision": assessment.revision if assessment else 0,
        "can_self": can(user, Perm.EDIT, score.unit) and not appraised,
        "can_appraise": can(user, Perm.REVIEW, score.unit) and getattr(user, "unit_id", None) != score.unit.pk,
        "posted": posted or {},
        "province": province_of(score.unit),
    }


@login_required
@require_http_methods(["GET", "POST"])
def commendation_view(request: HttpRequest) -> HttpResponse:
    """The year's proposals in reach, a form to add one (a unit and its activities chosen from lists, nothing typed
    by code), and, for a province, suggestions from the ranking (the best and the weakest units that scored)."""
    user: Any = request.user
    year = _year(request)
    units = commendations.proposable_units(user)
    if request.method == "POST":
        try:
            unit = _chosen_unit(user, units, request.POST.get("unit", ""))
            tokens = request.POST.getlist("activities")
            wrong = [x for x in tokens if parse_whole(x) is None]
            if wrong:
                raise DomainError(_("Hoạt động được chọn không hợp lệ: %(v)s.") % {"v": ", ".join(wrong)[:100]})
            commendations.commendation_create(
                actor=user,
                year=parse_whole(request.POST.get("year", "")) or year,
                kind=request.POST.get("kind", ""),
                unit=unit,
                person=request.POST.get("person", ""),
                reason=request.POST.get("reason", ""),
                activity_ids=[int(x) for x in tokens],
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)  # shown on the page below, with what was typed kept
        else:
            messages.success(request, _("Đã lưu đề xuất."))
            return redirect(f"{request.path}?year={year}")
    items = list(commendations.commendation_list(actor=user, year=year))
    if request.GET.get("format") == "xlsx":
        return attachment(commendations.commendations_xlsx(items, year), f"bieu-duong-{year}.xlsx", XLSX)
    province = province_of(user.unit) if user.unit else None
    suggestions: list[Any] = []
    if province is not None and can(user, Perm.DRAFT, province):
        suggestions = commendations.suggestions(selectors.ranking(actor=user, province=province, year=year))
    chosen = request.POST.get("unit") or request.GET.get("unit") or ""
    chosen_unit = next((u for u in units if u.code == chosen), None)
    picked = {x for x in request.POST.getlist("activities")}
    this_year = timezone.localdate().year
    context = {
        "year": year,
        "items": items,
        "suggestions": suggestions,
        "years": range(this_year, this_year - 5, -1),
        "kinds": CommendationKind.choices,
        "posted": request.POST,
        "may_propose": bool(units),
        "units": units,
        "chosen": chosen_unit,
        "evidence": commendations.evidence_choices(actor=user, unit=chosen_unit, year=year) if chosen_unit else [],
        "picked": picked,
    }
    return render(request, "scoring/commendations.html", context)


def _chosen_unit(user: Any, units: list[OrgUnit], code: str) -> OrgUnit:
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        if not code:
            raise DomainError(_("Chưa chọn đơn vị được đề xuất."))
        return unit_by_code(actor=user, code=code)  # out of the list: missing or refused by the service, as ever
    return unit


@login_required
@require_GET
def commendation_evidence_view(request: HttpRequest) -> HttpResponse:
    """The chosen unit's activities of the year, for the form's evidence list (htmx swaps it in)."""
    user: Any = request.user
    unit = unit_by_code(actor=user, code=request.GET.get("unit", ""))
    if not can(user, Perm.VIEW, unit):
        raise out_of_reach()  # another unit's business looks missing, as everywhere
    if not can(user, Perm.DRAFT, unit):
        raise PermissionDenied(_("Bạn không đề xuất được cho %(u)s.") % {"u": unit.name})
    year = _year(request)
    evidence = commendations.evidence_choices(actor=user, unit=unit, year=year)
    return render(request, "scoring/_evidence.html", {"evidence": evidence, "picked": set(), "chosen": unit})


@login_required
@require_http_methods(["POST"])
def commendation_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_in_scope(Commendation.objects.select_related("unit"), request.user, Perm.VIEW, pk=pk)
    commendations.commendation_delete(actor=request.user, item=item)
    messages.success(request, _("Đã xóa đề xuất."))
    return redirect(f"{reverse('scoring:commendations')}?year={item.year}")
