"""Satisfaction surveys (issue 20 items 1–4): questionnaires, surveys run from them, collection points, answers."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.org.models import OrgUnit

from .catalog import ResponseStatus, Source, SurveyStatus


class SurveyTemplate(models.Model):
    """A questionnaire a unit keeps (copied from the built-in one or another template) to run surveys from.
    Each save makes a new version; surveys keep a copy of the version they were started with."""

    owner = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị quản lý"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên mẫu phiếu"), max_length=255)
    definition = models.JSONField(_("nội dung phiếu"))
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    based_on = models.CharField(_("sao chép từ"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mẫu phiếu khảo sát")
        verbose_name_plural = _("mẫu phiếu khảo sát")
        ordering = ["owner", "name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Survey(models.Model):
    """One survey run by a unit: the questionnaire it runs (a frozen copy), its index rule, its dates and target."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+")
    # The public address's part (/khao-sat/<code>/): random, so surveys cannot be listed by guessing numbers.
    code = models.CharField(_("mã đường dẫn"), max_length=16, unique=True)
    title = models.CharField(_("tên cuộc khảo sát"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    status = models.CharField(_("tình trạng"), max_length=14, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("mẫu phiếu"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    template_label = models.CharField(_("mẫu phiếu và phiên bản"), max_length=300)
    definition = models.JSONField(_("nội dung phiếu"))
    rule = models.JSONField(_("cách tính chỉ số"))
    population = models.PositiveIntegerField(_("số lượt giải quyết TTHC dự kiến (N)"), null=True, blank=True)
    margin = models.DecimalField(_("sai số cho phép (e)"), max_digits=4, decimal_places=3, default=Decimal("0.05"))
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc khảo sát")
        verbose_name_plural = _("cuộc khảo sát")
        ordering = ["-year", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="survey_dates_order"),
        ]

    def __str__(self) -> str:
        return self.title


class CollectionPoint(models.Model):
    """Where answers are collected: a counter of the one-stop desk, or a unit as a whole. Its QR poster carries
    /khao-sat/diem/<code>/, which leads to the survey open for its unit, so a printed poster outlives a survey."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("tên điểm khảo sát"), max_length=255)
    code = models.CharField(_("mã đường dẫn"), max_length=16, unique=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("điểm khảo sát")
        verbose_name_plural = _("điểm khảo sát")
        ordering = ["unit", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="collection_point_name")]

    def __str__(self) -> str:
        return self.name


class Response(models.Model):
    """One questionnaire answered. Anonymous: the device and the network address are kept only as keyed hashes,
    to tell repeated and bursty answers apart; they are never shown."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("cuộc khảo sát"), on_delete=models.PROTECT, related_name="responses"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(
        CollectionPoint,
        verbose_name=_("điểm khảo sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("nguồn phiếu"), max_length=10, choices=Source.choices)
    answers = models.JSONField(_("câu trả lời"))  # {item key: 0..5}, 0 = "Không trả lời"
    respondent = models.JSONField(_("thông tin người trả lời"), default=dict)
    answered_on = models.DateField(_("ngày trả lời"))
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device = models.CharField(max_length=64, blank=True)
    address = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.COUNTED
    )
    flags = models.CharField(_("lý do cần xem xét"), max_length=100, blank=True)  # Flag codes, comma-separated
    external_id = models.CharField(_("mã phiếu ngoài thực địa"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["survey", "status", "answered_on"], name="response_survey_status_date"),
            models.Index(fields=["point", "received_at"], name="response_point_time"),
            models.Index(fields=["address", "received_at"], name="response_address_time"),
            models.Index(fields=["survey", "device"], name="response_survey_device"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "external_id"], condition=~models.Q(external_id=""), name="response_external_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.pk}"

    @property
    def flag_codes(self) -> list[str]:
        return [f for f in self.flags.split(",") if f]
