"""Communication plans (kế hoạch tuyên truyền CCHC), their task appendix, issued versions and the
issuers' document registers.

The narrative parts of a plan (legal bases, purposes, contents, forms, objectives, responsibilities,
recipients) are lists of small records kept as JSON on the plan: they are always read and written
with the plan, copied whole by the cascade, and audited with the plan's history row. Tasks are rows
of their own because activities and reports point at them.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.catalogs import Audience, Channel, ReformArea
from loa.core.text import fold
from loa.org.models import OrgUnit

from .catalog import Frequency, LeadGroup, PlanStatus, SignMode


def plan_search_text(plan: "Plan") -> str:
    """Reference ("Kế hoạch số 18/KH-UBND" or "Dự thảo kế hoạch"), title and issuer, folded.
    Works on migration-time models too (no properties used)."""
    if plan.number is not None:
        reference = f"Kế hoạch số {plan.number} {plan.number:02d}/{plan.symbol}"
    else:
        reference = f"Dự thảo kế hoạch {plan.symbol}"
    return fold(" ".join(filter(None, [reference, plan.title, plan.issuer.name if plan.issuer_id else ""])))


class Plan(models.Model):
    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("Kế hoạch mà kế hoạch này triển khai thực hiện."),
    )
    year = models.PositiveSmallIntegerField(_("năm thực hiện"))
    doc_type = models.CharField(_("loại văn bản"), max_length=10, default="KH")
    symbol = models.CharField(_("ký hiệu"), max_length=40, help_text=_("Ví dụ: KH-UBND, KH-SNV."))
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=120)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    status = models.CharField(_("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=0)
    # Optimistic check: every write to the plan or its appendix adds one, and an editor that started from
    # another revision gets a conflict instead of overwriting (reports do the same).
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)
    amending = models.BooleanField(_("đang điều chỉnh"), default=False)

    opening = models.TextField(_("lời mở đầu"), blank=True)
    closing = models.TextField(_("lời kết"), blank=True)
    bases = models.JSONField(_("căn cứ"), default=list, blank=True)
    purposes = models.JSONField(_("mục đích"), default=list, blank=True)
    requirements = models.JSONField(_("yêu cầu"), default=list, blank=True)
    audiences = models.JSONField(_("đối tượng"), default=list, blank=True)
    contents = models.JSONField(_("nội dung"), default=list, blank=True)
    forms = models.JSONField(_("hình thức"), default=list, blank=True)
    objectives = models.JSONField(_("chỉ tiêu"), default=list, blank=True)
    responsibilities = models.JSONField(_("tổ chức thực hiện"), default=list, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)

    sign_on_behalf = models.CharField(
        _("ký thay mặt (TM.)"), max_length=120, blank=True, help_text=_("Ví dụ: ỦY BAN NHÂN DÂN.")
    )
    sign_mode = models.CharField(_("hình thức ký"), max_length=5, choices=SignMode.choices, blank=True)
    sign_for_title = models.CharField(
        _("chức danh người đứng đầu"), max_length=120, blank=True, help_text=_("Ví dụ: CHỦ TỊCH, GIÁM ĐỐC.")
    )
    signer_title = models.CharField(_("chức danh người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Title, number and issuer folded (no diacritics, lower case) for search; set on every save.
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "issuer__path", "-issued_on", "-pk"]
        # Numbers are unique per issuer and *calendar year of issue* (a 2026 plan may be issued in
        # December 2025): RegisterEntry enforces that, not the plan.
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PlanStatus.DRAFT) | (Q(number__isnull=False) & Q(issued_on__isnull=False)),
                name="plan_issued_has_number_and_date",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="plan_year_range"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="plan_year_status")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = plan_search_text(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def number_symbol(self) -> str:
        """`18/KH-UBND` (numbers < 10 zero-padded, Nghị định 30), or `…/KH-UBND` for a draft."""
        if self.number is None:
            return f"…/{self.symbol}"
        return f"{self.number:02d}/{self.symbol}"

    @property
    def reference(self) -> str:
        if self.number is not None:
            return gettext("Kế hoạch số %(n)s") % {"n": self.number_symbol}
        return gettext("Dự thảo kế hoạch %(y)s") % {"y": self.year}

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT or (self.status == PlanStatus.ISSUED and self.amending)


class PlanTask(models.Model):
    """One row of the task appendix (phụ lục nhiệm vụ)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.TextField(_("nhiệm vụ"))
    reform_area = models.CharField(_("lĩnh vực CCHC"), max_length=20, choices=ReformArea.choices, blank=True)
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices, blank=True)
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices, blank=True)
    # A task may use several channels and speak to several audiences ("Tuyên truyền trên báo chí và Cổng thông tin
    # điện tử tỉnh"): the first stays in `channel`/`audience` (activities take it as their default), the others here.
    extra_channels = models.JSONField(_("hình thức khác"), default=list, blank=True)
    extra_audiences = models.JSONField(_("đối tượng khác"), default=list, blank=True)
    lead_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_group = models.CharField(_("nhóm chủ trì"), max_length=20, choices=LeadGroup.choices, blank=True)
    # Further lead units by code ("Sở Nội vụ; Sở Văn hóa, Thể thao và Du lịch"), after `lead_unit` or the group.
    co_leads = models.JSONField(_("đồng chủ trì"), default=list, blank=True)
    coordinating = models.JSONField(_("cơ quan phối hợp"), default=list, blank=True)  # unit codes
    coordinating_note = models.CharField(_("phối hợp (ghi chú)"), max_length=255, blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    frequency = models.CharField(_("tần suất"), max_length=10, choices=Frequency.choices, default=Frequency.ONCE)
    product = models.CharField(_("sản phẩm"), max_length=255, blank=True)
    quantity = models.DecimalField(_("chỉ tiêu số lượng"), max_digits=10, decimal_places=2, null=True, blank=True)
    measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    source_task = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ gốc ở kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)  # one more on every change of this row

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(lead_unit__isnull=False) | ~Q(lead_group=""), name="plan_task_has_lead"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def channels(self) -> list[str]:
        return [c for c in [self.channel, *self.extra_channels] if c]

    @property
    def audiences(self) -> list[str]:
        return [a for a in [self.audience, *self.extra_audiences] if a]


class PlanVersion(models.Model):
    """The issued text of a plan, frozen: version 1 is the first issue, later ones are amendments."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    symbol = models.CharField(max_length=40)
    issued_on = models.DateField()
    snapshot = models.JSONField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "version"]
        constraints = [models.UniqueConstraint(fields=["plan", "version"], name="plan_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.version}"


class RegisterEntry(models.Model):
    """A number taken in an issuer's yearly register of outgoing documents (sổ đăng ký văn bản đi).

    Entries are never deleted or renumbered, so a number once taken is never given again.
    """

    issuer = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="register_entries")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    symbol = models.CharField(max_length=40)
    issued_on = models.DateField()
    title = models.CharField(max_length=500)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="register_entries")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số văn bản đã cấp")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["issuer", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], name="register_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.symbol} ({self.year})"
