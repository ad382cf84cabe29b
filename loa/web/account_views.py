"""Account pages for coordinators and administrators: list, create, edit (profile, role, unit), deactivate with a
successor, reactivate, reset the password, and the XLSX bulk import with its one-time credential sheet."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loa.core.errors import DomainError, PermissionDenied
from loa.core.http import XLSX, attachment
from loa.core.uploads import XlsxImportForm, import_status, run_import
from loa.org import selectors
from loa.org.accounts import (
    account_create,
    user_deactivate,
    user_reactivate,
    user_reset_password,
    user_update,
)
from loa.org.credentials import (
    Credential,
    by_unit,
    credentials_from_token,
    credentials_token,
    credentials_xlsx,
)
from loa.org.models import User
from loa.org.scope import Actor, Perm, get_in_scope, scope_prefix
from loa.org.user_import import import_accounts, unit_title, user_template

from .account_forms import DeactivateForm, UserFilterForm, UserForm


def _require_manager(actor: Actor) -> None:
    if scope_prefix(actor, Perm.MANAGE_USERS) is None:
        raise PermissionDenied(_("Bạn không có quyền quản lý người dùng."))


def _account(request: HttpRequest, pk: int) -> User:
    return get_in_scope(User.objects.select_related("unit", "successor"), request.user, Perm.MANAGE_USERS, pk=pk)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = UserFilterForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    active = {"1": True, "0": False}.get(data.get("active") or "")
    qs = selectors.user_list(
        actor=request.user, unit=data.get("unit"), role=data.get("role", ""), active=active, query=data.get("q", "")
    )
    page = Paginator(qs, settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "org/user_list.html", {"form": form, "page": page, "query": params.urlencode()})


def _one_time(request: HttpRequest, user: User, password: str, title: str) -> HttpResponse:
    """The page that shows a one-time password: rendered in the answer to the write, never stored, never again."""
    credential = Credential(
        user.unit.code if user.unit else "",
        unit_title(user.unit) if user.unit else "",
        user.full_name,
        user.username,
        password,
    )
    return render(
        request,
        "org/user_password.html",
        {"account": user, "password": password, "title": title, "token": credentials_token(request.user, [credential])},
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = UserForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user, password = account_create(actor=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return _one_time(request, user, password, _("Đã tạo tài khoản %(username)s") % {"username": user.username})
    return render(request, "org/user_form.html", {"form": form, "account": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    form = UserForm(request.POST or None, actor=request.user, user=account)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "username"}
        try:
            account = user_update(actor=request.user, user=account, **changes)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu tài khoản %(username)s.") % {"username": account.username})
            return redirect("web:user_list")
    return render(request, "org/user_form.html", {"form": form, "account": account})


@login_required
@require_http_methods(["GET", "POST"])
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    form = DeactivateForm(request.POST if request.method == "POST" else None, actor=request.user, user=account)
    if request.method == "POST" and form.is_valid():
        try:
            user_deactivate(actor=request.user, user=account, successor=form.cleaned_data["successor"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã khóa tài khoản %(username)s.") % {"username": account.username})
            return redirect("web:user_list")
    return render(request, "org/user_deactivate.html", {"form": form, "account": account})


@login_required
@require_POST
def user_reactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    account = user_reactivate(actor=request.user, user=_account(request, pk))
    messages.success(request, _("Đã mở lại tài khoản %(username)s.") % {"username": account.username})
    return redirect("web:user_list")


@login_required
@require_http_methods(["GET", "POST"])
def user_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (a new password signs the holder out everywhere); POST resets."""
    account = _account(request, pk)
    if request.method == "GET":
        return render(request, "org/user_reset.html", {"account": account})
    password = user_reset_password(actor=request.user, user=account)
    return _one_time(
        request, account, password, _("Đã cấp lại mật khẩu cho %(username)s") % {"username": account.username}
    )


@login_required
def user_template_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    return attachment(user_template(actor=request.user), "mau-nhap-tai-khoan.xlsx", XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def user_import_view(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = XlsxImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    accounts: list[Credential] = []

    def run(content: bytes, dry_run: bool) -> int:
        accounts.extend(import_accounts(actor=request.user, content=content, dry_run=dry_run))
        return len(accounts)

    if request.method == "POST" and form.is_valid():
        count, errors = run_import(form, limit=settings.LOA_IMPORT_MAX_BYTES, run=run)
        if count is not None and form.cleaned_data["dry_run"]:
            messages.info(request, _("Tệp hợp lệ: %(n)s tài khoản. Bỏ chọn «Chỉ kiểm tra» để tạo.") % {"n": count})
        elif count is not None:
            return render(
                request,
                "org/user_import_done.html",
                {"count": count, "sheets": by_unit(accounts), "token": credentials_token(request.user, accounts)},
            )
    context = {"form": form, "errors": errors, "preview": accounts}
    return render(request, "org/user_import.html", context, status=import_status(form))


@login_required
@require_POST
def user_credentials_view(request: HttpRequest) -> HttpResponse:
    """The credential sheet of accounts just created, from the signed token in that answer's page: XLSX, or a
    printable page with one page per unit."""
    _require_manager(request.user)
    credentials = credentials_from_token(request.user, request.POST.get("token", ""))
    if request.POST.get("format") == "xlsx":
        return attachment(credentials_xlsx(credentials), "tai-khoan-loa.xlsx", XLSX)
    return render(
        request, "org/user_credentials.html", {"sheets": by_unit(credentials), "site_url": settings.LOA_SITE_URL}
    )
