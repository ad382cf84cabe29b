"""The user's own notices: a list, marking them read, and how they reach the user."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loa.core.errors import DomainError
from loa.core.numbers import parse_whole

from .models import Delivery
from .selectors import delivery_for, notifications_for
from .services import mark_read, notice_open, set_delivery


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notify/notification_list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A notice's link: marks it read, then goes to the page where the person acts."""
    url = notice_open(actor=request.user, pk=pk)  # type: ignore[arg-type]
    # Notices link inside Loa; anything else (never written by Loa) goes back to the list.
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return redirect("notify:list")
    return redirect(url)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    """The notices ticked (`id`), or every notice when none is sent ("Đánh dấu tất cả đã đọc")."""
    posted = request.POST.getlist("id")
    ids = [i for x in posted if (i := parse_whole(x)) is not None]
    if len(ids) != len(posted):  # an id nobody could have ticked: mark nothing rather than everything
        messages.error(request, _("Mã thông báo không hợp lệ; chưa đánh dấu thông báo nào."))
        return redirect("notify:list")
    mark_read(request.user, ids or None)  # type: ignore[arg-type]
    return redirect("notify:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """The user's own choice: in the app only, an e-mail at once, or one digest e-mail a day."""
    if request.method == "POST":
        try:
            set_delivery(actor=request.user, delivery=request.POST.get("delivery", ""))  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notify:settings")
    return render(
        request,
        "notify/notification_settings.html",
        {"choices": Delivery.choices, "current": delivery_for(request.user), "email": request.user.email},  # type: ignore[union-attr]
    )
