"""Reads of the CCHC column: the back office's lists and items through the scoping layer, and what the public pages
show. Public visitors have no account: what they read is read as the system (`org.scope.SYSTEM`) and narrowed here to
what is public: a current public body's published news, its issued plans and sent reports (as its settings allow),
its index results, the links of its registry and its units below."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, Prefetch, QuerySet
from django.utils.translation import gettext as _

from loa.activity.evidence import IMAGES
from loa.activity.models import Activity, Evidence
from loa.channels.catalog import ChannelKind
from loa.channels.models import UnitChannel
from loa.core.labels import report_title
from loa.core.numbers import MAX_WHOLE
from loa.core.periods import parse_period
from loa.core.text import fold, search_terms
from loa.indices.selectors import Series, unit_series
from loa.org.catalog import PUBLIC_BODIES, UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM, Actor, Perm, get_in_scope, out_of_reach, restrict
from loa.org.selectors import current_q
from loa.plans.assignment import name_units
from loa.plans.catalog import PlanStatus
from loa.plans.defaults import symbol_for
from loa.plans.models import Plan, PlanTask, PlanVersion
from loa.plans.selectors import plan_tasks
from loa.plans.versions import issued_copy
from loa.reports.catalog import FROZEN
from loa.reports.models import Report
from loa.reports.narrative import period_text

from .catalog import NewsStatus
from .models import ColumnSettings, NewsItem

DOCUMENTS_SHOWN = 20  # issued plans and sent reports on the column's home, newest first
PUBLISHED_PLAN = (PlanStatus.ISSUED, PlanStatus.CLOSED)


def column_unit_of(unit: OrgUnit) -> OrgUnit | None:
    """The unit whose column tells of `unit`'s activities: the unit itself when it is a public body (the people's
    committee of a province or commune, a department, the service centre), the commune for one of its sections;
    None for the others (the press, the Front), which publish through channels of their own."""
    if unit.unit_type in PUBLIC_BODIES:
        return unit
    if unit.unit_type == UnitType.PHONG_XA and unit.parent is not None and unit.parent.unit_type == UnitType.UBND_XA:
        return unit.parent
    return None


# --- back office ------------------------------------------------------------------------------------------------------


def news_list(*, actor: Actor, unit: OrgUnit, status: str = "") -> QuerySet[NewsItem]:
    """The unit's news items in any state that the actor reads, the latest changed first."""
    found = restrict(NewsItem.objects.filter(unit=unit), actor, Perm.VIEW)
    if status:
        found = found.filter(status=status)
    return found.select_related("unit", "created_by").order_by("-updated_at", "-pk")


def news_get(*, actor: Actor, pk: int) -> NewsItem:
    if pk > MAX_WHOLE:  # past a 64-bit column: the database would refuse to compare
        raise out_of_reach()
    found = NewsItem.objects.select_related(
        "unit", "activity", "created_by", "submitted_by", "approved_by", "portal_activity"
    )
    return get_in_scope(found, actor, Perm.VIEW, pk=pk)


def news_of_activity(activity: Activity) -> NewsItem | None:
    return NewsItem.objects.filter(activity=activity).first()


def image_choices(activity: Activity | None) -> list[Evidence]:
    """The activity's photos, which a news item may show."""
    if activity is None:
        return []
    return list(Evidence.objects.filter(activity=activity, kind__in=IMAGES).order_by("pk"))


def waiting(units: list[OrgUnit]) -> list[NewsItem]:
    """Items of `units` waiting for their leader and items returned to their editors (the to-do's two sections),
    oldest first; one query."""
    found = NewsItem.objects.filter(unit__in=units, status__in=[NewsStatus.PENDING, NewsStatus.RETURNED])
    return list(found.select_related("unit", "submitted_by").order_by("submitted_at", "pk")[:100])


# --- the public column ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A unit code as a public address reads it: the unit's column, or the column it moved to, or nothing."""

    unit: OrgUnit | None = None
    moved_to: OrgUnit | None = None


