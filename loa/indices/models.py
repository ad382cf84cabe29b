"""Published index values (domain.md §4.2): one value per index, unit, assessed year and as-of date (the 766
index is published continuously, so a year may hold several dated snapshots), with the rank and the source."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.catalogs import Index
from loa.core.labels import register_catalog
from loa.org.models import OrgUnit


class OwnMeasure(models.TextChoices):
    """Measures a unit takes itself, recorded beside the published indices and never mixed with them: its own
    satisfaction surveys are not the SIPAS the Bộ Nội vụ publishes (issue 20)."""

    SURVEY = "own_survey", _("Chỉ số hài lòng theo khảo sát do đơn vị tự tổ chức")


register_catalog("own_measure", OwnMeasure)

# Every code a value may carry, published indices first.
RECORDED = [*Index.choices, *OwnMeasure.choices]


def recorded_label(code: str) -> str:
    return str(dict(RECORDED).get(code, code))


class IndexValue(models.Model):
    index = models.CharField(_("chỉ số"), max_length=20, choices=RECORDED)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    value = models.DecimalField(_("giá trị"), max_digits=9, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)
    as_of = models.DateField(_("ngày công bố"))
    source = models.CharField(_("văn bản nguồn"), max_length=255, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị chỉ số")
        verbose_name_plural = _("giá trị chỉ số")
        ordering = ["index", "unit", "-year", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["index", "unit", "year", "as_of"], name="index_value_key"),
            models.CheckConstraint(
                condition=models.Q(rank__isnull=True)
                | models.Q(rank_of__isnull=True)
                | models.Q(rank__lte=models.F("rank_of")),
                name="index_value_rank_within",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.unit_id} {self.year}: {self.value}"
