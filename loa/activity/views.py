"""Activity pages: list with filters, quick entry, edit, evidence, calendar, import, task progress.

Thin: selectors read, services write; a DomainError becomes a message on the same page.
"""

from dataclasses import replace
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loa.channels.selectors import channel_label, outlet_choices
from loa.core.busy import Busy, busy_as_domain_error
from loa.core.catalogs import Channel, ReformArea
from loa.core.dates import parse_day
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.http import XLSX, attachment, stored_file
from loa.core.numbers import parse_whole
from loa.core.periods import require_period, standard_periods
from loa.core.uploads import import_status, run_import
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can, scope_prefix, units
from loa.org.selectors import unit_by_code

from . import evidence as evidence_service
from . import selectors, services
from .evidence import CONTENT_TYPES, IMAGES
from .forms import ActivityForm, ActivityImportForm
from .measures import WITH_PARTICIPANTS, all_measures, default_measure
from .models import Activity, ActivityStatus, EvidenceKind
from .progress import ProgressStatus, plan_progress_for, tasks_for_unit, unit_progress
from .search import MatchPaginator
from .validation import ActivityInvalid
from .xlsx_io import ImportResult, activities_import, check_summary, export, result_notes, template


def _home_unit(request: HttpRequest, perm: Perm = Perm.VIEW) -> OrgUnit | None:
    """The unit a page is about: ?unit=CODE when given, else the user's own unit."""
    code = request.GET.get("unit", "").strip()
    if code:
        unit = unit_by_code(actor=request.user, code=code)
        if not can(request.user, perm, unit):
            raise NotFound(_("Đơn vị %(code)s không thuộc phạm vi của bạn.") % {"code": code})
        return unit
    return getattr(request.user, "unit", None)


