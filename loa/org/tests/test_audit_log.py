"""The change log as people read it: names, action labels, catalog labels and readable values, never codes."""

from datetime import timedelta

from django.utils import timezone, translation

from loa.activity.services import ActivityInput, activity_create, activity_update
from loa.org.selectors import audit_entries
from loa.org.services import unit_update
from loa.reports.services import report_submit


def _activity(world, **changes):
    data = {
        "date": timezone.localdate() - timedelta(days=1),
        "channel": "hoi_nghi",
        "title": "Hội nghị đối thoại về thủ tục hành chính",
        "reform_areas": ["tthc"],
        "audience": "nguoi_dan",
        "measure": "hội nghị",
    }
    return ActivityInput(**(data | changes))


def test_an_activity_edit_reads_as_labels_in_both_languages(world):
    editor = world.users["editor"]
    activity = activity_create(actor=editor, unit=world.commune, data=_activity(world))
    activity_update(
        actor=editor,
        activity=activity,
        data=_activity(world, reform_areas=["tthc", "chinh_phu_so"], audience="doanh_nghiep", online=True),
    )
    with translation.override("vi"):
        edit, created = audit_entries(actor=world.users["coordinator"], unit=world.commune, limit=2)
        assert (created.action_label, edit.action_label) == ("Ghi nhận hoạt động", "Sửa hoạt động")
        assert edit.who == editor.username and edit.who_name == editor.full_name
        changes = {field: (old, new) for field, old, new in edit.changes}
        assert changes["lĩnh vực CCHC"] == (
            "Cải cách thủ tục hành chính",
            "Cải cách thủ tục hành chính, Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
        )
        assert changes["đối tượng"] == ("Người dân", "Doanh nghiệp, nhà đầu tư")
        assert changes["trực tuyến"] == ("không", "có")
    with translation.override("en"):  # "audience", "online": English names that equal the fields' own
        edit = audit_entries(actor=world.users["coordinator"], unit=world.commune, limit=1)[0]
        assert edit.action_label == "Activity edited"
        assert ("audience", "Citizens", "Businesses and investors") in edit.changes
        assert ("online", "no", "yes") in edit.changes


def test_a_report_reads_by_its_period_and_the_system_by_name(world, busy_communes):
    from loa.reports.demo import build_report_demo

    build_report_demo(world.province)
    with translation.override("vi"):
        entries = [e for e in audit_entries(actor=world.users["coordinator"], limit=500) if e.model_label == "Báo cáo"]
        assert entries
        assert all("20" not in e.object_repr or "năm" in e.object_repr for e in entries)  # "Quý I năm 2026"
        assert {e.who_name for e in entries} == {"Hệ thống"}
        returned = next(e for e in entries if e.reason.startswith("report.returned"))
        assert returned.action_label.startswith("Trả lại báo cáo: ")
        status = next(c for e in entries for c in e.changes if c[0] == "trạng thái")
        assert status[1] in {"Nháp", "Đã gửi", "Đã tiếp nhận", "Trả lại"}


def test_a_submission_with_its_version_and_bookkeeping_fields_left_out(world):
    leader = world.users["leader"]
    report = report_submit(actor=leader, unit=world.commune, period=f"{timezone.localdate().year - 1}")
    with translation.override("vi"):
        entries = audit_entries(actor=world.users["coordinator"], unit=world.commune)
        entry = next(e for e in entries if e.model_label == "Báo cáo")
    assert entry.action_label == "Gửi báo cáo (lần 1)" and report.version == 1
    fields = {field for field, _old, _new in entry.changes}
    assert "trạng thái" in fields and not fields & {"revision", "updated by", "excluded paths"}


def test_unit_fields_with_choices_read_as_labels(world):
    unit_update(actor=world.users["coordinator"], unit=world.snv, unit_type="khac")
    with translation.override("vi"):
        entry = audit_entries(actor=world.users["coordinator"], unit=world.snv, limit=1)[0]
    assert entry.action_label == "Sửa thông tin đơn vị"
    assert ("loại đơn vị", "Sở Nội vụ", "Khác") in entry.changes
