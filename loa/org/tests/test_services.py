import pytest

from loa.core.errors import DomainError, PermissionDenied
from loa.org.catalog import Role
from loa.org.models import OrgUnit, User
from loa.org.selectors import audit_entries, unit_search
from loa.org.services import unit_create, unit_update, user_create


def test_create_unit_builds_path_and_is_audited(world):
    coordinator = world.users["coordinator"]
    unit = unit_create(
        actor=coordinator,
        code="42.SNV.CCHC",
        name="Phòng Cải cách hành chính",
        unit_type="khac",
        parent=world.snv,
    )
    assert unit.path == "42/42.SNV/42.SNV.CCHC/"
    assert unit.depth == 2
    record = unit.history.latest()
    assert record.history_user == coordinator
    assert record.history_type == "+"
    entries = audit_entries(actor=coordinator, unit=unit)
    assert entries and entries[0].who == "snv.dieuphoi"


def test_update_records_before_and_after(world):
    coordinator = world.users["coordinator"]
    unit_update(actor=coordinator, unit=world.commune, phone="0239 3855 000")
    entries = audit_entries(actor=coordinator, unit=world.commune)
    change = entries[0]
    assert change.action == "~"
    assert ("điện thoại", "", "0239 3855 000") in change.changes


@pytest.mark.parametrize(
    ("code", "message"),
    [("42.SNV", "đã tồn tại"), ("có dấu", "Mã đơn vị chỉ gồm"), ("", "Mã")],
)
def test_bad_unit_input_changes_nothing(world, code, message):
    before = OrgUnit.objects.count()
    with pytest.raises(DomainError, match=message):
        unit_create(actor=world.users["admin"], code=code, name="Đơn vị thử", unit_type="khac", parent=world.snv)
    assert OrgUnit.objects.count() == before


def test_name_must_be_unique_under_parent(world):
    with pytest.raises(DomainError):
        unit_create(
            actor=world.users["admin"],
            code="42.X1",
            name="Sở Nội vụ",
            unit_type="khac",
            parent=world.province,
        )


def test_valid_to_before_valid_from_is_refused(world):
    from datetime import date

    with pytest.raises(DomainError):
        unit_update(actor=world.users["admin"], unit=world.snv, valid_from=date(2026, 1, 1), valid_to=date(2025, 1, 1))


def test_editor_cannot_manage_units_and_foreign_coordinator_cannot_reach(world):
    with pytest.raises(PermissionDenied):
        unit_create(actor=world.users["editor"], code="X.1", name="X", unit_type="khac", parent=world.commune)
    with pytest.raises(PermissionDenied):
        unit_update(actor=world.users["foreign"], unit=world.commune, phone="1")


def test_user_rules(world):
    coordinator = world.users["coordinator"]
    with pytest.raises(PermissionDenied):
        user_create(actor=coordinator, username="boss", password="x" * 12, role=Role.ADMIN, unit=None)
    with pytest.raises(PermissionDenied):
        user_create(actor=coordinator, username="dn1", password="x" * 12, role=Role.EDITOR, unit=world.foreign_commune)
    with pytest.raises(DomainError, match="Sở Nội vụ"):
        user_create(actor=coordinator, username="c2", password="x" * 12, role=Role.COORDINATOR, unit=world.commune)
    with pytest.raises(DomainError, match="đã được dùng"):
        user_create(
            actor=coordinator,
            username="XA1.NHAPLIEU",
            password="x" * 12,
            role=Role.EDITOR,
            unit=world.commune,
        )
    user = user_create(actor=coordinator, username="xa1.moi", password="x" * 12, role=Role.EDITOR, unit=world.commune)
    assert User.objects.get(username="xa1.moi").unit == world.commune
    assert user.history.latest().history_user == coordinator


def test_search_ignores_diacritics_and_case(world):
    unit_create(
        actor=world.users["admin"],
        code="42.SNV.CCHC",
        name="Phòng Cải cách hành chính",
        unit_type="khac",
        parent=world.snv,
    )
    admin = world.users["admin"]
    assert [u.code for u in unit_search(actor=admin, query="cai cach")] == ["42.SNV.CCHC"]
    assert unit_search(actor=admin, query="da nang").first().name == "Thành phố Đà Nẵng"
    assert unit_search(actor=admin, query="ĐÀ NẴNG").first().name == "Thành phố Đà Nẵng"
    # A word must start a word: "huong" must not match "Phường".
    names = [u.name for u in unit_search(actor=admin, query="huong khe")]
    assert names == ["Xã Hương Khê"]


def test_a_unit_is_added_through_its_page_with_its_staff_number(world):
    from django.test import Client

    client = Client()
    client.force_login(world.users["coordinator"])
    body = {"code": "42.SNV.TCCB", "name": "Phòng Tổ chức cán bộ", "unit_type": "khac", "staff_count": "14"}
    response = client.post(f"/units/{world.snv.code}/new-child/", body)
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="42.SNV.TCCB").staff_count == 14


def test_many_units_are_created_at_once_with_the_checks_of_one(world):
    from loa.core.errors import DomainError, PermissionDenied
    from loa.org.models import OrgUnit
    from loa.org.services import NewUnit, units_create_many

    coordinator = world.users["coordinator"]
    new = [NewUnit(f"{world.commune.code}.NHIEU{i}", f"Tổ {i}", "phong_xa", world.commune) for i in range(3)]
    with pytest.raises(PermissionDenied):
        units_create_many(actor=world.users["editor"], units=new)
    with pytest.raises(DomainError, match="có hai lần"):
        units_create_many(
            actor=coordinator, units=[*new, NewUnit(new[0].code.lower(), "Tổ", "phong_xa", world.commune)]
        )
    taken = NewUnit(world.other_commune.code.lower(), "Trùng", "phong_xa", world.commune)
    with pytest.raises(DomainError, match="đã tồn tại"):
        units_create_many(actor=coordinator, units=[*new, taken])
    with pytest.raises(DomainError, match="Loại"):
        units_create_many(actor=coordinator, units=[NewUnit(f"{world.commune.code}.X", "X", "khong_co", world.commune)])
    assert not OrgUnit.objects.filter(code__startswith=f"{world.commune.code}.NHIEU").exists()
    created = units_create_many(actor=coordinator, units=new)
    for unit in created:
        stored = OrgUnit.objects.get(code=unit.code)
        assert stored.path == f"{world.commune.path}{unit.code}/" and stored.depth == world.commune.depth + 1
        row = stored.history.get()
        assert row.history_change_reason == "unit.created" and row.history_user == coordinator
