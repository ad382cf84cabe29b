"""Writes to reports: save a draft, submit (a frozen version), accept, return with a reason.

Every service checks scope, validates before writing, locks the row, compares the revision the
editor started from (no silent overwrite), and saves with an audit stamp in one transaction.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.locks import close_window, reopen_window
from loa.core.audit import stamp
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.exports import export_for
from loa.core.periods import Period, require_period
from loa.core.text import normalize, normalize_lines
from loa.core.validation import full_clean_or_raise
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, out_of_reach, require, require_receiver

from . import notices
from .catalog import EDITABLE, SECTION_KEYS, ReportStatus
from .exports import EXPORTS
from .jobs import build_export
from .models import ExportJob, Report, ReportVersion
from .regimes import Terms, reporter_paths_below, terms_for
from .selectors import ReportState, build_state, can_read, is_awaiting_signature

MAX_SECTION_CHARS = 20_000


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _period(period: str | Period) -> Period:
    return require_period(period) if isinstance(period, str) else period


def _locked_report(unit: OrgUnit, period: Period, actor: Actor, terms: Terms | None = None) -> Report:
    """The report row, created as a draft on first write, locked for this transaction."""
    terms = terms or terms_for(unit, period)
    report, _created = Report.objects.get_or_create(
        unit=unit,
        period=period.id,
        defaults={
            "year": period.year,
            "regime": terms.regime,
            "recipient": terms.recipient,
            "window_start": period.start,
            "window_end": period.end,
            "deadline": terms.deadline,
            "updated_by": _user(actor),
        },
    )
    return Report.objects.select_for_update(of=("self",)).select_related("unit", "recipient").get(pk=report.pk)


class StaleRevision(DomainError):
    """A save based on a revision someone else has since replaced: a conflict (409), nothing is written."""

    status = 409

    def __init__(self, report: Report) -> None:
        who = str(report.updated_by) if report.updated_by else _("người khác")
        when = timezone.localtime(report.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            _(
                "Báo cáo vừa được %(who)s lưu lúc %(when)s, sau khi bạn mở trang. Nội dung của bạn chưa được lưu: "
                "hãy sao chép phần đã sửa, tải lại trang rồi sửa tiếp."
            )
            % {"who": who, "when": when},
            code="conflict",
        )


def _check_revision(report: Report, revision: int | None) -> None:
    if revision is not None and revision != report.revision:
        raise StaleRevision(report)


class EarlySubmission(DomainError):
    """Sending before the period's cut-off without the second, explicit confirmation (web dialog, API `early`,
    CLI `--early`): nothing is sent."""

    status = 409


def early_warning(state: ReportState) -> str:
    """What sending before the cut-off means for the activities dated after today (the second question)."""
    today = timezone.localdate()
    return _(
        "Kỳ báo cáo còn đến hết ngày %(end)s. Gửi hôm nay (%(today)s) thì báo cáo chỉ tính hoạt động có ngày đến "
        "hết hôm nay; hoạt động có ngày từ %(next)s đến %(end)s không có trong báo cáo này: trang báo cáo sẽ liệt kê "
        "chúng là «hoạt động phát sinh sau khi gửi», và muốn bổ sung thì đề nghị nơi nhận trả lại báo cáo rồi gửi "
        "lại."
    ) % {
        "end": state.period.end.strftime("%d/%m/%Y"),
        "today": today.strftime("%d/%m/%Y"),
        "next": (today + timedelta(days=1)).strftime("%d/%m/%Y"),
    }


def require_early_confirmation(state: ReportState, *, confirmed: bool) -> None:
    """The one rule every entry point asks before sending: early only when the sender said so explicitly."""
    if state.submits_early and not confirmed:
        raise EarlySubmission(early_warning(state) + " " + _("Cần xác nhận gửi sớm để gửi báo cáo."))


class ReportSent(DomainError):
    """A write into a report that was sent meanwhile (a page opened before the submission): a conflict."""

    status = 409

    def __init__(self, report: Report) -> None:
        when = timezone.localtime(report.submitted_at).strftime("%H:%M %d/%m/%Y") if report.submitted_at else ""
        super().__init__(
            _(
                "Báo cáo «%(report)s» đã được gửi lúc %(when)s (trạng thái: %(status)s) sau khi bạn mở trang, nên "
                "không sửa được nữa. Nội dung bạn vừa nhập chưa được lưu và vẫn còn trên trang để sao chép; muốn "
                "sửa, hãy đề nghị nơi nhận trả lại báo cáo."
            )
            % {"report": report, "when": when, "status": report.get_status_display()},
            code="conflict",
        )


def _require_editable(report: Report) -> None:
    if report.status not in EDITABLE:
        raise ReportSent(report)


def clean_sections(sections: dict[str, Any]) -> dict[str, str]:
    unknown = set(sections) - set(SECTION_KEYS)
    if unknown:
        raise DomainError(_("Không có mục báo cáo: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    cleaned = {}
    for key, value in sections.items():
        text = normalize_lines(str(value or ""))
        if len(text) > MAX_SECTION_CHARS:
            raise DomainError(_("Mục báo cáo quá dài (tối đa %(n)s ký tự).") % {"n": MAX_SECTION_CHARS})
        cleaned[key] = text
    return cleaned


@transaction.atomic
def report_save(
    *,
    actor: Actor,
    unit: OrgUnit,
    period: str | Period,
    sections: dict[str, Any] | None = None,
    revision: int | None = None,
    signer_name: str | None = None,
    register: tuple[int | None, date | None] | None = None,
    reset: list[str] | None = None,
) -> Report:
    """Save the draft's text; `reset` lists sections to hand back to the generated draft.

    `register` is the number and signing date the clerical office gave, set together (None, None clears
    them); leaving it out keeps them as they are."""
    period = _period(period)
    require(actor, Perm.EDIT, unit)
    report = _locked_report(unit, period, actor)
    _require_editable(report)
    _check_revision(report, revision)
    edited = dict(report.sections)
    for key, text in clean_sections(sections or {}).items():
        edited[key] = text
    for key in reset or []:
        edited.pop(key, None)
    report.sections = edited
    if signer_name is not None:
        report.signer_name = normalize(signer_name)[:120]
    if register is not None:
        number, issued_on = register
        if number is not None and number < 1:
            raise DomainError(_("Số văn bản phải là số nguyên dương."))
        report.number, report.issued_on = number, issued_on
    report.revision += 1
    report.updated_by = _user(actor)
    stamp(report, actor=actor, reason="report.saved")
    report.save()
    return report


@transaction.atomic
def report_request_signature(
    *, actor: Actor, unit: OrgUnit, period: str | Period, revision: int | None = None, now: datetime | None = None
) -> Report:
    """ "Trình lãnh đạo ký": an editor asks the unit's leaders to sign and send the draft (optional step).

    Recorded on the report (who, when; audited) and told to the leaders; asking again while it already
    waits changes nothing."""
    period = _period(period)
    require(actor, Perm.EDIT, unit)
    if period.start > timezone.localdate(now):
        raise DomainError(_("Kỳ %(period)s chưa bắt đầu, chưa trình ký báo cáo được.") % {"period": period.label})
    report = _locked_report(unit, period, actor)
    _require_editable(report)
    _check_revision(report, revision)
    if is_awaiting_signature(report):
        return report
    report.signature_requested_at = now or timezone.now()
    report.signature_requested_by = _user(actor)  # the text is unchanged: no revision bump, no conflict
    full_clean_or_raise(report)
    stamp(report, actor=actor, reason="report.signature_requested")
    report.save()
    notices.signature_requested(report, by=str(actor))
    return report


def snapshot(state: ReportState) -> dict[str, Any]:
    report = state.report
    return {
        "figures": state.figures,
        "sections": state.sections,
        "generated": state.generated,
        "annex": state.annex,
        "meta": {
            "unit": state.unit.code,
            "unit_name": state.unit.name,
            "period": state.period.id,
            "window": {"from": state.period.start.isoformat(), "to": state.period.end.isoformat()},
            "deadline": state.terms.deadline.isoformat(),
            "recipient": state.terms.recipient.code if state.terms.recipient else None,
            "recipient_name": state.terms.recipient.name if state.terms.recipient else None,
            "regime": state.terms.regime_name,
            "signer_name": report.signer_name if report else "",
            "number": report.number if report else None,
            "issued_on": report.issued_on.isoformat() if report and report.issued_on else None,
        },
    }


@transaction.atomic
def report_submit(
    *, actor: Actor, unit: OrgUnit, period: str | Period, revision: int | None = None, now: datetime | None = None
) -> Report:
    """Freeze the figures and text as a new version and send it; only the unit's leader may."""
    period = _period(period)
    if not can(actor, Perm.APPROVE, unit):
        raise PermissionDenied(
            _("Chỉ lãnh đạo của %(unit)s được ký gửi báo cáo. Hãy lưu nháp và đề nghị lãnh đạo gửi.")
            % {"unit": unit.name}
        )
    now = now or timezone.now()
    today = timezone.localdate(now)
    if period.start > today:
        raise DomainError(
            _("Kỳ %(period)s chưa bắt đầu (số liệu tính từ %(start)s), chưa gửi báo cáo được.")
            % {"period": period.label, "start": period.start.strftime("%d/%m/%Y")}
        )
    terms = terms_for(unit, period)
    report = _locked_report(unit, period, actor, terms)
    _require_editable(report)
    _check_revision(report, revision)
    report.regime, report.recipient, report.deadline = terms.regime, terms.recipient, terms.deadline
    # Sent before the cut-off, the report counts (and locks) the activities dated up to today; later ones of the
    # window are listed on its page as arising after it was sent, and go in by a return and a new submission.
    cut = min(period.end, today)
    report.window_start, report.window_end = period.start, cut
    state = build_state(unit, replace(period, end=cut) if cut < period.end else period, terms, report)
    empty = [key for key in SECTION_KEYS if not state.sections.get(key, "").strip()]
    if empty:
        raise DomainError(_("Báo cáo còn %(n)s mục để trống; hãy điền trước khi gửi.") % {"n": len(empty)})
    report.version += 1
    report.excluded_paths = reporter_paths_below(unit, state.reporters, state.period)
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.late = not terms.on_time(today)
    report.submitted_at = now
    report.status = ReportStatus.SUBMITTED
    report.return_reason = ""
    report.revision += 1
    report.updated_by = _user(actor)
    ReportVersion.objects.create(
        report=report,
        number=report.version,
        snapshot=snapshot(state),
        submitted_at=now,
        submitted_by=_user(actor),
        late=not terms.on_time(today),
    )
    stamp(report, actor=actor, reason=f"report.submitted.v{report.version}")
    report.save()
    close_window(
        unit=unit, period=report.period, start=period.start, end=cut, excluded_paths=list(report.excluded_paths)
    )
    notices.submitted(report)
    return report


