"""Citizens' feedback end to end (issue 20 item 5): the public form to the unit, forwarded, answered within its
deadline; another overdue on the handler's to-do; both followed with the tracking code; limits, privacy, rules."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.core.workdays import add_working_days
from loa.feedback import selectors, services
from loa.feedback.catalog import EventKind, FeedbackStatus
from loa.feedback.models import Feedback
from loa.feedback.reminders import send_feedback_reminders
from loa.notify.models import Notification
from loa.org.models import OrgUnit
from loa.web.todo import todo_for

FORM = {
    "kind": "fb_issue",
    "subject": "Chậm trả kết quả chứng thực",
    "content": "Tôi nộp hồ sơ chứng thực ngày thứ Hai, đến nay chưa nhận được kết quả.",
    "name": "Nguyễn Thị Dân",
    "phone": "0912 345 678",
    "email": "dan@example.vn",
    "consent": "on",
}


def send(client: Client, unit: Any, **extra: str) -> Any:
    return client.post(
        reverse("feedback_public:form"),
        {**FORM, "unit": unit.code, **extra},
        REMOTE_ADDR=extra.pop("ip", "203.0.113.9") if "ip" in extra else "203.0.113.9",
    )


def test_an_item_goes_from_the_form_to_the_unit_is_forwarded_and_answered_in_time(
    world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send(client, world.commune)
    assert sent.status_code == 302
    item = Feedback.objects.get()
    assert sent["Location"] == f"{reverse('feedback_public:track')}?ma={item.code}&moi=1"
    assert item.unit == world.commune and item.status == FeedbackStatus.RECEIVED
    today = timezone.localdate()
    assert item.answer_by == add_working_days(today, 15) and item.forward_by == add_working_days(today, 5)
    # The commune's handlers hear of it; a neighbour's do not.
    assert Notification.objects.filter(user=world.users["editor"], key=f"feedback:{item.pk}:received").exists()
    assert not Notification.objects.filter(user=world.users["neighbour"]).exists()
    # Not the commune's business: passed to the Sở Nội vụ, whose deadlines start again.
    with pytest.raises(PermissionDenied):
        services.forward(actor=world.users["neighbour"], item=item, to_unit=world.snv, note="x", revision=0)
    with pytest.raises(DomainError, match="lý do"):
        services.forward(actor=world.users["editor"], item=item, to_unit=world.snv, note="", revision=0)
    with pytest.raises(DomainError, match="trong tỉnh"):
        services.forward(
            actor=world.users["editor"], item=item, to_unit=world.foreign_commune, note="Không thuộc", revision=0
        )
    item = services.forward(
        actor=world.users["editor"], item=item, to_unit=world.snv, note="Thuộc thẩm quyền của Sở", revision=0
    )
    assert item.unit == world.snv and item.status == FeedbackStatus.RECEIVED and item.addressed_to == world.commune
    with pytest.raises(Conflict):
        services.accept(actor=world.users["coordinator"], item=item, revision=0)
    with pytest.raises(PermissionDenied):
        services.accept(actor=world.users["editor"], item=item, revision=item.revision)  # no longer the commune's
    item = services.accept(actor=world.users["coordinator"], item=item, revision=item.revision)
    item = services.answer(
        actor=world.users["coordinator"],
        item=item,
        text="Sở đã chỉ đạo trả kết quả trong ngày.",
        publish=True,
        revision=item.revision,
    )
    assert item.status == FeedbackStatus.ANSWERED and item.answered_on == today and item.published
    kinds = [e.kind for e in selectors.events(item, handler=True)]
    assert kinds == [EventKind.RECEIVED, EventKind.FORWARDED, EventKind.ACCEPTED, EventKind.ANSWERED]
    # The citizen follows it: the unit now handling it, each public step, the answer; no internal detail.
    page = Client().get(reverse("feedback_public:track"), {"ma": item.code.lower()})
    body = page.content.decode()
    assert page.status_code == 200 and world.snv.name in body and "Sở đã chỉ đạo" in body
    assert "Thuộc thẩm quyền của Sở" not in body and "0912" not in body and FORM["name"] not in body
    assert "Sở đã chỉ đạo" in Client().get(reverse("feedback_public:published")).content.decode()
    stats = selectors.stats(actor=world.users["coordinator"], unit=world.province, today=today)
    assert (stats.received, stats.answered, stats.on_time, stats.overdue) == (1, 1, 1, 0)


def test_an_overdue_item_is_on_the_handlers_to_do_and_reminded_once(world, client):
    send(client, world.commune)
    item = Feedback.objects.get()
    later = item.answer_by + timedelta(days=1)
    assert not any(s.key == "feedback" for s in todo_for(world.users["editor"], today=timezone.localdate()).sections)
    with time_machine.travel(later, tick=False):
        sections = {s.key: s for s in todo_for(world.users["editor"], today=later).sections}
        assert [i.tone for i in sections["feedback"].items] == ["danger"] and item.code in sections["feedback"].items[
            0
        ].text
        coordination = {s.key: s for s in todo_for(world.users["coordinator"], today=later).sections}
        assert item.code in coordination["feedback_overdue"].items[0].text
        assert "feedback" not in {s.key for s in todo_for(world.users["neighbour"], today=later).sections}
        first = send_feedback_reminders(today=later)
        again = send_feedback_reminders(today=later)
        assert (first.overdue, again.overdue) == (1, 0)
        stats = selectors.stats(actor=world.users["coordinator"], unit=world.province, today=later)
        assert (stats.received, stats.overdue, stats.open) == (1, 1, 0)
        listed = selectors.feedback_list(actor=world.users["editor"], unit=world.commune, overdue=True, today=later)
        assert [i.code for i in listed] == [item.code]
        page = Client().get(reverse("feedback_public:track"), {"ma": item.code})
        assert page.status_code == 200 and "Chờ xử lý" in page.content.decode()


def test_a_late_answer_counts_as_late(world, client):
    send(client, world.commune)
    item = Feedback.objects.get()
    with time_machine.travel(item.answer_by + timedelta(days=3), tick=False):
        item = services.accept(actor=world.users["editor"], item=item, revision=0)
        services.answer(
            actor=world.users["editor"],
            item=item,
            text="Đã giải quyết xong hồ sơ.",
            publish=False,
            revision=item.revision,
        )
        stats = selectors.stats(actor=world.users["editor"], unit=world.commune, today=timezone.localdate())
    assert (stats.answered, stats.on_time, stats.late) == (1, 0, 1)


def test_publishing_needs_the_citizens_consent(world, client):
    send(client, world.commune, consent="")
    item = Feedback.objects.get()
    assert not item.consent_publish
    with pytest.raises(DomainError, match="không đồng ý công khai"):
        services.answer(
            actor=world.users["editor"], item=item, text="Trả lời riêng cho người gửi.", publish=True, revision=0
        )
    services.answer(
        actor=world.users["editor"], item=item, text="Trả lời riêng cho người gửi.", publish=False, revision=0
    )
    assert "Trả lời riêng" not in Client().get(reverse("feedback_public:published")).content.decode()
    assert "Trả lời riêng" in Client().get(reverse("feedback_public:track"), {"ma": item.code}).content.decode()


def test_contact_details_are_for_handlers_only_and_erased_after_retention(world, client):
    send(client, world.commune)
    item = Feedback.objects.get()
    for persona, sees in (("editor", True), ("coordinator", True), ("above", False), ("viewer", False)):
        c = Client()
        c.force_login(world.users[persona])
        body = c.get(reverse("feedback:detail", args=[item.pk])).content.decode()
        assert ("0912345678" in body) is sees, persona  # stored as digits
    services.rules_save(
        actor=world.users["coordinator"],
        province=world.province,
        values={"forward_days": 3, "answer_days": 10, "remind_days": 2, "retention_days": 30},
        revision=0,
    )
    item = services.answer(
        actor=world.users["editor"], item=item, text="Đã trả lời qua điện thoại.", publish=False, revision=0
    )
    answered = item.answered_on
    assert answered is not None
    assert services.erase_expired_contacts(today=answered + timedelta(days=29)) == 0
    assert services.erase_expired_contacts(today=answered + timedelta(days=30)) == 1
    item.refresh_from_db()
    assert (item.name, item.phone, item.email) == ("", "", "") and item.contact_erased_on is not None
    assert item.history.first().history_change_reason == "feedback.contact_erased"


def test_province_rules_set_the_deadlines(world, client):
    with pytest.raises(PermissionDenied):
        services.rules_save(actor=world.users["editor"], province=world.province, values={}, revision=0)
    with pytest.raises(DomainError, match="từ 1 đến 90"):
        services.rules_save(
            actor=world.users["coordinator"],
            province=world.province,
            values={"forward_days": 3, "answer_days": 200, "remind_days": 2, "retention_days": 30},
            revision=0,
        )
    services.rules_save(
        actor=world.users["coordinator"],
        province=world.province,
        values={"forward_days": 2, "answer_days": 7, "remind_days": 1, "retention_days": 60},
        revision=0,
    )
    send(client, world.commune)
    item = Feedback.objects.get()
    today = timezone.localdate()
    assert (item.forward_by, item.answer_by) == (add_working_days(today, 2), add_working_days(today, 7))


def test_public_bad_input_is_400_and_writes_nothing(world, client):
    url = reverse("feedback_public:form")
    for values in (
        {**FORM, "unit": "khong-co"},
        {**FORM, "unit": world.commune.code, "content": "ngắn"},
        {**FORM, "unit": world.commune.code, "subject": ""},
        {**FORM, "unit": world.commune.code, "phone": "abc"},
        {**FORM, "unit": world.commune.code, "email": "không phải thư"},
        {**FORM, "unit": world.commune.code, "kind": "complaint"},
    ):
        answer = client.post(url, values)
        assert answer.status_code == 400, values
        assert "feedback-error" in answer.content.decode()
    assert not Feedback.objects.exists()
    assert client.get(url).status_code == 200
    assert client.get(url, {"tinh": world.province.code}).status_code == 200
    assert client.get(reverse("feedback_public:track"), {"ma": "PA26-KHONGCO"}).status_code == 404
    assert client.get(reverse("feedback_public:published"), {"trang": "x²"}).status_code == 200


@override_settings(LOA_FEEDBACK_ADDRESS_PER_HOUR=2, LOA_FEEDBACK_LOOKUPS_PER_HOUR=3)
def test_limits_per_address_and_the_honeypot(world, django_capture_on_commit_callbacks):
    cache.clear()
    assert [send(Client(), world.commune).status_code for _ in range(2)] == [302, 302]
    refused = send(Client(), world.commune)
    assert refused.status_code == 429 and Feedback.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        trap = send(Client(), world.commune, ip="198.51.100.4", website="http://spam")
    assert trap.status_code == 302
    screened = Feedback.objects.get(status=FeedbackStatus.SCREENED)
    assert not Notification.objects.filter(key__startswith=f"feedback:{screened.pk}:").exists()
    # A screened item cannot be followed (the robot learns nothing), but a handler may take it on.
    assert Client().get(reverse("feedback_public:track"), {"ma": screened.code}).status_code == 404
    services.accept(actor=world.users["editor"], item=screened, revision=0)
    lookups = Client()
    track = reverse("feedback_public:track")
    codes = [lookups.get(track, {"ma": "PA26-AAAAAA"}, REMOTE_ADDR="192.0.2.77").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def test_the_dashboard_and_the_statistics_page_show_the_same_figures(world, client):
    """One truth per figure: the dashboard's citizens' voice card and the feedback statistics page."""
    import re

    send(client, world.commune)
    send(client, world.commune, ip="198.51.100.20")
    item = Feedback.objects.order_by("pk").first()
    assert item is not None
    services.answer(actor=world.users["editor"], item=item, text="Đơn vị đã khắc phục ngay.", publish=False, revision=0)
    reader = Client()
    reader.force_login(world.users["coordinator"])
    year = timezone.localdate().year
    pages = [
        reader.get(reverse("dashboards:index"), {"unit": world.province.code, "year": year}).content.decode(),
        reader.get(reverse("feedback:stats"), {"unit": world.province.code, "year": year}).content.decode(),
    ]
    figures = [dict(re.findall(r'data-stat="(\w+)">(\d+)<', page)) for page in pages]
    assert figures[0] == figures[1] and figures[0]["received"] == "2" and figures[0]["answered"] == "1"


def test_overdue_is_one_rule_in_sql_and_in_hand(world, client):
    """The list's annotation (SQL) and the API's and command's predicate agree on every item, in every state."""
    for n in range(4):
        send(client, world.commune, ip=f"198.51.100.{40 + n}")
    items = list(Feedback.objects.order_by("pk"))
    services.accept(actor=world.users["editor"], item=items[1], revision=0)
    services.answer(actor=world.users["editor"], item=items[2], text="Đã trả lời phản ánh.", publish=False, revision=0)
    for day in (timezone.localdate(), items[0].answer_by + timedelta(days=1)):
        listed = selectors.feedback_list(actor=world.users["editor"], unit=world.commune, today=day)
        marks = {i.pk: i.overdue for i in listed}  # type: ignore[attr-defined]
        assert marks == {i.pk: selectors.is_overdue(i, day) for i in listed}
    assert sum(marks.values()) == 3  # open (received, taken on, untouched) past the deadline; not the answered one


