"""A superior plan's words said by the unit that implements it.

A province plan writes "đăng tải trên Cổng thông tin điện tử tỉnh", "kết quả CCHC của tỉnh", "trên địa bàn tỉnh".
Copied into a commune's draft those words must speak as the commune: "Trang thông tin điện tử của xã", "của xã",
"trên địa bàn xã" (phường, đặc khu as the commune is). Only the province's own words change: a citation of the
province's documents ("Kế hoạch số 07/KH-UBND của UBND tỉnh") and the province's bodies ("Sở Nội vụ tỉnh") stay.
"""

import re
from typing import Any

from loa.core.text import fold
from loa.org.catalog import DEPARTMENT_TYPES, UnitType
from loa.org.models import OrgUnit

from .defaults import bare_name

_COMMUNE_WORD = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu", "thi_tran": "thị trấn"}
_PROVINCE_WORD = r"(?:tỉnh|thành phố)"


def _rules(province: OrgUnit, commune_word: str) -> list[tuple[re.Pattern[str], str]]:
    name = re.escape(bare_name(province))
    own = rf"{_PROVINCE_WORD}(?:\s+{name})?(?![\wà-ỹ])"
    return [
        # The portal: the province's Cổng becomes the commune's own Trang.
        (re.compile(rf"[Cc]ổng [Tt]hông tin điện tử (?:của )?{own}"), f"Trang thông tin điện tử của {commune_word}"),
        (re.compile(rf"[Cc]ổng TTĐT (?:của )?{own}"), f"Trang TTĐT của {commune_word}"),
        (re.compile(rf"(?<![\wà-ỹ])(của|trên địa bàn|trong|toàn|tại) {own}"), rf"\1 {commune_word}"),
    ]


def spoken_by(text: str, source: OrgUnit, target: OrgUnit) -> str:
    """`text` of `source`'s plan as `target`'s draft says it: a commune speaks of itself where the province did; a
    department (sở, ban, ngành) posts on its own page ("Trang thông tin điện tử của Sở") and keeps the province's
    scope ("trên địa bàn tỉnh", "kết quả CCHC của tỉnh" stay); other units say it as the province wrote it."""
    if not text or source.unit_type != UnitType.UBND_TINH:
        return text
    if target.unit_type == UnitType.UBND_XA:
        rules = _rules(source, _COMMUNE_WORD.get(target.division_type, "xã"))
    elif target.unit_type in DEPARTMENT_TYPES:
        rules = _rules(source, _department_word(target))[:2]  # the portal only
    else:
        return text
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    return text


def _department_word(unit: OrgUnit) -> str:
    """How a department names itself in its own plan: "Sở", "Văn phòng", else "đơn vị" (Thanh tra tỉnh, a ban)."""
    return {"Sở": "Sở", "Văn": "Văn phòng"}.get(unit.name.split(" ", 1)[0], "đơn vị")


_NATIONAL_ISSUERS = ("chinh phu", "thu tuong", "quoc hoi", "trung uong", "bo chinh tri", "ban bi thu")
_NATIONAL_SYMBOLS = frozenset(
    {"CP", "TTg", "QH", "UBTVQH", "TW", "CTN", "VPCP"}
    # the ministries' symbols (Bộ Nội vụ, Thông tin và Truyền thông, Tài chính, …)
    | {"BNV", "BTTTT", "BTC", "BCA", "BQP", "BKHĐT", "BTP", "BYT", "BGDĐT", "BVHTTDL", "BNNPTNT", "BNNMT", "BTNMT"}
    | {"BXD", "BGTVT", "BCT", "BLĐTBXH", "BKHCN", "BNG", "BDTTG"}
)


def is_national(basis: dict[str, Any]) -> bool:
    """A basis issued at national level (a law, the Government, the Prime Minister, a ministry, the Party's centre),
    which every level's plan cites alike."""
    laws = ("luat", "bo luat", "hien phap", "phap lenh")
    summary = fold(str(basis.get("summary") or ""))
    if fold(str(basis.get("doc_type") or "")) in laws or (not basis.get("number") and summary.startswith(laws)):
        return True  # also "Căn cứ Luật Tổ chức chính quyền địa phương …", cited by its name without a number
    issuer = fold(str(basis.get("issuer") or ""))
    if any(word in issuer for word in _NATIONAL_ISSUERS) or issuer.startswith("bo "):
        return True
    for part in str(basis.get("symbol") or "").split("-"):
        part = part.strip()
        if part in _NATIONAL_SYMBOLS or part.startswith("QH"):
            return True
    return False
