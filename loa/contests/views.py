"""The contest back office: the question bank, contests and their settings, rounds, rankings and prize lists,
certificates, participants. Thin: selectors and standings read, services write. Entries and judging are in
`entry_views`."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loa.core.catalogs import ReformArea
from loa.core.errors import DomainError
from loa.core.http import XLSX, attachment
from loa.core.numbers import parse_revision, parse_whole
from loa.core.uploads import XlsxImportForm, import_status, run_import
from loa.org.scope import keeps, out_of_reach
from loa.org.selectors import asked_unit
from loa.plans.defaults import place_for

from . import bank, selectors, services, standings
from .catalog import ContestKind, ContestStatus
from .finish import finish_round, round_activities
from .forms import ContestForm, QuestionForm, RoundForm, contest_initial, question_initial
from .models import Contest, Participant
from .ranking import Ranked


def _problems(form: Any) -> str:
    return "; ".join(
        f"{form.fields[k].label}: {' '.join(str(e) for e in v)}" if k in form.fields else " ".join(str(e) for e in v)
        for k, v in form.errors.items()
    )


def _revision(request: HttpRequest) -> int:
    found = parse_revision(request.POST.get("revision", ""))
    if found is None:
        raise DomainError(_("Thiếu lần sửa; tải lại trang rồi làm lại."))
    return found


def _contest(request: HttpRequest, pk: int) -> Contest:
    return selectors.contest_get(actor=request.user, pk=pk)


def _organiser(request: HttpRequest, contest: Contest) -> None:
    bank.require_keeper(request.user, contest.unit)


def _reader(request: HttpRequest, contest: Contest) -> None:
    if not selectors.sees_results(request.user, contest):
        raise out_of_reach()


def _input(form: ContestForm, kind: str) -> services.ContestInput:
    d = form.cleaned_data
    return services.ContestInput(
        kind=kind,
        title=d["title"],
        rules=d["rules"],
        attempts_per_round=d["attempts_per_round"] or 1,
        time_limit=(d["time_limit"] or 10) * 60,
        blueprint=d["blueprint"],
        prediction=d["prediction"],
        ranking=d["ranking"],
        prizes=d["prizes"],
        overall_prizes=d["overall_prizes"],
        criteria=d["criteria"],
    )


# --- contests --------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    unit = asked_unit(request.user, request.GET.get("unit", ""))
    page = Paginator(selectors.contests(actor=request.user), settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    counts = selectors.people_by_contest([c.pk for c in shown])
    context = {
        "unit": unit,
        "rows": [(c, counts.get(c.pk, 0)) for c in shown],
        "page": page,
        "may_create": keeps(request.user, unit),
    }
    return render(request, "contests/contest_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contest_create(request: HttpRequest) -> HttpResponse:
    unit = asked_unit(request.user, request.GET.get("unit", ""))
    bank.require_keeper(request.user, unit)
    form = ContestForm(
        request.POST or None,
        initial={"rank_1": "rk_score", "rank_2": "rk_prediction", "rank_3": "rk_duration", "rank_4": "rk_submitted"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_create(
                actor=request.user, unit=unit, data=_input(form, form.cleaned_data["kind"])
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo cuộc thi. Thêm vòng thi rồi công bố để mọi người tham gia."))
            return redirect("contests:detail", pk=contest.pk)
    context = {"unit": unit, "form": form, "creating": True}
    return render(request, "contests/contest_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def contest_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    _organiser(request, contest)
    form = ContestForm(request.POST or None, initial=contest_initial(contest))
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_update(
                actor=request.user, contest=contest, data=_input(form, contest.kind), revision=_revision(request)
            )
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu cuộc thi."))
            return redirect("contests:detail", pk=contest.pk)
    context = {"unit": contest.unit, "form": form, "contest": contest}
    return render(request, "contests/contest_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    reader = selectors.sees_results(request.user, contest)
    units = selectors.participation_units(contest) if reader else []
    number = parse_whole(request.GET.get("round", ""))
    round_ = contest.rounds.filter(number=number).first() if number else None
    context = {
        "contest": contest,
        "rounds": selectors.rounds_of(contest),
        "organiser": selectors.may_organise(request.user, contest),
        "reader": reader,
        "judge": selectors.judging(request.user, contest),
        "quiz": contest.kind == ContestKind.QUIZ,
        "participation": standings.participation(contest, units, round_) if reader else [],
        "shown_round": round_,
        "round_form": RoundForm(),
        "link": request.build_absolute_uri(reverse("contests_public:contest", args=[contest.code])),
        "now": timezone.now(),
        "draw_problems": services.draw_problems(contest) if contest.kind == ContestKind.QUIZ else [],
        "areas": dict(ReformArea.choices),
    }
    return render(request, "contests/contest_detail.html", context)


@login_required
@require_POST
def contest_status(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    status = request.POST.get("status", "")
    try:
        services.contest_set_status(actor=request.user, contest=contest, status=status, revision=_revision(request))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            {
                ContestStatus.PUBLISHED.value: _("Đã công bố cuộc thi."),
                ContestStatus.CLOSED.value: _("Đã kết thúc cuộc thi."),
            }.get(status, _("Đã chuyển cuộc thi về đang chuẩn bị.")),
        )
    return redirect("contests:detail", pk=contest.pk)


@login_required
@require_POST
def round_add(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    _organiser(request, contest)
    form = RoundForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_problems(form))
        data = services.RoundInput(opens_at=form.cleaned_data["opens_at"], closes_at=form.cleaned_data["closes_at"])
        services.round_save(actor=request.user, contest=contest, data=data)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thêm vòng thi."))
    return redirect("contests:detail", pk=contest.pk)


@login_required
@require_POST
def round_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    contest = _contest(request, pk)
    _organiser(request, contest)
    selectors.round_get(contest, number)
    form = RoundForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_problems(form))
        data = services.RoundInput(opens_at=form.cleaned_data["opens_at"], closes_at=form.cleaned_data["closes_at"])
        services.round_save(actor=request.user, contest=contest, data=data, number=number, revision=_revision(request))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lưu vòng thi."))
    return redirect("contests:detail", pk=contest.pk)


# --- outcome ---------------------------------------------------------------------------------------------------------


def _quiz_round(request: HttpRequest, pk: int, number: int) -> tuple[Contest, Any]:
    contest = _contest(request, pk)
    _reader(request, contest)
    if contest.kind != ContestKind.QUIZ:
        raise out_of_reach()
    return contest, selectors.round_get(contest, number)


@login_required
@require_GET
def round_ranking(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    contest, round_ = _quiz_round(request, pk, number)
    ranked = standings.round_ranking(round_)
    context = {
        "contest": contest,
        "round": round_,
        "ranked": ranked,
        "winners": [r for r in ranked if r.prize],
        "place": place_for(contest.unit),
        "actual": standings.actual_figure(round_),
        "organiser": selectors.may_organise(request.user, contest),
        "closed": round_.closes_at <= timezone.now(),
        "activities": round_activities(round_),
    }
    return render(request, "contests/round_ranking.html", context)


@login_required
@require_POST
def round_finish(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    contest = _contest(request, pk)
    round_ = selectors.round_get(contest, number)
    try:
        done = finish_round(actor=request.user, round_=round_)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã tổng kết vòng thi: ghi nhận %(n)s hoạt động cuộc thi.") % {"n": done.recorded})
        if done.kept:
            messages.warning(
                request,
                _("Kỳ báo cáo của các đơn vị sau đã gửi, hoạt động giữ nguyên: %(units)s.")
                % {"units": ", ".join(done.kept)},
            )
    target = "contests:ranking" if contest.kind == ContestKind.QUIZ else "contests:entry_results"
    return (
        redirect(target, pk=contest.pk, number=number)
        if contest.kind == ContestKind.QUIZ
        else redirect(target, pk=contest.pk)
    )


def _certificates(request: HttpRequest, contest: Contest, label: str, ranked: list[Ranked], name: str) -> HttpResponse:
    from .certificates import certificates_for, certificates_pdf, signing

    place, title, signer = signing(contest.unit, request.GET)
    certs = certificates_for(
        contest, label, ranked, place=place, on=timezone.localdate(), signer_title=title, signer_name=signer
    )
    return attachment(certificates_pdf(certs), name, "application/pdf")


@login_required
@require_GET
def round_certificates(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    contest, round_ = _quiz_round(request, pk, number)
    try:
        return _certificates(
            request,
            contest,
            _("Vòng %(n)s") % {"n": number},
            standings.round_ranking(round_),
            f"giay-chung-nhan-vong-{number}.pdf",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("contests:ranking", pk=contest.pk, number=number)


@login_required
@require_GET
def round_xlsx(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    from .results_xlsx import ranking_workbook

    contest, round_ = _quiz_round(request, pk, number)
    content = ranking_workbook(contest, round_, standings.round_ranking(round_))
    return attachment(content, f"ket-qua-vong-{number}.xlsx", XLSX)


@login_required
@require_GET
def overall(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    _reader(request, contest)
    ranked = standings.overall_ranking(contest)
    context = {
        "contest": contest,
        "ranked": ranked,
        "winners": [r for r in ranked if r.prize],
        "place": place_for(contest.unit),
    }
    return render(request, "contests/overall.html", context)


@login_required
@require_GET
def overall_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    _reader(request, contest)
    try:
        return _certificates(
            request, contest, _("Chung cuộc"), standings.overall_ranking(contest), "giay-chung-nhan-chung-cuoc.pdf"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("contests:overall", pk=contest.pk)


@login_required
@require_GET
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _contest(request, pk)
    _reader(request, contest)
    number = parse_whole(request.GET.get("round", ""))
    round_ = selectors.round_get(contest, number) if number else None
    found = selectors.participants_of(contest, round_)
    page = Paginator(found, settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "contest": contest,
        "round": round_,
        "rounds": selectors.rounds_of(contest),
        "page": page,
        "rows": page.object_list,
        "organiser": selectors.may_organise(request.user, contest),
        "query": f"round={number}" if number else "",
    }
    return render(request, "contests/participant_list.html", context)


@login_required
@require_POST
def participant_exclude(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    contest = _contest(request, pk)
    person = Participant.objects.filter(round__contest=contest, pk=pid).select_related("round__contest__unit").first()
    if person is None:
        raise out_of_reach()
    excluded = request.POST.get("excluded") == "1"
    services.participant_exclude(actor=request.user, participant=person, excluded=excluded)
    messages.success(request, _("Đã loại khỏi xếp hạng.") if excluded else _("Đã tính lại vào xếp hạng."))
    return redirect(reverse("contests:participants", args=[contest.pk]) + f"?round={person.round.number}")


# --- question bank ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def bank_list(request: HttpRequest) -> HttpResponse:
    unit = asked_unit(request.user, request.GET.get("unit", ""))
    query = request.GET.get("q", "")[:200]
    area = request.GET.get("area", "")
    area = area if area in ReformArea.values else ""
    state = request.GET.get("state", "")
    active = {"on": True, "off": False}.get(state)
    found = bank.questions(actor=request.user, query=query, area=area, active=active)
    page = Paginator(found, settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    from urllib.parse import urlencode

    context = {
        "unit": unit,
        "page": page,
        "rows": page.object_list,
        "q": query,
        "area": area,
        "state": state if active is not None else "",
        "areas": ReformArea.choices,
        "may_edit": keeps(request.user, unit),
        "query": urlencode(
            {k: v for k, v in {"unit": unit.code, "q": query, "area": area, "state": state}.items() if v}
        ),
        "import_form": XlsxImportForm(),
    }
    return render(request, "contests/bank_list.html", context)


def _question_input(form: QuestionForm) -> bank.QuestionInput:
    d = form.cleaned_data
    return bank.QuestionInput(
        code=d["code"].strip(),
        area=d["area"],
        topic=d["topic"],
        text=d["text"],
        options=[d[f"option_{i}"] for i in range(4)],
        answer=d["answer"],
        source=d["source"],
        explanation=d["explanation"],
        active=d["active"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest) -> HttpResponse:
    unit = asked_unit(request.user, request.GET.get("unit", ""))
    bank.require_keeper(request.user, unit)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            q = bank.question_create(actor=request.user, owner=unit, data=_question_input(form))
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm câu hỏi %(code)s.") % {"code": q.code})
            return redirect(reverse("contests:bank") + f"?unit={unit.code}")
    return render(
        request, "contests/question_form.html", {"unit": unit, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    q = bank.question_get(actor=request.user, pk=pk)
    may_edit = keeps(request.user, q.owner)
    form = QuestionForm(request.POST or None, initial=question_initial(q))
    if request.method == "POST":
        bank.require_keeper(request.user, q.owner)
        if form.is_valid():
            try:
                bank.question_update(
                    actor=request.user, question=q, data=_question_input(form), revision=_revision(request)
                )
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã lưu câu hỏi %(code)s.") % {"code": q.code})
                return redirect(reverse("contests:bank") + f"?unit={q.owner.code}")
    if not may_edit:
        for field in form.fields.values():
            field.disabled = True
    context = {"unit": q.owner, "form": form, "question": q, "may_edit": may_edit}
    return render(request, "contests/question_form.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def bank_export(request: HttpRequest) -> HttpResponse:
    from .bank_xlsx import export_bank

    unit = asked_unit(request.user, request.GET.get("unit", ""))
    found = bank.questions(actor=request.user).filter(owner=unit)
    return attachment(export_bank(found), f"ngan-hang-cau-hoi-{unit.code}.xlsx", XLSX)


@login_required
@require_GET
def bank_template(request: HttpRequest) -> HttpResponse:
    from .bank_xlsx import template

    return attachment(template(), "mau-ngan-hang-cau-hoi.xlsx", XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def bank_import(request: HttpRequest) -> HttpResponse:
    from .bank_xlsx import import_bank

    unit = asked_unit(request.user, request.GET.get("unit", ""))
    bank.require_keeper(request.user, unit)
    form = XlsxImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        found: list[Any] = []

        def run(content: bytes, dry_run: bool) -> int:
            found.append(import_bank(actor=request.user, owner=unit, data=content, dry_run=dry_run))
            return int(found[-1].created + found[-1].updated)

        count, errors = run_import(form, limit=settings.LOA_IMPORT_MAX_BYTES, run=run)
        if count is not None:
            result = found[-1]
            text = _("%(c)s câu hỏi mới, %(u)s câu sửa, %(s)s câu giữ nguyên.") % {
                "c": result.created,
                "u": result.updated,
                "s": result.unchanged,
            }
            if form.cleaned_data["dry_run"]:
                messages.info(request, _("Tệp hợp lệ: %(t)s Bỏ chọn «Chỉ kiểm tra» để nhập.") % {"t": text})
            else:
                messages.success(request, _("Đã nhập: %(t)s") % {"t": text})
                return redirect(reverse("contests:bank") + f"?unit={unit.code}")
    context = {"unit": unit, "form": form, "errors": errors}
    status = import_status(form) if request.method == "POST" else 200
    if request.method == "POST" and (form.errors or errors) and status == 200:
        status = 400
    return render(request, "contests/bank_import.html", context, status=status)