def test_the_report_says_what_became_of_the_feedback():
    from loa.reports.narrative import feedback_line

    base = {"received": 12, "answered": 9, "on_time": 8, "late": 1, "overdue": 2, "open": 1, "forwarded_late": 0}
    assert feedback_line(base) == (
        "Tiếp nhận 12 phản ánh, kiến nghị của người dân, tổ chức về thủ tục hành chính, cải cách hành chính; "
        "đã trả lời 9 (8 đúng hạn, 1 quá hạn); 2 phản ánh, kiến nghị quá hạn chưa được trả lời."
    )
    assert feedback_line({**base, "on_time": 9, "late": 0, "overdue": 0}).endswith("đã trả lời 9 (đều đúng hạn).")
    assert feedback_line({**base, "on_time": 0, "late": 9, "overdue": 0}).endswith("đã trả lời 9 (đều quá hạn).")
    assert feedback_line({**base, "answered": 0, "on_time": 0, "late": 0, "overdue": 0}).endswith(
        "cải cách hành chính."
    )
    assert feedback_line({**base, "received": 0}) == ""


def test_contacts_never_reach_the_history_and_late_forwarding_is_kept(world, client):
    send(client, world.commune, phone="0912.345.678")
    item = Feedback.objects.get()
    assert item.phone == "0912345678"
    assert not hasattr(item.history.model, "phone")  # the audit trail holds no contact details
    with time_machine.travel(item.forward_by + timedelta(days=1), tick=False):
        item = services.forward(
            actor=world.users["editor"], item=item, to_unit=world.snv, note="Không thuộc thẩm quyền", revision=0
        )
        stats = selectors.stats(actor=world.users["coordinator"], unit=world.province, today=timezone.localdate())
    assert item.forwarded_late and stats.forwarded_late == 1
    with pytest.raises(DomainError, match="cơ quan, đơn vị khác"):  # a commune's section is no handler
        section = OrgUnit.objects.filter(parent=world.commune).first()
        services.forward(
            actor=world.users["coordinator"], item=item, to_unit=section, note="Chuyển", revision=item.revision
        )


def test_a_screened_sender_sees_what_any_sender_sees(world):
    answer = send(Client(), world.commune, website="http://spam")
    page = Client().get(answer["Location"])
    assert page.status_code == 200 and "feedback-sent" in page.content.decode()
    assert "track-result" not in page.content.decode()


def test_long_contact_values_are_refused_not_a_database_error(world, client):
    for extra in ({"phone": "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6"}, {"email": "a" * 250 + "@example.vn"}):
        assert send(client, world.commune, **extra).status_code == 400
    assert not Feedback.objects.exists()
