"""Report states, period kinds and deadline rules (domain.md §5 and §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loa.core.labels import register_catalog


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại")


# States in which the figures are frozen and the activities they count are locked.
FROZEN = frozenset({ReportStatus.SUBMITTED, ReportStatus.ACCEPTED})
# States in which the unit may edit and (re)submit.
EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


class PeriodKind(models.TextChoices):
    """The part of a period ID after the year ("" is the whole year)."""

    Q1 = "Q1", _("Quý I")
    Q2 = "Q2", _("Quý II")
    H1 = "H1", _("6 tháng đầu năm")
    Q3 = "Q3", _("Quý III")
    M9 = "M9", _("9 tháng")
    Q4 = "Q4", _("Quý IV")
    H2 = "H2", _("6 tháng cuối năm")
    YEAR = "Y", _("Năm")


DEFAULT_KINDS = ["Q1", "Q2", "H1", "Q3", "M9", "Q4", "Y"]


def kind_of(period_id: str) -> str:
    return period_id[4:] or "Y"


def period_id(year: int, kind: str) -> str:
    return str(year) if kind == "Y" else f"{year}{kind}"


class DeadlineRule(models.TextChoices):
    DAY_OF_MONTH = "day", _("Ngày cố định của tháng cuối kỳ")
    WORKING_DAYS = "workdays", _("Số ngày làm việc sau ngày chốt số liệu")


# Narrative sections of a report, in the order of the seed report's outline (domain.md §3).
SECTION_KEYS = ["direction", "channels", "advantages", "difficulties", "next_tasks", "proposals"]


register_catalog("report_status", ReportStatus)
register_catalog("period_kind", PeriodKind)
register_catalog("deadline_rule", DeadlineRule)
