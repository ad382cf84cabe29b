import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from loa.org.models import OrgUnit
from loa.org.vn_units import load_units


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_current_units_are_34_provinces_and_3321_communes(db):
    stats = json.loads(run("units", "stats", "--json"))
    assert stats["current"]["province"] == 34
    assert stats["current"]["commune"] == 3321
    assert OrgUnit.objects.filter(unit_type="ubnd_xa", division_type="dac_khu").count() == 13
    assert OrgUnit.objects.filter(unit_type="ubnd_tinh", division_type="thanh_pho_tw").count() == 6


def test_loading_again_changes_nothing(db):
    result = load_units()
    assert result.created == 0 and result.updated == 0
    assert result.unchanged == 3356


def test_legacy_units_are_expired_and_linked_to_successors(db):
    result = load_units(legacy=True)
    assert result.created == 63 + 696 + 10051
    stats = json.loads(run("units", "stats", "--json"))
    assert stats["legacy"] == {"province": 63, "district": 696, "commune": 10051}
    assert stats["current"]["commune"] == 3321
    ha_giang = OrgUnit.objects.get(code="L02")
    assert ha_giang.name == "Tỉnh Hà Giang"
    assert str(ha_giang.valid_to) == "2025-06-30"
    assert ha_giang.successor.name == "Tỉnh Tuyên Quang"  # Nghị quyết 202/2025/QH15
    huong_khe_town = OrgUnit.objects.get(code="L18496")
    assert huong_khe_town.name == "Thị trấn Hương Khê"
    assert huong_khe_town.parent.name == "Huyện Hương Khê"
    assert huong_khe_town.successor.name == "Xã Hương Khê"
    assert OrgUnit.objects.get(code="L444").successor.code == "42"
    assert load_units(legacy=True).created == 0


def test_list_by_parent_and_type_as_json(db):
    rows = json.loads(run("units", "list", "--parent", "42", "--type", "ubnd_xa", "--json"))
    assert len(rows) == 69  # Hà Tĩnh after the reform
    assert {r["parent"] for r in rows} == {"42"}
    assert all(r["code"].isdigit() and len(r["code"]) == 5 for r in rows)


def test_unknown_parent_code_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã «XX»"):
        run("units", "list", "--parent", "XX")


def test_list_as_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="Không tìm thấy người dùng «ghost»"):
        run("units", "list", "--as", "ghost")
