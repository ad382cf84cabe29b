"""Communication activities: every product a unit makes (news item, broadcast, conference, pano…).

Built for national roll-ups from the start: the owning unit's materialised path is copied onto each
row (`unit_path`, indexed), so a subtree is one prefix match; reform areas and indices are bit masks,
so "activities of area X" is an integer test that SQLite and PostgreSQL index and aggregate alike.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.core.catalogs import Audience, Channel, Index, ReformArea
from loa.core.labels import register_catalog
from loa.org.models import OrgUnit
from loa.plans.models import PlanTask


def to_bits(codes: list[str], catalog: type[models.TextChoices]) -> int:
    """Catalog codes as a bit mask in catalog order (ReformArea: chi_dao = 1, the_che = 2, …)."""
    if not codes:
        return 0
    values = list(catalog.values)
    return sum(1 << values.index(code) for code in set(codes))


def from_bits(bits: int, catalog: type[models.TextChoices]) -> list[str]:
    return [code for i, code in enumerate(catalog.values) if bits & (1 << i)]


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    CONFIRMED = "confirmed", _("Đã xác nhận")


register_catalog("activity_status", ActivityStatus)


class Activity(models.Model):
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="activities")
    unit_path = models.CharField(max_length=700, editable=False)
    date = models.DateField(_("ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices)
    online = models.BooleanField(_("trực tuyến"), default=False)
    area_bits = models.PositiveSmallIntegerField(_("lĩnh vực CCHC"), default=0)
    index_bits = models.PositiveSmallIntegerField(_("chỉ số"), default=0)
    title = models.CharField(_("tiêu đề"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    quantity = models.DecimalField(_("số lượng"), max_digits=12, decimal_places=2, default=1)
    measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    audience = models.CharField(_("đối tượng"), max_length=20, choices=Audience.choices, blank=True)
    reached = models.PositiveIntegerField(_("số người được tiếp cận"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("số người tham dự"), null=True, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    cost = models.PositiveBigIntegerField(_("kinh phí (đồng)"), null=True, blank=True)
    # The unit's channel from the registry the activity went out on (its portal, its Zalo OA), when named.
    outlet = models.ForeignKey(
        "channels.UnitChannel",
        verbose_name=_("kênh đã dùng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.CONFIRMED
    )
    tasks = models.ManyToManyField(PlanTask, verbose_name=_("nhiệm vụ"), blank=True, related_name="activities")
    search_text = models.TextField(editable=False, default="")
    # Counts the saves: an edit sent with an older revision was made on a copy someone else changed since.
    revision = models.PositiveIntegerField(default=1, editable=False)
    # The id the officer's device gave the activity when it was recorded offline: a sync sent again finds it.
    device_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"], m2m_fields=[tasks])

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="activity_quantity_not_negative"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")), name="activity_date_range"
            ),
        ]
        indexes = [
            models.Index(fields=["unit_path"], name="activity_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["unit", "date"], name="activity_unit_date"),
            models.Index(fields=["channel", "date"], name="activity_channel_date"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reform_areas(self) -> list[str]:
        return from_bits(self.area_bits, ReformArea)

    @property
    def indices(self) -> list[str]:
        return from_bits(self.index_bits, Index)


class ActivityImport(models.Model):
    """One XLSX file imported into a unit, recognised by its content hash when it is sent again (the same file
    imported twice would otherwise double every activity). Who imported it and when is what the check-only pass
    tells the next person who tries."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"))
    imported = models.PositiveIntegerField(_("số hoạt động đã nhập"))
    skipped = models.PositiveIntegerField(_("số dòng trùng đã bỏ qua"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lần nhập tệp hoạt động")
        verbose_name_plural = _("lần nhập tệp hoạt động")
        ordering = ["-imported_at", "-pk"]
        indexes = [models.Index(fields=["unit", "sha256"], name="activity_import_unit_hash")]

    def __str__(self) -> str:
        return f"{self.name or self.sha256[:12]} ({self.imported})"


class ClosedWindow(models.Model):
    """Days of a unit's activities that a sent report counted, closed to edits (domain.md §5).

    A fact activity owns and the report services write (activity sits below reports): sending a report for
    `period` closes `start`..`end` for the unit and the units below it, except the subtrees in `excluded_paths`
    (lower units that report for themselves); a return reopens it. One row per unit and period, as reports are;
    the report's own history records who sent and returned it.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16)
    start = models.DateField()
    end = models.DateField()
    excluded_paths = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="closed_window_unit_period"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="closed_window_days"),
        ]
        indexes = [models.Index(fields=["start", "end"], name="closed_window_start_end")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period}"


class EvidenceKind(models.TextChoices):
    """File types accepted as evidence, recognised by their content (never by the name sent)."""

    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpg", "JPEG"
    GIF = "gif", "GIF"
    WEBP = "webp", "WebP"
    DOCX = "docx", "Word (DOCX)"
    XLSX = "xlsx", "Excel (XLSX)"
    PPTX = "pptx", "PowerPoint (PPTX)"


register_catalog("evidence_kind", EvidenceKind)


def evidence_path(instance: "Evidence", filename: str) -> str:
    """Stored name chosen by Loa, never by the uploader: evidence/2026/03/<random>.pdf."""
    import uuid

    from django.utils import timezone

    now = timezone.localdate()
    return f"evidence/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{instance.kind}"


class Evidence(models.Model):
    """A file proving an activity happened (scan of the minutes, photo of the pano, the news page)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    name = models.CharField(_("tên tệp"), max_length=255)  # as the uploader named it, cleaned, for display
    kind = models.CharField(_("loại tệp"), max_length=5, choices=EvidenceKind.choices)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    device_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)  # given by an offline device
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.name


class RollupSums(models.Model):
    """The totals every summary table holds (confirmed activities only)."""

    activities = models.IntegerField(default=0)
    quantity = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    reached = models.BigIntegerField(default=0)
    participants = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class ActivityRollup(RollupSums):
    """Subtree totals of confirmed activities, kept current in the same transaction as every write.

    One row per (node, month, channel, online, area mask, type of the unit that did the work) holds the
    totals of the node's whole subtree, so a province's year is a few hundred rows of one node and a
    national roll-up reads the provinces' rows: thousands of rows, never the millions of activities.
    `parent` is the node's parent, copied so that "the children of X" (drill-down, rankings) is one index
    scan. Maintained by `activity.rollup`; `loa rollup check|rebuild` compares it with the activities or recomputes it.
    """

    node = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(OrgUnit, null=True, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()  # yyyymm: 202603
    channel = models.CharField(max_length=20)
    online = models.BooleanField()
    area_bits = models.PositiveSmallIntegerField()
    unit_type = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["node", "month", "channel", "online", "area_bits", "unit_type"], name="activity_rollup_key"
            ),
        ]
        indexes = [models.Index(fields=["parent", "month"], name="activity_rollup_parent_month")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.month} {self.channel}: {self.activities}"


class NodeMonthRollup(RollupSums):
    """`ActivityRollup` without the breakdowns: per node, month and online flag. What a dashboard without area,
    channel or unit-type narrowing reads for its trend and its drill-down (a province: a few hundred rows)."""

    node = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(OrgUnit, null=True, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveIntegerField()
    online = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "month", "online"], name="node_month_rollup_key")]
        indexes = [models.Index(fields=["parent", "month"], name="node_month_rollup_parent")]

    def __str__(self) -> str:
        return f"{self.node_id} {self.month}: {self.activities}"


class CountryRollup(RollupSums):
    """The whole country's totals with every breakdown (no node): the national dashboard's channels and areas
    read a year of these (tens of thousands of rows at most) instead of every province's rows."""

    month = models.PositiveIntegerField()
    channel = models.CharField(max_length=20)
    online = models.BooleanField()
    area_bits = models.PositiveSmallIntegerField()
    unit_type = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "channel", "online", "area_bits", "unit_type"], name="country_rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.channel}: {self.activities}"
