"""Scoring rules as data (domain.md §7): a rule set per (issuer, year, unit type) holds a criteria tree
(field → criterion → sub-criterion), each node with a maximum and a rule; an assessment holds, per unit and
year, the computed points with their evidence, the unit's self-assessment and the appraiser's score."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.channels.catalog import ChannelKind
from loa.core.labels import register_catalog
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit


class RuleType(models.TextChoices):
    GROUP = "group", _("Tổng điểm các tiêu chí con")
    PLAN_RATIO = "plan_ratio", _("Tỷ lệ hoàn thành kế hoạch, có ngưỡng")
    CHANNEL_MIX = "channel_mix", _("Điểm theo nhóm hình thức, cần minh chứng")
    PLAN_ISSUED = "plan_issued", _("Ban hành kế hoạch tuyên truyền của năm")
    YES_NO = "yes_no", _("Có/không (tự chấm, thẩm định)")
    MANUAL = "manual", _("Chấm tay")


register_catalog("rule_type", RuleType)


class RuleSet(models.Model):
    """A criteria table as issued by a body for a year and a kind of unit (e.g. Sở Nội vụ Đồng Nai, 2026, UBND xã)."""

    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("cơ quan ban hành"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    unit_type = models.CharField(_("loại đơn vị được chấm"), max_length=20, choices=UnitType.choices)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=255)
    basis = models.CharField(_("văn bản ban hành"), max_length=255, blank=True)
    xhh_share = models.DecimalField(_("điểm điều tra xã hội học"), max_digits=6, decimal_places=2, default=0)
    active = models.BooleanField(_("đang áp dụng"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ tiêu chí chấm điểm")
        verbose_name_plural = _("bộ tiêu chí chấm điểm")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "unit_type"], name="scoring_ruleset_key"),
            models.UniqueConstraint(
                fields=["year", "unit_type"], condition=Q(issuer__isnull=True), name="scoring_ruleset_default_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Criterion(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("mã"), max_length=20)  # "4", "4.1"
    title = models.CharField(_("nội dung"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    rule = models.CharField(_("cách tính"), max_length=20, choices=RuleType.choices, default=RuleType.MANUAL)
    # plan_ratio: {"full_at": "1", "zero_below": "0.9"}; channel_mix: {"groups": [{"label": …, "online": true,
    # "points": "0.5"}, …]}, a group may name a registry kind instead ({"label": …, "registry": "web_portal",
    # "points": "0.5"}: earned when the unit's channel of that kind carries CCHC content). Decimals as strings so
    # that 0.9 stays 0.9.
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    evidence_required = models.BooleanField(_("cần tài liệu kiểm chứng"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["rule_set", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "code"], name="scoring_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def clean(self) -> None:
        """Parameters the engine can use, checked when an administrator saves them (a bad one would break every
        score sheet of the table)."""
        problems = _param_problems(self.rule, self.params or {})
        if problems:
            raise ValidationError({"params": problems})


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _param_problems(rule: str, params: dict[str, Any]) -> list[str]:
    if rule == RuleType.PLAN_RATIO:
        rates = {
            name: _decimal(params.get(name, default)) for name, default in (("full_at", "1"), ("zero_below", "0.9"))
        }
        wrong = [name for name, rate in rates.items() if rate is None or not 0 <= rate <= 1]
        if wrong:
            return [gettext("%(n)s phải là tỷ lệ từ 0 đến 1 (ví dụ 0.9).") % {"n": name} for name in wrong]
        full_at, zero_below = rates["full_at"], rates["zero_below"]
        if full_at is not None and zero_below is not None and zero_below > full_at:
            return [gettext("zero_below không được lớn hơn full_at.")]
    if rule == RuleType.CHANNEL_MIX and "groups" in params:
        groups = params["groups"]
        if not isinstance(groups, list) or not all(_valid_group(g) for g in groups):
            return [
                gettext(
                    'groups phải là danh sách {"label": …, "online": true/false, "points": "0.5"} hoặc '
                    '{"label": …, "registry": "web_portal", "points": "0.5"}.'
                )
            ]
    return []


def _valid_group(group: Any) -> bool:
    points = _decimal(group.get("points")) if isinstance(group, dict) else None
    if points is None or points < 0:
        return False
    return isinstance(group.get("online"), bool) or group.get("registry") in ChannelKind.values


class Assessment(models.Model):
    """One unit's score for one year under one rule set; items hold the per-criterion values."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="assessments")
    year = models.PositiveSmallIntegerField(_("năm"))
    # {criterion code: {"self": "0.5", "self_note": "…", "appraised": "0.5", "comment": "…"}}
    entries = models.JSONField(default=dict, blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    appraised_at = models.DateTimeField(null=True, blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả chấm điểm")
        verbose_name_plural = _("kết quả chấm điểm")
        constraints = [models.UniqueConstraint(fields=["unit", "rule_set"], name="scoring_assessment_key")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"


class CommendationKind(models.TextChoices):
    COMMEND = "commend", _("Biểu dương")
    CRITICISE = "criticise", _("Phê bình, nhắc nhở")


register_catalog("commendation_kind", CommendationKind)


class Commendation(models.Model):
    """A unit or a person proposed for commendation (biểu dương điển hình) or criticism, with the evidence:
    activities from the log, and the reason in the proposer's words."""

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại đề xuất"), max_length=10, choices=CommendationKind.choices)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("cá nhân (họ tên, chức vụ)"), max_length=200, blank=True)
    reason = models.TextField(_("thành tích hoặc hạn chế"))
    activities = models.ManyToManyField(
        "activity.Activity", verbose_name=_("hoạt động làm minh chứng"), blank=True, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposer_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("đơn vị đề xuất"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[activities])

    class Meta:
        verbose_name = _("đề xuất biểu dương, phê bình")
        verbose_name_plural = _("đề xuất biểu dương, phê bình")
        ordering = ["-year", "kind", "unit__path", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person or self.unit}"
