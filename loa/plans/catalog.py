"""Choices of the plan domain: lifecycle, task frequency, unit groups a task may be assigned to, signing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loa.core.labels import register_catalog


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class Frequency(models.TextChoices):
    ONCE = "once", _("Một lần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    YEARLY = "yearly", _("Hằng năm")
    ONGOING = "ongoing", _("Thường xuyên")


class LeadGroup(models.TextChoices):
    """A task led by every unit of a kind under the issuer, as plans write "UBND các xã, phường"."""

    ALL_COMMUNES = "all_communes", _("UBND các xã, phường, đặc khu")
    ALL_DEPARTMENTS = "all_departments", _("Các sở, ban, ngành")
    ALL_AGENCIES = "all_agencies", _("Các sở, ban, ngành và UBND các xã, phường, đặc khu")
    ALL_SECTIONS = "all_sections", _("Các phòng, ban, bộ phận trực thuộc")


class SignMode(models.TextChoices):
    """How the signer signs (Nghị định 30, ô 7): for the head, acting, by order, by authorisation."""

    NONE = "", _("Người đứng đầu ký")
    KT = "KT.", _("KT. (cấp phó ký thay người đứng đầu)")
    Q = "Q.", _("Q. (quyền)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")


register_catalog("plan_status", PlanStatus)
register_catalog("frequency", Frequency)
register_catalog("lead_group", LeadGroup)
register_catalog("sign_mode", SignMode)
