"""XLSX import of activities: a real file, all or nothing, row-level Vietnamese errors."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from loa.activity.models import Activity, ActivityStatus
from loa.activity.xlsx_io import REQUIRED, import_activities, template
from loa.core.errors import ImportRejected, PermissionDenied


def xlsx(rows, headers=None):
    wb = Workbook()
    ws = wb.active
    ws.append(headers or [*REQUIRED, "Mã nhiệm vụ", "Trạng thái"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def good_row(i, day=None):
    day = day or date(2026, 3, 1) + timedelta(days=i % 200)
    return [
        day,
        "Mạng xã hội",
        "tthc, Cải cách thể chế",
        f"Bài đăng CCHC số {i}",
        2,
        "bài đăng",
        150,
        "https://zalo.me/x",
        "",
        "",
    ]


def test_template_has_the_required_vietnamese_headers():
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(template())).get_sheet_by_index(0).to_python()
    assert sheet[0][:8] == [
        "Ngày",
        "Hình thức",
        "Lĩnh vực",
        "Tiêu đề",
        "Số lượng",
        "Đơn vị tính",
        "Số người được tiếp cận",
        "Đường dẫn",
    ]


def test_200_valid_rows_import_exactly_200_activities(world):
    content = xlsx([good_row(i, date(2026, 1, 1) + timedelta(days=i % 300)) for i in range(200)])
    assert import_activities(actor=world.users["editor"], unit=world.commune, content=content) == 200
    rows = Activity.objects.filter(unit=world.commune)
    assert rows.count() == 200
    first = rows.get(title="Bài đăng CCHC số 0")
    assert first.channel == "mang_xa_hoi" and first.online and first.reform_areas == ["the_che", "tthc"]
    assert first.quantity == 2 and first.reached == 150 and first.status == ActivityStatus.CONFIRMED
    assert first.unit_path == world.commune.path and first.created_by == world.users["editor"]
    assert first.history.count() == 1  # every imported row is audited


def test_one_bad_row_imports_nothing_and_names_row_and_column(world):
    rows = [good_row(i) for i in range(50)]
    rows[36] = [date(2026, 3, 1), "Bồ câu đưa thư", "tthc", "Sai hình thức", -3, "tin", "nhiều", "", "", ""]
    with pytest.raises(ImportRejected) as caught:
        import_activities(actor=world.users["editor"], unit=world.commune, content=xlsx(rows))
    messages = [str(e) for e in caught.value.errors]
    assert "Dòng 38, cột «Hình thức»: «Bồ câu đưa thư» không có trong danh mục" in messages
    assert any(m.startswith("Dòng 38, cột «Số lượng»") for m in messages)
    assert "Dòng 38, cột «Số người được tiếp cận»: «nhiều» không phải là số" in messages
    assert all(m.startswith("Dòng 38") for m in messages)
    assert not Activity.objects.filter(unit=world.commune).exists()


def test_future_dates_unknown_area_and_bad_task_are_refused(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    rows = [good_row(1, tomorrow), good_row(2), good_row(3)]
    rows[1][2] = "van_hoa"
    rows[2][8] = "999999"
    with pytest.raises(ImportRejected) as caught:
        import_activities(actor=world.users["editor"], unit=world.commune, content=xlsx(rows))
    text = "\n".join(str(e) for e in caught.value.errors)
    assert "Dòng 2, cột «Ngày»" in text and "chưa đến" in text
    assert "Dòng 3, cột «Lĩnh vực»: «van_hoa» không có trong danh mục" in text
    assert "Dòng 4, cột «Mã nhiệm vụ»" in text
    assert not Activity.objects.filter(unit=world.commune).exists()


def test_task_codes_link_and_draft_status(world, commune_plan):
    task = commune_plan.tasks.first()
    rows = [good_row(1), good_row(2)]
    rows[0][8] = str(task.pk)
    rows[1][9] = "nháp"
    import_activities(actor=world.users["editor"], unit=world.commune, content=xlsx(rows))
    linked = Activity.objects.get(title="Bài đăng CCHC số 1")
    assert list(linked.tasks.all()) == [task]
    assert [link.plantask_id for link in linked.history.get().tasks.all()] == [task.pk]  # the audit holds the link
    assert Activity.objects.get(title="Bài đăng CCHC số 2").status == ActivityStatus.DRAFT


def test_unit_outside_scope_and_wrong_file(world):
    with pytest.raises(PermissionDenied):
        import_activities(actor=world.users["neighbour"], unit=world.commune, content=xlsx([good_row(1)]))
    with pytest.raises(Exception, match="không phải là bảng tính Excel"):
        import_activities(actor=world.users["editor"], unit=world.commune, content=b"%PDF-1.4 not a sheet")
    with pytest.raises(Exception, match="Tệp thiếu cột bắt buộc"):
        import_activities(actor=world.users["editor"], unit=world.commune, content=xlsx([["x"]], headers=["Ngày"]))


def test_cli_import_dry_run_then_import_and_list(world, tmp_path):
    path = tmp_path / "hoat-dong.xlsx"
    path.write_bytes(xlsx([good_row(i) for i in range(5)]))
    out = io.StringIO()
    call_command("activities", "import", str(path), "--unit", world.commune.code, "--dry-run", stdout=out)
    assert "Tệp hợp lệ: 5 hoạt động" in out.getvalue() and not Activity.objects.filter(unit=world.commune).exists()
    call_command("activities", "import", str(path), "--unit", world.commune.code, "--as", "xa1.nhaplieu", stdout=out)
    assert Activity.objects.filter(unit=world.commune).count() == 5
    export = tmp_path / "ds.xlsx"
    call_command("activities", "list", "--unit", world.commune.code, "-o", str(export), stdout=out)
    assert load_workbook(export).active.max_row == 6
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([good_row(1), [date(2026, 3, 1), "khac", "", "", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError, match="Dòng 3, cột «Tiêu đề»: chưa có tiêu đề"):
        call_command("activities", "import", str(bad), "--unit", world.commune.code, stdout=out)
    assert Activity.objects.filter(unit=world.commune).count() == 5
