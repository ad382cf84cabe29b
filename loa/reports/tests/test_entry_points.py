"""The CLI, the API and the demo, end to end on real files and the real database."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from docx import Document

from loa.activity.services import ActivityInput, activity_create
from loa.org.scope import SYSTEM
from loa.reports.catalog import ReportStatus
from loa.reports.demo import build_report_demo
from loa.reports.models import Report
from loa.reports.services import report_accept, report_submit


def test_cli_draft_json_has_the_promised_keys(world, capsys):
    data = ActivityInput(date=date(2026, 2, 3), channel="phat_thanh", title="Phát thanh CCHC", quantity=4, reached=900)
    activity_create(actor=world.users["editor"], unit=world.commune, data=data)
    call_command("report", "draft", "--unit", world.commune.code, "--period", "2026Q1", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2026Q1"
    assert data["window"] == {"from": "2025-12-15", "to": "2026-03-14"}
    channel = data["by_channel"]["phat_thanh"]
    assert {"count", "quantity", "reach"} <= set(channel) and channel["count"] == 1 and channel["reach"] == 900
    assert isinstance(data["by_area"], dict) and isinstance(data["tasks"], list)


def test_cli_rejects_a_period_that_does_not_exist(world):
    with pytest.raises(CommandError, match="2026Q5"):
        call_command("report", "draft", "--unit", world.commune.code, "--period", "2026Q5")


def test_cli_submit_needs_the_leader(world):
    with pytest.raises(CommandError, match="lãnh đạo"):
        call_command("report", "submit", "--unit", world.commune.code, "--period", "2026Q1", "--as", "xa1.nhaplieu")
    call_command("report", "submit", "--unit", world.commune.code, "--period", "2026Q1", "--as", "xa1.lanhdao")
    assert Report.objects.get(unit=world.commune, period="2026Q1").status == ReportStatus.SUBMITTED


def test_cli_exports_one_and_all(world, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command("report", "export", "--unit", world.commune.code, "--period", "2026Q1", "-o", str(out))
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "BÁO CÁO" in text and "/BC-UBND" in text
    for unit in (world.commune, world.other_commune):
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period="2026Q1"))
    archive = tmp_path / "all.zip"
    call_command("report", "export-all", "--unit", world.snv.code, "--period", "2026Q1", "-o", str(archive))
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
    assert len(names) == 2 and all(n.endswith(".docx") for n in names)


def test_api_save_conflict_submit_and_diff(world):
    client = Client()
    client.force_login(world.users["editor"])
    url = f"/api/reports/{world.commune.code}/2026Q1"
    data = client.get(url).json()
    assert data["status"] == "draft" and data["revision"] == 0
    # A stale save answers 409 (it was a 400, which said "your request is wrong" for "someone saved first").
    body = {"revision": 0, "sections": {"proposals": "Đề nghị hỗ trợ kinh phí in tờ rơi."}}
    saved = client.put(url, json.dumps(body), content_type="application/json")
    assert saved.status_code == 200 and saved.json()["sections"]["proposals"].startswith("Đề nghị")
    stale = client.put(url, json.dumps(body), content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert "vừa được" in stale.json()["detail"] and "chưa được lưu" in stale.json()["detail"]
    assert client.get(url).json()["sections"]["proposals"].startswith("Đề nghị")  # the first save stands
    assert client.post(url + "/submit", "{}", content_type="application/json").status_code == 403

    leader = Client()
    leader.force_login(world.users["leader"])
    assert leader.post(url + "/submit", "{}", content_type="application/json").json()["version"] == 1
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    back = coordinator.post(url + "/return", json.dumps({"reason": "Bổ sung minh chứng."}), "application/json")
    assert back.json()["status"] == "returned"
    body = {"revision": back.json()["revision"], "sections": {"proposals": "Đã bổ sung minh chứng."}}
    assert client.put(url, json.dumps(body), content_type="application/json").status_code == 200
    assert leader.post(url + "/submit", "{}", content_type="application/json").json()["version"] == 2
    changes = coordinator.get(url + "/versions/2").json()["changes"]
    assert any("Đã bổ sung minh chứng." in line for c in changes for line in c["added"])
    status = coordinator.get(f"/api/report-status/{world.snv.code}/2026Q1").json()
    assert status["submitted"] == 1
    xlsx = coordinator.get(url + "/export/xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_demo_reports_show_every_state(world, busy_communes):
    result = build_report_demo(world.province, today=date(2026, 11, 23))
    assert result.submitted and result.accepted and result.returned
    states = set(Report.objects.filter(unit__parent=world.province).values_list("status", flat=True))
    assert {"submitted", "accepted", "returned"} <= states
    assert Report.objects.filter(late=True).exists()
    assert Report.objects.filter(version=2, status="accepted").exists()  # returned, resubmitted, accepted
    assert not Report.objects.filter(unit=world.commune, period="2026M9").exists()  # missing, to submit live
    assert build_report_demo(world.province, today=date(2026, 11, 23)).submitted == 0  # idempotent


def test_report_page_save_keeps_automatic_sections_automatic(world):
    client = Client()
    client.force_login(world.users["editor"])
    url = f"/reports/{world.commune.code}/2026Q1/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["proposals"] = "Đề nghị tập huấn kỹ năng viết tin."
    assert client.post(url, data).status_code == 302
    report = Report.objects.get(unit=world.commune, period="2026Q1")
    assert set(report.sections) == {"proposals"}
    assert io.BytesIO(client.get(url + "export.docx").content).read(2) == b"PK"


@pytest.mark.parametrize("page", ["board", "consolidated", "calendar"])
def test_report_pages_read_a_bounded_number_of_queries(world, province_plan, page, django_assert_max_num_queries):
    """However many units report, the board and the consolidated report read in a fixed number of queries."""
    for unit in (world.commune, world.other_commune):
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=unit, period="2026Q1"))
    client = Client()
    client.force_login(world.users["coordinator"])
    url = {
        "board": f"/reports/board/?recipient={world.snv.code}&period=2026Q1",
        "consolidated": f"/reports/{world.snv.code}/2026Q1/",
        "calendar": f"/reports/?year=2026&unit={world.commune.code}",
    }[page]
    # The consolidated report also reads who reported and their focal points, and the progress of the province's
    # plan across every unit (issue 19): still a fixed number, whatever the number of units.
    with django_assert_max_num_queries(32):  # +2 since issue 20: the citizens' voice (feedback, oversight)
        assert client.get(url).status_code == 200
