"""The column's back office: a unit's news items, one made from an activity ("Đăng công khai"), edited, sent to the
leader and approved, returned or withdrawn; the unit's column settings with the snippet to paste into its portal.
Thin: selectors read, services write."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from loa.activity.selectors import activity_get
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.numbers import parse_revision, parse_whole
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can
from loa.org.selectors import asked_unit

from . import selectors, services
from .catalog import EDITABLE, SENDABLE, NewsStatus
from .models import ColumnSettings, NewsItem

STATUS_TONES: dict[str, str] = {
    NewsStatus.DRAFT: "st-draft",
    NewsStatus.PENDING: "st-submitted",
    NewsStatus.RETURNED: "st-returned",
    NewsStatus.PUBLISHED: "st-accepted",
    NewsStatus.WITHDRAWN: "st-missing",
}


def _news_input(post: QueryDict) -> services.NewsInput:
    images = [n for n in (parse_whole(v) for v in post.getlist("images")) if n is not None]
    return services.NewsInput(
        title=post.get("title", ""), summary=post.get("summary", ""), body=post.get("body", ""), images=images
    )


def _column_address(request: HttpRequest, unit: OrgUnit) -> str:
    return request.build_absolute_uri(reverse("column_public:home", args=[unit.code]))


@login_required
@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    unit = asked_unit(request.user, request.GET.get("unit", ""))
    status = request.GET.get("status", "")
    if status not in NewsStatus.values:
        status = ""
    found = selectors.news_list(actor=request.user, unit=unit, status=status)
    page = Paginator(found, settings.LOA_PAGE_SIZE).get_page(request.GET.get("page"))
    has_column = selectors.column_unit_of(unit) == unit
    context = {
        "unit": unit,
        "page": page,
        "items": [(item, STATUS_TONES.get(item.status, "")) for item in page.object_list],
        "status": status,
        "statuses": NewsStatus.choices,
        "query": urlencode({"unit": unit.code, "status": status}),
        "column_url": _column_address(request, unit) if has_column else "",
        "has_column": has_column,
    }
    return render(request, "column/news_list.html", context)


def _form(
    request: HttpRequest, *, item: NewsItem | None, activity: Any, data: services.NewsInput, status: int = 200
) -> HttpResponse:
    context = {
        "item": item,
        "activity": activity,
        "unit": item.unit if item is not None else selectors.column_unit_of(activity.unit),
        "data": data,
        "chosen": set(data.images),
        "photos": selectors.image_choices(activity),
        "may_send": item is None or item.status in SENDABLE,
        "limits": {"title": services.MAX_TITLE, "summary": services.MAX_SUMMARY, "body": services.MAX_BODY},
    }
    return render(request, "column/news_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request: HttpRequest) -> HttpResponse:
    """ "Đăng công khai" from an activity's page: the first draft from the activity, to edit, save, send."""
    pk = parse_whole(request.GET.get("activity", "") or request.POST.get("activity", ""))
    if pk is None:
        raise NotFound(_("Mở trang của hoạt động cần đăng công khai rồi bấm «Đăng công khai»."))
    activity = activity_get(actor=request.user, pk=pk)
    unit = selectors.column_unit_of(activity.unit)
    if unit is None:
        raise DomainError(_("%(unit)s không có chuyên mục CCHC công khai trên Loa.") % {"unit": activity.unit.name})
    if not (can(request.user, Perm.EDIT, activity.unit) and can(request.user, Perm.EDIT, unit)):
        raise PermissionDenied(_("Bạn chỉ được xem hoạt động này, không được đăng tin từ hoạt động."))
    existing = selectors.news_of_activity(activity)
    if existing is not None:
        messages.info(request, _("Hoạt động này đã có tin trên chuyên mục CCHC."))
        return redirect("column:detail", pk=existing.pk)
    if request.method == "GET":
        return _form(request, item=None, activity=activity, data=services.prefill(activity))
    data = _news_input(request.POST)
    try:
        item = services.news_from_activity(actor=request.user, activity=activity, data=data)
        if request.POST.get("then") == "send":
            item = services.news_send(actor=request.user, item=item, revision=item.revision)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return _form(request, item=None, activity=activity, data=data, status=400)
    sent = item.status == NewsStatus.PENDING
    messages.success(request, _("Đã gửi tin cho lãnh đạo duyệt.") if sent else _("Đã lưu bản nháp của tin."))
    return redirect("column:detail", pk=item.pk)


@login_required
@require_GET
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.news_get(actor=request.user, pk=pk)
    context = {
        "item": item,
        "unit": item.unit,
        "tone": STATUS_TONES.get(item.status, ""),
        "images": list(item.images.order_by("pk")),
        "may_edit": services.may_edit(request.user, item) and item.status in EDITABLE,
        "may_send": services.may_edit(request.user, item) and item.status in SENDABLE,
        "may_approve": services.may_approve(request.user, item),
        "public_url": request.build_absolute_uri(services.public_path(item))
        if item.status == NewsStatus.PUBLISHED
        else "",
        "history": _steps(item.history.select_related("history_user").order_by("-history_date", "-history_id")[:21]),
    }
    return render(request, "column/news_detail.html", context)


