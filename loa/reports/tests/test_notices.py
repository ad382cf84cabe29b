"""Notices along a report's life: asked to sign (the unit's leaders), sent (the recipient's coordinators
and leaders), returned with its reason and accepted (the unit's editors and leaders); nobody outside
the report's scope; each user's delivery choice; the board's remind message."""

from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from loa.core.errors import PermissionDenied
from loa.notify.models import Notification
from loa.notify.services import send_digests, set_delivery
from loa.org.models import OrgUnit
from loa.reports.models import Report
from loa.reports.selectors import reports_awaiting_signature
from loa.reports.services import report_accept, report_request_signature, report_return, report_submit

PERIOD = "2026Q1"
UNIT_PEOPLE = {"xa1.nhaplieu", "xa1.lanhdao"}
RECEIVERS = {"snv.dieuphoi", "snv.lanhdao"}


def _who(since_pk: int) -> set[str]:
    return set(Notification.objects.filter(pk__gt=since_pk).values_list("user__username", flat=True))


def _last() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_each_step_notifies_exactly_the_people_who_act(world, django_capture_on_commit_callbacks):
    editor, leader, coordinator = world.users["editor"], world.users["leader"], world.users["coordinator"]
    Notification.objects.all().delete()
    now = timezone.now()
    run = django_capture_on_commit_callbacks
    mark = _last()
    with run(execute=True):
        report_request_signature(actor=editor, unit=world.commune, period=PERIOD, now=now - timedelta(hours=2))
    assert _who(mark) == {"xa1.lanhdao"}
    report = Report.objects.get(unit=world.commune, period=PERIOD)
    assert report.signature_requested_by == editor
    assert report.history.filter(history_change_reason="report.signature_requested").exists()  # audited
    assert list(reports_awaiting_signature(leader)) == [report]
    assert list(reports_awaiting_signature(world.users["admin"])) == [report]
    for other in ("editor", "neighbour", "foreign", "coordinator", "viewer"):
        assert not reports_awaiting_signature(world.users[other]).exists(), other

    mark = _last()
    with run(execute=True):
        report_submit(actor=leader, unit=world.commune, period=PERIOD)
    assert _who(mark) == RECEIVERS  # not the other province's coordinator (dn.dieuphoi)
    assert not reports_awaiting_signature(leader).exists()

    mark = _last()
    with run(execute=True):
        report_return(actor=coordinator, report=report, reason="Thiếu số liệu phát thanh tháng 3.")
    assert _who(mark) == UNIT_PEOPLE
    returned = Notification.objects.get(pk__gt=mark, user=editor)
    assert "Thiếu số liệu phát thanh tháng 3." in returned.body
    assert returned.url == f"/reports/{world.commune.code}/{PERIOD}/"

    mark = _last()
    with run(execute=True):
        report_request_signature(actor=editor, unit=world.commune, period=PERIOD)
        report_request_signature(actor=editor, unit=world.commune, period=PERIOD)  # already waiting: nothing new
    assert _who(mark) == {"xa1.lanhdao"} and Notification.objects.filter(pk__gt=mark).count() == 1
    with run(execute=True):
        report_submit(actor=leader, unit=world.commune, period=PERIOD)
    mark = _last()
    with run(execute=True):
        report_accept(actor=coordinator, report=report)
    assert _who(mark) == UNIT_PEOPLE

    per_user = Counter(Notification.objects.values_list("user__username", flat=True))
    assert per_user == {
        "xa1.lanhdao": 4,  # two requests to sign, returned, accepted
        "xa1.nhaplieu": 2,  # returned, accepted
        "snv.dieuphoi": 2,  # sent twice
        "snv.lanhdao": 2,
    }


