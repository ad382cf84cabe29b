"""Cascade: from an issued plan, draft the implementing plans of the units it assigns tasks to.

Each draft cites the superior plan ("Thực hiện Kế hoạch số … ngày … của …"), inherits its purposes,
contents, forms and objectives, and copies the tasks that the unit leads, with the lead mapped to the
unit's own sections. Drafts are built in memory and written with a few bulk inserts (with history
rows), so a provincial plan reaches every commune of a province in seconds.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from loa.core.errors import DomainError, PermissionDenied
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can
from loa.org.selectors import current_q, unit_by_code
from loa.org.tree import strictly_below

from . import defaults, notices
from .assignment import PLANNING_TYPES, group_contains, group_named, group_units, lead_for_channel, task_leads
from .catalog import Frequency, PlanStatus
from .models import Plan, PlanTask
from .selectors import plan_permissions
from .wording import is_national, spoken_by

Progress = Callable[[int, int], None]


@dataclass
class CascadeResult:
    created: list[Plan] = field(default_factory=list)
    skipped: list[tuple[OrgUnit, Plan]] = field(default_factory=list)  # already had an implementing plan


def assigned_units(plan: Plan, responsible: dict[OrgUnit, list[str]] | None = None) -> list[OrgUnit]:
    """Units the plan gives work to, issuer excluded: the leads of its tasks (named or a group), and the units its
    "Tổ chức thực hiện" names with duties (`responsible`, read here unless the caller has read it)."""
    units: dict[int, OrgUnit] = {}
    tasks = list(plan.tasks.select_related("lead_unit", "plan__issuer"))
    for leads in task_leads(tasks).values():
        units.update((unit.pk, unit) for unit in leads if unit.pk != plan.issuer_id)
    for unit in responsible_units(plan) if responsible is None else responsible:
        if strictly_below(unit, plan.issuer):
            units[unit.pk] = unit
    # A commune's own sections work under the commune's plan; they do not issue plans of their own.
    sections = set(
        OrgUnit.objects.filter(pk__in=list(units), parent__unit_type=UnitType.UBND_XA).values_list("pk", flat=True)
    )
    return sorted(
        (u for u in units.values() if u.unit_type in PLANNING_TYPES and u.pk not in sections), key=lambda u: u.path
    )


def responsible_units(plan: Plan) -> dict[OrgUnit, list[str]]:
    """Units the plan's "Tổ chức thực hiện" gives duties to, with those duties (a group expanded to its units)."""
    found: dict[OrgUnit, list[str]] = {}
    codes = [r["unit"] for r in plan.responsibilities if r.get("unit")]
    by_code = {u.code: u for u in OrgUnit.objects.filter(current_q(), code__in=codes)}
    for item in plan.responsibilities:
        duties = [d for d in item.get("duties") or [] if d]
        if not duties or item.get("request"):
            continue  # "Đề nghị Ủy ban MTTQ …": a request to a body outside the issuer's tree
        named = by_code.get(item.get("unit") or "")
        group = item.get("group") or ("" if named else group_named(item.get("label") or ""))
        for unit in [named] if named else group_units(plan.issuer, group) if group else []:
            found.setdefault(unit, []).extend(duties)
    return found


def _check(actor: Actor, plan: Plan, targets: Iterable[OrgUnit]) -> list[OrgUnit]:
    if plan.status != PlanStatus.ISSUED:
        raise DomainError(_("Chỉ tạo kế hoạch triển khai từ kế hoạch đã ban hành và còn hiệu lực."))
    if plan.amending:
        raise DomainError(
            _(
                "Kế hoạch đang có bản điều chỉnh chưa ban hành: hãy ban hành "
                "hoặc hủy bản điều chỉnh trước khi triển khai."
            )
        )
    targets = list({u.pk: u for u in targets}.values())  # each unit once, whatever the caller sent
    if not targets:
        raise DomainError(_("Kế hoạch không giao nhiệm vụ cho đơn vị cấp dưới nào, nên không có đơn vị để triển khai."))
    outside = [u for u in targets if not strictly_below(u, plan.issuer)]
    if outside:
        raise DomainError(
            _("Không tạo được kế hoạch triển khai cho %(units)s: đơn vị không trực thuộc %(issuer)s.")
            % {"units": ", ".join(u.name for u in outside[:5]), "issuer": plan.issuer.name}
        )
    denied = [u for u in targets if not can(actor, Perm.DRAFT, u)]
    if denied:
        raise DomainError(
            _("Bạn không có quyền soạn kế hoạch cho %(units)s.") % {"units": ", ".join(u.name for u in denied[:5])}
        )
    return targets


