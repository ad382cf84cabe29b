"""The change log a coordinator can use: filters by unit, person, kind of object, action and dates; pages past the
first 100; the same entries as XLSX. Thin: the form reads the filters, `org.selectors.audit_entries` reads the log."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from loa.core.errors import DomainError, PermissionDenied
from loa.core.http import XLSX, attachment
from loa.core.xlsx import write_table
from loa.org.audit_filters import PAGE, AuditFilterForm, audit_filter, audit_units
from loa.org.audit_log import MAX_OFFSET, AuditEntry, AuditFilter
from loa.org.scope import Perm, scope_prefix
from loa.org.selectors import audit_entries

EXPORT_LIMIT = 5_000


def _read(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter | None, int]:
    if scope_prefix(request.user, Perm.VIEW_AUDIT) is None:
        raise PermissionDenied(_("Bạn không có quyền xem nhật ký thay đổi."))
    units = audit_units(request.user)
    form = AuditFilterForm(request.GET or None, units=units)
    if not request.GET:
        return form, AuditFilter(), 1
    if not form.is_valid():
        return form, None, 1  # nothing shown for filters that cannot be read: the form says what is wrong
    return form, audit_filter(request.user, form.cleaned_data, units), form.cleaned_data.get("page") or 1


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    form, filters, page = _read(request)
    entries = (
        audit_entries(actor=request.user, filters=filters, offset=(page - 1) * PAGE, limit=PAGE + 1)
        if filters is not None
        else []
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "entries": entries[:PAGE],
        "page": page,
        "more": len(entries) > PAGE and page * PAGE < MAX_OFFSET,
        "query": query.urlencode(),
    }
    return render(request, "web/audit.html", context)


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    form, filters, _page = _read(request)
    if filters is None:  # a file is no place for a form's errors: the error page names them
        problems = [
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(map(str, errors))}".lstrip(": ")
            for name, errors in form.errors.items()
        ]
        raise DomainError(_("Bộ lọc chưa hợp lệ: %(problems)s") % {"problems": "; ".join(problems)})
    entries = audit_entries(actor=request.user, filters=filters, limit=EXPORT_LIMIT)
    return attachment(_xlsx(entries), "nhat-ky-thay-doi.xlsx", XLSX)


def _xlsx(entries: list[AuditEntry]) -> bytes:
    headers = [_("Thời điểm"), _("Người thực hiện"), _("Thao tác"), _("Loại đối tượng"), _("Đối tượng")]
    headers.append(_("Nội dung thay đổi"))
    rows = [
        [
            timezone.localtime(e.when).replace(tzinfo=None),
            e.who_name,
            e.action_label,
            e.model_label,
            e.object_repr,
            "\n".join(f"{field}: {old or '∅'} → {new or '∅'}" for field, old, new in e.changes),
        ]
        for e in entries
    ]
    return write_table(_("Nhật ký thay đổi"), headers, rows)
