"""The demo province's channel registry: most communes have a portal and loudspeakers, about half a CCHC column,
some Zalo and Facebook; the departments their portals; the province its newspaper and broadcaster. Written through
the import's own write (`apply_import`), so the demo's rows are audited as any import's."""

import random

from loa.org.catalog import DEPARTMENT_TYPES, UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.org.selectors import current_q
from loa.org.tree import subtree_q

from .catalog import ChannelKind
from .models import UnitChannel
from .services import ChannelInput, apply_import


def build_channel_demo(province: OrgUnit, *, seed: int = 2026) -> int:
    """Channels for the province's units (none when the province already has some); how many were added."""
    if UnitChannel.objects.filter(subtree_q(province, field="unit__path")).exists():
        return 0
    rng = random.Random(seed)
    units = OrgUnit.objects.filter(subtree_q(province), current_q()).order_by("path")
    plan: dict[int, tuple[OrgUnit, list[ChannelInput]]] = {}
    for unit in units:
        rows = _rows(unit, rng)
        if rows:
            plan[unit.pk] = (unit, rows)
    counts = apply_import(SYSTEM, plan)
    return counts["added"]


def _rows(unit: OrgUnit, rng: random.Random) -> list[ChannelInput]:
    slug = unit.code.lower().replace(".", "-")
    site = f"https://{slug}.example.gov.vn"
    rows: list[ChannelInput] = []
    if unit.unit_type == UnitType.UBND_XA:
        if rng.random() < 0.8:
            column = f"{site}/cai-cach-hanh-chinh" if rng.random() < 0.55 else ""
            rows.append(ChannelInput(kind=ChannelKind.PORTAL, address=site, cchc=column))
        if rng.random() < 0.9:
            programme = "Chuyên mục «Cải cách hành chính» hằng tuần" if rng.random() < 0.6 else ""
            rows.append(
                ChannelInput(
                    kind=ChannelKind.LOUDSPEAKER, address="Nhà văn hóa xã", cchc=programme, quantity=rng.randint(4, 30)
                )
            )
        if rng.random() < 0.5:
            rows.append(ChannelInput(kind=ChannelKind.ZALO, name="Zalo OA", address=f"https://zalo.me/{slug}"))
        if rng.random() < 0.4:
            rows.append(
                ChannelInput(kind=ChannelKind.FACEBOOK, name="Trang Facebook", address=f"https://facebook.com/{slug}")
            )
        rows.append(
            ChannelInput(
                kind=ChannelKind.ONE_STOP, address="Trụ sở UBND xã", cchc="Bảng niêm yết TTHC tại Bộ phận Một cửa"
            )
        )
    elif unit.unit_type in DEPARTMENT_TYPES:
        column = f"{site}/cchc" if rng.random() < 0.8 else ""
        rows.append(ChannelInput(kind=ChannelKind.PORTAL, address=site, cchc=column))
    elif unit.unit_type == UnitType.UBND_TINH:
        rows.append(
            ChannelInput(kind=ChannelKind.PORTAL, name="Cổng thông tin điện tử tỉnh", address=site, cchc=f"{site}/cchc")
        )
        rows.append(
            ChannelInput(
                kind=ChannelKind.NEWSPAPER,
                name="Báo tỉnh",
                address=f"https://bao-{slug}.example.vn",
                cchc="Chuyên mục «Cải cách hành chính» số thứ Sáu",
            )
        )
        rows.append(
            ChannelInput(
                kind=ChannelKind.BROADCASTER,
                name="Đài Phát thanh - Truyền hình tỉnh",
                address=f"https://dai-{slug}.example.vn",
                cchc="",
            )
        )
    return rows
