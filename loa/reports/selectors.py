"""Reads of reports, always through the scoping layer: a unit's report for a period (a live draft or
the frozen version), the lock the activity log asks about, and a unit's reporting calendar."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.models import Activity
from loa.core.errors import DomainError, NotFound
from loa.core.periods import Period, require_period, standard_periods
from loa.org.catalog import DEPARTMENT_TYPES, Role, UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, can_receive, out_of_reach, restrict
from loa.org.tree import path_ancestors
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan
from loa.plans.versions import SectionDiff

from .catalog import EDITABLE, FROZEN, SECTION_KEYS, ReportStatus
from .completeness import completeness, reporting_summary
from .consolidation import Consolidation, annex_totals, consolidate, offer_texts_of
from .figures import compute_figures, scoped_activities, superior_plan_tasks
from .models import ExportJob, Report, ReportVersion
from .narrative import generate
from .regimes import Terms, active_regimes, expected_reporters, periods_due, reporter_paths_below, terms_for
from .versions import version_diff


@dataclass
class ReportState:
    """Everything a report page, the API, the CLI and the documents need about one unit and period."""

    unit: OrgUnit
    period: Period
    terms: Terms
    report: Report | None
    figures: dict[str, Any]  # consolidated when the unit has reporters
    sections: dict[str, str]  # the text as it stands (edited, or generated for untouched sections)
    generated: dict[str, str]
    reporters: list[OrgUnit] = field(default_factory=list)
    consolidation: Consolidation | None = None
    version: ReportVersion | None = None  # the frozen version shown, when submitted or accepted

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ReportStatus.DRAFT

    @property
    def frozen(self) -> bool:
        return self.status in FROZEN

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def revision(self) -> int:
        return self.report.revision if self.report is not None else 0

    @property
    def edited(self) -> set[str]:
        return set(self.report.sections) if self.report is not None else set()

    @property
    def annex(self) -> list[dict[str, Any]]:
        if self.version is not None:
            return list(self.version.snapshot.get("annex", []))
        return self.consolidation.annex if self.consolidation is not None else []

    @property
    def annex_totals(self) -> dict[str, Any]:
        return annex_totals(self.annex)

    def sent_report(self) -> Report:
        """The report row, for acting on it (accept, return); a unit that never saved one has nothing to act on."""
        if self.report is None:
            raise DomainError(_("Đơn vị chưa gửi báo cáo kỳ này."))
        return self.report

    @property
    def is_late_now(self) -> bool:
        return self.editable and not self.terms.on_time(timezone.localdate())

    @property
    def submits_early(self) -> bool:
        """Sending now would be before the cut-off: the report then covers activities up to today only."""
        return self.editable and timezone.localdate() < self.period.end

    @property
    def covered_until(self) -> date:
        """The last day a sent report counted (the day it was sent when that was before the cut-off)."""
        if self.report is not None and self.report.first_submitted_at is not None:
            return min(self.report.window_end, self.period.end)
        return self.period.end


def can_read(actor: Actor | None, unit: OrgUnit, recipient: OrgUnit | None) -> bool:
    """The unit's own readers (VIEW reach), and whoever receives its reports."""
    return can(actor, Perm.VIEW, unit) or (recipient is not None and can_receive(actor, recipient))


def can_review(actor: Actor | None, state: "ReportState") -> bool:
    recipient = state.terms.recipient if state.report is None else state.report.recipient
    return recipient is not None and can_receive(actor, recipient)


def report_state(*, actor: Actor | None, unit: OrgUnit, period: str | Period) -> ReportState:
    """The unit's report for the period as the actor may see it; outside reach, it does not exist."""
    period = require_period(period) if isinstance(period, str) else period
    terms = terms_for(unit, period)
    report = Report.objects.filter(unit=unit, period=period.id).select_related("recipient").first()
    # A report already sent stays readable by the recipient it was sent to, whatever the regime says now.
    if not can_read(actor, unit, report.recipient if report and report.recipient else terms.recipient):
        raise out_of_reach()
    return build_state(unit, period, terms, report)


