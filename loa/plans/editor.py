"""Glue between the editor's forms and the plan services: initial values out, service inputs in."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from loa.core.citations import parse_citations
from loa.core.errors import DomainError
from loa.core.numbers import parse_whole
from loa.org.models import OrgUnit
from loa.org.scope import Actor

from .document import citation_text, typed_date_style
from .forms import ROW_SECTIONS, PlanGeneralForm, apply_row_action, formset_class, lead_choices, raw_rows
from .models import Plan
from .naming import nameable_units
from .selectors import issued_plans_for_parent_choice, plan_tasks, plans_visible
from .services import EDITABLE_FIELDS, plan_save
from .tasks_input import TaskInput

# The plan's own fields the editor's general form edits (the superior plan is handled apart).
GENERAL_FIELDS = tuple(sorted(EDITABLE_FIELDS - {"parent"}))


@dataclass
class Editor:
    plan: Plan
    general: PlanGeneralForm
    formsets: dict[str, Any]


def _units_for(plan: Plan) -> list[OrgUnit]:
    """Units a task or responsibility row may name: those a plan of the issuer names (`naming.nameable_units`), and
    any unit the plan already names (a lead set through the API stays selectable)."""
    units = {u.pk: u for u in nameable_units(plan.issuer)}
    codes = {r.get("unit") for r in plan.responsibilities if r.get("unit")}
    for co_leads, coordinating in plan.tasks.values_list("co_leads", "coordinating"):
        codes |= {*co_leads, *coordinating}
    named = OrgUnit.objects.filter(Q(led_tasks__plan=plan) | Q(code__in=codes)).exclude(pk__in=list(units))
    units.update((u.pk, u) for u in named.distinct())
    return sorted(units.values(), key=lambda u: u.path)


def _form_kwargs(plan: Plan, units: list[OrgUnit]) -> dict[str, dict[str, Any]]:
    return {
        "tasks": {"lead_choices": lead_choices(plan.issuer, units)},
        "responsibilities": {"unit_choices": lead_choices(plan.issuer, units)},
    }


def _quantity(value: Any) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")


def initial_rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    return {
        "contents": [
            {"text": c["text"], "reform_area": c.get("reform_area", ""), "index": list(c.get("indices") or [])}
            for c in plan.contents
        ],
        "forms": [dict(f) for f in plan.forms],
        "objectives": [{**o, "target": (o.get("target") or "").replace(".", ",")} for o in plan.objectives],
        "responsibilities": [
            {
                **r,
                "unit": f"u:{r['unit']}" if r.get("unit") else (f"g:{r['group']}" if r.get("group") else ""),
                "duties": "\n".join(r.get("duties", [])),
            }
            for r in plan.responsibilities
        ],
        "tasks": [
            {
                "id": t.pk,
                "title": t.title,
                "reform_area": t.reform_area,
                "channels": t.channels,
                "audiences": t.audiences,
                "leads": [
                    *([f"u:{t.lead_unit.code}"] if t.lead_unit else []),
                    *([f"g:{t.lead_group}"] if t.lead_group else []),
                    *(f"u:{c}" for c in t.co_leads),
                ],
                "coordinating": list(t.coordinating),
                "coordinating_note": t.coordinating_note,
                "deadline": t.deadline,
                "frequency": t.frequency,
                "product": t.product,
                "quantity": _quantity(t.quantity),
                "measure": t.measure,
                "note": t.note,
            }
            for t in plan_tasks(plan)
        ],
    }


def general_initial(plan: Plan) -> dict[str, Any]:
    like = typed_date_style(plan.bases)
    lines = [
        f"{'Thực hiện' if b.get('kind') == 'implements' else 'Căn cứ'} {citation_text(b, like)}" for b in plan.bases
    ]
    return {
        **{name: getattr(plan, name) for name in GENERAL_FIELDS},
        "parent": plan.parent_id,
        "revision": plan.revision,
        "bases_text": "\n".join(lines),
        "purposes": "\n".join(plan.purposes),
        "requirements": "\n".join(plan.requirements),
        "audiences": plan.audiences,
        "recipients": "\n".join(plan.recipients),
    }


def editor_for(actor: Actor, plan: Plan, data: QueryDict | None = None, *, bound: bool = False) -> Editor:
    """The editor, from the plan (GET), from submitted values after a row action, or bound for saving."""
    units = _units_for(plan)
    kwargs = _form_kwargs(plan, units)
    parents = issued_plans_for_parent_choice(actor, plan.issuer)
    if data is None:
        general = PlanGeneralForm(initial=general_initial(plan), parents=parents)
        rows = initial_rows(plan)
        formsets = {p: formset_class(p)(prefix=p, initial=rows[p], form_kwargs=kwargs.get(p, {})) for p in ROW_SECTIONS}
        return Editor(plan, general, formsets)
    general = PlanGeneralForm(data, parents=parents)
    if bound:
        formsets = {p: formset_class(p)(data, prefix=p, form_kwargs=kwargs.get(p, {})) for p in ROW_SECTIONS}
        return Editor(plan, general, formsets)
    action = data.get("_row", "")
    prefix, op, index = [*action.split(":"), "", "", ""][:3]
    formsets = {}
    for p in ROW_SECTIONS:
        submitted = raw_rows(data, p)
        if p == prefix:
            submitted = apply_row_action(
                submitted, op, int(index) if index.isascii() and index.isdigit() and len(index) < 4 else -1
            )
        formsets[p] = formset_class(p)(prefix=p, initial=submitted, form_kwargs=kwargs.get(p, {}))
    return Editor(plan, general, formsets)


def _blank(row: dict[str, Any], *names: str) -> bool:
    return not any(row.get(n) for n in names)


def service_input(actor: Actor, editor: Editor) -> tuple[dict[str, Any], dict[str, Any], list[TaskInput]]:
    """Fields, sections and tasks from a valid bound editor, as the services take them."""
    g = editor.general.cleaned_data
    fields = {name: g.get(name) or "" for name in GENERAL_FIELDS}
    fields["parent"] = g.get("parent")
    unit_names = _choice_labels(editor.formsets["responsibilities"])
    rows = {p: [f.cleaned_data for f in fs.forms] for p, fs in editor.formsets.items()}
    sections = {
        "bases": bases_from_text(actor, editor.plan, g.get("bases_text") or ""),
        "purposes": g.get("purposes", ""),
        "requirements": g.get("requirements", ""),
        "audiences": g.get("audiences", []),
        "recipients": g.get("recipients", ""),
        "contents": [
            {"text": r["text"], "reform_area": r["reform_area"], "indices": list(r["index"] or [])}
            for r in rows["contents"]
        ],
        "forms": rows["forms"],
        "objectives": rows["objectives"],
        "responsibilities": [
            {
                **r,
                "unit": r["unit"][2:] if r["unit"].startswith("u:") else "",
                "group": r["unit"][2:] if r["unit"].startswith("g:") else "",
                "label": r["label"] or unit_names.get(r["unit"], ""),
            }
            for r in rows["responsibilities"]
        ],
    }
    tasks = []
    for r in rows["tasks"]:
        if _blank(r, "title", "leads", "product", "quantity", "deadline", "note", "measure", "coordinating_note"):
            continue  # an untouched new row; anything typed into it is validated, never dropped
        units = [v[2:] for v in r.get("leads") or [] if v.startswith("u:")]
        group = next((v[2:] for v in r.get("leads") or [] if v.startswith("g:")), "")
        channels, audiences = list(r.get("channels") or []), list(r.get("audiences") or [])
        tasks.append(
            TaskInput(
                id=r.get("id"),
                title=r["title"],
                lead_unit=units[0] if units else "",
                co_leads=units[1:],
                lead_group=group,
                reform_area=r["reform_area"],
                channel=channels[0] if channels else "",
                extra_channels=channels[1:],
                audience=audiences[0] if audiences else "",
                extra_audiences=audiences[1:],
                coordinating=list(r.get("coordinating") or []),
                coordinating_note=r["coordinating_note"],
                deadline=r["deadline"],
                frequency=r["frequency"] or "once",
                product=r["product"],
                quantity=r["quantity"],
                measure=r["measure"],
                note=r["note"],
            )
        )
    return fields, sections, tasks


def _choice_labels(formset: Any) -> dict[str, str]:
    """Value → label of the (grouped) unit choices, to name a responsibility the officer picked."""
    labels: dict[str, str] = {}
    for value, label in formset.empty_form.fields["unit"].choices:
        if isinstance(label, (list, tuple)):
            labels.update({v: str(lbl) for v, lbl in label})
        else:
            labels[str(value)] = str(label)
    return labels


def bases_from_text(actor: Actor, plan: Plan, text: str) -> list[dict[str, Any]]:
    """Parse the typed or pasted legal bases; a cited plan that exists in Loa gets linked."""
    bases = []
    for citation in parse_citations(text):
        bases.append(
            {
                "kind": citation.kind,
                "doc_type": citation.doc_type,
                "number": citation.number,
                "year": citation.year,
                "symbol": citation.symbol,
                "party": citation.party,
                "issued_on": citation.issued_on.isoformat() if citation.issued_on else None,
                "issuer": citation.issuer,
                "summary": citation.summary,
                "plan_id": _linked_plan(actor, plan, citation.number, citation.symbol, citation.issued_on),
                "warnings": list(citation.warnings),
                "date_text": citation.date_text,
            }
        )
    return bases


def _linked_plan(actor: Actor, plan: Plan, number: str, symbol: str, issued_on: date | None) -> int | None:
    whole = parse_whole(number)
    if whole is None or not symbol or issued_on is None:
        return None
    match = (
        plans_visible(actor)
        .filter(number=whole, symbol=symbol, issued_on=issued_on)
        .exclude(pk=plan.pk)
        .values_list("pk", flat=True)
        .first()
    )
    return match


def started_from(editor: Editor) -> int | None:
    """The plan's revision the editor was opened on (None from a form without it: no check)."""
    value = editor.general.cleaned_data.get("revision")
    return value if isinstance(value, int) else None


def require_valid(editor: Editor) -> None:
    if not editor.general.is_valid() or not all(fs.is_valid() for fs in editor.formsets.values()):
        raise DomainError(_("Một số ô nhập chưa hợp lệ, xem thông báo cạnh từng ô."))


def save_editor(actor: Actor, editor: Editor) -> Plan:
    """The editor's «Lưu»: the whole form in one `plan_save`, checked against the revision the page was opened
    on, so a save over someone else's change is a conflict (the page keeps what was typed) and never a loss."""
    require_valid(editor)
    fields, sections, tasks = service_input(actor, editor)
    return plan_save(
        actor=actor, plan=editor.plan, fields=fields, sections=sections, tasks=tasks, revision=started_from(editor)
    )
