"""Oversight pages: the recommendations of a unit's area (an oversight body writes one here), and one
recommendation with the addressed unit's answer. Thin: selectors read, services write."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loa.core.dates import parse_day
from loa.core.errors import DomainError, PermissionDenied
from loa.core.numbers import parse_revision
from loa.org.catalog import PUBLIC_BODIES
from loa.org.models import OrgUnit
from loa.org.scope import overseen_path
from loa.org.selectors import asked_unit, current_q
from loa.org.tree import subtree_q

from . import selectors, services
from .models import RecommendationStatus


def _unit(request: HttpRequest) -> OrgUnit:
    return asked_unit(request.user, request.GET.get("unit", ""), own=False)  # an overseer's own unit is the Front


def _targets(request: HttpRequest) -> list[OrgUnit]:
    """Units an oversight account may address: the administration of its area."""
    own = getattr(request.user, "unit", None)
    if own is None:
        return []
    found = OrgUnit.objects.filter(subtree_q(overseen_path(own)), current_q(), unit_type__in=PUBLIC_BODIES)
    return [u for u in found.order_by("unit_type", "name") if services.may_recommend(request.user, u)]


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_list(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    targets = _targets(request)
    error, status, values = "", 200, request.POST
    if request.method == "POST":
        if not targets:
            raise PermissionDenied(
                _("Chỉ tài khoản giám sát của Ủy ban MTTQ, tổ chức chính trị - xã hội mới ghi được kiến nghị.")
            )
        code = values.get("to_unit", "")
        data = services.RecommendationInput(
            to_unit=next((u for u in targets if u.code == code), None),
            subject=values.get("subject", ""),
            text=values.get("text", ""),
            due_on=parse_day(values.get("due_on", "")[:20]),
            reference=values.get("reference", ""),
        )
        try:
            item = services.recommend(actor=request.user, data=data)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            error, status = exc.message, 400
        else:
            messages.success(request, _("Đã gửi kiến nghị giám sát đến %(unit)s.") % {"unit": item.to_unit.name})
            return redirect("oversight:detail", pk=item.pk)
    state = request.GET.get("status", "")
    context = {
        "unit": unit,
        "items": selectors.recommendations(actor=request.user, unit=unit, status=state)[:200],
        "status": state,
        "statuses": RecommendationStatus.choices,
        "targets": targets,
        "values": values,
        "default_due": (timezone.localdate() + timedelta(days=services.DEFAULT_DAYS)).strftime("%d/%m/%Y"),
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "oversight/recommendation_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.recommendation_get(actor=request.user, pk=pk)
    if request.method == "POST":
        revision = parse_revision(request.POST.get("revision", ""))
        try:
            if revision is None:
                raise DomainError(_("Thiếu lần sửa của kiến nghị; tải lại trang rồi làm lại."))
            services.respond(actor=request.user, item=item, text=request.POST.get("answer", ""), revision=revision)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã trả lời kiến nghị giám sát."))
        return redirect("oversight:detail", pk=item.pk)
    context = {
        "item": item,
        "may_answer": services.may_answer(request.user, item.to_unit) and item.status == RecommendationStatus.OPEN,
        "today": timezone.localdate(),
    }
    return render(request, "oversight/recommendation_detail.html", context)
