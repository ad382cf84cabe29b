"""Reads of plans and tasks, always through the scoping layer.

Drafts are read inside the actor's VIEW reach of the issuer. Issued plans also flow down: every unit
below the issuer reads them, because they assign it work.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from loa.channels.selectors import MeasureValue, measure_values
from loa.core.errors import NotFound, PermissionDenied
from loa.core.text import search_terms
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, can, restrict_downward, scope_prefix, units
from loa.org.selectors import current_q, reach_root
from loa.org.tree import path_ancestors, province_of, subtree_q

from .assignment import name_units
from .catalog import PlanStatus
from .models import Plan, PlanTask, PlanVersion
from .versions import issued_copy

PUBLISHED = Q(status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])


def plans_visible(actor: Actor | None) -> QuerySet[Plan]:
    return restrict_downward(Plan.objects.all(), actor, unit_path="issuer__path", published=PUBLISHED)


def plan_list(
    *,
    actor: Actor | None,
    year: int | None = None,
    status: str = "",
    issuer: OrgUnit | None = None,
    query: str = "",
    subtree: bool = False,
) -> QuerySet[Plan]:
    qs = plans_visible(actor).select_related("issuer", "parent", "parent__issuer")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if issuer is not None:
        qs = qs.filter(subtree_q(issuer, field="issuer__path")) if subtree else qs.filter(issuer=issuer)
    for term in search_terms(query):  # title, number and issuer, folded: "ke hoach 18" finds "Kế hoạch 18/KH-UBND"
        qs = qs.filter(search_text__contains=term)
    return qs.annotate(task_count=Count("tasks", distinct=True)).order_by("-year", "issuer__path", "-pk")


def plan_get(*, actor: Actor | None, pk: int) -> Plan:
    plan = (
        plans_visible(actor)
        .select_related("issuer", "issuer__parent", "parent", "parent__issuer")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise NotFound(_("Không tìm thấy kế hoạch, hoặc bạn không có quyền xem."))
    return plan


def plan_as_read(actor: Actor | None, plan: Plan) -> tuple[Plan, list[PlanTask]]:
    """The plan and its tasks as this actor may read them: an amendment being drafted is seen only by
    those who may draft for the issuer; everyone else reads the text as last issued."""
    if plan.amending and not can(actor, Perm.DRAFT, plan.issuer):
        shown, tasks = issued_copy(plan)
    else:
        shown, tasks = plan, list(plan_tasks(plan))
    name_units(tasks)
    return shown, tasks


def plan_tasks(plan: Plan) -> QuerySet[PlanTask]:
    return plan.tasks.select_related("lead_unit").order_by("position", "pk")


def plan_versions(plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("issued_by").order_by("-version")


def issued_plans_for_parent_choice(actor: Actor | None, issuer: OrgUnit) -> QuerySet[Plan]:
    """Issued plans a plan of `issuer` may implement: those of the issuer's superiors."""
    above = [p for p in path_ancestors(issuer.path) if p != issuer.path]
    return (
        plans_visible(actor)
        .filter(PUBLISHED, issuer__path__in=above)
        .select_related("issuer")
        .order_by("-year", "issuer__path", "-issued_on")
    )


def is_issuer_leader(actor: Actor | None, plan: Plan) -> bool:
    """Only the issuer's own leader (or a system administrator) issues and closes its plans: the scoping
    layer's APPROVE reaches the leader's own unit only (a commune with its sections)."""
    return can(actor, Perm.APPROVE, plan.issuer)


@dataclass
class PlanPermissions:
    edit: bool
    issue: bool
    amend: bool
    close: bool
    cascade: bool
    delete: bool
    status: bool  # see the implementing plans of the units below


def plan_permissions(actor: Any, plan: Plan) -> PlanPermissions:
    """What the actor may do with the plan, for showing buttons; services check again on every write."""
    drafts = can(actor, Perm.DRAFT, plan.issuer)
    leader = is_issuer_leader(actor, plan)
    issued = plan.status == PlanStatus.ISSUED
    return PlanPermissions(
        edit=drafts and plan.is_editable,
        issue=leader and plan.is_editable,
        amend=drafts and issued and not plan.amending,
        close=leader and issued and not plan.amending,
        cascade=issued and not plan.amending and scope_prefix(actor, Perm.DRAFT) is not None,
        delete=drafts and plan.status == PlanStatus.DRAFT and plan.version == 0,
        status=plan.status != PlanStatus.DRAFT and can(actor, Perm.VIEW, plan.issuer),
    )


def draftable_issuers(user: Any) -> QuerySet[OrgUnit]:
    """Units the user may draft plans for, kept to a short list: the user's unit, the units right under
    it and, for a province coordinator, the province and its bodies."""
    from .assignment import PLANNING_TYPES

    reach = units(user, Perm.DRAFT).filter(current_q(), unit_type__in=PLANNING_TYPES)
    root = reach_root(user, Perm.DRAFT)
    anchor = [u.pk for u in (root, getattr(user, "unit", None)) if u is not None]
    if scope_prefix(user, Perm.DRAFT) == "":
        return reach.filter(unit_type="ubnd_tinh").order_by("name")
    return reach.filter(pk__in=anchor) | reach.filter(parent_id__in=anchor)


def plan_for_editing(actor: Actor, pk: int) -> Plan:
    """A plan the actor may edit now (the editor and the appendix import): out of reach is a 404, a plan the actor
    reads but may not draft, or an issued one not being amended, a 403 saying why."""
    plan = plan_get(actor=actor, pk=pk)
    if not plan_permissions(actor, plan).edit:
        if plan.is_editable:
            raise PermissionDenied(_("Bạn không có quyền soạn kế hoạch của %(unit)s.") % {"unit": plan.issuer.name})
        raise PermissionDenied(_("Kế hoạch đã ban hành không sửa trực tiếp được; hãy điều chỉnh kế hoạch."))
    return plan


def require_drafter(user: Any) -> None:
    """Pages that start a plan (by hand or from a file) are for users who may draft for some unit."""
    if scope_prefix(user, Perm.DRAFT) is None:
        raise PermissionDenied(_("Bạn không có quyền soạn kế hoạch."))


def measured_area(plan: Plan) -> OrgUnit:
    """Where a plan's registry objectives are counted: the issuer's subtree for a province (UBND tỉnh) or a
    commune; a department's plan speaks for its province ("100% xã …" in a Sở's plan means the province's)."""
    issuer = plan.issuer
    if issuer.unit_type in (UnitType.UBND_TINH, UnitType.UBND_XA):
        return issuer
    return province_of(issuer)


def objective_measures(plan: Plan) -> dict[str, MeasureValue]:
    """Measure code → its value today, for every objective of `plan` computed on the channel registry; the one
    source of the figure beside the target on the plan page, the dashboard and the API."""
    codes = {o["measure"] for o in plan.objectives if o.get("measure")}
    return measure_values(measured_area(plan), codes) if codes else {}


def issued_plans(issuers: Iterable[OrgUnit], year: int) -> QuerySet[Plan]:
    """The plans of `year` the units issued (issued, or closed since), the latest first: a unit's own plan is the
    first of its (the report names it, the department's score counts it)."""
    return Plan.objects.filter(
        issuer__in=issuers, year=year, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED]
    ).order_by("-issued_on", "-pk")