def _steps(rows: Any) -> list[Any]:
    """The item's history as steps: a creation recorded twice (the item, then its photos) is shown once."""
    steps: list[Any] = []
    for row in rows:
        previous = steps[-1] if steps else None
        same = previous is not None and (previous.history_change_reason, previous.history_user_id) == (
            row.history_change_reason,
            row.history_user_id,
        )
        if not (same and row.history_change_reason == "news.created"):
            steps.append(row)
    return steps[:20]


@login_required
@require_http_methods(["GET", "POST"])
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.news_get(actor=request.user, pk=pk)
    if not services.may_edit(request.user, item):
        raise PermissionDenied(_("Bạn chỉ được xem tin này, không được sửa."))
    if item.status not in EDITABLE:
        messages.info(request, _("Tin đang đăng công khai: lãnh đạo gỡ tin xuống thì mới sửa được."))
        return redirect("column:detail", pk=item.pk)
    if request.method == "GET":
        data = services.NewsInput(
            title=item.title,
            summary=item.summary,
            body=item.body,
            images=list(item.images.values_list("pk", flat=True)),
        )
        return _form(request, item=item, activity=item.activity, data=data)
    data = _news_input(request.POST)
    try:
        revision = parse_revision(request.POST.get("revision", ""))
        if revision is None:
            raise DomainError(_("Thiếu lần sửa của tin; tải lại trang rồi sửa lại."))
        item = services.news_save(actor=request.user, item=item, data=data, revision=revision)
        if request.POST.get("then") == "send" and item.status in SENDABLE:
            item = services.news_send(actor=request.user, item=item, revision=item.revision)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return _form(request, item=item, activity=item.activity, data=data, status=exc.status)
    sent = item.status == NewsStatus.PENDING and request.POST.get("then") == "send"
    messages.success(request, _("Đã lưu và gửi tin cho lãnh đạo duyệt.") if sent else _("Đã lưu tin."))
    return redirect("column:detail", pk=item.pk)


@login_required
@require_POST
def news_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Send, approve, return or withdraw an item (`action`), at the revision the page was read at."""
    item = selectors.news_get(actor=request.user, pk=pk)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        revision = parse_revision(request.POST.get("revision", ""))
        if revision is None:
            raise DomainError(_("Thiếu lần sửa của tin; tải lại trang rồi làm lại."))
        if action == "send":
            services.news_send(actor=request.user, item=item, revision=revision)
            messages.success(request, _("Đã gửi tin cho lãnh đạo duyệt."))
        elif action == "approve":
            services.news_approve(actor=request.user, item=item, revision=revision)
            messages.success(request, _("Đã duyệt: tin đã đăng trên chuyên mục CCHC."))
        elif action == "return":
            services.news_return(actor=request.user, item=item, note=note, revision=revision)
            messages.success(request, _("Đã trả lại tin để sửa."))
        elif action == "withdraw":
            services.news_withdraw(actor=request.user, item=item, note=note, revision=revision)
            messages.success(request, _("Đã gỡ tin khỏi chuyên mục CCHC."))
        else:
            raise DomainError(_("Không rõ việc cần làm với tin."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    return redirect("column:detail", pk=item.pk)


def _snippet(request: HttpRequest, unit: OrgUnit) -> str:
    """What a unit pastes into its portal: a frame of its column's compact page and a plain link under it, both
    plain HTML (no script from anywhere)."""
    embed = request.build_absolute_uri(reverse("column_public:embed", args=[unit.code]))
    home = _column_address(request, unit)
    title = escape(_("Chuyên mục cải cách hành chính của %(unit)s") % {"unit": unit.display_name})
    return (
        f'<iframe src="{embed}" title="{title}" width="100%" height="460" loading="lazy" '
        f'style="border:1px solid #d5d9de;border-radius:6px"></iframe>\n'
        f'<p><a href="{home}" target="_blank" rel="noopener">{title}</a></p>'
    )


@login_required
@require_http_methods(["GET", "POST"])
def column_settings(request: HttpRequest) -> HttpResponse:
    unit = asked_unit(request.user, request.GET.get("unit", ""))
    has_column = selectors.column_unit_of(unit) == unit
    may_set = has_column and can(request.user, Perm.EDIT, unit)
    if request.method == "POST":
        if not can(request.user, Perm.EDIT, unit):
            raise PermissionDenied(_("Chỉ cán bộ của %(unit)s mới sửa được cài đặt chuyên mục.") % {"unit": unit.name})
        post = request.POST
        data = services.SettingsInput(
            intro=post.get("intro", ""),
            show_plans=post.get("show_plans") == "on",
            show_reports=post.get("show_reports") == "on",
            procedures_url=post.get("procedures_url", ""),
        )
        try:
            revision = parse_revision(post.get("revision", ""))
            if revision is None:
                raise DomainError(_("Thiếu lần sửa của cài đặt; tải lại trang rồi sửa lại."))
            services.settings_save(actor=request.user, unit=unit, data=data, revision=revision)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu cài đặt chuyên mục CCHC."))
        return redirect(f"{reverse('column:settings')}?unit={unit.code}")
    row = ColumnSettings.objects.filter(unit=unit).first() or ColumnSettings(unit=unit)
    context = {
        "unit": unit,
        "row": row,
        "has_column": has_column,
        "may_set": may_set,
        "default_procedures": selectors.procedures_url(unit, ColumnSettings(unit=unit)) if has_column else "",
        "column_url": _column_address(request, unit) if has_column else "",
        "snippet": _snippet(request, unit) if has_column else "",
    }
    return render(request, "column/column_settings.html", context)
