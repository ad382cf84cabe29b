"""What a new plan starts with, derived from its issuer: symbol, place, title, signature, recipients.

These follow the usage of real plans (domain.md §2, §8); every value stays editable in the draft.
"""

from loa.org.catalog import DivisionType, UnitType
from loa.org.models import OrgUnit
from loa.org.tree import province_of

from .catalog import SignMode

UBND_TYPES = frozenset({UnitType.UBND_TINH, UnitType.UBND_XA, UnitType.LEGACY_HUYEN})
_DIVISION_WORDS = ("Thành phố", "Tỉnh", "Xã", "Phường", "Đặc khu", "Thị trấn", "Huyện", "Quận", "Thị xã")


def bare_name(unit: OrgUnit) -> str:
    """`Hà Tĩnh` for "Tỉnh Hà Tĩnh", `Thành Sen` for "Phường Thành Sen": the place name of Nghị định 30."""
    if unit.short_name:
        return unit.short_name
    for word in _DIVISION_WORDS:
        if unit.name.startswith(word + " "):
            return unit.name[len(word) + 1 :]
    return unit.name


def area_name(unit: OrgUnit) -> str:
    """`tỉnh Hà Tĩnh`, `phường Thành Sen`: the division word in lower case, as inside a sentence."""
    name = unit.name
    if unit.division_type == DivisionType.THANH_PHO_TW and not name.startswith("Thành phố"):
        name = f"Thành phố {name}"
    return name[:1].lower() + name[1:] if name[:1].isupper() and " " in name else name


def symbol_for(unit: OrgUnit, doc_type: str = "KH") -> str:
    """`KH-UBND` for a People's Committee, else the type plus the issuer's code suffix (`KH-SNV`)."""
    if unit.unit_type in UBND_TYPES:
        return f"{doc_type}-UBND"
    suffix = unit.code.rsplit(".", 1)[-1]
    if not suffix.isalpha():
        suffix = "UBND"
    return f"{doc_type}-{suffix.upper()}"


def place_for(unit: OrgUnit) -> str:
    if unit.unit_type in {UnitType.UBND_XA, UnitType.LEGACY_HUYEN}:
        return bare_name(unit)
    if unit.unit_type == UnitType.PHONG_XA or unit.level == "commune":
        commune = unit.parent if unit.parent is not None else unit
        return bare_name(commune)
    return bare_name(province_of(unit))


def title_for(unit: OrgUnit, year: int) -> str:
    base = f"Thông tin, tuyên truyền cải cách hành chính năm {year}"
    if unit.unit_type in UBND_TYPES:
        return f"{base} trên địa bàn {area_name(unit)}"
    return base


def issuer_display(unit: OrgUnit) -> str:
    """The issuer as written in running text: "Ủy ban nhân dân tỉnh Hà Tĩnh", "Sở Nội vụ tỉnh Hà Tĩnh"."""
    if unit.unit_type in UBND_TYPES:
        return f"Ủy ban nhân dân {area_name(unit)}"
    if unit.level == "province" and unit.unit_type != UnitType.UBND_TINH:
        province = province_of(unit)
        if province.pk != unit.pk:
            return f"{unit.name} {area_name(province)}"
    if unit.unit_type == UnitType.PHONG_XA and unit.parent is not None:
        return f"{unit.name} {area_name(unit.parent)}"
    return unit.name


def header_lines(unit: OrgUnit) -> tuple[str, list[str]]:
    """Box (2) of the header: the parent line (upright caps, may be empty) and the issuer's bold lines."""
    if unit.unit_type in UBND_TYPES:
        return "", ["ỦY BAN NHÂN DÂN", area_name(unit).upper()]
    if unit.parent is not None and unit.parent.unit_type in UBND_TYPES:
        return f"UBND {area_name(unit.parent).upper()}", [unit.name.upper()]
    return (unit.parent.name.upper() if unit.parent is not None else ""), [unit.name.upper()]


def signature_for(unit: OrgUnit) -> dict[str, str]:
    if unit.unit_type in UBND_TYPES:
        return {
            "sign_on_behalf": "ỦY BAN NHÂN DÂN",
            "sign_mode": SignMode.KT,
            "sign_for_title": "CHỦ TỊCH",
            "signer_title": "PHÓ CHỦ TỊCH",
        }
    if unit.unit_type in {UnitType.SO_NOI_VU, UnitType.SO_NGANH}:
        return {
            "sign_on_behalf": "",
            "sign_mode": SignMode.KT,
            "sign_for_title": "GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
        }
    return {"sign_on_behalf": "", "sign_mode": SignMode.NONE, "sign_for_title": "", "signer_title": "THỦ TRƯỞNG"}


def signature_lines(*, sign_on_behalf: str, sign_mode: str, sign_for_title: str, signer_title: str) -> list[str]:
    """Authority lines of boxes 7a–7b: `TM. ỦY BAN NHÂN DÂN` / `KT. CHỦ TỊCH` / `PHÓ CHỦ TỊCH`."""
    lines = []
    if sign_on_behalf:
        lines.append(f"TM. {sign_on_behalf}".upper())
    if sign_mode and sign_for_title:
        lines.append(f"{sign_mode} {sign_for_title}".upper())
    if signer_title and not (sign_mode == SignMode.Q and sign_for_title):
        lines.append(signer_title.upper())
    return lines


def recipients_for(unit: OrgUnit) -> list[str]:
    if unit.unit_type == UnitType.UBND_TINH:
        return [
            "Bộ Nội vụ (Vụ Cải cách hành chính)",
            "Thường trực Tỉnh ủy, Thường trực HĐND tỉnh",
            "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
            "Ủy ban MTTQ Việt Nam tỉnh",
            "Các sở, ban, ngành cấp tỉnh",
            "UBND các xã, phường",
            "Đài Phát thanh và Truyền hình tỉnh, Báo tỉnh",
            "Cổng Thông tin điện tử tỉnh",
            "Lưu: VT, SNV",
        ]
    if unit.unit_type in {UnitType.UBND_XA, UnitType.LEGACY_HUYEN}:
        return [
            "Sở Nội vụ",
            "Thường trực Đảng ủy, Thường trực HĐND",
            "Chủ tịch, các Phó Chủ tịch UBND",
            "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội",
            "Các phòng, ban, đơn vị trực thuộc",
            "Lưu: VT",
        ]
    return ["Sở Nội vụ", "Lãnh đạo đơn vị", "Các phòng, đơn vị trực thuộc", "Lưu: VT"]


def opening_for(unit: OrgUnit, year: int) -> str:
    return (
        f"Để nâng cao hiệu quả công tác thông tin, tuyên truyền cải cách hành chính, {issuer_display(unit)} "
        f"ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {year} như sau:"
    )


def closing_for(unit: OrgUnit, year: int) -> str:
    return (
        f"Trên đây là Kế hoạch thông tin, tuyên truyền cải cách hành chính năm {year} của {issuer_display(unit)}. "
        "Yêu cầu các cơ quan, đơn vị tổ chức triển khai thực hiện; trong quá trình thực hiện nếu có khó khăn, "
        "vướng mắc, kịp thời báo cáo để được hướng dẫn, giải quyết./."
    )