def public_unit(code: str) -> Found:
    """The current public body with this code, its settings loaded with it (one query); a unit merged away on
    1/7/2025 sends its visitors to its successor's column, so old addresses keep working."""
    code = code.strip()[:40]
    if not code:
        return Found()
    unit = OrgUnit.objects.select_related("column_settings", "successor", "parent").filter(code=code).first()
    if unit is None or unit.unit_type not in PUBLIC_BODIES:
        return Found()
    if unit.is_current():
        return Found(unit=unit)
    successor = unit.successor
    if successor is not None and successor.is_current() and successor.unit_type in PUBLIC_BODIES:
        return Found(moved_to=successor)
    return Found()


def settings_of(unit: OrgUnit) -> ColumnSettings:
    """The unit's settings (loaded with it by `public_unit`), or the defaults when it has none."""
    try:
        return unit.column_settings
    except ColumnSettings.DoesNotExist:
        return ColumnSettings(unit=unit)


def cache_version(unit: OrgUnit) -> int:
    return settings_of(unit).cache_version


def published_news(unit: OrgUnit) -> QuerySet[NewsItem]:
    """The unit's published items, newest first, each with its photos (one query more for any number of items)."""
    images = Prefetch("images", queryset=Evidence.objects.order_by("pk"))
    found = NewsItem.objects.filter(unit=unit, status=NewsStatus.PUBLISHED)
    return found.prefetch_related(images).order_by("-published_at", "-pk")


def published_item(unit: OrgUnit, pk: int) -> NewsItem | None:
    return published_news(unit).filter(pk=pk).first()


def public_image(unit: OrgUnit, pk: int) -> Evidence | None:
    """A photo shown by a published item of the unit; any other file, or a photo of an item not (or no longer)
    published, is not public."""
    shown = NewsItem.images.through.objects.filter(
        newsitem__unit=unit, newsitem__status=NewsStatus.PUBLISHED, evidence_id=pk
    )
    return Evidence.objects.filter(Exists(shown), pk=pk, kind__in=IMAGES).first()


def search_news(unit: OrgUnit, query: str) -> QuerySet[NewsItem]:
    """Published items whose title, summary or text holds every word of the query, diacritics and case ignored."""
    found = published_news(unit)
    for term in search_terms(query):
        found = found.filter(search_text__contains=term)
    return found


@dataclass(frozen=True)
class PublicDocument:
    """An issued plan or a sent report as the column lists it (what a document register shows)."""

    kind: str  # "plan" or "report"
    key: str  # the plan's id, the report's period
    number: str  # "18/KH-UBND"
    issued_on: date | None
    title: str
    issuer: str
    summary: str


def _plan_documents(plans: list[Plan]) -> list[PublicDocument]:
    # A plan being amended reads as last issued: its number, date and title from its latest version.
    amending = [p.pk for p in plans if p.amending]
    latest: dict[int, PlanVersion] = {}
    if amending:
        for version in PlanVersion.objects.filter(plan_id__in=amending).order_by("plan_id", "-version"):
            latest.setdefault(version.plan_id, version)
    documents = []
    for plan in plans:
        found = latest.get(plan.pk)
        number, symbol, issued_on, title = plan.number, plan.symbol, plan.issued_on, plan.title
        if found is not None:
            number, symbol, issued_on = found.number, found.symbol, found.issued_on
            title = found.snapshot.get("title", title)
        documents.append(
            PublicDocument(
                kind="plan",
                key=str(plan.pk),
                number=f"{number:02d}/{symbol}" if number is not None else symbol,
                issued_on=issued_on,
                title=title,
                issuer=plan.issuer.display_name,
                summary=_("Kế hoạch năm %(year)s") % {"year": plan.year},
            )
        )
    return documents


def public_plans(unit: OrgUnit, *, query: str = "") -> list[PublicDocument]:
    """Plans the unit issued (issued, or closed since), newest first."""
    found = Plan.objects.filter(issuer=unit, status__in=PUBLISHED_PLAN).select_related("issuer")
    for term in search_terms(query):
        found = found.filter(search_text__contains=term)
    return _plan_documents(list(found.order_by("-issued_on", "-pk")[:DOCUMENTS_SHOWN]))


def public_plan(unit: OrgUnit, pk: int) -> Plan | None:
    found = Plan.objects.filter(issuer=unit, status__in=PUBLISHED_PLAN, pk=pk)
    return found.select_related("issuer", "issuer__parent").first()


