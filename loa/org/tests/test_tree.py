"""The unit tree behind org: the helpers other apps ask, and a check that none of them reads the storage itself."""

import re
from pathlib import Path

from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.tree import (
    in_any_subtree,
    in_subtree,
    path_ancestors,
    province_of,
    province_path,
    strictly_below,
    subtree_q,
)

LOA = Path(__file__).resolve().parents[2]
# A prefix match on a unit path, in a query or in Python; `request.path` (a URL) is not the tree.
STORAGE = re.compile(r"path__startswith|(?<!request)\.path\.startswith\(|\bunit_path\.startswith\(")


def test_no_app_but_org_matches_unit_path_prefixes() -> None:
    leaks = []
    for source in sorted([*LOA.rglob("*.py"), *(LOA.parent / "bench").rglob("*.py")]):
        relative = source.relative_to(LOA.parent).as_posix()
        if relative.startswith("loa/org/") or "/tests/" in relative or "/migrations/" in relative:
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
            if STORAGE.search(line) and not line.lstrip().startswith("#"):
                leaks.append(f"{relative}:{number}: {line.strip()}")
    assert leaks == [], "use loa.org.tree (subtree_q, in_subtree, …) instead:\n" + "\n".join(leaks)


def _unit(path: str, unit_type: str = UnitType.UBND_XA) -> OrgUnit:
    return OrgUnit(code=path.rstrip("/").rsplit("/", 1)[-1], path=path, unit_type=unit_type)


def test_subtree_questions_on_paths_and_units() -> None:
    province, commune, section = _unit("42/", UnitType.UBND_TINH), _unit("42/18496/"), _unit("42/18496/18496.VP/")
    assert in_subtree(section, province) and in_subtree(commune, commune) and in_subtree("42/18496/", "42/")
    assert not in_subtree(province, commune) and not in_subtree(_unit("420/"), province)  # a code, not a prefix
    assert strictly_below(commune, province) and not strictly_below(commune, commune)
    assert in_any_subtree(section, ["48/", commune.path]) and not in_any_subtree(section, [])
    assert path_ancestors(section.path) == ["42/", "42/18496/", "42/18496/18496.VP/"]
    assert province_path(section) == "42/" and province_path(province) == "42/"
    assert subtree_q(commune, field="unit_path").children == [("unit_path__startswith", "42/18496/")]
    assert subtree_q("", field="unit__path").children == [("unit__path__startswith", "")]  # the whole country


def test_the_province_of_a_unit_is_the_unit_at_its_province_path(world) -> None:
    section = OrgUnit.objects.filter(parent=world.commune).select_related("parent__parent").first()
    assert section is not None
    for unit in (section, world.commune, world.province, world.foreign_commune):
        assert province_of(unit).path == province_path(unit)
    assert province_of(world.province) == world.province
