import io

import pytest
from openpyxl import Workbook

from loa.core.errors import DomainError, ImportRejected
from loa.org.models import OrgUnit
from loa.org.unit_import import import_units, unit_template

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại đơn vị", "Mã đơn vị cấp trên", "Hiệu lực từ"]


def xlsx(rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_template_has_vietnamese_headers_and_imports_its_example(world):
    from python_calamine import CalamineWorkbook

    content = unit_template()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert sheet[0][:5] == ["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Loại đơn vị", "Mã đơn vị cấp trên"]
    rows = import_units(actor=world.users["coordinator"], content=content)
    assert len(rows) == 1
    assert OrgUnit.objects.get(code="42.SNV.TTT").parent == world.snv


def test_valid_file_imports_all_rows_with_parents_from_the_file(world):
    content = xlsx(
        [
            ["42.BQL", "Ban Quản lý Khu kinh tế tỉnh", "", "Sở, ban, ngành", "42", "01/07/2025"],
            ["42.BQL.VP", "Văn phòng Ban", "", "khac", "42.BQL", ""],
        ]
    )
    import_units(actor=world.users["coordinator"], content=content)
    child = OrgUnit.objects.get(code="42.BQL.VP")
    assert child.path == "42/42.BQL/42.BQL.VP/"
    assert str(OrgUnit.objects.get(code="42.BQL").valid_from) == "2025-07-01"


def test_one_bad_row_imports_nothing_and_names_row_and_column(world):
    before = OrgUnit.objects.count()
    content = xlsx(
        [
            ["42.A", "Đơn vị A", "", "khac", "42", ""],
            ["42.B", "Đơn vị B", "", "loại lạ", "42", "31/02/2026"],
            ["42.C", "Đơn vị C", "", "khac", "48", ""],
            ["42.A", "Đơn vị A lặp", "", "khac", "42", ""],
        ]
    )
    with pytest.raises(ImportRejected) as caught:
        import_units(actor=world.users["coordinator"], content=content)
    messages = [str(e) for e in caught.value.errors]
    assert "Dòng 3, cột «Loại đơn vị»: loại đơn vị «loại lạ» không có trong danh mục" in messages
    assert any(m.startswith("Dòng 3, cột «Hiệu lực từ»") for m in messages)
    assert any(m.startswith("Dòng 4, cột «Mã đơn vị cấp trên»") and "ngoài phạm vi" in m for m in messages)
    assert any(m.startswith("Dòng 5, cột «Mã đơn vị»") and "lặp" in m for m in messages)
    assert OrgUnit.objects.count() == before


def test_dry_run_writes_nothing(world):
    before = OrgUnit.objects.count()
    rows = import_units(
        actor=world.users["admin"], content=xlsx([["42.D", "Đơn vị D", "", "khac", "42", ""]]), dry_run=True
    )
    assert len(rows) == 1 and OrgUnit.objects.count() == before


@pytest.mark.parametrize("content", [b"", b"not a spreadsheet", b"PK\x03\x04broken zip"])
def test_wrong_file_is_a_clear_message(world, content):
    with pytest.raises(DomainError, match="Excel"):
        import_units(actor=world.users["admin"], content=content)


def test_missing_required_column(world):
    with pytest.raises(DomainError, match="thiếu cột bắt buộc: «Loại đơn vị»"):
        import_units(
            actor=world.users["admin"],
            content=xlsx(
                [["42.E", "E", "", "42"]],
                headers=["Mã đơn vị", "Tên đơn vị", "Tên ngắn", "Mã đơn vị cấp trên"],
            ),
        )


def test_import_command_exit_code_and_messages(world, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["42.F", "", "", "khac", "42", ""]]))
    with pytest.raises(CommandError, match="Dòng 2, cột «Tên đơn vị»: không được để trống"):
        call_command("units", "import", str(bad), stdout=StringIO())
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([["42.F", "Đơn vị F", "", "khac", "42", ""]]))
    out = StringIO()
    call_command("units", "import", str(good), "--as", "snv.dieuphoi", stdout=out)
    assert "Đã nhập 1 đơn vị" in out.getvalue()
    with pytest.raises(CommandError, match="ngoài phạm vi"):
        other = tmp_path / "other.xlsx"
        other.write_bytes(xlsx([["48.G", "Đơn vị G", "", "khac", "48", ""]]))
        call_command("units", "import", str(other), "--as", "snv.dieuphoi", stdout=StringIO())


def test_the_same_file_imported_twice_is_refused_the_second_time_and_changes_nothing(world):
    """Issue 16, item 7: units are keyed by code, so a repeat names every existing code and writes nothing."""
    content = xlsx([["42.BQL", "Ban Quản lý Khu kinh tế tỉnh", "", "Sở, ban, ngành", "42", ""]])
    import_units(actor=world.users["coordinator"], content=content)
    before = OrgUnit.objects.count()
    with pytest.raises(ImportRejected) as caught:
        import_units(actor=world.users["coordinator"], content=content)
    assert [str(e) for e in caught.value.errors] == ["Dòng 2, cột «Mã đơn vị»: mã «42.BQL» đã tồn tại"]
    assert OrgUnit.objects.count() == before
