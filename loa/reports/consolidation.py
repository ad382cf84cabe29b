"""Consolidation: a recipient's report adds the accepted reports of its reporters to its own figures.

Only the frozen version a recipient accepted is read (one JSON snapshot per reporter), so a province
of a hundred communes consolidates from a hundred small rows. Per-unit rows go to an annex, and each
reporter's narrative text is offered, grouped by section, for the editor to condense.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from loa.core.catalogs import Channel, ReformArea
from loa.core.periods import Period
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit

from .catalog import SECTION_KEYS, ReportStatus
from .figures import num
from .models import Report, ReportVersion


class Offer(NamedTuple):
    """A reporter's text of one section, offered to the recipient's editor."""

    unit: str  # code
    name: str
    text: str


@dataclass
class Consolidation:
    figures: dict[str, Any]  # own + accepted reporters, same shape as compute_figures()
    annex: list[dict[str, Any]]  # one row per expected reporter
    texts: dict[str, list[Offer]] = field(default_factory=dict)  # section → the accepted reporters' texts
    accepted: int = 0
    # What an accepted Sở Nội vụ's report said of its own reporters and of the province plan ("reporting",
    # "superior_tasks"): the province's report to the ministry repeats it rather than counting the Sở alone.
    carried: dict[str, Any] = field(default_factory=dict)


def latest_versions(reports: list[Report]) -> dict[int, ReportVersion]:
    """Report id → its last submitted version (one query)."""
    found: dict[int, ReportVersion] = {}
    for version in ReportVersion.objects.filter(report__in=reports).order_by("report_id", "number"):
        found[version.report_id] = version
    return found


def consolidate(own: dict[str, Any], reporters: list[OrgUnit], period: Period, *, unit: OrgUnit) -> Consolidation:
    """`unit`'s own figures plus its reporters' accepted ones; the annex opens with `unit`'s own row, so that its
    total is the body's."""
    reports = {r.unit_id: r for r in Report.objects.filter(unit__in=reporters, period=period.id).select_related("unit")}
    versions = latest_versions([r for r in reports.values() if r.status == ReportStatus.ACCEPTED])
    total = _copy(own)
    annex: list[dict[str, Any]] = [{**_annex_row(unit, None, own), "own": True}]
    texts: dict[str, list[Offer]] = {key: [] for key in SECTION_KEYS}
    accepted = 0
    carried: dict[str, Any] = {}
    for unit in reporters:
        report = reports.get(unit.pk)
        version = versions.get(report.pk) if report is not None else None
        figures = version.snapshot["figures"] if version is not None else None
        if version is not None and figures is not None:
            accepted += 1
            _add(total, figures)
            if unit.unit_type == UnitType.SO_NOI_VU:
                carried = {key: figures[key] for key in ("reporting", "superior_tasks") if figures.get(key)}
            _offer(texts, unit, version)
        annex.append(_annex_row(unit, report, figures))
    return Consolidation(figures=_finish(total), annex=annex, texts=texts, accepted=accepted, carried=carried)


def _offer(texts: dict[str, list[Offer]], unit: OrgUnit, version: ReportVersion) -> None:
    for key in SECTION_KEYS:
        text = (version.snapshot.get("sections") or {}).get(key, "").strip()
        if text:
            texts[key].append(Offer(unit.code, unit.name, text))


def offer_texts_of(consolidation: Consolidation, units: list[OrgUnit], period: Period) -> None:
    """Add to the offers the texts of `units`' accepted reports (not their figures, which already came in through
    a report that consolidated them): the province's report offers its departments' words beside its Sở's."""
    reports = [r for r in Report.objects.filter(unit__in=units, period=period.id, status=ReportStatus.ACCEPTED)]
    versions = latest_versions(reports)
    by_unit = {u.pk: u for u in units}
    for report in sorted(reports, key=lambda r: by_unit[r.unit_id].path):
        version = versions.get(report.pk)
        if version is not None:
            _offer(consolidation.texts, by_unit[report.unit_id], version)


def _copy(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        **figures,
        "totals": dict(figures["totals"]),
        "by_channel": {k: {**v, "measures": dict(v.get("measures", {}))} for k, v in figures["by_channel"].items()},
        "by_area": {k: dict(v) for k, v in figures["by_area"].items()},
    }


def _add(total: dict[str, Any], figures: dict[str, Any]) -> None:
    for key, value in figures["totals"].items():
        total["totals"][key] = total["totals"].get(key, 0) + value
    for code, row in figures["by_channel"].items():
        entry = total["by_channel"].setdefault(
            code, {"count": 0, "quantity": 0, "reach": 0, "participants": 0, "measures": {}}
        )
        for key in ("count", "quantity", "reach", "participants"):
            entry[key] = Decimal(str(entry.get(key, 0))) + Decimal(str(row.get(key, 0)))
        for measure, quantity in row.get("measures", {}).items():
            entry["measures"][measure] = Decimal(str(entry["measures"].get(measure, 0))) + Decimal(str(quantity))
    for code, row in figures["by_area"].items():
        entry = total["by_area"].setdefault(code, {"count": 0, "reach": 0})
        for key in ("count", "reach"):
            entry[key] = Decimal(str(entry.get(key, 0))) + Decimal(str(row.get(key, 0)))


def _finish(total: dict[str, Any]) -> dict[str, Any]:
    """Back to JSON numbers, catalog order kept."""
    channels = total["by_channel"]
    areas = total["by_area"]
    total["by_channel"] = {
        code: {
            **{k: num(Decimal(str(v))) for k, v in channels[code].items() if k != "measures"},
            "measures": {m: num(Decimal(str(q))) for m, q in channels[code]["measures"].items()},
        }
        for code in Channel.values
        if code in channels
    }
    total["by_area"] = {
        code: {k: num(Decimal(str(v))) for k, v in areas[code].items()} for code in ReformArea.values if code in areas
    }
    total["totals"] = {k: num(Decimal(str(v))) for k, v in total["totals"].items()}
    return total


def _annex_row(unit: OrgUnit, report: Report | None, figures: dict[str, Any] | None) -> dict[str, Any]:
    totals = figures["totals"] if figures else {}
    return {
        "unit": unit.code,
        "name": unit.name,
        "status": report.status if report is not None else "",
        "version": report.version if report is not None else 0,
        "late": bool(report and report.late),
        "counted": figures is not None,
        "count": totals.get("count", 0),
        "reach": totals.get("reach", 0),
        "evidence": totals.get("evidence", 0),
        "online": totals.get("online", 0),
        "traditional": totals.get("traditional", 0),
        "by_channel": {code: row["count"] for code, row in (figures or {}).get("by_channel", {}).items()},
    }


ANNEX_FIGURES = ("count", "online", "traditional", "reach", "evidence")


def annex_totals(annex: list[dict[str, Any]]) -> dict[str, Any]:
    """The annex's total row: the counted rows (the consolidating unit's own and the accepted reports), so it equals
    the consolidated report's body."""
    return {key: sum((row.get(key) or 0) for row in annex if row.get("counted")) for key in ANNEX_FIGURES}