@transaction.atomic
def cascade(
    *, actor: Actor, plan: Plan, targets: Iterable[OrgUnit] | None = None, progress: Progress | None = None
) -> CascadeResult:
    """Draft implementing plans for `targets` (default: every unit the plan assigns tasks to)."""
    # Lock the superior plan: two cascades at once must not both draft a plan for the same unit.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    plan = Plan.objects.select_related("issuer", "issuer__parent").get(pk=plan.pk)
    responsible = responsible_units(plan)
    chosen = _check(actor, plan, assigned_units(plan, responsible) if targets is None else targets)
    result = CascadeResult()
    existing = {p.issuer_id: p for p in Plan.objects.filter(parent=plan, issuer__in=chosen).order_by("pk")}
    sections_by_parent: dict[int, list[OrgUnit]] = {}
    for section in OrgUnit.objects.filter(parent__in=chosen, valid_to__isnull=True):
        sections_by_parent.setdefault(section.parent_id or 0, []).append(section)
    tasks = list(plan.tasks.select_related("lead_unit").order_by("position", "pk"))
    duties = {unit.pk: listed for unit, listed in responsible.items()}
    user = actor if getattr(actor, "pk", None) else None
    drafts: list[tuple[Plan, list[PlanTask]]] = []
    for index, target in enumerate(chosen, start=1):
        if target.pk in existing:
            result.skipped.append((target, existing[target.pk]))
        else:
            sections = sections_by_parent.get(target.pk, [])
            drafts.append(_draft(plan, target, tasks, duties.get(target.pk, []), sections, user))
        if progress:
            progress(index, len(chosen))
    if drafts:
        created = bulk_create_with_history(
            [d for d, _t in drafts], Plan, default_user=user, default_change_reason="plan.cascaded"
        )
        copies: list[PlanTask] = []
        for child, (_draft_plan, child_tasks) in zip(created, drafts, strict=True):
            for task in child_tasks:
                task.plan = child
                copies.append(task)
        bulk_create_with_history(copies, PlanTask, default_user=user, default_change_reason="plan.cascaded")
        result.created = list(created)
        notices.drafts_made(plan, result.created)
    return result


def _citation(plan: Plan) -> dict[str, object]:
    assert plan.issued_on is not None
    return {
        "kind": "implements",
        "doc_type": "Kế hoạch",
        "number": f"{plan.number:02d}" if plan.number is not None else "",
        "year": "",
        "symbol": plan.symbol,
        "party": False,
        "issued_on": plan.issued_on.isoformat(),
        "issuer": defaults.issuer_display(plan.issuer).replace("Ủy ban nhân dân", "UBND"),
        "summary": f"về {plan.title[:1].lower()}{plan.title[1:]}",
        "plan_id": plan.pk,
    }


def _inherited_bases(plan: Plan) -> list[dict[str, Any]]:
    """What an implementing draft cites: the national documents the superior plan rests on, then the superior plan
    itself (its own province's decisions are the superior plan's business)."""
    return [*(b for b in plan.bases if is_national(b)), _citation(plan)]


