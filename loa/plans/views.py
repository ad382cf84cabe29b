"""Plan pages: list, create, the one-screen plan page, editor, issue, amend, close, cascade, export.

Thin: selectors read, services write, DomainError becomes a message on the same page.
"""

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
from django.views.decorators.http import require_http_methods, require_POST

from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.exports import export_for
from loa.core.http import download
from loa.indices.selectors import unit_series
from loa.org.scope import Perm, can, scope_prefix

from . import selectors, services
from .cascade import cascade, cascade_status, cascade_targets, implementing_plans
from .catalog import PlanStatus
from .document import EXPORTS, plan_file
from .editor import editor_for, save_editor
from .forms import CascadeForm, IssueForm, PlanCreateForm
from .models import Plan
from .versions import diff, snapshot


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")[:200]
    qs = selectors.plan_list(
        actor=request.user,
        year=int(year) if year.isascii() and year.isdigit() and len(year) == 4 else None,
        status=status if status in PlanStatus.values else "",
        query=query,
    )
    page = Paginator(qs, settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "query": params.urlencode(),
            "q": query,
            "year": year,
            "status": status,
            "statuses": PlanStatus.choices,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
            "can_create": scope_prefix(request.user, Perm.DRAFT) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    selectors.require_drafter(user)
    issuers = selectors.draftable_issuers(user).order_by("path")
    parents = selectors.plans_visible(user).filter(status=PlanStatus.ISSUED).select_related("issuer")
    initial = {"year": timezone.localdate().year, "issuer": user.unit_id}
    form = PlanCreateForm(request.POST or None, initial=initial, issuers=issuers, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=user,
                issuer=form.cleaned_data["issuer"],
                year=form.cleaned_data["year"],
                parent=form.cleaned_data["parent"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã tạo dự thảo kế hoạch. Hãy nhập nội dung và phụ lục nhiệm vụ."))
            return redirect("plans:edit", pk=plan.pk)
    return render(request, "plans/plan_create.html", {"form": form})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    perms = selectors.plan_permissions(request.user, plan)
    shown, tasks = selectors.plan_as_read(request.user, plan)
    status_rows = cascade_status(plan) if perms.status else []
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": shown,
            "tasks": tasks,
            "perms": perms,
            "versions": list(selectors.plan_versions(plan)),
            "children_total": len(status_rows),
            "children_issued": sum(1 for _u, c in status_rows if c and c.status != PlanStatus.DRAFT),
            "children_drafted": sum(1 for _u, c in status_rows if c and c.status == PlanStatus.DRAFT),
            "changes": _changes(plan) if shown.amending else None,
            "actuals": _index_actuals(request.user, shown),
            "measures": selectors.objective_measures(shown),
        },
    )


def _index_actuals(actor: Any, plan: Plan) -> dict[str, Any]:
    """The issuer's latest published value of each index its objectives name, for readers of the issuer's data."""
    codes = {o["index"] for o in plan.objectives if o.get("index")}
    if not codes or not can(actor, Perm.VIEW, plan.issuer):
        return {}
    return {s.index: s.latest for s in unit_series(actor=actor, unit=plan.issuer) if s.index in codes}


def _changes(plan: Plan) -> list[Any]:
    base = plan.versions.order_by("-version").first()
    if base is None:
        return []
    return [s for s in diff(base.snapshot, snapshot(plan)) if s.changed]


@login_required
def plan_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """The diff of the plan against an issued version (default: the live text against the last issue)."""
    plan = selectors.plan_get(actor=request.user, pk=pk)
    versions = list(selectors.plan_versions(plan))
    if not versions:
        raise NotFound(_("Kế hoạch chưa ban hành nên chưa có bản gốc để so sánh."))
    by_number = {v.version: v for v in versions}
    try:
        base = by_number[int(request.GET.get("from", versions[0].version))]
        target_param = request.GET.get("to", "")
        target = by_number[int(target_param)] if target_param else None
    except (KeyError, ValueError):
        raise NotFound(_("Không có phiên bản được yêu cầu.")) from None
    if target is not None:
        current = target.snapshot
    elif plan.amending and not can(request.user, Perm.DRAFT, plan.issuer):
        current = versions[0].snapshot  # an amendment being drafted is not shown to readers
    else:
        current = snapshot(plan)
    return render(
        request,
        "plans/plan_changes.html",
        {
            "plan": selectors.plan_as_read(request.user, plan)[0],
            "base": base,
            "target": target,
            "sections": diff(base.snapshot, current),
            "versions": versions,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_for_editing(request.user, pk)
    status = 200
    if request.method == "GET":
        editor = editor_for(request.user, plan)
    elif request.POST.get("_row"):
        editor = editor_for(request.user, plan, request.POST)
    else:
        editor = editor_for(request.user, plan, request.POST, bound=True)
        try:
            plan = save_editor(request.user, editor)
        except DomainError as exc:
            # The page comes back with everything the user typed; a conflict also says so in its status.
            editor.general.add_error(None, exc.message)
            status = 409 if exc.status == 409 else 200
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            if request.POST.get("_continue"):
                return redirect("plans:edit", pk=plan.pk)
            if request.POST.get("_appendix"):  # the appendix import page (intake) adds rows to the saved plan
                return redirect("intake:appendix", pk=plan.pk)
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_edit.html", {"plan": plan, "editor": editor}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    services.require_issuer_leader(request.user, plan)
    today = timezone.localdate()
    initial = {
        "number": services.next_register_number(plan.issuer, today.year),
        "issued_on": today,
        "signer_title": plan.signer_title,
        "signer_name": plan.signer_name,
    }
    form = IssueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.IssueInput(**form.cleaned_data)
        try:
            plan = services.plan_issue(actor=request.user, plan=plan, data=data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã ban hành %(ref)s.") % {"ref": plan.reference})
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_issue.html", {"plan": plan, "form": form})


def _go(request: HttpRequest, to: str, **kwargs: Any) -> HttpResponse:
    """Redirect; an htmx request (a confirmed button) gets HX-Redirect so the whole page moves."""
    url = reverse(to, kwargs=kwargs)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _transition(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    try:
        action(actor=request.user, plan=plan)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return _go(request, "plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_amend(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.plan_amend, _("Đã mở bản điều chỉnh. Bản đã ban hành vẫn là bản gốc để so sánh.")
    )


@login_required
@require_POST
def plan_amend_discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.plan_amend_discard, _("Đã hủy bản điều chỉnh, kế hoạch trở về bản đã ban hành.")
    )


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.plan_close, _("Đã kết thúc kế hoạch."))


@login_required
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    try:
        services.plan_delete_draft(actor=request.user, plan=plan)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return _go(request, "plans:detail", pk=plan.pk)
    messages.success(request, _("Đã xóa dự thảo."))
    return _go(request, "plans:list")


@login_required
@require_http_methods(["GET", "POST"])
def plan_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, pk=pk)
    form = CascadeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selectors.require_drafter(request.user)
        try:
            all_units, code = form.cleaned_data["all_units"], form.cleaned_data["target"]
            if not all_units and not code:
                raise DomainError(_("Hãy chọn một đơn vị hoặc «Tạo cho tất cả đơn vị»."))
            targets = cascade_targets(actor=request.user, codes=None if all_units else [code])
            result = cascade(actor=request.user, plan=plan, targets=targets)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Đã tạo %(n)s dự thảo kế hoạch triển khai; %(s)s đơn vị đã có kế hoạch nên được giữ nguyên.")
                % {"n": len(result.created), "s": len(result.skipped)},
            )
        return redirect("plans:cascade", pk=plan.pk)
    rows = implementing_plans(request.user, plan)
    return render(
        request,
        "plans/plan_cascade.html",
        {
            "plan": plan,
            "rows": rows,
            "can_cascade": selectors.plan_permissions(request.user, plan).cascade,
            "missing": sum(1 for _u, c in rows if c is None),
        },
    )


@login_required
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    export_for(EXPORTS, fmt)  # an unknown format is a 404 before the plan is read
    plan, tasks = selectors.plan_as_read(request.user, selectors.plan_get(actor=request.user, pk=pk))
    try:
        document = plan_file(plan, tasks, fmt)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("plans:detail", pk=plan.pk)
    # "Xem trước" opens the PDF in the browser's own viewer instead of downloading it.
    return download(document, inline=fmt == "pdf" and bool(request.GET.get("inline")))
