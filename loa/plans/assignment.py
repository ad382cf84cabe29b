"""Who a task is assigned to: lead groups expanded to units, and a commune's own section per channel."""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from loa.core.catalogs import Channel
from loa.core.text import fold
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.selectors import current_q
from loa.org.tree import strictly_below, subtree_q

from .catalog import LeadGroup

DEPARTMENT_TYPES = frozenset({UnitType.SO_NOI_VU, UnitType.SO_NGANH, UnitType.VAN_PHONG_UBND})
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