def _filters(request: HttpRequest) -> tuple[selectors.ActivityFilter, dict[str, Any]]:
    """The list's filters from the query string; wrong values are dropped and named, never a 500."""
    get = request.GET
    problems: list[str] = []
    unit = _home_unit(request)
    period = None
    if get.get("period"):
        try:
            period = require_period(get["period"])
        except DomainError as exc:
            problems.append(exc.message)
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = get.get(name, "").strip()
        days[name] = parse_day(text) if text else None
        if text and days[name] is None:
            problems.append(_("Ngày «%(v)s» không hợp lệ; ghi theo dạng dd/mm/yyyy.") % {"v": text})
    task_text = get.get("task", "")
    filters = selectors.ActivityFilter(
        unit=unit,
        subtree=get.get("subtree") == "1",
        date_from=days["from"],
        date_to=days["to"],
        period=period,
        channel=get.get("channel", ""),
        area=get.get("area", ""),
        task=parse_whole(task_text),
        status=get.get("status", ""),
        query=get.get("q", "")[:200],
    )
    filters, unknown = selectors.clean_filters(filters)
    return filters, {"problems": problems + unknown, "unit": unit}


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    filters, extra = _filters(request)
    if filters.query:
        base = selectors.activity_list(actor=request.user, filters=replace(filters, query=""))
        paginator: Paginator[Any] = MatchPaginator(
            selectors.with_details(base), settings.LOA_PAGE_SIZE, base=base, query=filters.query
        )
    else:
        qs = selectors.activity_list(actor=request.user, filters=filters)
        paginator = Paginator(selectors.with_details(qs), settings.LOA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    unit = extra["unit"]
    year = (filters.period.year if filters.period else None) or timezone.localdate().year
    return render(
        request,
        "activity/activity_list.html",
        {
            "page": page,
            "query": params.urlencode(),
            "f": filters,
            "g": request.GET,
            "unit": unit,
            "problems": extra["problems"],
            "channels": Channel.choices,
            "areas": ReformArea.choices,
            "statuses": ActivityStatus.choices,
            "periods": standard_periods(year) + standard_periods(year - 1),
            "task_choices": _task_choices(tasks_for_unit(unit)) if unit else [],
            "can_add": scope_prefix(request.user, Perm.EDIT) is not None,
        },
    )


@login_required
def activity_export(request: HttpRequest) -> HttpResponse:
    filters, _extra = _filters(request)
    qs = selectors.activity_list(actor=request.user, filters=filters).prefetch_related("tasks")
    return attachment(export(qs), f"hoat-dong-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


def _task_choices(tasks: list[Any]) -> list[tuple[int, str]]:
    return [(t.pk, _task_label(t)) for t in tasks]


def _task_label(task: Any) -> str:
    plan = task.plan.number_symbol or _("dự thảo")
    deadline = _(" (hạn %(d)s)") % {"d": task.deadline.strftime("%d/%m/%Y")} if task.deadline else ""
    return f"[{task.pk}] {task.title}{deadline} · {plan}"


def _entry_units(request: HttpRequest, selected: OrgUnit | None) -> QuerySet[OrgUnit]:
    """Units offered in the form: the user's unit and those right under it, plus the one asked for."""
    user: Any = request.user
    reach = units(user, Perm.EDIT)
    anchor = getattr(user, "unit", None)
    ids = [u.pk for u in (anchor, selected) if u is not None]
    return (reach.filter(pk__in=ids) | reach.filter(parent_id__in=[anchor.pk] if anchor else [])).order_by("path")


def _form_context(form: ActivityForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "measures": all_measures(),
        "participant_channels": ",".join(sorted(WITH_PARTICIPANTS)),
        "max_mb": settings.LOA_EVIDENCE_MAX_BYTES // 2**20,
        **extra,
    }


def _uploads(request: HttpRequest, field: str = "evidence") -> list[evidence_service.Upload]:
    return [(f.name or "", f.size or 0, f) for f in request.FILES.getlist(field)]


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    if scope_prefix(request.user, Perm.EDIT) is None:
        raise PermissionDenied(_("Bạn không có quyền ghi nhận hoạt động."))
    unit = _home_unit(request, Perm.EDIT)
    if request.method == "POST":
        posted = OrgUnit.objects.filter(pk=request.POST.get("unit", "0") or 0).first()
        unit = posted if posted is not None and can(request.user, Perm.EDIT, posted) else unit
    if unit is None:
        raise PermissionDenied(_("Tài khoản của bạn chưa gắn với đơn vị nào."))
    tasks = tasks_for_unit(unit)
    wanted = request.GET.get("task", "")
    task = next((t for t in tasks if str(t.pk) == wanted), None)
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(request, unit, task),
        units=_entry_units(request, unit),
        tasks=_task_choices(tasks),
        outlets=outlet_choices(unit),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with busy_as_domain_error():
                activity = services.activity_create(
                    actor=request.user, unit=form.cleaned_data["unit"], data=form.to_input(), files=_uploads(request)
                )
        except ActivityInvalid as exc:
            form.add_service_errors(exc.errors)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 503 if isinstance(exc, Busy) else 200  # busy: the form comes back as typed, to send again
        else:
            messages.success(request, _("Đã ghi nhận hoạt động «%(t)s».") % {"t": activity.title})
            if request.POST.get("next") == "another":
                return redirect(reverse("activity:create") + f"?unit={activity.unit.code}")
            if task is not None:
                return redirect(reverse("activity:tasks") + f"?unit={activity.unit.code}")
            return redirect("activity:detail", pk=activity.pk)
    return render(
        request, "activity/activity_form.html", _form_context(form, unit=unit, task=task, activity=None), status=status
    )


def _initial(request: HttpRequest, unit: OrgUnit, task: Any) -> dict[str, Any]:
    """Defaults that make the form a one-minute job: today, the task's channel and area, or what the
    unit recorded last."""
    last = selectors.visible_activities(request.user).filter(unit=unit).order_by("-created_at", "-pk").first()
    channel = (task.channel if task is not None and task.channel else None) or (last.channel if last else "")
    channel = channel or Channel.CONG_TTDT
    initial: dict[str, Any] = {
        "unit": unit.pk,
        "date": timezone.localdate(),
        "channel": channel,
        "measure": (task.measure if task is not None and task.measure else "") or default_measure(channel),
        "quantity": "1",
    }
    if task is not None:
        initial["tasks"] = [str(task.pk)]
        initial["title"] = task.product or task.title
        if task.reform_area:
            initial["reform_areas"] = [task.reform_area]
        if task.audience:
            initial["audience"] = task.audience
    elif last is not None:
        initial["reform_areas"] = last.reform_areas
    return initial


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(actor=request.user, pk=pk)
    return render(
        request,
        "activity/activity_detail.html",
        {
            "activity": activity,
            "tasks": activity.tasks.select_related("plan"),
            "evidence": activity.evidence.all(),
            "can_edit": can(request.user, Perm.EDIT, activity.unit),
            "images": IMAGES,
            "max_mb": settings.LOA_EVIDENCE_MAX_BYTES // 2**20,
            "history": activity.history.select_related("history_user").order_by("-history_date")[:20],
            "outlet_label": channel_label(activity.outlet) if activity.outlet is not None else "",
        },
    )


def _editable(request: HttpRequest, pk: int) -> Activity:
    activity = selectors.activity_get(actor=request.user, pk=pk)
    if not can(request.user, Perm.EDIT, activity.unit):
        raise PermissionDenied(_("Bạn chỉ được xem hoạt động này, không được sửa."))
    return activity


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable(request, pk)
    current = services.activity_input(activity)
    initial = {
        **{k: v for k, v in vars(current).items() if k not in {"tasks", "status"}},
        "unit": activity.unit_id,
        "tasks": [str(t) for t in current.tasks or []],
        "draft": activity.status == ActivityStatus.DRAFT,
        "quantity": f"{activity.quantity:f}".rstrip("0").rstrip(".") if "." in f"{activity.quantity:f}" else "",
    }
    form = ActivityForm(
        request.POST or None,
        initial=initial,
        units=OrgUnit.objects.filter(pk=activity.unit_id),
        tasks=_task_choices(tasks_for_unit(activity.unit)),
        outlets=outlet_choices(activity.unit),
    )
    form.fields.pop("evidence")
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with busy_as_domain_error():
                services.activity_update(
                    actor=request.user,
                    activity=activity,
                    data=form.to_input(),
                    expected_revision=form.cleaned_data.get("revision"),
                )
        except ActivityInvalid as exc:
            form.add_service_errors(exc.errors)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = exc.status if isinstance(exc, Busy | services.StaleActivity) else 200
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("activity:detail", pk=activity.pk)
    return render(
        request,
        "activity/activity_form.html",
        _form_context(form, unit=activity.unit, task=None, activity=activity),
        status=status,
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable(request, pk)
    try:
        services.activity_delete(actor=request.user, activity=activity)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("activity:detail", pk=pk)
    messages.success(request, _("Đã xóa hoạt động «%(t)s».") % {"t": activity.title})
    return redirect(reverse("activity:list") + f"?unit={activity.unit.code}")


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable(request, pk)
    files = _uploads(request, "files")
    errors: list[str] = []
    if not files:
        errors.append(_("Chưa chọn tệp nào."))
    for name, size, content in files:
        try:
            evidence_service.evidence_add(actor=request.user, activity=activity, name=name, size=size, content=content)
        except DomainError as exc:
            errors.append(exc.message)  # one bad file does not stop the good ones: each is its own upload
    context = {
        "activity": activity,
        "evidence": activity.evidence.all(),
        "can_edit": True,
        "errors": errors,
        "images": IMAGES,
        "max_mb": settings.LOA_EVIDENCE_MAX_BYTES // 2**20,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "activity/_evidence.html", context)
    for error in errors:
        messages.error(request, error)
    return redirect("activity:detail", pk=pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(actor=request.user, pk=pk)
    inline = request.GET.get("inline") == "1" and evidence.kind in IMAGES | {"pdf"}
    return stored_file(evidence.file, evidence.name, CONTENT_TYPES[EvidenceKind(evidence.kind)], inline=inline)


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = selectors.evidence_get(actor=request.user, pk=pk)
    activity = _editable(request, evidence.activity_id)
    try:
        evidence_service.evidence_delete(actor=request.user, evidence=evidence)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gỡ tệp «%(name)s».") % {"name": evidence.name})
    return redirect("activity:detail", pk=activity.pk)


@login_required
def activity_calendar(request: HttpRequest) -> HttpResponse:
    unit = _home_unit(request)
    if unit is None:
        raise NotFound(_("Chọn một đơn vị để xem lịch."))
    today = timezone.localdate()
    month_text = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in month_text.split("-")) if month_text else (today.year, today.month)
        first = date(year, month, 1)
    except (ValueError, OverflowError):  # "2026-13", "2026-²"; a year of twenty digits overflows date()
        raise NotFound(_("Tháng «%(v)s» không hợp lệ (ví dụ 2026-03).") % {"v": month_text}) from None
    subtree = request.GET.get("subtree") == "1"
    cal = selectors.calendar_month(actor=request.user, unit=unit, subtree=subtree, first=first)
    prev_month = (first.replace(day=1) - date.resolution).replace(day=1)
    next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    labels = dict(Channel.choices)
    return render(
        request,
        "activity/activity_calendar.html",
        {
            "unit": unit,
            "cal": cal,
            "rows": [
                (code, labels.get(code, code), list(zip(cal.days, counts, strict=True)), cal.totals.get(code))
                for code, counts in cal.rows
            ],
            "subtree": subtree,
            "prev": prev_month,
            "next": next_month,
            "today": today,
            "day_totals": [sum(counts[i] for _c, counts in cal.rows) for i in range(len(cal.days))],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request: HttpRequest) -> HttpResponse:
    if scope_prefix(request.user, Perm.EDIT) is None:
        raise PermissionDenied(_("Bạn không có quyền nhập hoạt động."))
    unit = _home_unit(request, Perm.EDIT)
    choices = _entry_units(request, unit)
    form = ActivityImportForm(request.POST or None, request.FILES or None, units=choices, initial={"unit": unit})
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["unit"]
        results: list[ImportResult] = []

        def run(content: bytes, dry_run: bool) -> int:
            result = activities_import(
                actor=request.user,
                unit=target,
                content=content,
                dry_run=dry_run,
                allow_duplicates=form.cleaned_data["allow_duplicates"],
                name=form.cleaned_data["file"].name or "",
            )
            results.append(result)
            return result.imported

        count, errors = run_import(form, limit=settings.LOA_ACTIVITY_IMPORT_MAX_BYTES, run=run)
        for note in result_notes(results[0]) if results else []:
            messages.warning(request, note)
        if count is not None and form.cleaned_data["dry_run"]:
            messages.info(
                request,
                " ".join([check_summary(results[0]), _("Bỏ chọn «Chỉ kiểm tra» để nhập.")]),
            )
        elif count is not None:
            messages.success(request, _("Đã nhập %(n)s hoạt động cho %(unit)s.") % {"n": count, "unit": target.name})
            return redirect(reverse("activity:list") + f"?unit={target.code}")
    return render(
        request, "activity/activity_import.html", {"form": form, "errors": errors}, status=import_status(form)
    )


@login_required
def activity_template(request: HttpRequest) -> HttpResponse:
    return attachment(template(), "mau-nhap-hoat-dong.xlsx", XLSX)


@login_required
def unit_tasks(request: HttpRequest) -> HttpResponse:
    """A unit's tasks with deadlines and progress; overdue ones flagged, done ones below."""
    unit = _home_unit(request)
    if unit is None:
        raise NotFound(_("Chọn một đơn vị để xem nhiệm vụ."))
    open_rows, done = unit_progress(unit)
    return render(
        request,
        "activity/unit_tasks.html",
        {"unit": unit, "open_rows": open_rows, "done_rows": done, "can_add": can(request.user, Perm.EDIT, unit)},
    )


@login_required
def plan_progress_view(request: HttpRequest, pk: int) -> HttpResponse:
    plan, progress = plan_progress_for(request.user, pk)
    unit_filter = request.GET.get("status", "")
    rows = [r for r in progress.rows if not unit_filter or r.status == unit_filter]
    labels = dict(ReformArea.choices)
    return render(
        request,
        "activity/plan_progress.html",
        {
            "plan": plan,
            "progress": progress,
            "rows": rows,
            "status_filter": unit_filter,
            "statuses": ProgressStatus.choices,
            "areas": [(code, labels.get(code, code), ratio) for code, ratio in progress.by_area],
        },
    )
