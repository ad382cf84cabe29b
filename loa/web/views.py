"""Web shell views: thin wrappers that call selectors and services and render templates."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loa.activity.progress import unit_open_tasks
from loa.activity.search import ranked
from loa.activity.selectors import visible_activities
from loa.core.errors import DomainError, PermissionDenied
from loa.core.http import XLSX, attachment
from loa.core.uploads import import_status, run_import
from loa.org import selectors
from loa.org.catalog import Role
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can, get_in_scope, scope_prefix, units
from loa.org.services import unit_create, unit_update
from loa.org.unit_import import import_units, unit_template
from loa.plans.selectors import plan_list

from .forms import UnitForm, UnitImportForm, UnitSearchForm
from .todo import todo_count, todo_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    unit = user.unit
    this_year = timezone.localdate().year
    context: dict[str, Any] = {
        "unit": unit,
        "role_label": Role(user.role).label,
        "view_scope_count": units(user, Perm.VIEW).count(),
        "scope_root": selectors.reach_root(user, Perm.VIEW),
        "open_units": selectors.unit_children(actor=user, unit=unit)[:12] if unit else [],
        "this_year": this_year,
        # This year's plans in reach, the superior ones first: plans flow down.
        "plans": list(plan_list(actor=user, year=this_year).order_by("issuer__depth", "issuer__path", "-pk")[:8]),
    }
    if scope_prefix(user, Perm.VIEW_AUDIT) is not None:
        context["recent_changes"] = selectors.audit_entries(actor=user, limit=8)
    context["todo"] = todo_for(user)
    return render(request, "web/home.html", context)


@login_required
def todo_badge(request: HttpRequest) -> HttpResponse:
    """The menu's count of things to do, loaded after the page so that no page pays for it."""
    # Rendered without the request: the menu's context processors would cost queries this fragment never shows.
    return HttpResponse(render_to_string("web/_todo_badge.html", {"count": todo_count(request.user)}))


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.unit_search(
        actor=request.user,
        query=data.get("q", ""),
        unit_type=data.get("unit_type", ""),
        include_legacy=bool(data.get("legacy")),
    )
    page = Paginator(qs, settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    # Who works in a unit is the business of those who may read its data: marked only inside the VIEW reach.
    in_reach = [u.pk for u in page if can(request.user, Perm.VIEW, u)]
    no_staff = selectors.units_without_staff(in_reach)
    template = "org/_unit_results.html" if request.htmx else "org/unit_list.html"  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, template, {"form": form, "page": page, "query": params.urlencode(), "no_staff": no_staff})


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    user: Any = request.user
    unit = selectors.unit_by_code(actor=user, code=code)
    in_scope = can(user, Perm.VIEW, unit)
    children = selectors.unit_children(actor=user, unit=unit, include_legacy=unit.valid_to is not None)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": selectors.unit_ancestors(unit),
            "children": children.order_by("name")[:500],
            "children_total": children.count(),
            "predecessors": unit.predecessors.all()[:200],
            "members": selectors.unit_members(actor=user, unit=unit) if in_scope else None,
            "can_manage": can(user, Perm.MANAGE_UNITS, unit),
            "open_tasks": unit_open_tasks(unit)[:10] if in_scope else None,
            "history": selectors.audit_entries(actor=user, unit=unit, limit=20)
            if can(user, Perm.VIEW_AUDIT, unit)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create_view(request: HttpRequest, code: str) -> HttpResponse:
    parent = get_in_scope(OrgUnit.objects.all(), request.user, Perm.MANAGE_UNITS, unit_path="path", code=code)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_create(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã thêm đơn vị %(name)s.") % {"name": unit.name})
            return redirect("web:unit_detail", code=unit.code)
    return render(request, "org/unit_form.html", {"form": form, "parent": parent, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_in_scope(OrgUnit.objects.all(), request.user, Perm.MANAGE_UNITS, unit_path="path", code=code)
    form = UnitForm(request.POST or None, instance=OrgUnit.objects.get(pk=unit.pk))
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            unit = unit_update(actor=request.user, unit=unit, **changes)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu thay đổi của %(name)s.") % {"name": unit.name})
            return redirect("web:unit_detail", code=unit.code)
    return render(request, "org/unit_form.html", {"form": form, "parent": unit.parent, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def unit_import_view(request: HttpRequest) -> HttpResponse:
    if scope_prefix(request.user, Perm.MANAGE_UNITS) is None:
        raise PermissionDenied(_("Bạn không có quyền nhập đơn vị."))
    form = UnitImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        count, errors = run_import(
            form,
            limit=settings.LOA_IMPORT_MAX_BYTES,
            run=lambda content, dry_run: len(import_units(actor=request.user, content=content, dry_run=dry_run)),
        )
        if count is not None and form.cleaned_data["dry_run"]:
            messages.info(request, _("Tệp hợp lệ: %(n)s đơn vị. Bỏ chọn «Chỉ kiểm tra» để nhập.") % {"n": count})
        elif count is not None:
            messages.success(request, _("Đã nhập %(n)s đơn vị.") % {"n": count})
            return redirect("web:unit_list")
    return render(request, "org/unit_import.html", {"form": form, "errors": errors}, status=import_status(form))


@login_required
def unit_template_view(request: HttpRequest) -> HttpResponse:
    return attachment(unit_template(), "mau-nhap-don-vi.xlsx", XLSX)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One box for activities, plans and units: words in any order, diacritics and case optional."""
    query = request.GET.get("q", "")[:200].strip()
    context: dict[str, Any] = {"q": query}
    if query:
        activities = ranked(visible_activities(request.user), query, limit=21)
        context.update(
            units=list(selectors.unit_search(actor=request.user, query=query)[:10]),
            plans=list(plan_list(actor=request.user, query=query)[:10]),
            activities=activities[:20],
            activities_more=len(activities) > 20,
        )
    return render(request, "web/search.html", context)