def _review_target(actor: Actor, report_id: int) -> Report:
    report = Report.objects.select_for_update(of=("self",)).select_related("unit", "recipient").get(pk=report_id)
    if not can_read(actor, report.unit, report.recipient):
        raise out_of_reach()
    if report.recipient is None:
        raise DomainError(
            _("Báo cáo này gửi ra ngoài hệ thống: không có nơi nhận nào trong Loa tiếp nhận hay trả lại.")
        )
    require_receiver(actor, report.recipient)
    return report


@transaction.atomic
def report_accept(*, actor: Actor, report: Report, now: datetime | None = None) -> Report:
    report = _review_target(actor, report.pk)
    if report.status != ReportStatus.SUBMITTED:
        raise DomainError(
            _("Chỉ tiếp nhận được báo cáo đã gửi; báo cáo này đang ở trạng thái «%(status)s».")
            % {"status": report.get_status_display()}
        )
    report.status = ReportStatus.ACCEPTED
    report.accepted_at = now or timezone.now()
    report.reviewed_by = _user(actor)
    report.revision += 1
    stamp(report, actor=actor, reason="report.accepted")
    report.save()
    notices.accepted(report)
    return report


@transaction.atomic
def report_return(*, actor: Actor, report: Report, reason: str, now: datetime | None = None) -> Report:
    """Send a submitted (or accepted) report back for correction; the reason is mandatory."""
    report = _review_target(actor, report.pk)
    reason = normalize(reason or "").strip()
    if len(reason) < 5:
        raise DomainError(_("Hãy ghi rõ lý do trả lại báo cáo (ít nhất 5 ký tự)."))
    if report.status not in {ReportStatus.SUBMITTED, ReportStatus.ACCEPTED}:
        raise DomainError(
            _("Chỉ trả lại được báo cáo đã gửi hoặc đã tiếp nhận; báo cáo này đang ở trạng thái «%(status)s».")
            % {"status": report.get_status_display()}
        )
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.returned_at = now or timezone.now()
    report.reviewed_by = _user(actor)
    report.revision += 1
    stamp(report, actor=actor, reason=f"report.returned: {reason}"[:100])
    report.save()
    reopen_window(unit=report.unit, period=report.period)
    notices.returned(report)
    return report


# Formats of the batch export: those of a single report.
BATCH_FORMATS = tuple(EXPORTS)


def start_export(*, actor: Actor, recipient: OrgUnit, period: Period, fmt: str) -> ExportJob:
    require_receiver(actor, recipient)
    try:
        export_for(EXPORTS, fmt)
    except NotFound as missing:  # a field of the request, not a page: the request is wrong (400), not missing
        raise DomainError(missing.message) from None
    user: Any = actor if getattr(actor, "pk", None) else None
    job = ExportJob.objects.create(recipient=recipient, period=period.id, fmt=fmt, requested_by=user)
    build_export.enqueue(job.pk)
    return job
