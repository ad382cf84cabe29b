"""Report pages: a unit's periods, the report page (fill, preview, submit, accept, return), versions
with their diff, the coordinator's period board (bulk remind, batch export).

Thin: selectors read, services write; a DomainError becomes a message on the same page.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.exports import export_for
from loa.core.http import download, stored_file
from loa.core.numbers import parse_revision, parse_whole
from loa.core.periods import require_period, standard_periods
from loa.core.text import normalize_lines
from loa.documents.numbering import roman
from loa.notify.recipients import leaders
from loa.org.models import OrgUnit
from loa.org.scope import Perm, can, can_receive, out_of_reach
from loa.org.selectors import unit_by_code, units_without_staff

from . import services
from .catalog import SECTION_KEYS, ReportStatus
from .completeness import DEFINITION, board_period, completeness
from .forms import MAX_SECTION, ReportForm, ReturnForm
from .merge import merge_offers
from .models import Report
from .narrative import heading
from .reminders import RemindResult, remind_now
from .selectors import (
    ReportState,
    activities_after_submission,
    can_review,
    export_job_get,
    is_awaiting_signature,
    receivable_units,
    recent_jobs,
    report_state,
    sent_version,
    unit_calendar,
    versions_of,
)


def _unit(request: HttpRequest, code: str) -> OrgUnit:
    return unit_by_code(actor=request.user, code=code)


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The unit's periods of a year: window, deadline, state; the default unit is the user's own."""
    code = request.GET.get("unit", "").strip()
    unit = _unit(request, code) if code else getattr(request.user, "unit", None)
    year_text = request.GET.get("year", "")
    year = parse_whole(year_text) or 0
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    rows = unit_calendar(actor=request.user, unit=unit, year=year) if unit is not None else []
    boards = receivable_units(request.user)
    return render(
        request,
        "reports/report_index.html",
        {"unit": unit, "rows": rows, "year": year, "years": [year - 1, year, year + 1], "boards": boards},
    )


