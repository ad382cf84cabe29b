"""Notices about reports: asked to sign, sent, returned (with its reason), accepted.

The services call these inside their transaction; the notices go out after it commits. Recipients
come from `loa.notify.recipients` (through the scoping layer): the unit's leaders for a signature,
the recipient's coordinators and leaders for a report sent, the unit's editors and leaders after review.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from loa.core.periods import require_period
from loa.notify.recipients import leaders, officers, receivers
from loa.notify.services import notify_on_commit

from .models import Report


def _url(report: Report) -> str:
    return reverse("reports:detail", args=[report.unit.code, report.period])


def _label(report: Report) -> str:
    return require_period(report.period).label


def signature_requested(report: Report, by: str) -> None:
    unit = report.unit
    assert report.signature_requested_at is not None
    with translation.override("vi"):
        title = _("Trình ký báo cáo %(period)s của %(unit)s") % {"period": _label(report), "unit": unit.name}
        body = _("%(who)s đề nghị lãnh đạo ký và gửi báo cáo %(period)s.") % {"who": by, "period": _label(report)}
    notify_on_commit(
        lambda: leaders(unit),
        key=f"report:{report.pk}:sign:{report.signature_requested_at.timestamp():.0f}",
        title=title,
        body=body,
        url=_url(report),
    )


def submitted(report: Report) -> None:
    recipient = report.recipient
    if recipient is None:  # sent outside Loa: nobody here receives it
        return
    with translation.override("vi"):
        title = _("%(unit)s đã gửi báo cáo %(period)s") % {"unit": report.unit.name, "period": _label(report)}
        body = (
            _("Báo cáo lần %(n)s, gửi muộn (hạn %(deadline)s). Hãy xem và tiếp nhận hoặc trả lại.")
            if report.late
            else _("Báo cáo lần %(n)s (hạn %(deadline)s). Hãy xem và tiếp nhận hoặc trả lại.")
        ) % {"n": report.version, "deadline": report.deadline.strftime("%d/%m/%Y")}
    notify_on_commit(
        lambda: receivers(recipient),
        key=f"report:{report.pk}:sent:v{report.version}",
        title=title,
        body=body,
        url=_url(report),
    )


def returned(report: Report) -> None:
    unit = report.unit
    with translation.override("vi"):
        title = _("Báo cáo %(period)s bị trả lại") % {"period": _label(report)}
        body = _("%(recipient)s trả lại báo cáo của %(unit)s, lý do: %(reason)s. Hãy sửa và gửi lại.") % {
            "recipient": report.recipient.name if report.recipient else "",
            "unit": unit.name,
            "reason": report.return_reason,
        }
    notify_on_commit(
        lambda: officers(unit),
        key=f"report:{report.pk}:returned:v{report.version}:{report.revision}",
        title=title,
        body=body,
        url=_url(report),
    )


def accepted(report: Report) -> None:
    unit = report.unit
    with translation.override("vi"):
        title = _("Báo cáo %(period)s đã được tiếp nhận") % {"period": _label(report)}
        body = _("%(recipient)s đã tiếp nhận báo cáo lần %(n)s của %(unit)s.") % {
            "recipient": report.recipient.name if report.recipient else "",
            "n": report.version,
            "unit": unit.name,
        }
    notify_on_commit(
        lambda: officers(unit),
        key=f"report:{report.pk}:accepted:v{report.version}",
        title=title,
        body=body,
        url=_url(report),
    )
