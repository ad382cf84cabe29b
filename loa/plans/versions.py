"""Issued baselines: a plan frozen as JSON at each issue, and the diff of the live plan against one.

The diff works on an outline of readable lines (one per basis, purpose, content, task…), so an
officer sees "Nhiệm vụ 4: … thời hạn 30/6/2026 → 30/9/2026" rather than a JSON patch.
"""

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from loa.core.catalogs import Audience, Channel, ReformArea, label
from loa.core.dates import display_date

from .assignment import lead_names
from .catalog import Frequency, LeadGroup
from .content import SECTION_NAMES, section_label
from .models import Plan, PlanTask

GENERAL_FIELDS = (
    "doc_type",
    "symbol",
    "place",
    "year",
    "title",
    "opening",
    "closing",
    "sign_on_behalf",
    "sign_mode",
    "sign_for_title",
    "signer_title",
    "signer_name",
)


def snapshot(plan: Plan, tasks: list[PlanTask] | None = None) -> dict[str, Any]:
    """Everything the issued document says, in plain JSON (unit names copied, as they were that day)."""
    if tasks is None:
        tasks = list(plan.tasks.select_related("lead_unit").order_by("position", "pk"))
    return {
        "issuer": {"code": plan.issuer.code, "name": plan.issuer.name},
        "number": plan.number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "parent_id": plan.parent_id,
        **{name: getattr(plan, name) for name in GENERAL_FIELDS},
        **{name: getattr(plan, name) for name in SECTION_NAMES},
        "tasks": [
            {
                "id": t.pk,
                "title": t.title,
                "reform_area": t.reform_area,
                "channel": t.channel,
                "extra_channels": list(t.extra_channels),
                "audience": t.audience,
                "extra_audiences": list(t.extra_audiences),
                "lead_unit": {"code": t.lead_unit.code, "name": t.lead_unit.name} if t.lead_unit else None,
                "lead_group": t.lead_group,
                "co_leads": [{"code": c, "name": n} for c, n in zip(t.co_leads, lead_names(t), strict=True)],
                "coordinating": list(t.coordinating),
                "coordinating_note": t.coordinating_note,
                "deadline": t.deadline.isoformat() if t.deadline else None,
                "frequency": t.frequency,
                "product": t.product,
                "quantity": None if t.quantity is None else format(t.quantity.normalize(), "f"),
                "measure": t.measure,
                "note": t.note,
            }
            for t in tasks
        ],
    }


def task_line(task: dict[str, Any]) -> str:
    leads = [task["lead_unit"]["name"]] if task.get("lead_unit") else []
    if task.get("lead_group"):
        leads.append(label(LeadGroup, task["lead_group"]))
    lead = "; ".join([*leads, *(c["name"] for c in task.get("co_leads") or [])])
    parts = [task["title"], _("chủ trì: %(lead)s") % {"lead": lead}]
    if task.get("deadline"):
        parts.append(_("thời hạn: %(date)s") % {"date": display_date(date.fromisoformat(task["deadline"]))})
    parts.append(label(Frequency, task.get("frequency") or ""))
    if task.get("quantity") is not None:
        parts.append(_("chỉ tiêu: %(q)s %(m)s") % {"q": task["quantity"], "m": task.get("measure", "")})
    if task.get("product"):
        parts.append(_("sản phẩm: %(p)s") % {"p": task["product"]})
    channels = [c for c in [task.get("channel"), *(task.get("extra_channels") or [])] if c]
    if channels:
        parts.append(", ".join(label(Channel, c) for c in channels))
    audiences = [a for a in [task.get("audience"), *(task.get("extra_audiences") or [])] if a]
    if audiences:
        parts.append(", ".join(label(Audience, a) for a in audiences))
    return " · ".join(p.strip() for p in parts if p)


