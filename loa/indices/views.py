"""The indices registry page: a unit's series (PAR INDEX, SIPAS, PAPI, PCI, DDCI, 766) with their sources, a
form to record one published value, and an all-or-nothing XLSX import with a check-only pass."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loa.core.catalogs import Index
from loa.core.dates import parse_day
from loa.core.errors import DomainError, PermissionDenied
from loa.core.http import XLSX, attachment
from loa.core.uploads import XlsxImportForm, run_import
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can, out_of_reach, scope_prefix
from loa.org.selectors import first_province, scope_root, unit_by_code

from . import selectors, services


def _unit(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("unit", "").strip()
    if code:
        unit = unit_by_code(actor=request.user, code=code)
        if not can(request.user, Perm.VIEW, unit):
            raise out_of_reach()
        return unit
    return scope_root(request.user) or first_province()  # an administrator: the first province


@login_required
@require_http_methods(["GET", "POST"])
def index_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    unit = _unit(request)
    may_enter = scope_prefix(user, Perm.REVIEW) is not None
    form = XlsxImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied(_("Bạn không có quyền nhập giá trị chỉ số."))
        if request.POST.get("action") == "one":
            try:
                services.index_value_save(
                    actor=user,
                    unit=unit,
                    data=services.IndexInput(
                        index=request.POST.get("index", ""),
                        year=request.POST.get("year", ""),
                        value=request.POST.get("value", ""),
                        as_of=parse_day(request.POST.get("as_of", "")),
                        rank=request.POST.get("rank", ""),
                        rank_of=request.POST.get("rank_of", ""),
                        source=request.POST.get("source", ""),
                    ),
                )
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Đã lưu giá trị chỉ số."))
                return redirect(f"{reverse('indices:list')}?unit={unit.code}")
        elif form.is_valid():
            count, errors = run_import(
                form,
                limit=settings.LOA_IMPORT_MAX_BYTES,
                run=lambda content, dry_run: services.import_index_values(actor=user, content=content, dry_run=dry_run),
            )
            if count is not None and form.cleaned_data["dry_run"]:
                messages.info(request, _("Tệp hợp lệ: %(n)s giá trị. Bỏ chọn «Chỉ kiểm tra» để nhập.") % {"n": count})
            elif count is not None:
                messages.success(request, _("Đã nhập %(n)s giá trị chỉ số.") % {"n": count})
                return redirect(f"{reverse('indices:list')}?unit={unit.code}")
    context = {
        "unit": unit,
        "series": selectors.unit_series(actor=user, unit=unit),
        "may_enter": may_enter and can(user, Perm.REVIEW, unit),
        "may_import": may_enter,
        "form": form,
        "errors": errors,
        "indices": Index.choices,
    }
    return render(request, "indices/index_list.html", context)


@login_required
def index_template(request: HttpRequest) -> HttpResponse:
    return attachment(services.template(), "mau-nhap-chi-so.xlsx", XLSX)