def test_a_user_of_another_province_can_neither_ask_nor_hear(world, django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    with pytest.raises(PermissionDenied):
        report_request_signature(actor=world.users["foreign_editor"], unit=world.commune, period=PERIOD)
    with django_capture_on_commit_callbacks(execute=True):
        report_request_signature(actor=world.users["foreign_editor"], unit=world.foreign_commune, period=PERIOD)
        report_submit(actor=world.users["admin"], unit=world.foreign_commune, period=PERIOD)
    got = set(Notification.objects.values_list("user__username", flat=True))
    # The foreign commune has no leader account; its report goes to Đà Nẵng's Sở Nội vụ only.
    assert got == {"dn.dieuphoi"}


def test_delivery_choices_are_honoured_and_the_digest_goes_once(world, django_capture_on_commit_callbacks):
    editor, leader, coordinator = world.users["editor"], world.users["leader"], world.users["coordinator"]
    set_delivery(actor=leader, delivery="app")
    set_delivery(actor=editor, delivery="digest")
    Notification.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report_request_signature(actor=editor, unit=world.commune, period=PERIOD)
        report_submit(actor=leader, unit=world.commune, period=PERIOD)
        report_return(actor=coordinator, report=Report.objects.get(unit=world.commune, period=PERIOD), reason="Sửa lại")
    mailed = Counter(address for m in mail.outbox for address in m.to)
    assert leader.email not in mailed  # in the app only
    assert editor.email not in mailed  # waits for the digest
    assert mailed[coordinator.email] == 1  # the default: a copy at once
    assert Notification.objects.filter(user=leader).count() == 2  # in-app all the same
    mail.outbox.clear()
    run = send_digests()
    assert (run.users, run.notices) == (1, 1)
    (digest,) = mail.outbox
    assert digest.to == [editor.email] and "bị trả lại" in digest.body
    assert send_digests().notices == 0  # each notice goes out once
    # Notices kept in the app before the user chose the digest are not mailed as a backlog.
    set_delivery(actor=leader, delivery="digest")
    assert send_digests().notices == 0 and Notification.objects.filter(user=leader, emailed=False).count() == 2


def test_settings_page_saves_the_users_own_choice(world):
    client = Client()
    client.force_login(world.users["viewer"])
    page = client.get("/notifications/settings/").content.decode()
    assert "một e-mail tổng hợp mỗi ngày" in page
    assert client.post("/notifications/settings/", {"delivery": "digest"}).status_code == 302
    assert world.users["viewer"].notify_preference.delivery == "digest"
    response = client.post("/notifications/settings/", {"delivery": "pigeon"}, follow=True)
    assert "không hợp lệ" in response.content.decode()
    assert world.users["viewer"].notify_preference.delivery == "digest"


def test_request_signature_button_and_awaiting_note(world):
    client = Client()
    client.force_login(world.users["editor"])
    url = f"/reports/{world.commune.code}/{PERIOD}/"
    assert 'data-testid="request-signature"' in client.get(url).content.decode()
    page = client.post(url + "request-signature/", follow=True).content.decode()
    assert "Đã trình lãnh đạo ký" in page and 'data-testid="awaiting-signature"' in page
    assert 'data-testid="request-signature"' not in page
    leader = Client()
    leader.force_login(world.users["leader"])
    assert 'data-testid="request-signature"' not in leader.get(url).content.decode()  # a leader just signs


def test_remind_says_who_was_reached_and_which_units_nobody_hears(world, django_capture_on_commit_callbacks):
    silent = (
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", users__isnull=True, valid_to__isnull=True)
        .order_by("code")
        .first()
    )
    assert silent is not None
    Notification.objects.all().delete()
    client = Client()
    client.force_login(world.users["coordinator"])
    body = {"recipient": world.snv.code, "period": "2026Q2", "units": [world.commune.code, silent.code]}
    page = client.post("/reports/board/remind/", body, follow=True).content.decode()
    assert Notification.objects.count() == 2
    assert "Đã gửi thông báo nhắc đến 2 người của 1 đơn vị: " + world.commune.name in page
    assert "Không nhắc được 1 đơn vị" in page and silent.name in page
    board = client.get(f"/reports/board/?recipient={world.snv.code}&period=2026Q2").content.decode()
    assert 'data-select-all="units"' in board and "select-all.js" in board


def test_nothing_reached_says_so(world):
    silent = list(
        OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", users__isnull=True, valid_to__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)[:3]
    )
    Notification.objects.all().delete()
    client = Client()
    client.force_login(world.users["coordinator"])
    body = {"recipient": world.snv.code, "period": "2026Q2", "units": silent}
    page = client.post("/reports/board/remind/", body, follow=True).content.decode()
    assert "Không nhắc được 3 đơn vị" in page and "Đã gửi thông báo nhắc" not in page
    assert not Notification.objects.exists()


def test_opening_a_notice_marks_it_read_and_leads_to_its_page(world, client):
    from loa.notify.models import Notification

    editor = world.users["editor"]
    notice = Notification.objects.create(user=editor, key="t:open", title="Báo cáo bị trả lại", url="/reports/")
    outside = Notification.objects.create(user=editor, key="t:out", title="Lạ", url="https://example.com/x")
    client.force_login(world.users["leader"])
    assert client.get(f"/notifications/{notice.pk}/open/").status_code == 404  # someone else's notice
    client.force_login(editor)
    response = client.get(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/reports/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert client.get(f"/notifications/{outside.pk}/open/")["Location"] == "/notifications/"
