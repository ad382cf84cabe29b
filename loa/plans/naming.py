"""Units named in a cell of text, the way plans write them: "Sở Nội vụ; Sở Văn hóa, Thể thao và Du lịch",
"UBND xã Hương Sơn", "UBND các xã, phường", "Sở Nội vụ tỉnh Hà Tĩnh và các cơ quan báo chí".

Names contain commas and hyphens ("Sở Văn hóa, Thể thao và Du lịch", "Phòng Văn hóa - Xã hội"), so a cell is
not split on punctuation: the names of the units a plan may name are looked for in it, longest first, and what
is left over is kept as written (a coordinating note, or an error when a lead names nothing Loa knows).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Q

from loa.core.text import fold
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.selectors import current_q
from loa.org.tree import province_path, subtree_q

from .assignment import group_named

# Words that join or qualify names and name nothing by themselves.
_FILLER = frozenset(
    {"va", "cac", "co", "quan", "don", "vi", "lien", "phoi", "hop", "voi", "tinh", "thanh", "pho", "xa", "phuong"}
    | {"dac", "khu", "tw", "trung", "uong", "tren", "dia", "ban"}
)
_SEPARATORS = re.compile(r"[\s,;/+&().:\-–—•]+")
_COUNCIL = re.compile(r"\b(?:uy ban nhan dan|u\.b\.n\.d)\b")
_COMMUNE_LIKE = frozenset({UnitType.UBND_XA, UnitType.UBND_TINH, UnitType.LEGACY_HUYEN})


@dataclass
class Named:
    units: list[OrgUnit] = field(default_factory=list)
    group: str = ""
    rest: str = ""  # the words that name no unit nor group, as written


def nameable_units(issuer: OrgUnit) -> list[OrgUnit]:
    """Units a plan of `issuer` names in its appendix, nearest first: the issuer and the units directly under it,
    then (below the province) the province and its direct bodies."""
    province = province_path(issuer)
    near = Q(pk=issuer.pk) | Q(parent_id=issuer.pk)
    units = list(OrgUnit.objects.filter(current_q(), near).order_by("depth", "path"))
    if issuer.depth:
        units += list(
            OrgUnit.objects.filter(current_q(), subtree_q(province), depth__lte=1)
            .exclude(near)
            .order_by("depth", "path")
        )
    return units


def _canonical(folded: str) -> str:
    return " " + _SEPARATORS.sub(" ", _COUNCIL.sub("ubnd", folded)).strip() + " "


def _keys(unit: OrgUnit, issuer: OrgUnit | None) -> set[str]:
    name = fold(unit.name)
    if unit.unit_type == UnitType.UBND_TINH:
        # "tỉnh Hà Tĩnh" after a department's name qualifies it: the province is named by its council.
        keys = {_canonical("ubnd " + name), _canonical("ubnd tinh")}
    else:
        keys = {_canonical(name)}
    if unit.short_name and unit.unit_type not in _COMMUNE_LIKE:
        keys.add(_canonical(fold(unit.short_name)))
    if unit.unit_type in _COMMUNE_LIKE:  # "Xã Hương Sơn" is written "UBND xã Hương Sơn"
        keys.add(_canonical("ubnd " + name))
        if issuer is not None and unit.pk == issuer.pk:  # a commune's plan names itself "UBND xã"
            keys.add(_canonical("ubnd " + name.split(" ")[0]))
    return {k for k in keys if len(k.strip()) >= 4}


class UnitNames:
    """The names of `units` as a plan of `issuer` writes them, prepared once for the many cells of an appendix."""

    def __init__(self, units: list[OrgUnit], issuer: OrgUnit | None = None) -> None:
        self.units = units
        # Longest first: "Văn phòng UBND tỉnh" before "UBND tỉnh".
        self.keyed = sorted(((k, u) for u in units for k in _keys(u, issuer)), key=lambda item: -len(item[0]))
        # "… tỉnh Hà Tĩnh" qualifies a name before it; the province's own words name nothing new.
        self.qualifiers = {w for u in units if u.unit_type == UnitType.UBND_TINH for w in fold(u.name).split()}

    def read(self, text: str) -> Named:
        """The units (in the order written, each once), the lead group and the leftover words of `text`."""
        text = unicodedata.normalize("NFC", text)
        folded = "".join((fold(c) or " ")[:1] for c in text)  # one folded character per written one
        canonical, back = _with_positions(folded)
        taken = [False] * len(canonical)
        found: list[tuple[int, OrgUnit]] = []
        for key, unit in self.keyed:
            start = canonical.find(key)
            while start >= 0:
                end = start + len(key)
                if not any(taken[start + 1 : end - 1]):
                    for i in range(start + 1, end - 1):
                        taken[i] = True
                    found.append((start, unit))
                    break
                start = canonical.find(key, start + 1)
        ordered: dict[int, OrgUnit] = {}
        for _start, unit in sorted(found, key=lambda item: item[0]):
            ordered.setdefault(unit.pk, unit)
        kept = sorted({pos for i, span in enumerate(back) if span and not taken[i] for pos in range(*span)})
        rest = _written(text, kept)
        # "các cơ quan báo chí" are the press, not the departments that "các cơ quan" names elsewhere.
        group = group_named(rest) if "bao chi" not in fold(rest) else ""
        if group:
            rest = ""
        words = [w for w in _SEPARATORS.split(fold(rest)) if w and w not in _FILLER and w not in self.qualifiers]
        return Named(list(ordered.values()), group, rest if words else "")


def _with_positions(folded: str) -> tuple[str, list[tuple[int, int] | None]]:
    """`folded` as `_canonical` writes it, with the span in `folded` each character stands for (None: a space)."""
    out: list[str] = [" "]
    back: list[tuple[int, int] | None] = [None]
    council = {m.start(): m.end() for m in _COUNCIL.finditer(folded)}
    i = 0
    while i < len(folded):
        if i in council:
            out += "ubnd"
            back += [(i, council[i])] * 4
            i = council[i]
            continue
        if _SEPARATORS.fullmatch(folded[i]):
            if out[-1] != " ":
                out.append(" ")
                back.append(None)
        else:
            out.append(folded[i])
            back.append((i, i + 1))
        i += 1
    if out[-1] != " ":
        out.append(" ")
        back.append(None)
    return "".join(out), back


def _written(text: str, positions: list[int]) -> str:
    """The words of `text` at `positions` as written: neighbours apart only by separators stay one piece, pieces
    are joined with "; "."""
    pieces: list[str] = []
    run: list[int] = []
    for pos in positions:
        if run and not (pos == run[-1] + 1 or _SEPARATORS.fullmatch(text[run[-1] + 1 : pos])):
            pieces.append(text[run[0] : run[-1] + 1])
            run = []
        run.append(pos)
    if run:
        pieces.append(text[run[0] : run[-1] + 1])
    cleaned = [p.strip(" ,;/+&.:-–—•\n\t") for p in pieces]
    return "; ".join(p for p in cleaned if p and _SEPARATORS.sub("", p))