def outline(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(section heading, lines) for every part of the plan, in document order."""
    sections: list[tuple[str, list[str]]] = [
        (
            _("Thông tin chung"),
            [
                _("Trích yếu: %(v)s") % {"v": data.get("title", "")},
                _("Ký hiệu: %(v)s") % {"v": data.get("symbol", "")},
                _("Địa danh: %(v)s") % {"v": data.get("place", "")},
                _("Lời mở đầu: %(v)s") % {"v": data.get("opening", "")},
                _("Lời kết: %(v)s") % {"v": data.get("closing", "")},
                _("Người ký: %(v)s")
                % {"v": " / ".join(filter(None, [data.get("signer_title"), data.get("signer_name")]))},
            ],
        )
    ]
    for name in SECTION_NAMES:
        items = data.get(name) or []
        sections.append((section_label(name), [_item_line(name, item) for item in items]))
    sections.append((_("Phụ lục nhiệm vụ"), [task_line(t) for t in data.get("tasks", [])]))
    return sections


def _item_line(name: str, item: Any) -> str:
    if isinstance(item, str):
        return item if name != "audiences" else label(Audience, item)
    if name == "bases":
        head = "Thực hiện" if item.get("kind") == "implements" else "Căn cứ"
        ref = f"{item.get('doc_type', '')} số {item.get('number', '')}/{item.get('symbol', '')}".strip()
        return " ".join(
            filter(None, [head, ref if item.get("number") else "", item.get("issuer"), item.get("summary")])
        )
    if name == "contents":
        area = label(ReformArea, item.get("reform_area") or "")
        return f"{item['text']} [{area}]" if area else item["text"]
    if name == "forms":
        return f"{label(Channel, item['channel'])}: {item.get('text', '')}".rstrip(": ")
    if name == "objectives":
        target = item.get("target")
        return " ".join(
            filter(None, [item["metric"], f": {target} {item.get('unit', '')}" if target else "", item.get("scope")])
        )
    if name == "responsibilities":
        who = item.get("label") or item.get("unit", "")
        return f"{who}: " + "; ".join(item.get("duties", []))
    return str(item)


@dataclass
class DiffLine:
    op: str  # "same", "added", "removed"
    text: str


@dataclass
class SectionDiff:
    heading: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.op != "same" for line in self.lines)


def diff(baseline: dict[str, Any], current: dict[str, Any]) -> list[SectionDiff]:
    """Per section, the lines removed from the baseline and added by the current text."""
    return diff_outlines(outline(baseline), outline(current))


def diff_outlines(old: list[tuple[str, list[str]]], new: list[tuple[str, list[str]]]) -> list[SectionDiff]:
    """Two documents given as the same headings with their lines: per heading, what changed."""
    return [SectionDiff(heading, diff_lines(a, b)) for (heading, a), (_h, b) in zip(old, new, strict=True)]


def diff_lines(old: list[str], new: list[str]) -> list[DiffLine]:
    lines: list[DiffLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", t) for t in old[i1:i2]]
        else:
            lines += [DiffLine("removed", t) for t in old[i1:i2]]
            lines += [DiffLine("added", t) for t in new[j1:j2]]
    return lines


def issued_copy(plan: Plan) -> tuple[Plan, list[PlanTask]]:
    """The plan as last issued, rebuilt (unsaved) from its frozen version: what readers see while the
    issuer drafts an amendment. Units are carried as their code and name of that day."""
    from decimal import Decimal

    from loa.org.models import OrgUnit

    version = plan.versions.order_by("-version").first()
    if version is None:
        return plan, list(plan.tasks.select_related("lead_unit").order_by("position", "pk"))
    data = version.snapshot
    copy = Plan(
        pk=plan.pk,
        issuer=plan.issuer,
        year=plan.year,
        number=version.number,
        issued_on=version.issued_on,
        status=plan.status,
        version=plan.version,
        amending=False,
        created_at=plan.created_at,
        **{name: data[name] for name in GENERAL_FIELDS if name != "year"},
        **{name: data[name] for name in SECTION_NAMES},
    )
    copy.parent_id = data.get("parent_id")
    if plan.parent_id == copy.parent_id:
        copy.parent = plan.parent
    tasks = []
    for position, t in enumerate(data["tasks"], start=1):
        lead = t.get("lead_unit")
        task = PlanTask(
            pk=t["id"],
            plan=copy,
            position=position,
            title=t["title"],
            reform_area=t["reform_area"],
            channel=t["channel"],
            extra_channels=t.get("extra_channels") or [],
            audience=t["audience"],
            extra_audiences=t.get("extra_audiences") or [],
            lead_group=t["lead_group"],
            co_leads=[c["code"] for c in t.get("co_leads") or []],
            coordinating=t["coordinating"],
            coordinating_note=t["coordinating_note"],
            deadline=date.fromisoformat(t["deadline"]) if t["deadline"] else None,
            frequency=t["frequency"],
            product=t["product"],
            quantity=Decimal(t["quantity"]) if t["quantity"] is not None else None,
            measure=t["measure"],
            note=t["note"],
        )
        if lead:
            task.lead_unit = OrgUnit(code=lead["code"], name=lead["name"])
        task.co_lead_names = [c["name"] for c in t.get("co_leads") or []]  # type: ignore[attr-defined]
        tasks.append(task)
    return copy, tasks
