"""Periodic reports: a unit's report for a period (draft or frozen), saving text, the workflow
(submit, accept, return), versions and their diff, completeness for a recipient, documents.

Thin: every read goes through `report_state` (scoped), every write through the services.
"""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from loa.core.errors import DomainError
from loa.core.exports import export_for
from loa.core.http import download
from loa.core.periods import require_period
from loa.org.scope import can_receive, out_of_reach
from loa.org.selectors import unit_by_code
from loa.reports import services
from loa.reports.catalog import SECTION_KEYS
from loa.reports.completeness import completeness
from loa.reports.merge import merge_offers
from loa.reports.selectors import ReportState, is_awaiting_signature, report_state, sent_version, versions_of
from loa.reports.serialize import draft_json

from ..schemas import CONFLICT_ERRORS

router = Router(tags=["Báo cáo định kỳ"])


class ReportSaveIn(Schema):
    revision: int
    sections: dict[str, str] = {}
    reset: list[str] = []
    signer_name: str | None = None
    number: int | None = None  # with issued_on: the clerical office's register entry; both or neither
    issued_on: date | None = None


class RevisionIn(Schema):
    revision: int | None = None


class ReturnIn(Schema):
    reason: str


class VersionOut(Schema):
    number: int
    submitted_at: datetime
    submitted_by: str | None
    late: bool


class ReportOut(Schema):
    """A unit's report for a period: its figures (live while a draft, frozen once sent), text and workflow state.
    The figure objects keep the shape of the frozen snapshot they come from."""

    unit: str
    period: str
    label: str
    status: str
    version: int
    window: dict[str, str]
    deadline: str
    recipient: str | None
    regime: str
    totals: dict[str, int | float]
    by_channel: dict[str, dict[str, Any]]
    by_area: dict[str, dict[str, Any]]
    tasks: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    own_plan: dict[str, Any] | None = None  # the unit's plan of the year issued by the cut-off, when it has one
    sections: dict[str, str]
    annex: list[dict[str, Any]]
    revision: int
    late: bool
    return_reason: str
    edited: list[str]
    awaiting_signature: bool
    signature_requested_at: datetime | None


class ChangeOut(Schema):
    heading: str
    removed: list[str]
    added: list[str]


class VersionDetailOut(Schema):
    number: int
    snapshot: dict[str, Any]
    changes: list[ChangeOut]


class ContactOut(Schema):
    name: str
    position: str
    email: str
    phone: str


class ReporterOut(Schema):
    unit: str
    name: str
    status: str
    late: bool
    deadline: str
    version: int
    submitted_at: str | None
    email: str
    phone: str
    contacts: list[ContactOut]


class CompletenessOut(Schema):
    recipient: str
    period: str
    deadline: str
    expected: int
    submitted: int
    sent: int
    accepted: int
    on_time: int
    late: int
    missing: int
    returned: int
    reporting_rate: float
    on_time_rate: float
    units: list[ReporterOut]


def _state(request: HttpRequest, code: str, period: str) -> ReportState:
    return report_state(actor=request.user, unit=unit_by_code(actor=request.user, code=code), period=period)


def _out(state: ReportState) -> dict[str, Any]:
    report = state.report
    return {
        **draft_json(state),
        "revision": state.revision,
        "late": bool(report and report.late),
        "return_reason": report.return_reason if report else "",
        "edited": sorted(state.edited),
        "awaiting_signature": is_awaiting_signature(report),
        "signature_requested_at": report.signature_requested_at if report else None,
    }


@router.get("/reports/{code}/{period}", response={200: ReportOut, **CONFLICT_ERRORS})
def report_get(request: HttpRequest, code: str, period: str) -> Any:
    """The report as it stands: live figures and text for a draft, the frozen version once submitted."""
    return _out(_state(request, code, period))


@router.put("/reports/{code}/{period}", response={200: ReportOut, **CONFLICT_ERRORS})
def report_put(request: HttpRequest, code: str, period: str, payload: ReportSaveIn) -> Any:
    """Save narrative sections; `revision` must be the one read, else 409 (saved since by someone), nothing written."""
    state = _state(request, code, period)
    services.report_save(
        actor=request.user,
        unit=state.unit,
        period=state.period,
        sections=payload.sections,
        revision=payload.revision,
        signer_name=payload.signer_name,
        register=(payload.number, payload.issued_on) if {"number", "issued_on"} & payload.model_fields_set else None,
        reset=payload.reset,
    )
    return _out(_state(request, code, period))


