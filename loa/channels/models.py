"""The registry of each unit's channels (issue 19 item 3): one row per channel a unit communicates through."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.org.models import OrgUnit

from .catalog import ChannelKind


class UnitChannel(models.Model):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="channels")
    kind = models.CharField(_("loại kênh"), max_length=20, choices=ChannelKind.choices)
    # Names tell apart several channels of one kind (two newspapers); one portal needs none.
    name = models.CharField(_("tên kênh"), max_length=255, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    cchc = models.CharField(_("chuyên mục, nội dung CCHC"), max_length=255, blank=True)
    quantity = models.PositiveIntegerField(_("số lượng"), null=True, blank=True)
    checked_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    # Bumped by every save: an edit made on an older reading is refused rather than written over a newer one.
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kênh thông tin của đơn vị")
        verbose_name_plural = _("kênh thông tin của đơn vị")
        ordering = ["unit", "kind", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "name"], name="unit_channel_key")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind} {self.name}".strip()

    @property
    def carries_cchc(self) -> bool:
        return bool(self.cchc.strip())
