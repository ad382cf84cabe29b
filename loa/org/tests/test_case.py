"""Case and the tree: unit codes that differ only in case are refused, and a subtree (a path prefix) is matched
case-exactly on SQLite as on PostgreSQL, so "42/x/" never reaches "42/X/"."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from loa.activity.models import Activity
from loa.activity.tests.factories import ActivityFactory
from loa.core.errors import DomainError, ImportRejected
from loa.core.lookups import glob_escape
from loa.org.catalog import Role, UnitType
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM, Perm, restrict, units
from loa.org.services import unit_create
from loa.org.unit_import import import_units

from .test_unit_import import xlsx


def make(code: str, parent: OrgUnit) -> OrgUnit:
    return unit_create(actor=SYSTEM, code=code, name=f"Tổ {code}", unit_type=UnitType.KHAC, parent=parent)


def test_codes_differing_only_in_case_cannot_both_exist(world):
    make("AB", world.province)
    with pytest.raises(DomainError, match="chỉ khác mã «AB» đã có ở chữ hoa, chữ thường"):
        make("ab", world.province)
    with pytest.raises(DomainError, match="«AB» đã tồn tại"):
        make("AB", world.snv)
    assert list(OrgUnit.objects.filter(code__iexact="ab").values_list("code", flat=True)) == ["AB"]
    # The database refuses them too, whoever writes past the service.
    twin = OrgUnit(code="aB", name="Tổ aB", unit_type=UnitType.KHAC, parent=world.province)
    twin.refresh_derived()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_unit_import_refuses_case_twins_in_the_file_and_in_the_tree(world):
    make("42.XY", world.province)
    content = xlsx(
        [
            ["42.xy", "Tổ xy", "", "khac", "42", ""],
            ["42.PQ", "Tổ PQ", "", "khac", "42", ""],
            ["42.pq", "Tổ pq", "", "khac", "42", ""],
        ]
    )
    with pytest.raises(ImportRejected) as rejected:
        import_units(actor=world.users["coordinator"], content=content)
    messages = {(e.row, e.message) for e in rejected.value.errors}
    assert any(row == 2 and "«42.XY»" in m for row, m in messages)
    assert any(row == 4 and "«42.PQ»" in m for row, m in messages)
    assert not OrgUnit.objects.filter(code__in=["42.xy", "42.PQ", "42.pq"]).exists()


def test_a_lower_case_path_does_not_reach_the_upper_case_subtree(world):
    """The actor's unit is not stored ("42/x/" cannot exist beside "42/X/"): what is tested is the prefix match,
    which on SQLite's LIKE ignored case."""
    upper = make("X", world.province)
    child = make("X.1", upper)
    ActivityFactory(unit=child)
    lower_unit = OrgUnit(code="x", name="Tổ x", unit_type=UnitType.KHAC, parent=world.province)
    lower_unit.refresh_derived()
    assert lower_unit.path == f"{world.province.path}x/"
    actor = User(username="x.bientap", role=Role.EDITOR, unit=lower_unit)
    assert not units(actor, Perm.VIEW).exists()
    assert not restrict(Activity.objects.all(), actor, Perm.VIEW).exists()
    # The upper-case unit's own editor reaches both.
    owner = User(username="X.bientap", role=Role.EDITOR, unit=upper)
    assert set(units(owner, Perm.VIEW)) == {upper, child}
    assert restrict(Activity.objects.all(), owner, Perm.VIEW).count() == 1


def test_startswith_is_case_exact_and_literal(world):
    assert OrgUnit.objects.filter(name__startswith="Tỉnh Hà").exists()
    assert not OrgUnit.objects.filter(name__startswith="tỉnh hà").exists()
    assert not OrgUnit.objects.filter(path__startswith="4*").exists()  # GLOB's wildcards are taken literally
    assert not OrgUnit.objects.filter(path__startswith="4?/").exists()
    assert not OrgUnit.objects.filter(path__startswith="[4]").exists()
    assert not OrgUnit.objects.filter(path__startswith="4_/").exists()  # and so are LIKE's
    assert OrgUnit.objects.filter(path__startswith="42/").count() > 100
    # A prefix from another column: every unit's path starts with its parent's.
    with_parent = OrgUnit.objects.filter(parent__isnull=False)
    assert with_parent.filter(path__startswith=F("parent__path")).count() == with_parent.count()
    assert not with_parent.filter(code__startswith=F("parent__path")).exists()


def test_glob_escape():
    assert glob_escape("a*b?c[d]e") == "a[*]b[?]c[[]d]e"
