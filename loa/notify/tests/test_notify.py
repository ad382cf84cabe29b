"""Notices on a small world of their own: once per key, who hears (through the scoping layer), e-mail as each user
chose, the digest, and a user's own list."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from loa.core.errors import DomainError, NotFound
from loa.notify.models import Delivery, Notification, Preference
from loa.notify.recipients import leaders, officers, receivers
from loa.notify.selectors import delivery_for, notifications_for, unread_count
from loa.notify.services import (
    mark_read,
    notice_open,
    notify,
    notify_on_commit,
    send_digests,
    set_delivery,
    without_email,
)
from loa.org.catalog import Role, UnitType
from loa.org.tests.factories import UnitFactory, UserFactory


class Small:
    """A province with its Sở Nội vụ, a commune with one section (no people of its own), and their people."""

    def __init__(self) -> None:
        self.province = UnitFactory(unit_type=UnitType.UBND_TINH)
        self.snv = UnitFactory(code=f"{self.province.code}.SNV", unit_type=UnitType.SO_NOI_VU, parent=self.province)
        self.commune = UnitFactory(unit_type=UnitType.UBND_XA, parent=self.province)
        self.section = UnitFactory(code=f"{self.commune.code}.VP", unit_type=UnitType.PHONG_XA, parent=self.commune)
        self.editor = UserFactory(unit=self.commune, role=Role.EDITOR)
        self.leader = UserFactory(unit=self.commune, role=Role.LEADER)
        self.viewer = UserFactory(unit=self.commune, role=Role.VIEWER)
        self.coordinator = UserFactory(unit=self.snv, role=Role.COORDINATOR)


@pytest.fixture
def small(db: Any) -> Small:
    return Small()


def test_a_notice_reaches_each_user_once_per_key(small: Small) -> None:
    first = notify([small.editor, small.editor, small.leader], key="k:1", title="Nhiệm vụ sắp đến hạn")
    assert {n.user_id for n in first} == {small.editor.pk, small.leader.pk}
    assert notify([small.editor], key="k:1", title="lại") == []  # the same key again: nothing new
    small.leader.is_active = False
    small.leader.save()
    assert notify([small.leader], key="k:2", title="x") == []  # an account that was closed hears nothing
    assert Notification.objects.filter(key__startswith="k:").count() == 2


def test_who_hears_is_asked_of_the_scoping_layer(small: Small) -> None:
    # The section has no people: its commune's editor and leader hear for it; a viewer never does.
    assert {u.pk for u in officers(small.section)} == {small.editor.pk, small.leader.pk}
    assert [u.pk for u in leaders(small.commune)] == [small.leader.pk]
    assert [u.pk for u in receivers(small.snv)] == [small.coordinator.pk]
    # A commune's reports go to its leader's desk; its editor and viewer receive nothing.
    assert [u.pk for u in receivers(small.commune)] == [small.leader.pk]


def test_e_mail_follows_each_users_choice(small: Small, settings: Any) -> None:
    settings.LOA_NOTIFY_DEFAULT_DELIVERY = Delivery.APP
    set_delivery(actor=small.editor, delivery=Delivery.EMAIL)
    mail.outbox.clear()
    notify([small.editor, small.leader], key="k:mail", title="Báo cáo bị trả lại", url="/reports/")
    assert [m.to for m in mail.outbox] == [[small.editor.email]]  # the leader keeps the default: in the app only
    assert mail.outbox[0].subject == "[Loa] Báo cáo bị trả lại" and "/reports/" in mail.outbox[0].body
    assert Notification.objects.get(user=small.editor, key="k:mail").emailed
    with without_email():
        notify([small.editor], key="k:quiet", title="Dữ liệu mẫu")
    assert len(mail.outbox) == 1 and not Notification.objects.get(key="k:quiet").emailed


def test_the_digest_sends_each_notice_once_and_nothing_from_before_it_was_chosen(small: Small) -> None:
    notify([small.editor], key="k:old", title="Trước khi chọn thư tổng hợp")
    Notification.objects.filter(key="k:old").update(created_at=timezone.now() - timedelta(days=2))
    set_delivery(actor=small.editor, delivery=Delivery.DIGEST)
    mail.outbox.clear()
    notify([small.editor], key="k:a", title="Thông báo A")
    notify([small.editor], key="k:b", title="Thông báo B")
    assert mail.outbox == []  # nothing at once
    run = send_digests()
    assert (run.users, run.notices) == (1, 2)
    (digest,) = mail.outbox
    assert "Thông báo A" in digest.body and "Thông báo B" in digest.body and "Trước khi" not in digest.body
    assert send_digests().notices == 0 and len(mail.outbox) == 1  # a second run sends nothing twice


def test_a_digest_the_mail_server_refused_goes_out_with_the_next_one(small: Small, monkeypatch: Any) -> None:
    set_delivery(actor=small.editor, delivery=Delivery.DIGEST)
    notify([small.editor], key="k:later", title="Gửi lại sau")

    def down(**_kwargs: Any) -> None:
        raise OSError("connection refused")

    monkeypatch.setattr("loa.notify.services.send_mail", down)
    assert send_digests().notices == 0
    assert not Notification.objects.get(key="k:later").emailed  # given back
    monkeypatch.undo()
    mail.outbox.clear()
    assert send_digests().notices == 1 and len(mail.outbox) == 1


def test_nobody_hears_of_a_change_that_was_rolled_back(small: Small, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notify_on_commit(lambda: [small.editor], key="k:kept", title="Đã ghi")
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        notify_on_commit(lambda: [small.editor], key="k:undone", title="Không ghi")
        raise RuntimeError("the change failed")
    assert callbacks == []
    assert set(Notification.objects.filter(user=small.editor).values_list("key", flat=True)) == {"k:kept"}


def test_a_user_reads_only_their_own_notices(small: Small) -> None:
    mine = notify([small.editor], key="k:own", title="Của tôi", url="/activities/")[0]
    notify([small.leader], key="k:other", title="Của người khác")
    assert list(notifications_for(small.editor)) == [mine] and unread_count(small.editor) == 1
    with pytest.raises(NotFound):
        notice_open(actor=small.editor, pk=Notification.objects.get(key="k:other").pk)
    assert notice_open(actor=small.editor, pk=mine.pk) == "/activities/" and unread_count(small.editor) == 0
    notify([small.editor], key="k:two", title="Hai")
    notify([small.editor], key="k:three", title="Ba")
    assert mark_read(small.editor) == 2 and unread_count(small.editor) == 0
    assert unread_count(small.leader) == 1  # marking one's own touched nobody else's


def test_a_delivery_choice_is_checked_and_an_unchanged_one_keeps_its_date(small: Small) -> None:
    with pytest.raises(DomainError, match="không hợp lệ"):
        set_delivery(actor=small.editor, delivery="fax")
    first = set_delivery(actor=small.editor, delivery=Delivery.DIGEST)
    again = set_delivery(actor=small.editor, delivery=Delivery.DIGEST)
    assert again.updated_at == first.updated_at and delivery_for(small.editor) == Delivery.DIGEST
    assert Preference.objects.filter(user=small.editor).count() == 1


def test_the_read_button_works_for_a_notice_numbered_past_a_thousand(small: Small) -> None:
    """Ids in forms are written without a thousands separator ("12345", not "12.345" as the Vietnamese format
    writes numbers on the page)."""
    import re

    from django.test import Client

    Notification.objects.create(pk=12345, user=small.editor, key="k:big", title="Số lớn")
    client = Client()
    client.force_login(small.editor)
    page = client.get("/notifications/").content.decode()
    value = re.search(r'name="id" value="([^"]+)"', page)
    assert value is not None and value[1] == "12345"
    client.post("/notifications/read/", {"id": value[1]})
    assert unread_count(small.editor) == 0
