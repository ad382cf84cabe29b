"""The same file imported twice must not double the unit's activities (issue 16, item 7): the file is recognised by
its content, rows identical to existing activities are named in the check-only pass and skipped unless the user
confirms, the same through the service, the web form, the API and `loa activities import`."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from loa.activity.duplicates import Candidate, duplicate_rows
from loa.activity.models import Activity, ActivityImport
from loa.activity.services import ActivityInput, activity_create
from loa.activity.xlsx_io import activities_import, check_summary, result_notes

from .test_import import good_row, xlsx

FIELDS = ("unit", "unit_path", "date", "channel", "online", "area_bits", "title", "quantity", "measure")


@pytest.fixture(autouse=True)
def empty_commune(world):
    Activity.objects.filter(unit=world.commune).delete()


def count(world):
    return Activity.objects.filter(unit=world.commune).count()


def test_the_same_file_twice_adds_nothing_the_second_time_and_says_so(world):
    editor = world.users["editor"]
    content = xlsx([good_row(i) for i in range(40)])
    first = activities_import(actor=editor, unit=world.commune, content=content, name="thang3.xlsx")
    assert (first.imported, first.skipped, first.duplicate_rows, first.previous) == (40, 0, [], None)
    record = ActivityImport.objects.get(unit=world.commune)
    assert (record.name, record.rows, record.imported, record.imported_by) == ("thang3.xlsx", 40, 40, editor)
    assert record.history.get().history_change_reason == "activity.file_imported"  # audited

    check = activities_import(actor=editor, unit=world.commune, content=content, dry_run=True)
    assert check.previous == record and check.duplicate_rows == list(range(2, 42)) and check.imported == 0
    named = ", ".join(str(r) for r in range(2, 32))  # the first 30, then how many more
    assert result_notes(check)[1] == f"40 dòng trùng với hoạt động đã có: dòng {named} và 10 dòng khác."
    assert check_summary(check) == "Tệp hợp lệ: 40 dòng; sẽ nhập 0 hoạt động mới và bỏ qua 40 dòng trùng."
    again = activities_import(actor=editor, unit=world.commune, content=content)
    assert (again.imported, again.skipped) == (0, 40)
    assert count(world) == 40  # unchanged
    assert ActivityImport.objects.filter(unit=world.commune).count() == 1  # nothing imported, nothing recorded

    confirmed = activities_import(actor=editor, unit=world.commune, content=content, allow_duplicates=True)
    assert (confirmed.imported, confirmed.skipped) == (40, 0)
    assert count(world) == 80  # confirmed: doubled on purpose


def test_rows_are_compared_after_normalising_text_and_every_figure_counts(world):
    editor = world.users["editor"]
    activities_import(actor=editor, unit=world.commune, content=xlsx([good_row(i) for i in range(3)]))
    same = good_row(0)
    same[3] = "  bài ĐĂNG cchc   số 0 "  # case and spaces differ: the same title
    other_figure = good_row(1)
    other_figure[6] = 151  # one more person reached: another activity
    other_day = good_row(2, day=date(2026, 1, 2))
    new = good_row(99)
    result = activities_import(
        actor=editor, unit=world.commune, content=xlsx([same, other_figure, other_day, new, good_row(2)])
    )
    assert result.duplicate_rows == [2, 6] and (result.imported, result.skipped) == (3, 2)
    assert count(world) == 6


def test_the_task_link_is_part_of_the_identity(world, progress_plan):
    _plan, (t1, _t2, _t3), _copy = progress_plan
    editor = world.users["editor"]
    row = good_row(1)
    with_task = [*row[:8], t1.pk, ""]
    activities_import(actor=editor, unit=world.commune, content=xlsx([row]))
    result = activities_import(actor=editor, unit=world.commune, content=xlsx([with_task, row]))
    assert result.duplicate_rows == [3] and result.imported == 1
    assert activities_import(actor=editor, unit=world.commune, content=xlsx([with_task]), dry_run=True).duplicate_rows


def test_an_activity_entered_by_hand_is_recognised_in_a_file(world):
    activity_create(
        actor=world.users["editor"],
        unit=world.commune,
        data=ActivityInput(
            date=date(2026, 3, 2),
            channel="mang_xa_hoi",
            title="Bài đăng CCHC số 1",
            reform_areas=["tthc", "the_che"],
            quantity="2",
            measure="bài đăng",
            reached=150,
            url="https://zalo.me/x",
        ),
    )
    result = activities_import(actor=world.users["editor"], unit=world.commune, content=xlsx([good_row(1)]))
    assert result.duplicate_rows == [2] and result.imported == 0


def test_detection_reads_by_chunks_of_days_not_by_row(world):
    """80,000 rows over a year: a handful of queries, and exactly the identical rows found."""
    start = date(2025, 12, 1)
    rows = [
        Activity(
            unit=world.commune,
            unit_path=world.commune.path,
            date=start + timedelta(days=i % 365),
            channel="cong_ttdt",
            online=True,
            area_bits=1,
            title=f"Tin {i}",
            quantity=Decimal(1),
            measure="tin",
        )
        for i in range(80_000)
    ]
    for i in (5, 70_000):
        Activity.objects.bulk_create([Activity(**{f: getattr(rows[i], f) for f in FIELDS})])
    candidates = [Candidate(i + 2, activity, None) for i, activity in enumerate(rows)]
    with CaptureQueriesContext(connection) as queries:
        found = duplicate_rows(world.commune, candidates)
    assert found == [7, 70_002]
    assert len(queries) <= 2  # 365 days: one chunk, its rows and their task links


def test_web_form_check_names_the_earlier_import_and_the_rows_and_the_box_confirms(world):
    client = Client()
    client.force_login(world.users["editor"])
    content = xlsx([good_row(i) for i in range(5)])

    def post(**fields):
        data = {"unit": world.commune.pk, "file": SimpleUploadedFile("hd.xlsx", content), **fields}
        return client.post("/activities/import/", data, follow=True)

    assert post().status_code == 200 and count(world) == 5
    page = post(dry_run="on").content.decode()
    assert "Tệp này đã được nhập ngày" in page and f"bởi {world.users['editor'].full_name}." in page
    assert "5 dòng trùng với hoạt động đã có: dòng 2, 3, 4, 5, 6." in page
    assert count(world) == 5
    skipped = post().content.decode()
    assert "Đã bỏ qua 5 dòng trùng." in skipped and count(world) == 5
    post(allow_duplicates="on")
    assert count(world) == 10


def test_api_reports_duplicates_and_imports_them_only_when_allowed(world):
    client = Client()
    client.force_login(world.users["editor"])
    content = xlsx([good_row(i) for i in range(4)])

    def post(**fields):
        data = {"unit": world.commune.code, "file": SimpleUploadedFile("a.xlsx", content), **fields}
        return client.post("/api/activities/import", data)

    assert post().json()["imported"] == 4
    check = post(dry_run="true").json()
    assert check["duplicate_rows"] == [2, 3, 4, 5] and check["previous_import"]["imported"] == 4
    assert check["previous_import"]["imported_by"] == world.users["editor"].full_name
    assert any(note.startswith("Tệp này đã được nhập ngày") for note in check["notes"])
    again = post().json()
    assert (again["imported"], again["skipped"]) == (0, 4) and count(world) == 4
    assert post(allow_duplicates="true").json()["imported"] == 4 and count(world) == 8


def test_cli_skips_duplicates_unless_allow_duplicates(world, tmp_path, capsys):
    path = tmp_path / "hd.xlsx"
    path.write_bytes(xlsx([good_row(i) for i in range(3)]))
    args = ["activities", "import", str(path), "--unit", world.commune.code, "--as", "xa1.nhaplieu"]
    call_command(*args)
    call_command(*args, "--dry-run")
    out = capsys.readouterr().out
    assert "Tệp này đã được nhập ngày" in out and "3 dòng trùng với hoạt động đã có: dòng 2, 3, 4." in out
    assert "--allow-duplicates" in out
    call_command(*args)
    assert "Đã bỏ qua 3 dòng trùng." in capsys.readouterr().out and count(world) == 3
    call_command(*args, "--allow-duplicates")
    assert count(world) == 6


def test_an_export_reimported_with_new_rows_skips_its_rows_of_a_closed_period(world):
    """The officer's way: export, add rows below, import again. The old rows of a quarter whose report was sent
    are duplicates, skipped, so the closed period does not refuse the file; forcing them in still refuses it."""
    from loa.core.errors import ImportRejected
    from loa.org.scope import SYSTEM
    from loa.reports.services import report_submit

    editor = world.users["editor"]
    old = [good_row(i) for i in range(3)]  # March 2026, the first quarter
    activities_import(actor=editor, unit=world.commune, content=xlsx(old))
    report_submit(actor=SYSTEM, unit=world.commune, period="2026Q1")  # the quarter is closed
    content = xlsx([*old, good_row(3, day=date(2026, 5, 4))])

    check = activities_import(actor=editor, unit=world.commune, content=content, dry_run=True)
    assert check.duplicate_rows == [2, 3, 4] and check.writable == 1
    assert check_summary(check) == "Tệp hợp lệ: 4 dòng; sẽ nhập 1 hoạt động mới và bỏ qua 3 dòng trùng."
    done = activities_import(actor=editor, unit=world.commune, content=content)
    assert (done.imported, done.skipped) == (1, 3)
    assert count(world) == 4

    with pytest.raises(ImportRejected) as refused:
        activities_import(actor=editor, unit=world.commune, content=content, allow_duplicates=True)
    assert [e.row for e in refused.value.errors] == [2, 3, 4]
    assert all("đã khóa" in e.message for e in refused.value.errors)
    assert count(world) == 4  # nothing written