def build_state(unit: OrgUnit, period: Period, terms: Terms, report: Report | None) -> ReportState:
    if report is not None and report.status in FROZEN:
        version = report.versions.order_by("-number").first()
        if version is not None:
            snap = version.snapshot
            return ReportState(
                unit=unit,
                period=period,
                terms=terms,
                report=report,
                figures=snap["figures"],
                sections=snap["sections"],
                generated=snap.get("generated", snap["sections"]),
                version=version,
            )
    reporters = expected_reporters(unit, period)
    excluded = reporter_paths_below(unit, reporters, period)
    own = compute_figures(unit, period, excluded)
    consolidation = consolidate(own, reporters, period, unit=unit) if reporters else None
    figures = consolidation.figures if consolidation is not None else own
    if consolidation is not None and consolidation.carried:  # a province: its Sở's account of the province's units
        figures = {**figures, **consolidation.carried}
        departments = [
            u
            for r in reporters
            if r.unit_type == UnitType.SO_NOI_VU
            for u in expected_reporters(r, period)
            if u.unit_type in DEPARTMENT_TYPES
        ]
        offer_texts_of(consolidation, departments, period)
    elif reporters:  # who reported, who did not: said first in the consolidated report, frozen with its figures
        figures = {**figures, "reporting": reporting_summary(completeness(unit, period))}
        superior = guiding_plan_for(unit, period)
        if superior is not None:  # the plan the unit reports on, across every unit that carries its tasks
            figures["superior_tasks"] = superior_plan_tasks(superior, period)
    generated = generate(unit, period, figures, terms.recipient)
    edited = report.sections if report is not None else {}
    sections = {key: edited.get(key, generated[key]) for key in SECTION_KEYS}
    return ReportState(unit, period, terms, report, figures, sections, generated, reporters, consolidation)


def activities_after_submission(state: ReportState, limit: int = 100) -> tuple[int, list[Activity]]:
    """Confirmed activities of the report's scope dated after an early submission and before the cut-off
    ("hoạt động phát sinh sau khi gửi"): not in the sent report; the unit adds them by asking the recipient to
    return it and sending again. (count, the first `limit` by date)."""
    report = state.report
    if report is None or report.first_submitted_at is None or state.covered_until >= state.period.end:
        return 0, []
    later = scoped_activities(
        state.unit, state.covered_until + timedelta(days=1), state.period.end, list(report.excluded_paths)
    )
    return later.count(), list(later.select_related("unit").order_by("date", "pk")[:limit])


@dataclass
class PeriodRow:
    period: Period
    terms: Terms
    report: Report | None
    due: bool = True  # the unit's regime asks for this period (`regimes.is_due`)

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ""

    @property
    def overdue(self) -> bool:
        if not self.due:
            return False
        return (self.report is None or self.report.status in EDITABLE) and not self.terms.on_time(timezone.localdate())

    @property
    def started(self) -> bool:
        return self.period.start <= timezone.localdate()


def unit_calendar(*, actor: Actor | None, unit: OrgUnit, year: int) -> list[PeriodRow]:
    """The periods of a year the unit must report (`regimes.periods_due`), plus any other period it made a
    report for, with their deadlines and the state of each report. A period outside its regime is never due."""
    reports = {r.period: r for r in Report.objects.filter(unit=unit, year=year)}
    regimes = list(active_regimes())
    due = {p.id for p in periods_due(unit, year, regimes)}
    periods = [p for p in standard_periods(year) if p.id in due or p.id in reports]
    first = terms_for(unit, periods[0] if periods else standard_periods(year)[0], regimes)
    if not can_read(actor, unit, first.recipient):
        raise out_of_reach()
    return [PeriodRow(p, terms_for(unit, p, regimes), reports.get(p.id), p.id in due) for p in periods]


