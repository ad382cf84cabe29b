"""In-app notifications (one row per user and key), their e-mail copies, and each user's delivery choice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.labels import register_catalog


class Delivery(models.TextChoices):
    APP = "app", _("Chỉ trong ứng dụng")
    EMAIL = "email", _("Trong ứng dụng và gửi e-mail ngay")
    DIGEST = "digest", _("Trong ứng dụng và một e-mail tổng hợp mỗi ngày")


register_catalog("delivery", Delivery)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # What the notice is about, so a daily job never says the same thing twice ("task:12:unit:7:due").
    key = models.CharField(max_length=120)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # True once the notice went out by e-mail, alone or in a daily digest (the digest sends the rest).
    emailed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """How a user wants notices: a missing row means the default (LOA_NOTIFY_DEFAULT_DELIVERY)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference", primary_key=True
    )
    delivery = models.CharField(_("cách nhận thông báo"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.delivery}"
