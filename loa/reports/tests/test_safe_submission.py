"""Safe submission: sending before the cut-off asks a second confirmation and counts (and locks) only the days up
to the submission; activities dated later in the window are listed as arising after it and go in by a return and a
new submission; a save into a report sent meanwhile is a 409 that keeps the typed text."""

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from loa.core.errors import DomainError
from loa.org.scope import SYSTEM
from loa.reports.catalog import ReportStatus
from loa.reports.models import Report
from loa.reports.services import report_return, report_submit

from .conftest import record

Q4 = "2026Q4"  # 15/09/2026 – 14/12/2026


def on(monkeypatch: Any, day: date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: day)


def test_early_submission_asks_twice_and_covers_only_the_days_sent(world, monkeypatch, quiet_commune):
    from loa.org.services import user_create

    leader = user_create(
        actor=SYSTEM, username="yen.lanhdao", password="Loa-demo-2026", role="leader", unit=quiet_commune
    )
    client = Client()
    client.force_login(leader)
    url = f"/reports/{quiet_commune.code}/{Q4}/"
    on(monkeypatch, date(2026, 12, 6))
    before = record(quiet_commune, date(2026, 12, 1), quantity=2, title="Tin trước khi gửi")
    page = client.get(url)
    html = page.content.decode()
    assert 'data-confirm-second="' in html and 'data-confirmed-field="early"' in html
    assert "14/12/2026" in page.context["early_question"] and "Vẫn gửi sớm?" in page.context["early_question"]

    # The second confirmation not given (no script, or dismissed): nothing is sent.
    response = client.post(url + "submit/", {"revision": "0", "early": ""})
    assert response.status_code == 302
    assert not Report.objects.filter(unit=quiet_commune, period=Q4, status=ReportStatus.SUBMITTED).exists()

    assert client.post(url + "submit/", {"revision": "0", "early": "1"}).status_code == 302
    report = Report.objects.get(unit=quiet_commune, period=Q4)
    assert report.status == ReportStatus.SUBMITTED and report.window_end == date(2026, 12, 6)
    snapshot = report.versions.get().snapshot
    assert snapshot["figures"]["window"] == {"from": "2026-09-15", "to": "2026-12-06"}
    assert snapshot["figures"]["totals"]["count"] == 1

    # Six days later, still inside the window: the days after the submission are open, the ones before are locked.
    on(monkeypatch, date(2026, 12, 12))
    later = record(quiet_commune, date(2026, 12, 10), quantity=1, title="Tin phát sinh sau khi gửi")
    with pytest.raises(DomainError, match="đã gửi"):
        record(quiet_commune, date(2026, 12, 6), quantity=1)
    assert before.pk and later.pk
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    for who in (client, coordinator):  # the unit and the recipient both see what is not in the report
        page = who.get(url)
        assert page.context["later_count"] == 1 and page.context["later"] == [later]
        assert "hoạt động phát sinh sau khi gửi" in page.content.decode()

    # The addition: the recipient returns, the unit sends again and the report now counts them.
    report_return(actor=world.users["coordinator"], report=report, reason="Đề nghị bổ sung hoạt động phát sinh.")
    resent = report_submit(actor=leader, unit=quiet_commune, period=Q4)
    assert resent.window_end == date(2026, 12, 12) and resent.version == 2
    assert resent.versions.get(number=2).snapshot["figures"]["totals"]["count"] == 2
    assert client.get(url).context["later_count"] == 0

    # At or after the cut-off there is nothing to warn about, and the whole window counts.
    on(monkeypatch, date(2026, 12, 20))
    page = client.get(f"/reports/{quiet_commune.code}/2026H2/")
    assert page.context["early_question"] == ""


def test_saving_into_a_report_sent_meanwhile_is_a_conflict_that_keeps_the_text(world):
    editor = Client()
    editor.force_login(world.users["editor"])
    url = f"/reports/{world.commune.code}/2026Q1/"
    form = editor.get(url).context["form"]  # the tab is opened…
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    report_submit(actor=world.users["leader"], unit=world.commune, period="2026Q1")  # …the leader sends…
    typed = "Đề nghị bổ sung kinh phí in tờ rơi (gõ trong tab cũ)."
    data["proposals"] = typed
    response = editor.post(url, data)  # …and the old tab saves.
    assert response.status_code == 409
    html = response.content.decode()
    assert "đã được gửi lúc" in response.context["conflict"] and typed in html
    assert 'data-testid="save"' not in html
    assert typed not in json.dumps(Report.objects.get(unit=world.commune, period="2026Q1").sections)

    api = editor.put(
        f"/api/reports/{world.commune.code}/2026Q1",
        json.dumps({"sections": {"proposals": typed}, "revision": data["revision"]}),
        content_type="application/json",
    )
    assert api.status_code == 409 and "đã được gửi" in api.json()["detail"]

    # Someone with no right to edit still gets "not found", not the conflict page.
    neighbour = Client()
    neighbour.force_login(world.users["neighbour"])
    assert neighbour.post(url, data).status_code == 404


def test_the_api_and_the_command_also_need_the_early_confirmation(world, monkeypatch, quiet_commune):
    from django.core.management import CommandError, call_command

    from loa.org.services import user_create

    user_create(actor=SYSTEM, username="som.lanhdao", password="Loa-demo-2026", role="leader", unit=quiet_commune)
    on(monkeypatch, date(2026, 12, 6))
    api = Client()
    api.force_login(world.users["admin"])
    url = f"/api/reports/{quiet_commune.code}/{Q4}/submit"
    refused = api.post(url, "{}", content_type="application/json")
    assert refused.status_code == 409 and "14/12/2026" in refused.json()["detail"]
    with pytest.raises(CommandError, match="xác nhận gửi sớm"):
        call_command("report", "submit", "--unit", quiet_commune.code, "--period", Q4, "--as", "som.lanhdao")
    assert not Report.objects.filter(unit=quiet_commune, period=Q4).exists()  # nothing was sent, nothing created

    call_command("report", "submit", "--unit", quiet_commune.code, "--period", Q4, "--as", "som.lanhdao", "--early")
    assert Report.objects.get(unit=quiet_commune, period=Q4).window_end == date(2026, 12, 6)
    other = f"/api/reports/{world.commune.code}/{Q4}/submit"
    sent = api.post(other, json.dumps({"early": True}), content_type="application/json")
    assert sent.status_code == 200 and sent.json()["version"] == 1