def versions_of(report: Report) -> list[ReportVersion]:
    return list(report.versions.select_related("submitted_by").order_by("number"))


@dataclass(frozen=True)
class SentVersion:
    """One frozen submission of a report, the one before it, and the sections that changed between them."""

    version: ReportVersion
    previous: ReportVersion | None
    changes: list[SectionDiff]
    versions: list[ReportVersion]


def sent_version(state: ReportState, number: int) -> SentVersion:
    """Submission `number` of the report and what changed since the one before (the page and the API)."""
    versions = versions_of(state.report) if state.report is not None else []
    by_number = {v.number: v for v in versions}
    version = by_number.get(number)
    if version is None:
        raise NotFound(_("Không có lần gửi số %(n)s của báo cáo này.") % {"n": number})
    previous = by_number.get(number - 1)
    changes = [s for s in version_diff(previous, version) if s.changed] if previous is not None else []
    return SentVersion(version, previous, changes, versions)


def receivable_units(actor: Actor | None) -> list[OrgUnit]:
    """Units whose incoming reports the actor follows: its own unit when it receives reports there
    (as coordinator or leader), or, for an administrator, every current Sở Nội vụ."""
    if getattr(actor, "role", None) == Role.ADMIN:
        return list(OrgUnit.objects.filter(unit_type=UnitType.SO_NOI_VU, valid_to__isnull=True).order_by("path"))
    unit = getattr(actor, "unit", None)
    return [unit] if unit is not None and can_receive(actor, unit) else []


def awaiting_signature_q() -> Q:
    """A report waits for its leader's signature when asked after its last submission and still editable."""
    return Q(status__in=EDITABLE, signature_requested_at__isnull=False) & (
        Q(submitted_at__isnull=True) | Q(signature_requested_at__gt=F("submitted_at"))
    )


def is_awaiting_signature(report: Report | None) -> bool:
    if report is None or report.signature_requested_at is None or report.status not in EDITABLE:
        return False
    return report.submitted_at is None or report.signature_requested_at > report.submitted_at


def reports_awaiting_signature(actor: Actor | None) -> QuerySet[Report]:
    """Reports the actor is asked to sign and send: those of units where the actor may APPROVE (a
    leader's own unit; everything for an administrator), oldest request first."""
    qs = Report.objects.filter(awaiting_signature_q()).select_related("unit", "signature_requested_by")
    return restrict(qs, actor, Perm.APPROVE).order_by("signature_requested_at", "pk")


def batch_states(recipient: OrgUnit, period: Period) -> list[ReportState]:
    """The submitted or accepted reports of the recipient's reporters, as frozen, in tree order."""
    reporters = expected_reporters(recipient, period)
    reports = (
        Report.objects.filter(unit__in=reporters, period=period.id, status__in=FROZEN)
        .select_related("unit", "recipient")
        .order_by("unit__path")
    )
    return [build_state(r.unit, period, terms_for(r.unit, period), r) for r in reports]


def export_job_get(*, actor: Actor, pk: int) -> ExportJob:
    job = ExportJob.objects.select_related("recipient").filter(pk=pk).first()
    if job is None or not can_receive(actor, job.recipient):
        raise out_of_reach()
    return job


def recent_jobs(recipient: OrgUnit, period: Period) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(recipient=recipient, period=period.id)[:5]


def guiding_plan(state: ReportState) -> Plan | None:
    """The issued (or closed) plan of the period's year from the closest unit above the reporting unit."""
    return guiding_plan_for(state.unit, state.period)


def guiding_plan_for(unit: OrgUnit, period: Period) -> Plan | None:
    above = path_ancestors(unit.path)[:-1]
    if not above:
        return None
    return (
        Plan.objects.filter(
            issuer__path__in=above,
            status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED],
            year=period.year,
            number__isnull=False,
            issued_on__isnull=False,
        )
        .select_related("issuer", "issuer__parent", "issuer__parent__parent")
        .order_by("-issuer__depth", "-issued_on", "-pk")
        .first()
    )
