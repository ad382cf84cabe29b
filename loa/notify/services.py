"""Sending notices: an in-app row per user (once per key), and an e-mail as each user chose.

Delivery (notify.models.Delivery): APP keeps the notice in the app only; EMAIL sends a copy at once;
DIGEST leaves it for the daily digest (`send_digests`, run by the daily job), one e-mail per user
listing every notice not yet e-mailed. Users without an address get the in-app notice only.
Services of other apps call `notify_on_commit` so that nobody hears about a change that was rolled back.
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import DomainError, NotFound
from loa.core.validation import full_clean_or_raise
from loa.org.models import User

from .models import Delivery, Notification, Preference
from .selectors import delivery_for

log = logging.getLogger(__name__)

# Set by `without_email()`: notices are still recorded in the app, but no e-mail goes out now.
_no_email: ContextVar[bool] = ContextVar("loa_notify_no_email", default=False)


@contextmanager
def without_email() -> Iterator[None]:
    """Record notices in the app only while inside (the demo builds a year of history: no mail storm)."""
    token = _no_email.set(True)
    try:
        yield
    finally:
        _no_email.reset(token)


def notify(users: Iterable[User], *, key: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each user once per key; returns the notices actually created (repeats are skipped)."""
    created: list[Notification] = []
    for user in {u.pk: u for u in users}.values():
        if not user.is_active or Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                notice = Notification.objects.create(user=user, key=key, title=title[:300], body=body, url=url)
        except IntegrityError:  # another worker created it in between
            continue
        created.append(notice)
        if user.email and not _no_email.get() and delivery_for(user) == Delivery.EMAIL:
            _email(notice, user)
    return created


def notify_on_commit(
    recipients: Callable[[], Iterable[User]], *, key: str, title: str, body: str = "", url: str = ""
) -> None:
    """Notify once the surrounding transaction commits (now, outside one); recipients are chosen then."""

    def send() -> None:
        try:
            with translation.override("vi"):
                notify(recipients(), key=key, title=title, body=body, url=url)
        except Exception:  # a notice must never undo or break the change it reports
            log.exception("notice %s failed", key)

    transaction.on_commit(send)


def _link(url: str) -> str:
    return f"{settings.LOA_SITE_URL.rstrip('/')}{url}" if url else ""


def _email(notice: Notification, user: User) -> None:
    try:
        send_mail(
            subject=f"[Loa] {notice.title}",
            message="\n\n".join(filter(None, [notice.body, _link(notice.url)])),
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError:  # the in-app notice stands; the mail server may be down for a while
        log.warning("notice e-mail to %s failed", user.email, exc_info=True)
        return
    Notification.objects.filter(pk=notice.pk).update(emailed=True)


@dataclass
class DigestRun:
    users: int = 0
    notices: int = 0


@transaction.atomic
def _claim(user: User, *, since: Any) -> list[Notification]:
    """Take the user's notices not yet e-mailed for this digest, marking them e-mailed *before* sending: a second
    run at the same time (a retry of a run thought dead, another worker) finds them taken, waits for the lock
    (PostgreSQL's row locks; SQLite's immediate write transaction) and sends nothing twice. A worker killed
    between this and the send loses that one digest (the notices stay in the app), never sends it twice."""
    pending = Notification.objects.select_for_update().filter(user=user, emailed=False, created_at__gte=since)
    notices = list(pending.order_by("created_at", "pk"))
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed=True)
    return notices


def send_digests() -> DigestRun:
    """One e-mail per digest user listing their notices not yet e-mailed (since they chose the digest);
    each notice goes out once."""
    run = DigestRun()
    # Since the user chose the digest: switching to it must not mail a backlog of old in-app notices.
    chosen = dict(Preference.objects.filter(delivery=Delivery.DIGEST).values_list("user_id", "updated_at"))
    users = User.objects.filter(pk__in=list(chosen), is_active=True).exclude(email="").order_by("pk")
    with translation.override("vi"):
        for user in users:
            notices = _claim(user, since=chosen[user.pk])
            if not notices:
                continue
            lines = [
                f"- {timezone.localtime(n.created_at):%H:%M %d/%m/%Y} {n.title}\n  {_link(n.url)}".rstrip()
                for n in notices
            ]
            try:
                send_mail(
                    subject="[Loa] " + _("Tổng hợp %(n)s thông báo") % {"n": len(notices)},
                    message="\n".join(lines) + "\n\n" + _link("/notifications/"),
                    from_email=None,
                    recipient_list=[user.email],
                )
            except OSError:
                log.warning("digest e-mail to %s failed", user.email, exc_info=True)
                # Give them back to the next digest.
                Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed=False)
                continue
            run.users += 1
            run.notices += len(notices)
    return run


@transaction.atomic
def set_delivery(*, actor: User, delivery: str) -> Preference:
    """The signed-in user's own choice; nobody sets it for another person."""
    if delivery not in Delivery.values:
        raise DomainError(_("Cách nhận thông báo không hợp lệ: hãy chọn một trong các cách trong danh sách."))
    pref = Preference.objects.select_for_update().filter(user_id=actor.pk).first() or Preference(user=actor)
    if not pref._state.adding and pref.delivery == delivery:
        return pref  # unchanged: keep when it was chosen (the digest starts from then)
    pref.delivery = delivery
    full_clean_or_raise(pref)
    stamp(pref, actor=actor, reason="notify.preference")
    pref.save()
    return pref


def mark_read(user: User, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all unread ones when `pks` is None); a user touches only their own."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return qs.update(read_at=timezone.now())


def notice_open(*, actor: User, pk: int) -> str:
    """Mark one of the actor's own notices read (it was opened) and return where it leads; anyone else's is
    missing."""
    notice = Notification.objects.filter(user=actor, pk=pk).first()
    if notice is None:
        raise NotFound(_("Không tìm thấy thông báo này."))
    if notice.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    return notice.url
