"""Load Vietnam's real administrative units: the current two-level structure from `vietnam-provinces`
(34 provinces, 3,321 communes) and, optionally, the legacy three-level tree as expired units linked to
their successors. Idempotent: units are matched by code and only changes are written.
"""

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from loa.core.text import normalize

from .catalog import DivisionType, UnitType
from .events import units_retyped
from .models import LEGACY_END, REFORM_DATE, OrgUnit

MINISTRY_CODE = "BNV"
LEGACY_PREFIX = "L"  # legacy codes: L01 (province), L001 (district), L00001 (commune)

_NAME_PREFIXES: list[tuple[str, str]] = [  # longest first
    ("Thành phố ", DivisionType.THANH_PHO_TINH),
    ("Thị trấn ", DivisionType.THI_TRAN),
    ("Thị xã ", DivisionType.THI_XA),
    ("Đặc khu ", DivisionType.DAC_KHU),
    ("Phường ", DivisionType.PHUONG),
    ("Huyện ", DivisionType.HUYEN),
    ("Quận ", DivisionType.QUAN),
    ("Tỉnh ", DivisionType.TINH),
    ("Xã ", DivisionType.XA),
]
_VP_TYPES = {
    "tỉnh": DivisionType.TINH,
    "thành phố trung ương": DivisionType.THANH_PHO_TW,
    "xã": DivisionType.XA,
    "phường": DivisionType.PHUONG,
    "đặc khu": DivisionType.DAC_KHU,
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_type: Counter[str] = field(default_factory=Counter)


@dataclass
class _Row:
    code: str
    name: str
    unit_type: str
    parent_code: str | None
    division_type: str = ""
    gso_code: str = ""
    valid_from: Any = None
    valid_to: Any = None
    successor_code: str | None = None


def split_name(name: str) -> tuple[str, str]:
    """'Xã Hương Long' -> ('Hương Long', 'xa'); unknown prefixes keep the whole name."""
    for prefix, division in _NAME_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :], division
    return name, ""


def _current_rows() -> list[_Row]:
    from vietnam_provinces import Province, Ward

    rows = [_Row(MINISTRY_CODE, "Bộ Nội vụ", UnitType.BO_NOI_VU, None)]
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        division = _VP_TYPES[p.division_type.value]
        name = p.name if division == DivisionType.THANH_PHO_TW else f"Tỉnh {p.name}"
        code = f"{int(p.code):02d}"
        rows.append(_Row(code, name, UnitType.UBND_TINH, None, division, code, REFORM_DATE))
    for w in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        code = f"{int(w.code):05d}"
        rows.append(
            _Row(
                code,
                w.name,
                UnitType.UBND_XA,
                f"{int(w.province_code):02d}",
                _VP_TYPES[w.division_type.value],
                code,
                REFORM_DATE,
            )
        )
    return rows


def _legacy_rows(current_codes: set[str]) -> list[_Row]:
    data = json.loads(gzip.decompress(files("loa.org").joinpath("data/vn-units-legacy.json.gz").read_bytes()))
    rows: list[_Row] = []
    province: _Row | None = None
    district: _Row | None = None
    # Province successor = the new province holding most of its communes' successors (GSO kept one
    # old commune's code for each new commune; provinces merged whole).
    votes: dict[str, Counter[str]] = {}
    new_province_of: dict[str, str] = {}
    from vietnam_provinces import Ward

    for w in Ward.iter_all():
        new_province_of[f"{int(w.code):05d}"] = f"{int(w.province_code):02d}"
    for level, number, raw_name in data["rows"]:
        name = normalize(raw_name)
        if level == "p":
            gso = f"{number:02d}"
            division = DivisionType.TINH if name.startswith("Tỉnh ") else DivisionType.THANH_PHO_TW
            province = _Row(f"{LEGACY_PREFIX}{gso}", name, UnitType.UBND_TINH, None, division, gso, None, LEGACY_END)
            rows.append(province)
            votes[province.code] = Counter()
        elif level == "d":
            assert province is not None
            gso = f"{number:03d}"
            district = _Row(
                f"{LEGACY_PREFIX}{gso}",
                name,
                UnitType.LEGACY_HUYEN,
                province.code,
                split_name(name)[1],
                gso,
                None,
                LEGACY_END,
            )
            rows.append(district)
        else:
            assert province is not None and district is not None
            gso = f"{number:05d}"
            successor = gso if gso in current_codes else None
            if successor:
                votes[province.code][new_province_of[successor]] += 1
            rows.append(
                _Row(
                    f"{LEGACY_PREFIX}{gso}",
                    name,
                    UnitType.UBND_XA,
                    district.code,
                    split_name(name)[1],
                    gso,
                    None,
                    LEGACY_END,
                    successor,
                )
            )
    province_successor = {code: c.most_common(1)[0][0] for code, c in votes.items() if c}
    for row in rows:
        if row.unit_type == UnitType.UBND_TINH:
            row.successor_code = province_successor.get(row.code)
        elif row.unit_type == UnitType.LEGACY_HUYEN:
            # District functions passed to the province and the new communes; link to the province.
            row.successor_code = province_successor.get(row.parent_code or "")
    return rows


