"""Certificates the system trusts as roots when it verifies signed PDFs (configured by the system administrator)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class TrustedRoot(models.Model):
    """A root certificate: a signature whose certificate chains to one of these is "trusted" (for Vietnam, the root
    certification authority of the Government Cipher Committee's public-service signatures and those of the licensed
    public CAs)."""

    name = models.CharField(_("tên"), max_length=200)
    der = models.BinaryField()  # the certificate as DER
    sha256 = models.CharField(max_length=64, unique=True)  # of the DER
    subject = models.CharField(_("chủ thể"), max_length=500)
    not_after = models.DateTimeField(_("hết hạn"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["der"])

    class Meta:
        verbose_name = _("chứng thư gốc tin cậy")
        verbose_name_plural = _("chứng thư gốc tin cậy")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
