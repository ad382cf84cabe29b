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