_SYNCED_FIELDS = ("name", "short_name", "unit_type", "division_type", "gso_code", "valid_from", "valid_to")


@transaction.atomic
def load_units(*, legacy: bool = False) -> LoadResult:
    rows = _current_rows()
    if legacy:
        rows += _legacy_rows({r.code for r in rows})
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=[r.code for r in rows])}
    result = LoadResult()
    to_create: list[OrgUnit] = []
    to_update: list[OrgUnit] = []
    retyped: list[OrgUnit] = []
    by_code: dict[str, OrgUnit] = dict(existing)
    for row in rows:  # parents always precede children in `rows`
        parent = by_code[row.parent_code] if row.parent_code else None
        row.name = normalize(row.name)  # the package has a few names with stray spaces
        short_name, _division = split_name(row.name)
        unit = existing.get(row.code)
        values = {
            "name": row.name,
            "short_name": short_name,
            "unit_type": row.unit_type,
            "division_type": row.division_type,
            "gso_code": row.gso_code,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        }
        if unit is None:
            unit = OrgUnit(code=row.code, parent=parent, **values)
            unit.refresh_derived()
            to_create.append(unit)
            result.created += 1
        else:
            changed = [f for f in _SYNCED_FIELDS if getattr(unit, f) != values[f]]
            if changed:
                if "unit_type" in changed:
                    retyped.append(unit)
                for f in changed:
                    setattr(unit, f, values[f])
                unit.refresh_derived()
                to_update.append(unit)
                result.updated += 1
            else:
                result.unchanged += 1
        by_code[row.code] = unit
        result.by_type[row.unit_type] += 1
    _flush(to_create)
    if to_update:
        bulk_update_with_history(
            to_update,
            OrgUnit,
            [*_SYNCED_FIELDS, "search_text"],
            batch_size=500,
            default_change_reason="load-vn",
        )
    _link_successors(rows, by_code)
    if retyped:
        units_retyped.send(sender=OrgUnit, units=retyped)
    return result


def _flush(units: list[OrgUnit]) -> None:
    # Insert level by level: SQLite and PostgreSQL set each inserted object's pk, so children
    # of the next level find their parent's id.
    for depth in sorted({u.depth for u in units}):
        bulk_create_with_history(
            [u for u in units if u.depth == depth], OrgUnit, batch_size=500, default_change_reason="load-vn"
        )
    units.clear()


def _link_successors(rows: list[_Row], by_code: dict[str, OrgUnit]) -> None:
    changed = []
    for row in rows:
        if not row.successor_code:
            continue
        unit, successor = by_code[row.code], by_code.get(row.successor_code)
        if successor is not None and unit.successor_id != successor.pk:
            unit.successor_id = successor.pk
            changed.append(unit)
    if changed:
        bulk_update_with_history(
            changed, OrgUnit, ["successor"], batch_size=500, default_change_reason="load-vn: successor"
        )
