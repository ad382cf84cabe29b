"""From an extraction (its JSON) to the input of `plans.services.plan_create`: a draft plan for a unit.

Nothing is dropped silently: a task whose lead unit Loa cannot find is led by the issuer and keeps
the lead as written in its note; a deadline Loa cannot read stays in the note too; cited documents
that are plans in Loa are linked, the first superior plan "thực hiện" becomes the parent.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from loa.core.citations import parse_number_symbol
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit
from loa.org.scope import Actor
from loa.org.selectors import current_q
from loa.org.tree import in_subtree, province_path, subtree_q
from loa.plans.catalog import PlanStatus, SignMode
from loa.plans.editor import bases_from_text
from loa.plans.models import Plan
from loa.plans.naming import UnitNames, nameable_units
from loa.plans.tasks_input import TaskInput

from .keywords import detect, first_named
from .task_rows import COLUMN_LABELS, task_from_item


@dataclass
class DraftInput:
    year: int
    title: str
    fields: dict[str, Any]
    sections: dict[str, Any]
    tasks: list[TaskInput]
    parent: Plan | None


def year_of(result: dict[str, Any]) -> int:
    """The year the plan applies to: as read, else the year of its date, else this year."""
    if result.get("year"):
        return int(result["year"])
    return date.fromisoformat(result["date"]).year if result.get("date") else timezone.localdate().year


def symbol_of(result: dict[str, Any]) -> str:
    """The symbol a draft takes: as corrected, else from the source's number ("18/KH-UBND" → "KH-UBND");
    none from a law's or a party document's number."""
    if result.get("symbol"):
        return str(result["symbol"])
    parsed = parse_number_symbol(result.get("number") or "")
    if parsed is None:
        return ""
    _number, year, symbol, party = parsed
    return "" if party or year else symbol


def draft_input(actor: Actor, unit: OrgUnit, result: dict[str, Any]) -> DraftInput:
    year = year_of(result)
    units = _units_near(unit)
    # The bases as written (or as the officer corrected them), in their order, through the plan editor's parser.
    bases = bases_from_text(actor, Plan(), result.get("bases_text") or "")
    sections: dict[str, Any] = {
        "bases": bases,
        "purposes": result.get("sections", {}).get("purposes", []),
        "requirements": result.get("sections", {}).get("requirements", []),
        "audiences": result.get("audiences") or [],
        "contents": [_content(text) for text in result.get("sections", {}).get("contents", [])],
        "forms": [_form(text) for text in result.get("sections", {}).get("forms", [])],
        "objectives": [{"metric": text} for text in result.get("sections", {}).get("objectives", [])],
        "responsibilities": [_responsibility(item, units) for item in result.get("responsibilities") or []],
        "recipients": result.get("recipients") or [],
    }
    fields: dict[str, Any] = {
        "place": result.get("place") or "",
        "opening": result.get("opening") or "",
        "closing": result.get("closing") or "",
        **signature_fields(result.get("signer") or {}),
    }
    symbol = symbol_of(result)
    if symbol:
        fields["symbol"] = symbol
    fields = {k: v for k, v in fields.items() if v or k == "sign_mode"}
    names = UnitNames(nameable_units(unit), unit)
    tasks = [_task(item, unit, names, year) for item in result.get("tasks") or []]
    return DraftInput(year, normalize(result.get("title") or ""), fields, sections, tasks, _parent(unit, bases))


def signature_fields(signer: dict[str, str]) -> dict[str, str]:
    """ "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" → the plan's signature fields."""
    authorities = [a for a in (signer.get("authority", ""), signer.get("for_title", "")) if a]
    fields = {
        "sign_on_behalf": "",
        "sign_mode": "",
        "sign_for_title": "",
        "signer_title": signer.get("title", ""),
        "signer_name": signer.get("name", ""),
    }
    for authority in authorities:
        head, _, rest = authority.partition(".")
        mode = f"{head.strip()}."
        if mode == "TM.":
            fields["sign_on_behalf"] = rest.strip()
        elif mode in SignMode.values and mode:
            fields["sign_mode"], fields["sign_for_title"] = mode, rest.strip()
        else:  # "ỦY BAN NHÂN DÂN" typed without "TM.": signing on behalf of that body
            fields["sign_on_behalf"] = authority.strip()
    return fields


