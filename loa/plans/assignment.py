"""Who a task is assigned to: lead groups expanded to units, and a commune's own section per channel."""

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from loa.core.catalogs import Channel
from loa.core.text import fold
from loa.org.catalog import DEPARTMENT_TYPES, UnitType
from loa.org.models import OrgUnit
from loa.org.selectors import current_q
from loa.org.tree import strictly_below, subtree_q

from .catalog import LeadGroup

if TYPE_CHECKING:
    from .models import PlanTask

# Units that issue plans of their own when a superior plan reaches them.
PLANNING_TYPES = frozenset(
    {
        UnitType.UBND_TINH,
        UnitType.SO_NOI_VU,
        UnitType.SO_NGANH,
        UnitType.VAN_PHONG_UBND,
        UnitType.TRUNG_TAM_PVHCC,
        UnitType.DAI_PT_TH,
        UnitType.BAO,
        UnitType.CONG_TTDT,
        UnitType.MTTQ_DOAN_THE,
        UnitType.UBND_XA,
        UnitType.PHONG_XA,
        UnitType.LEGACY_HUYEN,
        UnitType.KHAC,
    }
)


def group_units(issuer: OrgUnit, group: str) -> QuerySet[OrgUnit]:
    """The current units of a lead group under the issuer."""
    below = OrgUnit.objects.filter(current_q(), subtree_q(issuer)).exclude(pk=issuer.pk)
    if group == LeadGroup.ALL_COMMUNES:
        return below.filter(unit_type=UnitType.UBND_XA)
    if group == LeadGroup.ALL_DEPARTMENTS:
        return below.filter(unit_type__in=DEPARTMENT_TYPES)
    if group == LeadGroup.ALL_AGENCIES:
        return below.filter(Q(unit_type__in=DEPARTMENT_TYPES) | Q(unit_type=UnitType.UBND_XA))
    if group == LeadGroup.ALL_SECTIONS:
        return below.filter(parent=issuer)
    return OrgUnit.objects.none()


def task_leads(tasks: Sequence["PlanTask"]) -> dict[int, list[OrgUnit]]:
    """THE units each task is assigned to, in order: its lead unit, its lead group's units, its co-leads
    (tasks need `plan__issuer` and `lead_unit` loaded; one query for all co-leads, one per issuer and group)."""
    codes = {code for t in tasks for code in t.co_leads}
    by_code = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)} if codes else {}
    groups: dict[tuple[int, str], list[OrgUnit]] = {}
    result: dict[int, list[OrgUnit]] = {}
    for task in tasks:
        units: dict[int, OrgUnit] = {}
        if task.lead_unit is not None:
            units[task.lead_unit.pk] = task.lead_unit
        if task.lead_group:
            key = (task.plan.issuer_id, task.lead_group)
            if key not in groups:
                groups[key] = list(group_units(task.plan.issuer, task.lead_group).order_by("path"))
            units.update((u.pk, u) for u in groups[key])
        units.update((by_code[c].pk, by_code[c]) for c in task.co_leads if c in by_code)
        result[task.pk] = list(units.values())
    return result


def name_units(tasks: Sequence["PlanTask"]) -> None:
    """Give each task the names of its co-leads and coordinating units (`co_lead_names`, `coordinating_names`, in
    the task's order; a code no longer known stays as written), with one query for all tasks."""
    codes = {c for t in tasks for c in (*t.co_leads, *t.coordinating)}
    names = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    for task in tasks:
        task.co_lead_names = [names.get(c, c) for c in task.co_leads]  # type: ignore[attr-defined]
        task.coordinating_names = [names.get(c, c) for c in task.coordinating]  # type: ignore[attr-defined]


def lead_names(task: "PlanTask") -> list[str]:
    """The named leads of a task after its lead unit: its co-leads (named by `name_units`, else read here)."""
    if not task.co_leads:
        return []
    if not hasattr(task, "co_lead_names"):
        name_units([task])
    return list(task.co_lead_names)  # type: ignore[attr-defined]


def coordinating_names(task: "PlanTask") -> list[str]:
    if not task.coordinating:
        return []
    if not hasattr(task, "coordinating_names"):
        name_units([task])
    return list(task.coordinating_names)  # type: ignore[attr-defined]


def led_by_one(task: "PlanTask") -> bool:
    """A task with a single named lead, which is credited with all the work linked to the task."""
    return task.lead_unit_id is not None and not task.lead_group and not task.co_leads


