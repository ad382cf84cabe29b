"""Writes of oversight: an oversight body records a recommendation to a unit of its area; the unit (its own people,
or the Sở Nội vụ that coordinates it) answers it. Oversight accounts write nothing else anywhere: their role holds
only VIEW and OVERSEE in the scoping layer."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.notify.recipients import officers
from loa.notify.services import notify_on_commit
from loa.org.catalog import PUBLIC_BODIES, Role
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, account_of, can, keeps

from .models import Recommendation, RecommendationStatus

MAX_TEXT = 5000
DEFAULT_DAYS = 30  # the deadline offered when a recommendation is written


def may_recommend(actor: Actor, unit: OrgUnit) -> bool:
    return getattr(actor, "role", None) == Role.OVERSIGHT and can(actor, Perm.OVERSEE, unit)


def may_answer(actor: Actor, unit: OrgUnit) -> bool:
    """The addressed unit's own people and the Sở Nội vụ that coordinates it."""
    return keeps(actor, unit)


@dataclass
class RecommendationInput:
    to_unit: OrgUnit | None
    subject: str
    text: str
    due_on: date | None
    reference: str = ""


def problems(data: RecommendationInput, today: date) -> list[str]:
    found = []
    if data.to_unit is None or not data.to_unit.is_current(today) or data.to_unit.unit_type not in PUBLIC_BODIES:
        found.append(_("Chọn đơn vị được kiến nghị (cơ quan hành chính trong địa bàn giám sát)."))
    if not data.subject.strip() or len(data.subject) > 255:
        found.append(_("Nội dung giám sát phải có và không quá 255 ký tự."))
    if len(data.text.strip()) < 10 or len(data.text) > MAX_TEXT:
        found.append(_("Kiến nghị phải từ 10 đến 5.000 ký tự."))
    if len(data.reference) > 100:
        found.append(_("Số, ký hiệu văn bản quá dài."))
    if data.due_on is None or not today <= data.due_on <= today + timedelta(days=366):
        found.append(_("Hạn trả lời phải từ hôm nay đến một năm sau."))
    return found


@transaction.atomic
def recommend(*, actor: Actor, data: RecommendationInput) -> Recommendation:
    today = timezone.localdate()
    unit = data.to_unit
    if unit is not None and not may_recommend(actor, unit):
        raise PermissionDenied(
            _("Chỉ Ủy ban MTTQ, tổ chức chính trị - xã hội giám sát địa bàn của %(unit)s mới kiến nghị được.")
            % {"unit": unit.name}
        )
    found = problems(data, today)
    if found:
        raise DomainError(" ".join(found))
    assert unit is not None and data.due_on is not None
    by_unit = getattr(actor, "unit", None)
    assert by_unit is not None  # an oversight account belongs to its organisation
    item = Recommendation(
        by_unit=by_unit,
        to_unit=unit,
        subject=" ".join(data.subject.split()),
        text=data.text.strip(),
        reference=" ".join(data.reference.split()),
        issued_on=today,
        due_on=data.due_on,
        created_by=account_of(actor),
    )
    stamp(item, actor=actor, reason="oversight.recommended")
    item.save()
    url = reverse("oversight:detail", args=[item.pk])
    title = _("Kiến nghị giám sát của %(by)s: %(subject)s") % {"by": by_unit.name, "subject": item.subject}
    notify_on_commit(lambda: officers(unit), key=f"oversight:{item.pk}:new", title=title, url=url)
    return item


@transaction.atomic
def respond(*, actor: Actor, item: Recommendation, text: str, revision: int) -> Recommendation:
    if not may_answer(actor, item.to_unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s và Sở Nội vụ điều phối mới trả lời được kiến nghị này.")
            % {"unit": item.to_unit.name}
        )
    current = Recommendation.objects.select_for_update().select_related("by_unit", "to_unit").get(pk=item.pk)
    if current.revision != revision:
        raise Conflict(_("Kiến nghị này vừa được người khác trả lời hoặc sửa. Tải lại trang để xem."))
    if current.status == RecommendationStatus.ANSWERED:
        raise DomainError(_("Kiến nghị này đã được trả lời."))
    text = text.strip()
    if len(text) < 10 or len(text) > MAX_TEXT:
        raise DomainError(_("Nội dung trả lời phải từ 10 đến 5.000 ký tự."))
    current.status, current.answer = RecommendationStatus.ANSWERED, text
    current.answered_on, current.answered_by = timezone.localdate(), account_of(actor)
    current.revision += 1
    stamp(current, actor=actor, reason="oversight.answered")
    current.save()
    overseers = current.by_unit
    url = reverse("oversight:detail", args=[current.pk])
    title = _("%(unit)s đã trả lời kiến nghị giám sát: %(subject)s") % {
        "unit": current.to_unit.name,
        "subject": current.subject,
    }
    notify_on_commit(
        lambda: list(User.objects.filter(unit=overseers, role=Role.OVERSIGHT, is_active=True)),
        key=f"oversight:{current.pk}:answered",
        title=title,
        url=url,
    )
    return current
