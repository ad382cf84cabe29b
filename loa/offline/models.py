"""What officers' devices sent while they worked offline (issue 22).

Every distinct version of a record a device sends is kept once (`SyncRecord`, unique by the device's id of the
activity and the digest of what it sent), with the answer it got: sending it again returns that answer and writes
nothing. A version the server could not simply apply (the activity changed on the server since the device took its
copy: a conflict; its days closed by a sent report, or its activity deleted: a review) waits here, with its files
(`SyncFile`), until someone who may edit the unit chooses; nothing a device sent is dropped.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.activity.models import Activity, Evidence, EvidenceKind
from loa.core.labels import register_catalog
from loa.org.models import OrgUnit


class Outcome(models.TextChoices):
    CREATED = "rec_created", _("Đã tạo hoạt động")
    UPDATED = "rec_updated", _("Đã cập nhật hoạt động")
    CONFLICT = "rec_conflict", _("Xung đột với bản trên máy chủ")
    REVIEW = "rec_review", _("Cần xem lại")


class State(models.TextChoices):
    """What became of a conflict or a record needing review."""

    OPEN = "st_open", _("Chờ xử lý")
    KEPT_SERVER = "st_kept_server", _("Đã giữ bản trên máy chủ")
    KEPT_DEVICE = "st_kept_device", _("Đã dùng bản từ thiết bị")
    RECORDED = "st_recorded", _("Đã ghi nhận")
    DISCARDED = "st_discarded", _("Đã bỏ")
    SUPERSEDED = "st_superseded", _("Đã có bản gửi sau thay thế")


register_catalog("sync_outcome", Outcome)
register_catalog("sync_state", State)


class SyncRecord(models.Model):
    device_id = models.UUIDField()
    digest = models.CharField(max_length=64)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("tiêu đề"), max_length=500)
    data = models.JSONField()  # the record as the device sent it (see services.DeviceRecord)
    base_revision = models.PositiveIntegerField(null=True)  # the activity's revision the device edited
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    activity = models.ForeignKey(Activity, null=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.PositiveIntegerField(null=True)  # the activity's revision after this record was applied
    reason = models.TextField(_("lý do"), blank=True)  # why it waits (conflict or review), in Vietnamese
    state = models.CharField(_("xử lý"), max_length=16, choices=State.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = _("bản ghi gửi từ thiết bị")
        verbose_name_plural = _("bản ghi gửi từ thiết bị")
        ordering = ["-received_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["device_id", "digest"], name="sync_record_version")]
        indexes = [
            models.Index(fields=["device_id"], name="sync_record_device"),
            models.Index(fields=["state", "unit"], name="sync_record_open"),
        ]

    def __str__(self) -> str:
        return self.title


def sync_file_path(instance: "SyncFile", filename: str) -> str:
    import uuid

    from django.utils import timezone

    now = timezone.localdate()
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{instance.kind}"


class SyncFile(models.Model):
    """A file of a waiting record. Checked like any evidence when it arrived; becomes the activity's evidence (the
    same stored file) when the record is applied."""

    record = models.ForeignKey(SyncRecord, on_delete=models.CASCADE, related_name="files")
    device_id = models.UUIDField(unique=True)
    file = models.FileField(upload_to=sync_file_path, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=5, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    evidence = models.OneToOneField(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return self.name