def group_named(text: str) -> str:
    """The lead group a plan writes in words ("UBND các xã, phường", "các sở, ban, ngành"), or ""."""
    folded = fold(text)
    communes = any(w in folded for w in ("cac xa", "cac phuong", "cac dac khu", "cac thi tran"))
    departments = any(w in folded for w in ("cac so", "so, ban, nganh", "cac co quan"))
    if communes and departments:
        return LeadGroup.ALL_AGENCIES
    if communes:
        return LeadGroup.ALL_COMMUNES
    if departments:
        return LeadGroup.ALL_DEPARTMENTS
    if "cac phong" in folded or "cac bo phan" in folded:
        return LeadGroup.ALL_SECTIONS
    return ""


# The kinds of commune-level unit, in the order plans name them.
_COMMUNE_KINDS = (("xa", "xã"), ("phuong", "phường"), ("dac_khu", "đặc khu"), ("thi_tran", "thị trấn"))


def commune_kinds(issuer: OrgUnit) -> str:
    """ "xã, phường" for a province with no special zone: the kinds of commune-level unit the issuer really has
    (read once per issuer object)."""
    cached: str | None = getattr(issuer, "_commune_kinds", None)
    if cached is None:
        present = set(
            OrgUnit.objects.filter(current_q(), subtree_q(issuer), unit_type=UnitType.UBND_XA)
            .values_list("division_type", flat=True)
            .distinct()
        )
        cached = ", ".join(word for kind, word in _COMMUNE_KINDS if kind in present) or "xã, phường"
        issuer._commune_kinds = cached  # type: ignore[attr-defined]
    return cached


def group_label(issuer: OrgUnit, group: str) -> str:
    """A lead group as the issuer's plan writes it (Vietnamese, whatever the interface language): "UBND các xã,
    phường" where the province has no special zone, "… xã, phường, đặc khu" where it has one."""
    if group == LeadGroup.ALL_COMMUNES:
        return f"UBND các {commune_kinds(issuer)}"
    if group == LeadGroup.ALL_AGENCIES:
        return f"Các sở, ban, ngành và UBND các {commune_kinds(issuer)}"
    if group == LeadGroup.ALL_DEPARTMENTS:
        return "Các sở, ban, ngành"
    if group == LeadGroup.ALL_SECTIONS:
        return "Các phòng, ban, bộ phận trực thuộc"
    return ""


def group_contains(issuer: OrgUnit, group: str, unit: OrgUnit) -> bool:
    """Whether `unit` belongs to the lead group, without a query."""
    if not strictly_below(unit, issuer):
        return False
    if group == LeadGroup.ALL_COMMUNES:
        return unit.unit_type == UnitType.UBND_XA
    if group == LeadGroup.ALL_DEPARTMENTS:
        return unit.unit_type in DEPARTMENT_TYPES
    if group == LeadGroup.ALL_AGENCIES:
        return unit.unit_type in DEPARTMENT_TYPES or unit.unit_type == UnitType.UBND_XA
    if group == LeadGroup.ALL_SECTIONS:
        return unit.parent_id == issuer.pk
    return False


# Which commune section usually carries a channel (domain.md §1.4): the office runs the web page and
# meetings, the culture section the loudspeakers and visual work, the service centre posts procedures.
_SECTION_BY_CHANNEL: dict[str, str] = {
    Channel.CONG_TTDT: "office",
    Channel.MANG_XA_HOI: "office",
    Channel.BANG_DIEN_TU: "office",
    Channel.TIN_NHAN: "office",
    Channel.HOI_NGHI: "office",
    Channel.TAP_HUAN: "office",
    Channel.PHAT_THANH: "culture",
    Channel.TRUYEN_HINH: "culture",
    Channel.BAO_CHI: "culture",
    Channel.TRUC_QUAN: "culture",
    Channel.TAI_LIEU: "culture",
    Channel.CUOC_THI: "culture",
    Channel.SAN_KHAU_HOA: "culture",
    Channel.DOAN_THE: "culture",
    Channel.NIEM_YET_TTHC: "service",
}


def section_kind(unit: OrgUnit) -> str:
    if unit.unit_type == UnitType.TRUNG_TAM_PVHCC:
        return "service"
    name = fold(unit.name)
    if "van phong" in name:
        return "office"
    if "van hoa" in name:
        return "culture"
    return ""


def lead_for_channel(target: OrgUnit, sections: Iterable[OrgUnit], channel: str) -> OrgUnit:
    """The target's own unit that leads a copied task: a commune's section by channel, else the target."""
    wanted = _SECTION_BY_CHANNEL.get(channel, "office")
    by_kind = {section_kind(s): s for s in sections}
    return by_kind.get(wanted) or by_kind.get("office") or target
