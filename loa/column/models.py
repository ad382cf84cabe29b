"""The public CCHC column (issue 21 item 1): news items made from a unit's activities and approved by its leader,
and each unit's column settings (a unit without a row uses the defaults)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.activity.models import Activity, Evidence
from loa.org.models import OrgUnit

from .catalog import NewsStatus


class NewsItem(models.Model):
    """A news item of a unit's public column, made from one of its activities ("Đăng công khai"): the text and the
    photos the unit chose, published only once its leader approved them."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    # The activity the item tells of; it may be deleted later, the published item stays.
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    # Photos among the activity's evidence files (PNG, JPEG, GIF, WebP), shown under the text.
    images = models.ManyToManyField(Evidence, verbose_name=_("ảnh"), blank=True, related_name="+")
    status = models.CharField(_("tình trạng"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    note = models.TextField(_("ý kiến của lãnh đạo"), blank=True)  # why it was returned or withdrawn
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)  # the first publication
    withdrawn_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    # The activity that publishing recorded on the unit's portal channel: recorded once, kept when withdrawn.
    portal_activity = models.ForeignKey(
        Activity,
        verbose_name=_("hoạt động đăng tin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Title, summary and text folded (no diacritics, lower case) for the column's search; set by the services.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"], m2m_fields=[images])

    class Meta:
        verbose_name = _("tin chuyên mục CCHC")
        verbose_name_plural = _("tin chuyên mục CCHC")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity"], condition=Q(activity__isnull=False), name="column_news_one_per_activity"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "published_at"], name="column_news_unit_status"),
        ]

    def __str__(self) -> str:
        return self.title


class ColumnSettings(models.Model):
    """What a unit's public column shows beyond its news; a unit without a row shows the defaults."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="column_settings"
    )
    intro = models.TextField(_("lời giới thiệu"), blank=True)
    show_plans = models.BooleanField(_("công khai kế hoạch đã ban hành"), default=True)
    show_reports = models.BooleanField(_("công khai báo cáo đã gửi"), default=True)
    # Blank: the address of the unit's one-stop desk or portal in the channel registry, when it has one.
    procedures_url = models.URLField(_("đường dẫn danh mục thủ tục hành chính"), max_length=500, blank=True)
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    # Part of the key of the column's cached pages: publishing, withdrawing and saving the settings add one, so
    # every server process stops serving the old pages at once (each reads it with the unit, one query).
    cache_version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["cache_version"])

    class Meta:
        verbose_name = _("cài đặt chuyên mục CCHC")
        verbose_name_plural = _("cài đặt chuyên mục CCHC")

    def __str__(self) -> str:
        return str(self.unit_id)
