"""The survey back office: surveys of a unit, one survey's results, staff entry of paper answers, review of flagged
answers, collection points and their posters, questionnaires. Thin: selectors read, services write."""

from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loa.core.errors import DomainError
from loa.core.form_fields import DATE_INPUT_FORMATS
from loa.core.http import XLSX, attachment
from loa.core.numbers import parse_revision, parse_whole
from loa.core.uploads import XlsxImportForm, import_status, run_import
from loa.org.models import OrgUnit
from loa.org.scope import out_of_reach
from loa.org.selectors import asked_unit

from . import editor, selectors, services
from .catalog import SurveyStatus
from .definition import items
from .forms import EntryForm, NewSurveyForm, PointForm, SurveyForm
from .index import rule_from
from .models import Response, Survey
from .public import questionnaire
from .sipas import BUILT_IN_NAME, built_in

BUILT_IN = "builtin"


def _unit(request: HttpRequest) -> OrgUnit:
    return asked_unit(request.user, request.GET.get("unit", ""))


def _survey(request: HttpRequest, pk: int) -> Survey:
    return selectors.survey_get(actor=request.user, pk=pk)


def _form_problems(form: Any) -> str:
    return "; ".join(
        f"{form.fields[k].label}: {' '.join(str(e) for e in v)}" if k in form.fields else " ".join(str(e) for e in v)
        for k, v in form.errors.items()
    )


