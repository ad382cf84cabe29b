"""Citizens' feedback on administrative procedures and CCHC (issue 20 item 5): the item with its tracking code,
deadlines and answer, the history of what was done with it, and each province's rules (deadlines, retention)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.org.models import OrgUnit

from .catalog import EventKind, FeedbackKind, FeedbackStatus


class FeedbackRules(models.Model):
    """A province's rules for feedback; a province without a row uses the defaults of `rules.DEFAULTS`."""

    province = models.OneToOneField(
        OrgUnit, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="+"
    )
    forward_days = models.PositiveSmallIntegerField(_("số ngày làm việc để chuyển đơn vị có thẩm quyền"), default=5)
    answer_days = models.PositiveSmallIntegerField(_("số ngày làm việc để trả lời"), default=15)
    remind_days = models.PositiveSmallIntegerField(_("nhắc trước hạn (ngày làm việc)"), default=3)
    retention_days = models.PositiveIntegerField(_("số ngày lưu thông tin liên hệ sau khi trả lời"), default=365)
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định xử lý phản ánh, kiến nghị")
        verbose_name_plural = _("quy định xử lý phản ánh, kiến nghị")

    def __str__(self) -> str:
        return str(self.province_id)


class Feedback(models.Model):
    # What the citizen keeps to follow the answer: "PA" + year + "-" + six characters read off a screen.
    code = models.CharField(_("mã tra cứu"), max_length=20, unique=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT, related_name="+")
    addressed_to = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị người dân gửi đến"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=FeedbackKind.choices, default=FeedbackKind.ISSUE)
    subject = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    procedure = models.CharField(_("thủ tục hành chính liên quan"), max_length=255, blank=True)
    # Contact details: seen only by those who handle the item, erased after the province's retention period.
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    contact_erased_on = models.DateField(_("ngày xóa thông tin liên hệ"), null=True, blank=True)
    consent_publish = models.BooleanField(_("đồng ý công khai nội dung và câu trả lời"), default=False)
    status = models.CharField(
        _("tình trạng"), max_length=14, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    received_on = models.DateField(_("ngày tiếp nhận"))
    arrived_on = models.DateField(_("ngày đến đơn vị xử lý"))
    forward_by = models.DateField(_("hạn chuyển nếu không thuộc thẩm quyền"))
    answer_by = models.DateField(_("hạn trả lời"))
    forwarded_late = models.BooleanField(_("chuyển đơn vị có thẩm quyền quá hạn"), default=False)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    published = models.BooleanField(_("công khai câu trả lời"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(max_length=64, blank=True)  # keyed hash of the sender's network address (limits)
    revision = models.PositiveIntegerField(_("lần sửa"), default=0)

    # Contact details stay out of the history: erased from the item, they must not live on in the audit trail.
    history = HistoricalRecords(excluded_fields=["name", "phone", "email"])

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "answer_by"], name="feedback_unit_status_due"),
            models.Index(fields=["status", "answer_by"], name="feedback_status_due"),
            models.Index(fields=["address", "received_at"], name="feedback_address_time"),
        ]

    def __str__(self) -> str:
        return self.code


class FeedbackEvent(models.Model):
    """One step of an item's handling, in order: what the tracking page and the handlers' timeline show."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("bước"), max_length=14, choices=EventKind.choices)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("chuyển đến"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bước xử lý phản ánh, kiến nghị")
        verbose_name_plural = _("bước xử lý phản ánh, kiến nghị")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind}"
