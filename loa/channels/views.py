"""Registry pages: a unit's channels (add, change, remove, import, export), and the coverage table of a subtree.

Thin: selectors read, services write; a DomainError becomes a message on the same page.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from loa.core.errors import DomainError
from loa.core.http import XLSX, attachment
from loa.core.numbers import parse_whole
from loa.core.uploads import XlsxImportForm, import_status, run_import
from loa.org.models import OrgUnit
from loa.org.selectors import asked_unit

from . import selectors, services, xlsx_io
from .catalog import COMMUNES, DEPARTMENTS, KINDS, ChannelKind
from .forms import ChannelForm, initial_of

POPULATIONS = {
    "communes": (COMMUNES, gettext_lazy("Xã, phường")),
    "departments": (DEPARTMENTS, gettext_lazy("Sở, ban, ngành")),
}


def _unit(request: HttpRequest, *, own: bool = True) -> OrgUnit:
    """The unit asked for, else the user's own (`own`) or the root of what the user views."""
    return asked_unit(request.user, request.GET.get("unit", ""), own=own)


def _page(unit: OrgUnit) -> str:
    return f"{reverse('channels:list')}?unit={unit.code}"


@login_required
@require_http_methods(["GET", "POST"])
def channel_list(request: HttpRequest) -> HttpResponse:
    """A unit's registry: its channels with a form each, a form to add one, and the XLSX import."""
    unit = _unit(request)
    may_keep = services.may_keep(request.user, unit)
    add_form = ChannelForm(request.POST if request.POST.get("action") == "add" else None)
    import_form = XlsxImportForm(
        request.POST if request.POST.get("action") == "file" else None,
        request.FILES if request.POST.get("action") == "file" else None,
    )
    errors: list[Any] = []
    if request.method == "POST":
        services.require_keeper(request.user, unit)
        if request.POST.get("action") == "add" and add_form.is_valid():
            try:
                services.channel_create(actor=request.user, unit=unit, data=services.input_from(add_form.cleaned_data))
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                add_form.add_error(None, exc.message)
            else:
                messages.success(request, _("Đã thêm kênh vào sổ kênh của đơn vị."))
                return redirect(_page(unit))
        elif request.POST.get("action") == "file" and import_form.is_valid():
            found: list[xlsx_io.ImportResult] = []

            def run(content: bytes, dry_run: bool) -> int:
                found.append(xlsx_io.import_channels(actor=request.user, content=content, dry_run=dry_run))
                return found[-1].rows

            count, errors = run_import(import_form, limit=settings.LOA_IMPORT_MAX_BYTES, run=run)
            if count is not None:
                result = found[-1]
                summary = xlsx_io.import_summary(result)
                if result.dry_run:
                    messages.info(request, summary + " " + _("Bỏ chọn «Chỉ kiểm tra» để nhập."))
                else:
                    messages.success(request, summary)
                    return redirect(_page(unit))
    channels = selectors.unit_channels(actor=request.user, unit=unit)
    context = {
        "unit": unit,
        "rows": [(c, ChannelForm(initial=initial_of(c), prefix=f"c{c.pk}")) for c in channels],
        "may_keep": may_keep,
        "add_form": add_form,
        "import_form": import_form,
        "errors": errors,
        "kinds": [(code, KINDS[code]) for code in ChannelKind.values],
    }
    return render(request, "channels/channel_list.html", context, status=import_status(import_form))


@login_required
@require_POST
def channel_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Save or remove one channel (`action`), at the revision the page was read at."""
    channel = selectors.channel_get(actor=request.user, pk=pk)
    revision = parse_whole(request.POST.get("revision", ""))
    form = ChannelForm(request.POST, prefix=f"c{channel.pk}")
    try:
        if revision is None:
            raise DomainError(_("Thiếu lần sửa của kênh; tải lại trang rồi sửa lại."))
        if request.POST.get("action") == "delete":
            services.channel_delete(actor=request.user, channel=channel, revision=revision)
            messages.success(request, _("Đã xóa kênh khỏi sổ kênh."))
        elif form.is_valid():
            services.channel_update(
                actor=request.user, channel=channel, data=services.input_from(form.cleaned_data), revision=revision
            )
            messages.success(request, _("Đã lưu kênh."))
        else:
            problems = "; ".join(
                f"{form.fields[k].label}: {' '.join(str(e) for e in v)}"
                for k, v in form.errors.items()
                if k in form.fields
            )
            raise DomainError(problems or _("Dữ liệu không hợp lệ."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    return redirect(_page(channel.unit))


@login_required
def channel_export(request: HttpRequest) -> HttpResponse:
    unit = _unit(request, own=False)
    channels = list(selectors.subtree_channels(actor=request.user, unit=unit))
    return attachment(xlsx_io.workbook(channels), f"so-kenh-{unit.code}.xlsx", XLSX)


@login_required
def channel_template(request: HttpRequest) -> HttpResponse:
    return attachment(xlsx_io.workbook([], example=True), "mau-so-kenh.xlsx", XLSX)


@login_required
def channel_coverage(request: HttpRequest) -> HttpResponse:
    """Which units of a province have which channels; gaps first in each row's count."""
    unit = _unit(request, own=False)
    population = request.GET.get("of", "communes")
    if population not in POPULATIONS:
        population = "communes"
    types, label = POPULATIONS[population]
    table = selectors.coverage(actor=request.user, unit=unit, unit_types=types)
    context = {
        "unit": unit,
        "table": table,
        "kinds": [(k, ChannelKind(k).label) for k in selectors.COVERAGE_KINDS],
        "population": population,
        "populations": [(key, text) for key, (_types, text) in POPULATIONS.items()],
        "label": label,
    }
    return render(request, "channels/coverage.html", context)