def public_plan_text(plan: Plan) -> tuple[Plan, list[PlanTask]]:
    """The plan as last issued, whoever reads it: an amendment being drafted is the issuer's own business."""
    shown, tasks = issued_copy(plan) if plan.amending else (plan, list(plan_tasks(plan)))
    name_units(tasks)
    return shown, tasks


def _report_document(unit: OrgUnit, report: Report) -> PublicDocument:
    period = parse_period(report.period)
    summary = f"Kết quả công tác thông tin, tuyên truyền cải cách hành chính {period_text(period)}" if period else ""
    number = f"{report.number:02d}/{symbol_for(unit, 'BC')}" if report.number is not None else ""
    issued_on = report.issued_on or (report.submitted_at.date() if report.submitted_at else None)
    return PublicDocument(
        kind="report",
        key=report.period,
        number=number,
        issued_on=issued_on,
        title=report_title(report.period, unit.name),
        issuer=unit.display_name,
        summary=summary,
    )


def public_reports(unit: OrgUnit, *, query: str = "") -> list[PublicDocument]:
    """Reports the unit sent (sent, or accepted since), newest first; a query keeps those whose title, number or
    summary holds every word of it."""
    found = Report.objects.filter(unit=unit, status__in=FROZEN).order_by("-year", "-submitted_at", "-pk")
    documents = [_report_document(unit, r) for r in found[: DOCUMENTS_SHOWN * 2]]
    terms = search_terms(query)
    if terms:
        documents = [d for d in documents if all(t in fold(" ".join([d.title, d.number, d.summary])) for t in terms)]
    return documents[:DOCUMENTS_SHOWN]


def public_report(unit: OrgUnit, period: str) -> Report | None:
    return Report.objects.filter(unit=unit, status__in=FROZEN, period=period[:8]).first()


def latest_indices(unit: OrgUnit) -> list[Series]:
    """The unit's published index values, each index's latest year first in catalog order (one query)."""
    return unit_series(actor=SYSTEM, unit=unit)


def _url(text: str) -> str:
    text = text.strip()
    return text if text.startswith(("https://", "http://")) else ""


def procedures_url(unit: OrgUnit, column: ColumnSettings) -> str:
    """Where the unit's public list of administrative procedures is: the address set in its column settings, else
    its one-stop desk's or its portal's address in the channel registry, when one is a web address."""
    if column.procedures_url:
        return column.procedures_url
    channels = UnitChannel.objects.filter(unit=unit, kind__in=[ChannelKind.ONE_STOP, ChannelKind.PORTAL])
    ordered = sorted(channels, key=lambda c: (c.kind != ChannelKind.ONE_STOP, c.pk))
    for channel in ordered:
        fields = (channel.cchc, channel.address) if channel.kind == ChannelKind.ONE_STOP else (channel.address,)
        for text in fields:
            if _url(text):
                return _url(text)
    return ""


def offers_feedback(unit: OrgUnit) -> bool:
    """Whether the public feedback form (/phan-anh/?unit=) takes items for the unit: it does for every current
    public body (loa/feedback/public.py)."""
    return unit.unit_type in PUBLIC_BODIES


def directory(unit: OrgUnit) -> list[tuple[str, list[OrgUnit]]]:
    """The current public bodies right below the unit, in the two groups a citizen recognises: the province's
    departments and centres, its communes. Empty for a commune or a department."""
    below = OrgUnit.objects.filter(current_q(), parent=unit, unit_type__in=PUBLIC_BODIES).order_by("name")
    units = list(below.only("code", "name", "unit_type"))
    communes = [u for u in units if u.unit_type == UnitType.UBND_XA]
    bodies = [u for u in units if u.unit_type != UnitType.UBND_XA]
    groups = [(_("Sở, ban, ngành và trung tâm"), bodies), (_("Xã, phường, đặc khu"), communes)]
    return [(label, members) for label, members in groups if members]


def provinces() -> list[OrgUnit]:
    """Every current province and centrally run city, for the columns' own directory."""
    return list(OrgUnit.objects.filter(current_q(), unit_type=UnitType.UBND_TINH).only("code", "name").order_by("name"))


def parent_column(unit: OrgUnit) -> OrgUnit | None:
    """The column one level up (a commune's province), when the unit's parent is a public body."""
    parent: Any = unit.parent if unit.parent_id else None
    return parent if parent is not None and parent.unit_type in PUBLIC_BODIES else None
