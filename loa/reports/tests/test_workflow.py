"""Draft → submitted (leader, frozen version, activities locked) → returned with a reason →
resubmitted as version 2 with a diff → accepted; late marking; conflicts; scope."""

import io
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone
from openpyxl import Workbook

from loa.activity.models import Activity
from loa.activity.services import activity_input, activity_update
from loa.activity.xlsx_io import REQUIRED, import_activities
from loa.core.errors import DomainError, ImportRejected, NotFound, PermissionDenied
from loa.org.scope import SYSTEM
from loa.reports.catalog import ReportStatus
from loa.reports.models import Report, ReportVersion
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_return, report_save, report_submit
from loa.reports.versions import version_diff

from .conftest import record

PERIOD = "2026Q1"


def test_only_the_leader_submits(world):
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        report_submit(actor=world.users["editor"], unit=world.commune, period=PERIOD)
    assert not Report.objects.filter(unit=world.commune, period=PERIOD).exists()
    report = report_submit(actor=world.users["leader"], unit=world.commune, period=PERIOD)
    assert report.status == ReportStatus.SUBMITTED and report.version == 1


def test_submission_freezes_a_version_and_locks_the_window(world, quiet_commune):
    activity = record(quiet_commune, date(2026, 3, 1), quantity=3)
    report = report_submit(actor=SYSTEM, unit=quiet_commune, period=PERIOD)
    version = ReportVersion.objects.get(report=report)
    assert version.snapshot["figures"]["totals"]["count"] == 1

    record_later = record(quiet_commune, date(2026, 3, 15))  # Q2: not locked
    assert record_later.pk
    with pytest.raises(DomainError, match="Quý I năm 2026"):
        record(quiet_commune, date(2026, 3, 14))
    data = activity_input(activity)
    data.quantity = 9
    with pytest.raises(DomainError, match="đã gửi"):
        activity_update(actor=SYSTEM, activity=activity, data=data)
    with pytest.raises(DomainError, match="không sửa được"):
        report_save(actor=SYSTEM, unit=quiet_commune, period=PERIOD, sections={"proposals": "Sửa sau khi gửi"})
    with pytest.raises(ValueError):
        version.save()
    state = report_state(actor=SYSTEM, unit=quiet_commune, period=PERIOD)
    assert state.frozen and state.figures["totals"]["count"] == 1


def test_return_resubmit_diff_accept(world):
    coordinator, leader = world.users["coordinator"], world.users["leader"]
    first = report_submit(actor=leader, unit=world.commune, period=PERIOD)
    with pytest.raises(DomainError, match="lý do"):
        report_return(actor=coordinator, report=first, reason="  ")
    returned = report_return(actor=coordinator, report=first, reason="Bổ sung minh chứng hội nghị.")
    assert returned.status == ReportStatus.RETURNED and returned.return_reason.startswith("Bổ sung")

    saved = report_save(
        actor=world.users["editor"],
        unit=world.commune,
        period=PERIOD,
        revision=returned.revision,
        sections={"difficulties": "Đã bổ sung minh chứng theo yêu cầu."},
    )
    second = report_submit(actor=leader, unit=world.commune, period=PERIOD, revision=saved.revision)
    assert second.version == 2 and second.status == ReportStatus.SUBMITTED
    v1, v2 = ReportVersion.objects.filter(report=second).order_by("number")
    changed = [s for s in version_diff(v1, v2) if s.changed]
    assert [s.heading for s in changed] == ["Khó khăn, hạn chế"]
    assert any(line.op == "added" and "minh chứng" in line.text for line in changed[0].lines)

    accepted = report_accept(actor=coordinator, report=second)
    assert accepted.status == ReportStatus.ACCEPTED and accepted.reviewed_by == coordinator


def test_acceptance_outside_the_recipient_is_refused(world):
    report = report_submit(actor=world.users["leader"], unit=world.commune, period=PERIOD)
    with pytest.raises(NotFound):
        report_accept(actor=world.users["foreign"], report=report)
    with pytest.raises(PermissionDenied, match="nơi nhận"):
        report_accept(actor=world.users["leader"], report=report)  # its own leader cannot accept it
    with pytest.raises(NotFound):  # another commune's officer does not even see it
        report_return(actor=world.users["neighbour"], report=report, reason="Không đúng mẫu")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_late_submission_is_marked_late_and_stays_late(world, quiet_commune):
    late_day = datetime(2026, 3, 25, 9, tzinfo=UTC)  # deadline 20/03/2026
    report = report_submit(actor=SYSTEM, unit=quiet_commune, period=PERIOD, now=late_day)
    assert report.late
    report_return(actor=SYSTEM, report=report, reason="Sai số liệu tuyên truyền.")
    again = report_submit(actor=SYSTEM, unit=quiet_commune, period=PERIOD)
    assert again.late and again.version == 2


