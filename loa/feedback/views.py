"""The feedback back office: items of a unit (with the overdue ones first to hand), one item with its history and
what a handler may do, the statistics per unit, and the province's rules. Thin: selectors read, services write."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loa.core.errors import DomainError
from loa.core.numbers import parse_revision, parse_whole
from loa.core.periods import standard_periods
from loa.org.catalog import PUBLIC_BODIES
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can
from loa.org.selectors import asked_unit
from loa.org.tree import province_of

from . import selectors, services
from .catalog import FeedbackStatus
from .models import FeedbackRules
from .rules import LIMITS, rules_for


def _unit(request: HttpRequest) -> OrgUnit:
    return asked_unit(request.user, request.GET.get("unit", ""))


def _year(request: HttpRequest) -> int:
    year = parse_whole(request.GET.get("year", ""))
    today = timezone.localdate()
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


@login_required
@require_GET
def feedback_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    status = request.GET.get("status", "")
    if status not in FeedbackStatus.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    year = _year(request)
    items = selectors.feedback_list(actor=request.user, unit=unit, status=status, overdue=overdue, today=today)
    context = {
        "unit": unit,
        "items": items.order_by("-received_on", "-pk")[:200],
        "status": status,
        "overdue": overdue,
        "statuses": FeedbackStatus.choices,
        "today": today,
        "year": year,
        "stats": selectors.stats(
            actor=request.user, unit=unit, since=date(year, 1, 1), until=date(year, 12, 31), today=today
        ),
        # The address a unit publishes on its page; only the bodies a citizen may address have one.
        "form_url": request.build_absolute_uri(reverse("feedback_public:form")) + f"?unit={unit.code}"
        if unit.unit_type in PUBLIC_BODIES
        else "",
    }
    return render(request, "feedback/feedback_list.html", context)


@login_required
@require_GET
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.feedback_get(actor=request.user, pk=pk)
    may_handle = services.may_handle(request.user, item.unit)
    targets = services.forward_targets(item.unit) if may_handle else OrgUnit.objects.none()
    context = {
        "item": item,
        "may_handle": may_handle,
        "events": selectors.events(item, handler=may_handle),
        "targets": targets,
        "today": timezone.localdate(),
        "open": item.status in (FeedbackStatus.RECEIVED, FeedbackStatus.PROCESSING),
    }
    return render(request, "feedback/feedback_detail.html", context)


@login_required
@require_POST
def feedback_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Take on, pass on, answer or note an item (`action`), at the revision the page was read at."""
    item = selectors.feedback_get(actor=request.user, pk=pk)
    action = request.POST.get("action", "")
    revision = parse_revision(request.POST.get("revision", ""))
    try:
        if action == "note":
            services.add_note(actor=request.user, item=item, note=request.POST.get("note", ""))
            messages.success(request, _("Đã ghi chú."))
        elif revision is None:
            raise DomainError(_("Thiếu lần sửa của phản ánh; tải lại trang rồi làm lại."))
        elif action == "accept":
            services.accept(actor=request.user, item=item, revision=revision)
            messages.success(request, _("Đã nhận xử lý phản ánh."))
        elif action == "forward":
            services.require_handler(request.user, item.unit)
            target = OrgUnit.objects.filter(code=request.POST.get("to_unit", "")[:40]).first()
            if target is None:
                raise DomainError(_("Chọn đơn vị nhận phản ánh."))
            services.forward(
                actor=request.user, item=item, to_unit=target, note=request.POST.get("note", ""), revision=revision
            )
            messages.success(request, _("Đã chuyển phản ánh đến %(unit)s.") % {"unit": target.name})
        elif action == "answer":
            services.answer(
                actor=request.user,
                item=item,
                text=request.POST.get("answer", ""),
                publish=request.POST.get("publish") == "on",
                revision=revision,
            )
            messages.success(request, _("Đã trả lời phản ánh."))
        else:
            raise DomainError(_("Không rõ việc cần làm với phản ánh."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    item.refresh_from_db()
    if not can(request.user, Perm.VIEW, item.unit):  # passed on beyond the actor's reach: back to the list it left
        return redirect(f"{reverse('feedback:list')}?unit={item.addressed_to.code}")
    return redirect("feedback:detail", pk=item.pk)


@login_required
@require_GET
def feedback_stats(request: HttpRequest) -> HttpResponse:
    """The figures per handling unit for a reporting period of a year (the year itself by default)."""
    unit = _unit(request)
    year = _year(request)
    periods = standard_periods(year)
    period = next((p for p in periods if p.id == request.GET.get("period", "")), periods[-1])
    today = timezone.localdate()
    since, until = period.start, period.end
    context = {
        "unit": unit,
        "year": year,
        "period": period,
        "periods": periods,
        "total": selectors.stats(actor=request.user, unit=unit, since=since, until=until, today=today),
        "rows": selectors.stats_by_unit(actor=request.user, unit=unit, since=since, until=until, today=today),
    }
    return render(request, "feedback/feedback_stats.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def feedback_rules(request: HttpRequest) -> HttpResponse:
    province = province_of(_unit(request))
    may_set = can(request.user, Perm.REVIEW, province)
    if request.method == "POST":
        values = {field: parse_whole(request.POST.get(field, "")) for field in LIMITS}
        revision = parse_revision(request.POST.get("revision", ""))
        try:
            if revision is None:
                raise DomainError(_("Thiếu lần sửa của quy định; tải lại trang rồi sửa lại."))
            services.rules_save(actor=request.user, province=province, values=values, revision=revision)  # type: ignore[arg-type]
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu quy định xử lý phản ánh, kiến nghị của tỉnh."))
        return redirect(f"{reverse('feedback:rules')}?unit={province.code}")
    row = FeedbackRules.objects.filter(province=province).first()
    context = {
        "province": province,
        "rules": rules_for(province),
        "revision": row.revision if row else 0,
        "may_set": may_set,
        "limits": LIMITS,
    }
    return render(request, "feedback/feedback_rules.html", context)
