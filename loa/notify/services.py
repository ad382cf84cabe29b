"""Sending notices: an in-app row per user (once per key), and an e-mail when the user has an address."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from loa.org.models import User

from .models import Notification

log = logging.getLogger(__name__)


def notify(users: Iterable[User], *, key: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Notify each user once per key; returns the notices actually created (repeats are skipped)."""
    created: list[Notification] = []
    for user in users:
        if Notification.objects.filter(user=user, key=key).exists():
            continue
        try:
            with transaction.atomic():
                notice = Notification.objects.create(user=user, key=key, title=title[:300], body=body, url=url)
        except IntegrityError:  # another worker created it in between
            continue
        created.append(notice)
        if user.email:
            _email(notice, user)
    return created


def _email(notice: Notification, user: User) -> None:
    link = f"{settings.LOA_SITE_URL.rstrip('/')}{notice.url}" if notice.url else ""
    try:
        send_mail(
            subject=f"[Loa] {notice.title}",
            message="\n\n".join(filter(None, [notice.body, link])),
            from_email=None,
            recipient_list=[user.email],
        )
    except OSError:  # the in-app notice stands; the mail server may be down for a while
        log.warning("reminder e-mail to %s failed", user.email, exc_info=True)
        return
    Notification.objects.filter(pk=notice.pk).update(emailed=True)


def mark_read(user: User, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all unread ones when `pks` is None); a user touches only their own."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return qs.update(read_at=timezone.now())