def _outline(
    state: ReportState, form: ReportForm | None, sections: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Sections of the page in document order, each with its heading, text or field, and offers."""
    texts = state.consolidation.texts if state.consolidation is not None else {}
    sections = state.sections if sections is None else sections
    items: list[dict[str, Any]] = []
    sections_seen: list[str] = []
    clause_number = 0
    for key in SECTION_KEYS:
        section, clause = heading(key, state.period)
        if section not in sections_seen:
            sections_seen.append(section)
            clause_number = 0
        clause_number += 1 if clause else 0
        items.append(
            {
                "key": key,
                "section": f"{roman(len(sections_seen))}. {section}",
                "clause": f"{clause_number}. {clause}" if clause else "",
                "text": sections.get(key, ""),
                "field": form[key] if form is not None else None,
                "edited": key in state.edited,
                "offers": texts.get(key, []),
            }
        )
    return items


def _form(state: ReportState, data: Any = None) -> ReportForm:
    report = state.report
    initial = {
        "revision": state.revision,
        "signer_name": report.signer_name if report else "",
        "number": report.number if report else None,
        "issued_on": report.issued_on if report else None,
        **state.sections,
    }
    return ReportForm(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, code: str, period: str) -> HttpResponse:
    unit = _unit(request, code)
    state = report_state(actor=request.user, unit=unit, period=period)
    may_edit = state.editable and can(request.user, Perm.EDIT, unit)
    form = _form(state) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            if state.report is None or state.editable or not can(request.user, Perm.EDIT, unit):
                raise out_of_reach()
            # Sent meanwhile (this page was opened before): say so and keep what was typed on the screen.
            return _conflict(request, state, services.ReportSent(state.report))
        form = _form(state, request.POST)
        merge_key = request.POST.get("merge", "")
        if form.is_valid() and merge_key in SECTION_KEYS:
            merged = _merged(request, state, merge_key)
            if not merged:
                messages.error(request, _("Chọn ít nhất một nội dung của đơn vị báo cáo để gộp."))
                return render(request, "reports/report_detail.html", _detail_context(request, state, form))
            combined = "\n".join(p for p in (form.cleaned_data[merge_key].rstrip(), merged) if p)
            if len(combined) > MAX_SECTION:
                messages.error(
                    request,
                    _("Sau khi gộp, mục dài %(n)s ký tự, quá %(max)s ký tự cho phép; hãy chọn ít nội dung hơn.")
                    % {"n": len(combined), "max": MAX_SECTION},
                )
                return render(request, "reports/report_detail.html", _detail_context(request, state, form))
            form.cleaned_data[merge_key] = combined
        if form.is_valid():
            data = form.cleaned_data
            # Text left as the automatic draft stays automatic (it follows the figures until edited).
            untouched = [k for k in SECTION_KEYS if normalize_lines(data[k]) == normalize_lines(state.generated[k])]
            reset = [k for k in SECTION_KEYS if request.POST.get("reset") == k or k in untouched]
            try:
                services.report_save(
                    actor=request.user,
                    unit=unit,
                    period=state.period,
                    sections={k: data[k] for k in SECTION_KEYS if k not in reset},
                    revision=data["revision"],
                    signer_name=data["signer_name"],
                    register=(data["number"], data["issued_on"]),
                    reset=reset,
                )
            except services.ReportSent as exc:
                return _conflict(request, report_state(actor=request.user, unit=unit, period=state.period), exc)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                if merge_key in SECTION_KEYS:
                    messages.success(request, _("Đã gộp nội dung vào cuối mục; hãy biên tập lại đoạn văn."))
                    return redirect(f"{request.path}#section-{merge_key}")
                messages.success(request, _("Đã lưu bản nháp báo cáo."))
                return redirect(request.path)
    return render(request, "reports/report_detail.html", _detail_context(request, state, form))


def _merged(request: HttpRequest, state: ReportState, key: str) -> str:
    """The draft paragraph merged from the reporters' texts ticked under section `key`."""
    return merge_offers(state, key, request.POST.getlist(f"pick-{key}"))


def _conflict(request: HttpRequest, state: ReportState, exc: DomainError) -> HttpResponse:
    """409: the report is no longer editable; the page shows it with the posted text in its fields, unsaved."""
    form = _form(state, request.POST)
    form.is_valid()  # bound to what was posted, so every field shows it again
    context = _detail_context(request, state, form)
    context.update(conflict=exc.message, may_submit=False)
    return render(request, "reports/report_detail.html", context, status=exc.status)


def _detail_context(request: HttpRequest, state: ReportState, form: ReportForm | None) -> dict[str, Any]:
    versions = versions_of(state.report) if state.report is not None else []
    figures = state.figures
    later_count, later = activities_after_submission(state)
    return {
        "early_warning": services.early_warning(state) if state.submits_early else "",
        "early_question": services.early_warning(state) + " " + _("Vẫn gửi sớm?") if state.submits_early else "",
        "later_count": later_count,
        "later": later,
        "s": state,
        "form": form,
        "outline": _outline(state, form),
        "figures": figures,
        "versions": versions,
        "may_submit": state.editable and can(request.user, Perm.APPROVE, state.unit),
        "may_review": state.status == ReportStatus.SUBMITTED and can_review(request.user, state),
        # An editor asks; whoever may sign just signs.
        "may_request_signature": state.editable
        and can(request.user, Perm.EDIT, state.unit)
        and not can(request.user, Perm.APPROVE, state.unit)
        and not is_awaiting_signature(state.report),
        "awaiting_signature": is_awaiting_signature(state.report),
        "may_return": state.status in {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED}
        and can_review(request.user, state),
        "return_form": ReturnForm(),
        "started": state.period.start <= timezone.localdate(),
    }


@login_required
@require_POST
def report_submit(request: HttpRequest, code: str, period: str) -> HttpResponse:
    unit = _unit(request, code)
    state = report_state(actor=request.user, unit=unit, period=period)
    revision = request.POST.get("revision", "")
    try:
        # The second confirmation (what happens to activities after today) was not given: nothing is sent.
        services.require_early_confirmation(state, confirmed=request.POST.get("early") == "1")
    except services.EarlySubmission as exc:
        messages.error(request, exc.message)
        return redirect("reports:detail", code=unit.code, period=state.period.id)
    try:
        report = services.report_submit(
            actor=request.user, unit=unit, period=state.period, revision=parse_revision(revision)
        )
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        text = _("Đã gửi báo cáo (lần %(n)s).") % {"n": report.version}
        if report.late:
            text += " " + _("Báo cáo được ghi nhận là gửi muộn (hạn %(d)s).") % {
                "d": report.deadline.strftime("%d/%m/%Y")
            }
        messages.success(request, text)
    return redirect("reports:detail", code=unit.code, period=state.period.id)


@login_required
@require_POST
def report_request_signature(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """ "Trình lãnh đạo ký": the editor asks the unit's leaders to sign and send."""
    unit = _unit(request, code)
    state = report_state(actor=request.user, unit=unit, period=period)
    try:
        services.report_request_signature(actor=request.user, unit=unit, period=state.period)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if leaders(unit):
            messages.success(request, _("Đã trình lãnh đạo ký; lãnh đạo đơn vị đã được thông báo."))
        else:
            messages.warning(
                request,
                _("Đã ghi nhận trình ký, nhưng %(unit)s chưa có tài khoản lãnh đạo nào để nhận thông báo.")
                % {"unit": unit.name},
            )
    return redirect("reports:detail", code=unit.code, period=state.period.id)


def _reviewed(request: HttpRequest, code: str, period: str) -> Report:
    return report_state(actor=request.user, unit=_unit(request, code), period=period).sent_report()


@login_required
@require_POST
def report_accept(request: HttpRequest, code: str, period: str) -> HttpResponse:
    report = _reviewed(request, code, period)
    try:
        services.report_accept(actor=request.user, report=report)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": report.unit.name})
    return redirect("reports:detail", code=code, period=report.period)


@login_required
@require_POST
def report_return(request: HttpRequest, code: str, period: str) -> HttpResponse:
    report = _reviewed(request, code, period)
    try:
        services.report_return(actor=request.user, report=report, reason=request.POST.get("reason", ""))
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã trả lại báo cáo của %(unit)s.") % {"unit": report.unit.name})
    return redirect("reports:detail", code=code, period=report.period)


@login_required
def report_export(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    from .exports import EXPORTS, report_file

    export_for(EXPORTS, fmt)  # an unknown format is a 404 before the report is read
    state = report_state(actor=request.user, unit=_unit(request, code), period=period)
    try:
        document = report_file(state, fmt)
    except PermissionDenied:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("reports:detail", code=code, period=state.period.id)
    return download(document, inline=fmt == "pdf" and bool(request.GET.get("inline")))


@login_required
def report_version(request: HttpRequest, code: str, period: str, number: int) -> HttpResponse:
    """One frozen version, and what changed since the one before it."""
    state = report_state(actor=request.user, unit=_unit(request, code), period=period)
    sent = sent_version(state, number)
    return render(
        request,
        "reports/report_version.html",
        {
            "s": state,
            "version": sent.version,
            "previous": sent.previous,
            "changes": sent.changes,
            "versions": sent.versions,
            "outline": _outline(state, None, sent.version.snapshot.get("sections", {})),
        },
    )


def _board_recipient(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("recipient", "") or request.POST.get("recipient", "")
    recipient: OrgUnit | None
    if code:
        recipient = _unit(request, code)
    else:
        choices = receivable_units(request.user)
        recipient = choices[0] if choices else None
    if recipient is None or not can_receive(request.user, recipient):
        raise NotFound(_("Bạn không có quyền theo dõi báo cáo gửi đến đơn vị này."))
    return recipient


BOARD_FILTERS = ("missing", "late", "returned", "submitted", "accepted")


@login_required
def report_board(request: HttpRequest) -> HttpResponse:
    """The coordinator's board: every expected reporter of a period, its state, contacts, actions."""
    recipient = _board_recipient(request)
    today = timezone.localdate()
    period_text = request.GET.get("period", "")
    period = require_period(period_text) if period_text else board_period(recipient, today)
    status = completeness(recipient, period)
    show = request.GET.get("show", "")
    kind = request.GET.get("type", "")
    rows = [r for r in status.rows if _shown(r, show) and (not kind or r.unit.unit_type == kind)]
    periods = standard_periods(period.year) + standard_periods(period.year - 1)
    jobs = recent_jobs(recipient, period)
    return render(
        request,
        "reports/report_board.html",
        {
            "recipient": recipient,
            "period": period,
            "status": status,
            "rows": rows,
            "periods": periods,
            "show": show,
            "kind": kind,
            "types": sorted({(r.unit.unit_type, r.unit.get_unit_type_display()) for r in status.rows}),
            "jobs": jobs,
            "no_staff": units_without_staff(r.unit.pk for r in rows),  # nobody there to send: marked, not chased
            "definition": DEFINITION,
        },
    )


def _shown(row: Any, show: str) -> bool:
    if not show:
        return True
    if show == "submitted":
        return bool(row.status == ReportStatus.SUBMITTED)
    if show == "accepted":
        return bool(row.status == ReportStatus.ACCEPTED)
    return bool(getattr(row, show, False)) if show in BOARD_FILTERS else True


@login_required
@require_POST
def report_remind(request: HttpRequest) -> HttpResponse:
    recipient = _board_recipient(request)
    period = require_period(request.POST.get("period", ""))
    status = completeness(recipient, period)
    chosen = set(request.POST.getlist("units"))
    rows = [r for r in status.rows if r.unit.code in chosen and not r.submitted]
    if not rows:
        messages.error(request, _("Hãy chọn ít nhất một đơn vị chưa gửi báo cáo để nhắc."))
    else:
        result = remind_now(rows, period, stamp=timezone.now().strftime("%Y%m%d%H%M%S"))
        for level, text in remind_messages(result):
            messages.add_message(request, level, text)
    return redirect(reverse("reports:board") + f"?recipient={recipient.code}&period={period.id}")


def remind_messages(result: RemindResult) -> list[tuple[int, str]]:
    """Say who was actually reached, and name the units where nobody has an account to hear it."""
    out: list[tuple[int, str]] = []
    if result.people:
        out.append(
            (
                messages.SUCCESS,
                _("Đã gửi thông báo nhắc đến %(people)s người của %(n)s đơn vị: %(units)s.")
                % {"people": result.people, "n": len(result.reached), "units": _names(result.reached)},
            )
        )
    if result.unreached:
        out.append(
            (
                messages.WARNING,
                _(
                    "Không nhắc được %(n)s đơn vị vì chưa có tài khoản đầu mối hoặc lãnh đạo đang hoạt động: "
                    "%(units)s. Hãy liên hệ trực tiếp hoặc tạo tài khoản cho đơn vị."
                )
                % {"n": len(result.unreached), "units": _names(result.unreached)},
            )
        )
    return out


def _names(units: list[OrgUnit], limit: int = 10) -> str:
    names = ", ".join(u.name for u in units[:limit])
    more = len(units) - limit
    return names + (" " + _("và %(n)s đơn vị khác") % {"n": more} if more > 0 else "")


@login_required
@require_POST
def report_batch(request: HttpRequest) -> HttpResponse:
    recipient = _board_recipient(request)
    period = require_period(request.POST.get("period", ""))
    job = services.start_export(
        actor=request.user, recipient=recipient, period=period, fmt=request.POST.get("fmt", "docx")
    )
    return redirect("reports:job", pk=job.pk)


@login_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = export_job_get(actor=request.user, pk=pk)
    template = "reports/_job.html" if request.headers.get("HX-Request") else "reports/export_job.html"
    return render(request, template, {"job": job})


@login_required
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = export_job_get(actor=request.user, pk=pk)
    if not job.file:
        raise NotFound(_("Tệp chưa sẵn sàng."))
    return stored_file(job.file, f"bao-cao-{job.period.lower()}-{job.recipient.code.lower()}.zip", "application/zip")