def _input(form: SurveyForm) -> services.SurveyInput:
    data = form.cleaned_data
    return services.SurveyInput(
        title=data["title"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        population=data["population"],
        margin=(data["margin"] / 100).quantize(Decimal("0.001")),
    )


def _template_choices(request: HttpRequest) -> list[tuple[str, str]]:
    own = [(str(t.pk), f"{t.name} (v{t.version}) · {t.owner.name}") for t in selectors.templates(actor=request.user)]
    return [(BUILT_IN, BUILT_IN_NAME), *own]


@login_required
@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    may_run = services.may_run(request.user, unit)
    form = NewSurveyForm(request.POST or None, initial={"margin": 5})
    form.fields["template"].choices = _template_choices(request)  # type: ignore[attr-defined]
    if request.method == "POST":
        services.require_runner(request.user, unit)
        if form.is_valid():
            choice = form.cleaned_data["template"]
            template = None if choice == BUILT_IN else selectors.template_get(actor=request.user, pk=int(choice))
            try:
                survey = services.survey_create(actor=request.user, unit=unit, data=_input(form), template=template)
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã tạo cuộc khảo sát. Mở khảo sát để bắt đầu nhận phiếu."))
                return redirect("surveys:detail", pk=survey.pk)
    page = Paginator(selectors.surveys(actor=request.user, unit=unit), settings.LOA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = selectors.rows_of(list(page.object_list))
    query = urlencode({"unit": unit.code})
    context = {"unit": unit, "rows": rows, "page": page, "query": query, "form": form, "may_run": may_run}
    return render(request, "surveys/survey_list.html", context, status=400 if form.errors else 200)


def _slice(request: HttpRequest, survey: Survey) -> tuple[selectors.Slice, dict[str, str]]:
    """The results page's filters: a unit below the survey's, a point, a date range; unknown values dropped."""
    unit = point = None
    code = request.GET.get("of", "").strip()
    if code:
        unit = selectors.units_of(survey, request.user).filter(code=code).first()
    pk = parse_whole(request.GET.get("point", ""))
    if pk is not None:
        point = selectors.points(actor=request.user, unit=survey.unit).filter(pk=pk).first()
    dates: list[date | None] = []
    field = forms.DateField(input_formats=DATE_INPUT_FORMATS, required=False)
    for name in ("since", "until"):
        try:
            dates.append(field.clean(request.GET.get(name, "").strip()[:20]))
        except ValidationError:
            dates.append(None)
    shown = {
        "of": unit.code if unit else "",
        "point": str(point.pk) if point else "",
        "since": dates[0].strftime("%d/%m/%Y") if dates[0] else "",
        "until": dates[1].strftime("%d/%m/%Y") if dates[1] else "",
    }
    return selectors.Slice(unit=unit, point=point, since=dates[0], until=dates[1]), shown


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    where, shown = _slice(request, survey)
    found = selectors.results(survey, where)
    rule = rule_from(survey.rule)
    questions = items(survey.definition)
    factor_titles = {f["key"]: f["title"] for f in survey.definition.get("factors", [])}
    context = {
        "survey": survey,
        "res": found,
        "rule": rule,
        "positive": ", ".join(str(level) for level in rule.positive),
        "may_run": services.may_run(request.user, survey.unit),
        "factors": [
            (k, factor_titles.get(k, k), v, found.result.factors[k]) for k, v in found.result.factor_index.items()
        ],
        "questions": [(q, found.result.items[q.key], found.result.items[q.key].share(rule)) for q in questions],
        "edit_form": SurveyForm(
            initial={
                "title": survey.title,
                "starts_on": survey.starts_on,
                "ends_on": survey.ends_on,
                "population": survey.population,
                "margin": (survey.margin * 100).normalize(),
            }
        ),
        "flagged": selectors.flagged(survey=survey) if found.flagged else [],
        "units": selectors.units_of(survey, request.user).order_by("path")[:500],
        "points": selectors.points(actor=request.user, unit=survey.unit),
        "shown": shown,
        "link": request.build_absolute_uri(reverse("surveys_public:link", args=[survey.code])),
        "open": survey.status == SurveyStatus.OPEN,
    }
    return render(request, "surveys/survey_detail.html", context)


@login_required
@require_POST
def survey_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the survey's details, or open or close it (`action`), at the revision the page was read at."""
    survey = _survey(request, pk)
    revision = parse_revision(request.POST.get("revision", ""))
    action = request.POST.get("action", "")
    try:
        if revision is None:
            raise DomainError(_("Thiếu lần sửa của cuộc khảo sát; tải lại trang rồi làm lại."))
        if action in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
            services.survey_set_status(actor=request.user, survey=survey, status=action, revision=revision)
            messages.success(
                request, _("Đã mở khảo sát.") if action == SurveyStatus.OPEN else _("Đã kết thúc khảo sát.")
            )
        else:
            form = SurveyForm(request.POST)
            if not form.is_valid():
                raise DomainError(_form_problems(form))
            services.survey_update(actor=request.user, survey=survey, data=_input(form), revision=revision)
            messages.success(request, _("Đã lưu cuộc khảo sát."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    return redirect("surveys:detail", pk=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def survey_enter(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff type a paper or telephone questionnaire; the page stays open for the next one."""
    survey = _survey(request, pk)
    services.require_runner(request.user, survey.unit)
    units = list(selectors.units_of(survey, request.user).order_by("path")[:500])
    points = list(selectors.points(actor=request.user, unit=survey.unit).filter(active=True))
    form = EntryForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    form.fields["unit"].choices = [("", survey.unit.name)] + [(u.code, u.name) for u in units if u.pk != survey.unit.pk]  # type: ignore[attr-defined]
    form.fields["point"].choices = [("", "—")] + [(str(p.pk), f"{p.name} · {p.unit.name}") for p in points]  # type: ignore[attr-defined]
    error = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            unit = next((u for u in units if u.code == form.cleaned_data["unit"]), None)
            point = next((p for p in points if str(p.pk) == form.cleaned_data["point"]), None)
            values = {key: request.POST.get(key) for key in request.POST}
            try:
                services.enter_answers(
                    actor=request.user,
                    survey=survey,
                    values=values,
                    source=form.cleaned_data["source"],
                    answered_on=form.cleaned_data["answered_on"],
                    unit=unit,
                    point=point,
                )
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                error, status = exc.message, 400
            else:
                messages.success(request, _("Đã ghi phiếu. Nhập tiếp phiếu sau."))
                return redirect("surveys:enter", pk=survey.pk)
        else:
            error, status = _form_problems(form), 400
    context = {
        "survey": survey,
        "form": form,
        "groups": questionnaire(survey, request.POST if request.method == "POST" else {}),
        "no_answer": survey.definition.get("no_answer", ""),
        "error": error,
        "import_form": XlsxImportForm(),
    }
    return render(request, "surveys/survey_enter.html", context, status=status)


@login_required
@require_POST
def survey_review(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    response = Response.objects.filter(survey=survey, pk=response_pk).first()
    if response is None:
        raise out_of_reach()
    try:
        services.review(
            actor=request.user,
            response=response,
            counted=request.POST.get("decision") == "count",
            seen=request.POST.get("seen", "")[:20],
        )
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi quyết định về phiếu."))
    return redirect(reverse("surveys:detail", args=[survey.pk]) + "#flagged")


@login_required
@require_GET
def survey_export(request: HttpRequest, pk: int) -> HttpResponse:
    from . import xlsx_io

    survey = _survey(request, pk)
    rows = Response.objects.filter(survey=survey).select_related("unit", "point").order_by("pk")
    content = xlsx_io.results_workbook(survey, rows, dossiers=services.may_run(request.user, survey.unit))
    return attachment(content, f"khao-sat-{survey.code}.xlsx", XLSX)


@login_required
@require_GET
def survey_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    from . import xlsform

    survey = _survey(request, pk)
    return attachment(xlsform.xlsform(survey), f"xlsform-{survey.code}.xlsx", XLSX)


@login_required
@require_POST
def survey_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers collected in the field with KoboToolbox or ODK, from their XLSX export: all or nothing."""
    from . import xlsform

    survey = _survey(request, pk)
    services.require_runner(request.user, survey.unit)
    form = XlsxImportForm(request.POST, request.FILES)
    errors: list[Any] = []
    if form.is_valid():
        found: list[Any] = []

        def run(content: bytes, dry_run: bool) -> int:
            found.append(xlsform.import_results(actor=request.user, survey=survey, content=content, dry_run=dry_run))
            return int(found[-1].rows)

        count, errors = run_import(form, limit=settings.LOA_IMPORT_MAX_BYTES, run=run)
        if count is not None:
            if found[-1].dry_run:
                messages.info(request, _("Tệp hợp lệ: %(n)s phiếu. Bỏ chọn «Chỉ kiểm tra» để nhập.") % {"n": count})
            else:
                messages.success(request, _("Đã nhập %(n)s phiếu.") % {"n": count})
                return redirect("surveys:detail", pk=survey.pk)
    context = {
        "survey": survey,
        "form": EntryForm(initial={"answered_on": timezone.localdate()}),
        "groups": questionnaire(survey, {}),
        "no_answer": survey.definition.get("no_answer", ""),
        "error": "",
        "import_form": form,
        "errors": errors,
    }
    status = import_status(form)
    return render(
        request, "surveys/survey_enter.html", context, status=400 if form.errors and status == 200 else status
    )


@login_required
@require_POST
def survey_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the survey's index as the unit's own measure of the year in the indices registry."""
    survey = _survey(request, pk)
    try:
        value = services.record_index(actor=request.user, survey=survey)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã ghi chỉ số %(v)s vào sổ chỉ số của đơn vị.") % {"v": value.value})
    return redirect("surveys:detail", pk=survey.pk)


# Collection points --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def point_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    may_run = services.may_run(request.user, unit)
    form = PointForm(request.POST or None)
    if request.method == "POST":
        services.require_runner(request.user, unit)
        if form.is_valid():
            try:
                services.point_create(actor=request.user, unit=unit, name=form.cleaned_data["name"])
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã thêm điểm khảo sát. In áp phích có mã QR để đặt tại quầy."))
                return redirect(f"{reverse('surveys:points')}?unit={unit.code}")
    points = list(selectors.points(actor=request.user, unit=unit))
    leads = selectors.open_surveys_for(points, timezone.localdate())
    rows = [
        (
            p,
            leads[p.pk],
            request.build_absolute_uri(reverse("surveys_public:point", args=[p.code])),
            services.may_run(request.user, p.unit),
        )
        for p in points
    ]
    context = {"unit": unit, "rows": rows, "form": form, "may_run": may_run}
    return render(request, "surveys/point_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def point_change(request: HttpRequest, pk: int) -> HttpResponse:
    point = selectors.point_get(actor=request.user, pk=pk)
    revision = parse_revision(request.POST.get("revision", ""))
    try:
        if revision is None:
            raise DomainError(_("Thiếu lần sửa của điểm khảo sát; tải lại trang rồi sửa lại."))
        services.point_update(
            actor=request.user,
            point=point,
            name=request.POST.get("name", ""),
            active=request.POST.get("active") == "on",
            revision=revision,
        )
        messages.success(request, _("Đã lưu điểm khảo sát."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    return redirect(f"{reverse('surveys:points')}?unit={point.unit.code}")


@login_required
@require_GET
def point_poster(request: HttpRequest, pk: int) -> HttpResponse:
    from . import poster

    point = selectors.point_get(actor=request.user, pk=pk)
    url = request.build_absolute_uri(reverse("surveys_public:point", args=[point.code]))
    return attachment(poster.poster_pdf(point, url), f"ap-phich-khao-sat-{point.code}.pdf", "application/pdf")


# Questionnaires -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def template_list(request: HttpRequest) -> HttpResponse:
    """The built-in questionnaire and the unit's own; copying one makes an editable questionnaire of the unit."""
    unit = _unit(request)
    may_run = services.may_run(request.user, unit)
    if request.method == "POST":
        services.require_runner(request.user, unit)
        source_pk = parse_whole(request.POST.get("source", ""))
        source = None if source_pk is None else selectors.template_get(actor=request.user, pk=source_pk)
        template = services.template_copy(
            actor=request.user, owner=unit, source=source, name=request.POST.get("name", "")
        )
        messages.success(request, _("Đã tạo bản sao. Sửa nội dung rồi lưu."))
        return redirect("surveys:template", pk=template.pk)
    context = {
        "unit": unit,
        "may_run": may_run,
        "templates": selectors.templates(actor=request.user),
        "built_in_name": BUILT_IN_NAME,
        "built_in": editor.fields_of(built_in()),
    }
    return render(request, "surveys/template_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.template_get(actor=request.user, pk=pk)
    may_edit = services.may_run(request.user, template.owner)
    definition = template.definition
    error, status, name = "", 200, template.name
    if request.method == "POST":
        services.require_runner(request.user, template.owner)
        version = parse_revision(request.POST.get("version", ""))
        definition = editor.definition_from(request.POST, template.definition)
        name = request.POST.get("name", "")
        try:
            if version is None:
                raise DomainError(_("Thiếu phiên bản của mẫu phiếu; tải lại trang rồi sửa lại."))
            services.template_save(
                actor=request.user, template=template, name=name, definition=definition, version=version
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            error, status = exc.message, exc.status
        else:
            messages.success(request, _("Đã lưu mẫu phiếu thành phiên bản mới."))
            return redirect("surveys:template", pk=template.pk)
    context = {
        "template": template,
        "name": name,
        "may_edit": may_edit,
        "fields": editor.fields_of(definition),
        "error": error,
    }
    return render(request, "surveys/template_edit.html", context, status=status)
