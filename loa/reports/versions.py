"""What changed between two submitted versions of a report: figures and text, line by line."""

from typing import Any

from django.utils.translation import gettext as _

from loa.core.catalogs import Channel, ReformArea, label
from loa.plans.versions import SectionDiff, diff_outlines

from .catalog import SECTION_KEYS
from .models import ReportVersion
from .narrative import OUTLINE


def _figure_lines(figures: dict[str, Any]) -> list[str]:
    totals = figures.get("totals", {})
    lines = [
        _("Tổng số hoạt động: %(n)s") % {"n": totals.get("count", 0)},
        _("Số lượt người được tiếp cận: %(n)s") % {"n": totals.get("reach", 0)},
        _("Số tệp minh chứng: %(n)s") % {"n": totals.get("evidence", 0)},
    ]
    for code, row in figures.get("by_channel", {}).items():
        lines.append(
            _("%(channel)s: %(count)s hoạt động, số lượng %(quantity)s, tiếp cận %(reach)s")
            % {"channel": label(Channel, code), **row}
        )
    for code, row in figures.get("by_area", {}).items():
        lines.append(_("%(area)s: %(count)s hoạt động") % {"area": label(ReformArea, code), "count": row["count"]})
    for task in figures.get("tasks", []):
        lines.append(
            _("Nhiệm vụ «%(title)s»: lũy kế %(cumulative)s / chỉ tiêu %(target)s (%(percent)s%%)")
            % {**task, "target": task["target"] if task["target"] is not None else "—"}
        )
    return lines


def outline(snapshot: dict[str, Any]) -> list[tuple[str, list[str]]]:
    parts = [(_("Số liệu"), _figure_lines(snapshot.get("figures", {})))]
    sections = snapshot.get("sections", {})
    for key in SECTION_KEYS:
        section, clause = OUTLINE[key]
        heading = clause or section.format(next="").strip().rstrip(",")
        parts.append((heading, [line for line in sections.get(key, "").splitlines() if line.strip()]))
    return parts


def version_diff(old: ReportVersion, new: ReportVersion) -> list[SectionDiff]:
    return diff_outlines(outline(old.snapshot), outline(new.snapshot))