class MergeIn(Schema):
    section: str
    units: list[str]  # codes of accepted reporters whose text of `section` is merged


class MergeOut(Schema):
    section: str
    text: str


@router.post("/reports/{code}/{period}/merge", response={200: MergeOut, **CONFLICT_ERRORS})
def report_merge(request: HttpRequest, code: str, period: str, payload: MergeIn) -> Any:
    """The draft paragraph merged from the reporters' texts of one section (units named, sentences said twice
    dropped), as the report page inserts it; nothing is saved: PUT the section to keep it."""
    state = _state(request, code, period)
    if payload.section not in SECTION_KEYS:
        raise DomainError(
            _("Mục «%(section)s» không có trong báo cáo; các mục: %(keys)s.")
            % {"section": payload.section, "keys": ", ".join(SECTION_KEYS)},
            code="invalid",
        )
    return {"section": payload.section, "text": merge_offers(state, payload.section, payload.units)}


class SubmitIn(RevisionIn):
    # Sending before the period's cut-off must be said explicitly (the web page's second question).
    early: bool = False


@router.post("/reports/{code}/{period}/submit", response={200: ReportOut, **CONFLICT_ERRORS})
def report_submit(request: HttpRequest, code: str, period: str, payload: SubmitIn) -> Any:
    state = _state(request, code, period)
    services.require_early_confirmation(state, confirmed=payload.early)
    services.report_submit(actor=request.user, unit=state.unit, period=state.period, revision=payload.revision)
    return _out(_state(request, code, period))


@router.post("/reports/{code}/{period}/request-signature", response={200: ReportOut, **CONFLICT_ERRORS})
def report_request_signature(request: HttpRequest, code: str, period: str) -> Any:
    """ "Trình lãnh đạo ký": ask the unit's leaders to sign and send (they are notified)."""
    state = _state(request, code, period)
    services.report_request_signature(actor=request.user, unit=state.unit, period=state.period)
    return _out(_state(request, code, period))


@router.post("/reports/{code}/{period}/accept", response={200: ReportOut, **CONFLICT_ERRORS})
def report_accept(request: HttpRequest, code: str, period: str) -> Any:
    services.report_accept(actor=request.user, report=_state(request, code, period).sent_report())
    return _out(_state(request, code, period))


@router.post("/reports/{code}/{period}/return", response={200: ReportOut, **CONFLICT_ERRORS})
def report_return(request: HttpRequest, code: str, period: str, payload: ReturnIn) -> Any:
    report = _state(request, code, period).sent_report()
    services.report_return(actor=request.user, report=report, reason=payload.reason)
    return _out(_state(request, code, period))


@router.get("/reports/{code}/{period}/versions", response={200: list[VersionOut], **CONFLICT_ERRORS})
def report_versions(request: HttpRequest, code: str, period: str) -> Any:
    state = _state(request, code, period)
    versions = versions_of(state.report) if state.report else []
    return [
        {
            "number": v.number,
            "submitted_at": v.submitted_at,
            "submitted_by": str(v.submitted_by) if v.submitted_by else None,
            "late": v.late,
        }
        for v in versions
    ]


@router.get("/reports/{code}/{period}/versions/{number}", response={200: VersionDetailOut, **CONFLICT_ERRORS})
def report_version(request: HttpRequest, code: str, period: str, number: int) -> Any:
    """One frozen version (figures, text, metadata) and its changes against the version before."""
    sent = sent_version(_state(request, code, period), number)
    changes = [
        {
            "heading": s.heading,
            "removed": [line.text for line in s.lines if line.op == "removed"],
            "added": [line.text for line in s.lines if line.op == "added"],
        }
        for s in sent.changes
    ]
    return {"number": sent.version.number, "snapshot": sent.version.snapshot, "changes": changes}


@router.get("/reports/{code}/{period}/export/{fmt}", response={200: None, **CONFLICT_ERRORS})
def report_export(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    from loa.reports.exports import EXPORTS, report_file

    export_for(EXPORTS, fmt)  # an unknown format is a 404 before the report is read
    return download(report_file(_state(request, code, period), fmt))


@router.get("/report-status/{code}/{period}", response={200: CompletenessOut, **CONFLICT_ERRORS})
def report_status(request: HttpRequest, code: str, period: str) -> Any:
    """Completeness and timeliness of the reporters of recipient `code`: counts, rates, every unit."""
    recipient = unit_by_code(actor=request.user, code=code)
    if not can_receive(request.user, recipient):
        raise out_of_reach()
    return completeness(recipient, require_period(period)).as_json()