def _content(text: str) -> dict[str, Any]:
    return {"text": text, "reform_area": first_named("reform_areas", text), "indices": detect("indices", text)}


def _form(text: str) -> dict[str, Any]:
    return {"channel": first_named("channels", text) or "khac", "text": text}


def _units_near(unit: OrgUnit) -> list[OrgUnit]:
    """Units a plan of `unit` may name: its own subtree first, then the province and its direct bodies."""
    province = province_path(unit)
    near = list(OrgUnit.objects.filter(current_q(), subtree_q(unit)).order_by("depth"))
    near += list(
        OrgUnit.objects.filter(current_q(), subtree_q(province), depth__lte=unit.depth if unit.depth else 1)
        .exclude(subtree_q(unit))
        .order_by("depth")
    )
    return near


def match_unit(text: str, units: list[OrgUnit]) -> OrgUnit | None:
    """The unit a plan names ("Sở Nội vụ", "Phòng Văn hóa - Xã hội"), the nearest first; None if unsure."""
    wanted = fold(text).strip(" .;,")
    if not wanted:
        return None
    for unit in units:
        name = fold(unit.name)
        if wanted == name or wanted == fold(unit.short_name or "\x00"):
            return unit
    for unit in units:
        name = fold(unit.name)
        if len(name) >= 8 and (wanted.startswith(name + " ") or name.startswith(wanted + " ")):
            return unit
    return None


def _responsibility(item: dict[str, Any], units: list[OrgUnit]) -> dict[str, Any]:
    label = item.get("unit") or ""
    matched = match_unit(label, units)
    return {
        "unit": matched.code if matched else "",
        "label": label,
        "duties": item.get("duties") or [],
        "request": bool(item.get("request")),
    }


def _task(item: dict[str, str], issuer: OrgUnit, names: UnitNames, year: int) -> TaskInput:
    """A row of the document's appendix as a task; what Loa cannot place stays in the task's note, as written, and
    a task whose lead Loa cannot find is led by the issuer."""
    task, problems = task_from_item(item, issuer, names, year)
    notes = []
    for problem in problems:
        if problem.column == "lead":
            notes.append(f"Chủ trì theo văn bản gốc: {problem.written}")
        elif problem.column == "deadline":
            notes.append(f"Thời gian theo văn bản gốc: {problem.written}")
        else:
            notes.append(f"{COLUMN_LABELS[problem.column]}: {problem.written}")
    if any(p.column == "lead" for p in problems):
        task.lead_unit, task.co_leads, task.lead_group = issuer.code, [], ""
    task.coordinating_note = _fit(task.coordinating_note)
    task.product = _fit(task.product)
    task.note = _fit("; ".join([*notes, task.note] if task.note else notes))
    return task


def _fit(text: str, limit: int = 255) -> str:
    """A cell longer than the task's field: cut with a visible "…" (the full text stays on the import record)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Parts of a document that a Loa plan has no place for: the review page names them.
NOT_CARRIED = ("funding", "solutions", "results", "advantages", "difficulties", "next_tasks", "proposals")


def _parent(unit: OrgUnit, bases: list[dict[str, Any]]) -> Plan | None:
    """The superior plan being implemented: the first "Thực hiện" basis linked to an issued plan of a unit above."""
    for basis in bases:
        if basis.get("kind") != "implements" or not basis.get("plan_id"):
            continue
        plan = Plan.objects.select_related("issuer").filter(pk=basis["plan_id"]).first()
        if (
            plan is not None
            and plan.status != PlanStatus.DRAFT
            and plan.issuer_id != unit.pk
            and in_subtree(unit, plan.issuer)
        ):
            return plan
    return None
