"""Periodic reports: regimes (who reports what to whom, when), a unit's report for a period, and its
immutable submitted versions.

A report row exists once a unit saves or submits; until then its page shows a draft computed live
from the activity log. Each submission freezes figures and text into a `ReportVersion` that is never
updated or deleted, so what the recipient accepted can always be shown again.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from loa.core.labels import register_catalog, report_title
from loa.org.models import OrgUnit

from .catalog import DEFAULT_KINDS, DeadlineRule, ReportStatus


def default_kinds() -> list[str]:
    return list(DEFAULT_KINDS)


class Regime(models.Model):
    """A reporting regime (chế độ báo cáo, Nghị định 09/2019): periods, deadline, reporters, recipient.

    Reporters are the units listed in `reporter_codes`, plus the current units of `reporter_types`
    under `reporter_parent`. Units no configured regime covers fall to the built-in default (see
    `regimes.py`).
    """

    name = models.CharField(gettext_lazy("tên chế độ báo cáo"), max_length=255)
    recipient = models.ForeignKey(
        OrgUnit,
        verbose_name=gettext_lazy("cơ quan nhận báo cáo"),
        on_delete=models.PROTECT,
        related_name="received_regimes",
    )
    kinds = models.JSONField(gettext_lazy("các kỳ báo cáo"), default=default_kinds)
    deadline_rule = models.CharField(
        gettext_lazy("cách tính hạn gửi"),
        max_length=10,
        choices=DeadlineRule.choices,
        default=DeadlineRule.DAY_OF_MONTH,
    )
    deadline_day = models.PositiveSmallIntegerField(gettext_lazy("ngày hạn gửi trong tháng"), default=20)
    working_days = models.PositiveSmallIntegerField(gettext_lazy("số ngày làm việc sau ngày chốt"), default=2)
    weekend_to_next_workday = models.BooleanField(
        gettext_lazy("hạn rơi vào ngày nghỉ thì lùi sang ngày làm việc"), default=False
    )
    grace_days = models.PositiveSmallIntegerField(gettext_lazy("số ngày gia hạn vẫn tính đúng hạn"), default=0)
    reporter_codes = models.JSONField(gettext_lazy("đơn vị báo cáo (theo danh sách mã)"), default=list, blank=True)
    reporter_parent = models.ForeignKey(
        OrgUnit,
        verbose_name=gettext_lazy("đơn vị báo cáo: thuộc đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporter_types = models.JSONField(gettext_lazy("đơn vị báo cáo: các loại đơn vị"), default=list, blank=True)
    active = models.BooleanField(gettext_lazy("đang áp dụng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("chế độ báo cáo")
        verbose_name_plural = gettext_lazy("chế độ báo cáo")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_day__gte=1) & Q(deadline_day__lte=31), name="regime_deadline_day_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Holiday(models.Model):
    """A public holiday (Tết, 30/4, 2/9…) skipped when deadlines count working days."""

    day = models.DateField(gettext_lazy("ngày"), unique=True)
    name = models.CharField(gettext_lazy("tên ngày nghỉ"), max_length=120)

    history = HistoricalRecords()

    class Meta:
        verbose_name = gettext_lazy("ngày nghỉ lễ")
        verbose_name_plural = gettext_lazy("ngày nghỉ lễ")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class Report(models.Model):
    """A unit's report for one period: the draft's edited text, its state and its timestamps."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=gettext_lazy("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(gettext_lazy("kỳ báo cáo"), max_length=8)
    year = models.PositiveSmallIntegerField(gettext_lazy("năm"))
    regime = models.ForeignKey(Regime, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    recipient = models.ForeignKey(
        OrgUnit,
        verbose_name=gettext_lazy("nơi nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window_start = models.DateField(gettext_lazy("số liệu từ ngày"))
    window_end = models.DateField(gettext_lazy("số liệu đến ngày"))
    deadline = models.DateField(gettext_lazy("hạn gửi"))
    status = models.CharField(
        gettext_lazy("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    sections = models.JSONField(gettext_lazy("nội dung"), default=dict, blank=True)  # only sections the unit edited
    signer_name = models.CharField(gettext_lazy("họ tên người ký"), max_length=120, blank=True)
    number = models.PositiveIntegerField(gettext_lazy("số văn bản"), null=True, blank=True)
    issued_on = models.DateField(gettext_lazy("ngày ký"), null=True, blank=True)
    # Subtrees whose activities reach this report through their own reports (frozen at submission).
    excluded_paths = models.JSONField(default=list, blank=True, editable=False)
    revision = models.PositiveIntegerField(default=0, editable=False)  # bumped by every save: conflict check
    version = models.PositiveSmallIntegerField(gettext_lazy("lần gửi"), default=0)
    first_submitted_at = models.DateTimeField(gettext_lazy("gửi lần đầu"), null=True, blank=True)
    submitted_at = models.DateTimeField(gettext_lazy("gửi lúc"), null=True, blank=True)
    late = models.BooleanField(gettext_lazy("gửi muộn"), default=False)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(gettext_lazy("lý do trả lại"), blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # "Trình lãnh đạo ký": an editor asked the unit's leader to sign and send. It waits while this is
    # later than the last submission (a returned report asked again waits again).
    signature_requested_at = models.DateTimeField(gettext_lazy("trình ký lúc"), null=True, blank=True)
    signature_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("người trình ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = gettext_lazy("báo cáo")
        verbose_name_plural = gettext_lazy("báo cáo")
        ordering = ["-year", "period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="report_unit_period_unique"),
            models.CheckConstraint(condition=Q(window_end__gte=models.F("window_start")), name="report_window"),
        ]
        indexes = [
            models.Index(fields=["recipient", "period", "status"], name="report_recipient_period"),
            models.Index(fields=["period", "status"], name="report_period_status"),
        ]

    def __str__(self) -> str:
        return report_title(self.period, self.unit.name)


class ReportVersion(models.Model):
    """One submission, frozen: figures, text and metadata exactly as sent. Never updated or deleted."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(gettext_lazy("lần gửi"))
    snapshot = models.JSONField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    late = models.BooleanField(default=False)

    class Meta:
        verbose_name = gettext_lazy("phiên bản báo cáo")
        verbose_name_plural = gettext_lazy("phiên bản báo cáo")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")]

    def __str__(self) -> str:
        return _("Lần gửi %(n)s") % {"n": self.number}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("a submitted report version is immutable")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("a submitted report version is immutable")


class ExportJob(models.Model):
    """A batch export of a period's reports as one ZIP, built by a background task with progress."""

    class State(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Đang chờ")
        RUNNING = "running", gettext_lazy("Đang xuất")
        DONE = "done", gettext_lazy("Hoàn tất")
        FAILED = "failed", gettext_lazy("Lỗi")

    recipient = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    fmt = models.CharField(max_length=5, default="docx")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period} {self.recipient_id} {self.state}"


register_catalog("export_state", ExportJob.State)