def _draft(
    plan: Plan, target: OrgUnit, tasks: list[PlanTask], duties: list[str], sections: list[OrgUnit], user: Any
) -> tuple[Plan, list[PlanTask]]:
    def said(text: str) -> str:
        return spoken_by(text, plan.issuer, target)

    child = Plan(
        issuer=target,
        parent=plan,
        year=plan.year,
        symbol=defaults.symbol_for(target),
        place=defaults.place_for(target),
        title=defaults.title_for(target, plan.year),
        opening=defaults.opening_for(target, plan.year),
        closing=defaults.closing_for(target, plan.year),
        bases=_inherited_bases(plan),
        purposes=[said(p) for p in plan.purposes],
        requirements=[said(r) for r in plan.requirements],
        audiences=list(plan.audiences),
        contents=[{**c, "text": said(c.get("text") or "")} for c in plan.contents],
        forms=[{**f, "text": said(f.get("text") or "")} for f in plan.forms],
        objectives=[{**o, "metric": said(o.get("metric") or "")} for o in plan.objectives],
        recipients=defaults.recipients_for(target),
        created_by=user,
        **defaults.signature_for(target),
    )
    mine = [
        t
        for t in tasks
        if t.lead_unit_id == target.pk
        or target.code in t.co_leads
        or (t.lead_group and group_contains(plan.issuer, t.lead_group, target))
    ]
    # A unit named only in "Tổ chức thực hiện" gets its duties as its tasks; a unit given neither tasks nor
    # duties (chosen by hand) starts from all the superior plan's tasks.
    given: list[PlanTask | str] = [*mine] if mine else [*duties] if duties else [*tasks]
    copies: list[PlanTask] = []
    leads: dict[int, tuple[OrgUnit, list[str]]] = {}
    for position, task in enumerate(given, start=1):
        if isinstance(task, str):
            lead = lead_for_channel(target, sections, "")
            copies.append(
                PlanTask(position=position, title=said(task)[:500], lead_unit=lead, frequency=Frequency.ONGOING)
            )
            leads.setdefault(lead.pk, (lead, []))[1].append(said(task))
            continue
        lead = lead_for_channel(target, sections, task.channel)
        copies.append(
            PlanTask(
                position=position,
                title=said(task.title),
                reform_area=task.reform_area,
                channel=task.channel,
                extra_channels=list(task.extra_channels),
                audience=task.audience,
                extra_audiences=list(task.extra_audiences),
                lead_unit=lead,
                coordinating=[],
                coordinating_note=task.coordinating_note,
                deadline=_within(task.deadline, plan.year),
                frequency=task.frequency,
                product=task.product,
                quantity=task.quantity,
                measure=task.measure,
                note=task.note,
                source_task=task,
            )
        )
        leads.setdefault(lead.pk, (lead, []))[1].append(said(task.title))
    child.responsibilities = [
        {"unit": unit.code, "label": unit.name, "duties": [f"Chủ trì: {t}" for t in titles], "request": False}
        for unit, titles in leads.values()
    ]
    return child, copies


def _within(deadline: date | None, year: int) -> date | None:
    return deadline if deadline is None or deadline.year == year else None


def cascade_targets(*, actor: Actor, codes: Sequence[str] | None) -> list[OrgUnit] | None:
    """The units a cascade is asked for, by their codes (each looked up within the actor's reach), or None for
    every unit the plan assigns tasks to. The page, the API and `loa plan cascade` call this."""
    return None if codes is None else [unit_by_code(actor=actor, code=code) for code in codes]


def implementing_plans(actor: Actor, plan: Plan) -> list[tuple[OrgUnit, Plan | None]]:
    """`cascade_status` for whoever may see how the plan is carried out (the page and the API)."""
    if not plan_permissions(actor, plan).status:
        raise PermissionDenied(
            _("Chỉ người xem được dữ liệu của %(unit)s mới xem được tình hình triển khai.") % {"unit": plan.issuer.name}
        )
    return cascade_status(plan)


def cascade_status(plan: Plan) -> list[tuple[OrgUnit, Plan | None]]:  # callers check VIEW on the issuer
    """Per unit the plan assigns tasks to (and any other unit that made one), its implementing plan if any."""
    children = {p.issuer_id: p for p in plan.children.select_related("issuer").order_by("pk")}
    rows: dict[int, tuple[OrgUnit, Plan | None]] = {u.pk: (u, children.get(u.pk)) for u in assigned_units(plan)}
    for issuer_id, child in children.items():
        rows.setdefault(issuer_id, (child.issuer, child))
    return sorted(rows.values(), key=lambda r: r[0].path)