def test_on_time_submission(world, quiet_commune):
    report = report_submit(actor=SYSTEM, unit=quiet_commune, period=PERIOD, now=datetime(2026, 3, 20, 9, tzinfo=UTC))
    assert not report.late


def test_concurrent_edits_do_not_overwrite(world):
    editor = world.users["editor"]
    first = report_save(actor=editor, unit=world.commune, period=PERIOD, revision=0, sections={"proposals": "A"})
    with pytest.raises(DomainError, match="vừa được") as caught:
        report_save(actor=editor, unit=world.commune, period=PERIOD, revision=0, sections={"proposals": "B"})
    assert caught.value.code == "conflict"
    first.refresh_from_db()
    assert first.sections["proposals"] == "A"


def test_future_period_cannot_be_submitted(world):
    next_year = timezone.localdate().year + 1
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        report_submit(actor=SYSTEM, unit=world.commune, period=f"{next_year}Q2")


def test_edited_sections_stay_and_reset_returns_to_the_draft(world):
    saved = report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, sections={"proposals": "Đề xuất riêng."})
    assert report_state(actor=SYSTEM, unit=world.commune, period=PERIOD).sections["proposals"] == "Đề xuất riêng."
    report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, revision=saved.revision, reset=["proposals"])
    state = report_state(actor=SYSTEM, unit=world.commune, period=PERIOD)
    assert state.sections["proposals"] == state.generated["proposals"]


def test_unknown_section_is_refused(world):
    with pytest.raises(DomainError, match="Không có mục"):
        report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, sections={"bogus": "x"})


def test_foreign_reader_cannot_see_the_report(world):
    with pytest.raises(NotFound):
        report_state(actor=world.users["foreign"], unit=world.commune, period=PERIOD)
    assert report_state(actor=world.users["coordinator"], unit=world.commune, period=PERIOD)


def test_section_lines_are_kept(world):
    report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, sections={"proposals": "Dòng một\r\n\r\n- Dòng  hai "})
    assert report_state(actor=SYSTEM, unit=world.commune, period=PERIOD).sections["proposals"] == "Dòng một\n- Dòng hai"


def test_register_number_is_set_kept_and_cleared_together(world):
    saved = report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, register=(7, date(2026, 3, 18)))
    assert (saved.number, saved.issued_on) == (7, date(2026, 3, 18))
    kept = report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, sections={"proposals": "Không có."})
    assert (kept.number, kept.issued_on) == (7, date(2026, 3, 18))
    cleared = report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, register=(None, None))
    assert (cleared.number, cleared.issued_on) == (None, None)
    with pytest.raises(DomainError, match="nguyên dương"):
        report_save(actor=SYSTEM, unit=world.commune, period=PERIOD, register=(0, None))


def test_an_import_into_a_submitted_window_names_the_row_and_the_report(world):
    """Issue 4's bad-row case: a row dated inside a period whose report the unit has sent refuses the whole file."""
    report_submit(actor=world.users["leader"], unit=world.commune, period=PERIOD)  # Q1 2026: 15/12/2025–14/3/2026
    book = Workbook()
    sheet = book.active
    sheet.append(REQUIRED)
    for day in (date(2026, 3, 20), date(2026, 2, 10), date(2026, 4, 2)):
        sheet.append([day, "Mạng xã hội", "tthc", f"Bài ngày {day:%d/%m}", 1, "bài đăng", 10, ""])
    content = io.BytesIO()
    book.save(content)
    before = Activity.objects.filter(unit=world.commune).count()
    with pytest.raises(ImportRejected) as caught:
        import_activities(actor=world.users["editor"], unit=world.commune, content=content.getvalue())
    messages = [str(e) for e in caught.value.errors]
    assert len(messages) == 1
    assert messages[0].startswith("Dòng 3, cột «Ngày»") and "Quý I năm 2026" in messages[0]
    assert Activity.objects.filter(unit=world.commune).count() == before
