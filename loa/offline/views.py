"""Offline entry pages: the entry page (its script and the service worker do the offline work, see views_pwa.py)
and the records devices sent that wait for a choice. Thin: selectors read, services write."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from loa.core.dates import parse_day
from loa.core.errors import DomainError, PermissionDenied
from loa.org.models import User
from loa.org.scope import Perm, can, scope_prefix

from . import selectors, services
from .models import Outcome, State, SyncRecord
from .strings import strings

STATE_TONES: dict[str, str] = {
    State.OPEN: "st-submitted",
    State.KEPT_SERVER: "st-accepted",
    State.KEPT_DEVICE: "st-accepted",
    State.RECORDED: "st-accepted",
    State.DISCARDED: "st-missing",
    State.SUPERSEDED: "st-missing",
}


@login_required
@require_GET
def entry(request: HttpRequest) -> HttpResponse:
    if scope_prefix(request.user, Perm.EDIT) is None:
        raise PermissionDenied(_("Bạn không có quyền ghi nhận hoạt động."))
    response = render(request, "offline/entry.html", {"data": selectors.entry_data(request.user), "strings": strings()})
    # The service worker keeps its own copy of this page; the browser's HTTP cache must not keep another.
    response["Cache-Control"] = "no-cache, private"
    return response


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    handled = request.GET.get("handled") == "1"
    page = Paginator(selectors.review_list(request.user, handled=handled), settings.LOA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(row, STATE_TONES.get(row.state, "")) for row in page.object_list]
    return render(
        request,
        "offline/review_list.html",
        {"page": page, "rows": rows, "handled": handled, "waiting": selectors.waiting_counts(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.record_get(actor=request.user, pk=pk)
    error, status = "", 200
    if request.method == "POST":
        try:
            done = _choose(request, row)
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            messages.success(request, done)
            return redirect("offline:review_detail", pk=row.pk)
    context = {
        "row": row,
        "lines": selectors.compare(row),
        "files": list(row.files.all()),
        "tone": STATE_TONES.get(row.state, ""),
        "can_choose": row.state == State.OPEN and can(request.user, Perm.EDIT, row.unit),
        "is_conflict": row.outcome == Outcome.CONFLICT,
        "sender": _person(row.sent_by),
        "resolver": _person(row.resolved_by),
        "error": error,
        "day": request.POST.get("date", ""),
    }
    return render(request, "offline/review_detail.html", context, status=status)


def _person(user: User | None) -> str:
    return (user.full_name or user.username) if user is not None else "—"


def _choose(request: HttpRequest, row: SyncRecord) -> str:
    """Carry out the button pressed; the sentence that says what was done."""
    choice = request.POST.get("choice", "")
    if choice == "server":
        services.keep_server(actor=request.user, item=row)
        return _("Đã giữ bản trên máy chủ; bản từ thiết bị vẫn được lưu ở đây.")
    if choice == "device":
        services.keep_device(actor=request.user, item=row)
        return _("Đã dùng bản từ thiết bị cho hoạt động; bản trước vẫn có trong lịch sử của hoạt động.")
    if choice == "record":
        text = request.POST.get("date", "").strip()
        day = parse_day(text) if text else None
        if text and day is None:
            raise DomainError(_("Ngày «%(d)s» không đúng dạng dd/mm/yyyy.") % {"d": text})
        services.record_now(actor=request.user, item=row, day=day)
        return _("Đã ghi nhận hoạt động từ bản ghi này.")
    if choice == "discard":
        services.discard(actor=request.user, item=row)
        return _("Đã bỏ bản ghi; nội dung của nó vẫn được lưu ở đây.")
    raise DomainError(_("Chưa chọn cách xử lý bản ghi."))
