"""An imported document: what was read from the file, kept beside the draft made from it.

The file itself is not stored (it may be large and is the sender's copy); its name, size, digest,
text and the extraction are, so the review screen can be reopened and an auditor can see where a
draft plan came from.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.labels import register_catalog
from loa.org.models import OrgUnit


class ImportStatus(models.TextChoices):
    REVIEW = "review", _("Chờ rà soát")
    SAVED = "saved", _("Đã lưu dự thảo")


register_catalog("import_status", ImportStatus)


class DocumentImport(models.Model):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.REVIEW)
    filename = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("định dạng"), max_length=5)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(_("nội dung đọc được"))
    # What the extractor read, never changed; `result` is that reading with the officer's corrections.
    extracted = models.JSONField(_("kết quả trích xuất gốc"), default=dict)
    result = models.JSONField(_("kết quả trích xuất"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["text", "extracted"])

    class Meta:
        verbose_name = _("văn bản nhập")
        verbose_name_plural = _("văn bản nhập")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename
