"""Oversight by the Fatherland Front (issue 20 item 6): a recommendation (kiến nghị giám sát) the Ủy ban MTTQ or a
socio-political organisation of a province or commune addresses to a unit of its area, which answers it by a
deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from loa.org.models import OrgUnit


class RecommendationStatus(models.TextChoices):
    OPEN = "rec_open", pgettext_lazy("oversight", "Chờ trả lời")
    ANSWERED = "rec_answered", pgettext_lazy("oversight", "Đã trả lời")


class Recommendation(models.Model):
    by_unit = models.ForeignKey(OrgUnit, verbose_name=_("cơ quan giám sát"), on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị được kiến nghị"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("nội dung giám sát"), max_length=255)
    text = models.TextField(_("kiến nghị"))
    reference = models.CharField(_("số, ký hiệu văn bản"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày kiến nghị"))
    due_on = models.DateField(_("hạn trả lời"))
    status = models.CharField(
        _("tình trạng"), max_length=14, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kiến nghị giám sát")
        verbose_name_plural = _("kiến nghị giám sát")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["to_unit", "status", "due_on"], name="recommendation_unit_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("issued_on")), name="recommendation_due_after"
            )
        ]

    def __str__(self) -> str:
        return self.subject
