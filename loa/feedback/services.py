"""Writes of citizens' feedback: the public form (no account), and what handlers do with an item: take it on, pass
it to the unit with authority, answer it (published with the citizen's consent, or not), note; the province's rules;
the daily erasure of contact details kept past the retention period.

Handlers of an item are its unit's own people and the Sở Nội vụ that coordinates it (`may_handle`). Every change
is audited (simple-history) and leaves a step in the item's history (`FeedbackEvent`).
"""

import re
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loa.core.audit import stamp
from loa.core.errors import Conflict, DomainError, PermissionDenied, TooMany
from loa.core.keyed import address_key
from loa.core.workdays import add_working_days
from loa.notify.recipients import officers
from loa.notify.services import notify_on_commit
from loa.org.catalog import PUBLIC_BODIES, Role
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, account_of, can, keeps
from loa.org.selectors import current_q
from loa.org.tree import province_of, province_path, subtree_q

from .catalog import OPEN, EventKind, FeedbackKind, FeedbackStatus
from .models import Feedback, FeedbackEvent, FeedbackRules
from .rules import LIMITS, rules_by_province, rules_for

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read off a screen, typed on a phone
MAX_CONTENT = 5000
RULE_LABELS = {
    "forward_days": gettext_lazy("Số ngày làm việc để chuyển đơn vị có thẩm quyền"),
    "answer_days": gettext_lazy("Số ngày làm việc để trả lời"),
    "remind_days": gettext_lazy("Nhắc trước hạn (ngày làm việc)"),
    "retention_days": gettext_lazy("Số ngày lưu thông tin liên hệ sau khi trả lời"),
}
MAX_ANSWER = 10000


def may_handle(actor: Actor, unit: OrgUnit) -> bool:
    """Whether `actor` handles the feedback addressed to `unit`: its own people or its coordinator."""
    return keeps(actor, unit)


def require_handler(actor: Actor, unit: OrgUnit) -> None:
    if not may_handle(actor, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s và Sở Nội vụ điều phối mới xử lý được phản ánh, kiến nghị gửi đơn vị.")
            % {"unit": unit.name}
        )


def new_code(today: date) -> str:
    return f"PA{today:%y}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def phone_digits(text: str) -> str:
    """A telephone number as stored: spaces, dots and dashes people type between the digits dropped."""
    return re.sub(r"[\s.\-]", "", text)


@dataclass
class FeedbackInput:
    unit: OrgUnit | None
    kind: str
    subject: str
    content: str
    procedure: str = ""
    name: str = ""
    phone: str = ""
    email: str = ""
    consent_publish: bool = False


def problems(data: FeedbackInput) -> list[tuple[str, str]]:
    """What is wrong with a citizen's item, as (field, Vietnamese reason)."""
    found: list[tuple[str, str]] = []
    if data.unit is None or not data.unit.is_current(timezone.localdate()):
        found.append(("unit", _("Chọn cơ quan, đơn vị nhận phản ánh, kiến nghị.")))
    if data.kind not in FeedbackKind.values:
        found.append(("kind", _("Chọn phản ánh hay kiến nghị.")))
    if not data.subject.strip() or len(data.subject) > 255:
        found.append(("subject", _("Tiêu đề phải có và không quá 255 ký tự.")))
    if len(data.content.strip()) < 10 or len(data.content) > MAX_CONTENT:
        found.append(
            ("content", _("Nội dung phải từ 10 đến %(max)s ký tự.") % {"max": f"{MAX_CONTENT:,}".replace(",", ".")})
        )
    if len(data.procedure) > 255 or len(data.name) > 120:
        found.append(("procedure", _("Tên thủ tục hoặc họ tên quá dài.")))
    phone = phone_digits(data.phone)
    if data.phone.strip() and not (PHONE.match(phone) and len(data.phone) <= 40):
        found.append(("phone", _("Số điện thoại chỉ gồm chữ số, từ 8 đến 15 số.")))
    if data.email:
        try:
            if len(data.email) > 254:
                raise ValidationError("too long")
            validate_email(data.email)
        except ValidationError:
            found.append(("email", _("Địa chỉ thư điện tử không hợp lệ.")))
    return found


def _event(item: Feedback, kind: str, actor: Actor | None, *, to_unit: OrgUnit | None = None, note: str = "") -> None:
    FeedbackEvent.objects.create(
        feedback=item, kind=kind, unit=item.unit, to_unit=to_unit, note=note, actor=account_of(actor)
    )


def handlers(unit: OrgUnit) -> list[User]:
    """Who hears of an item at `unit`: its editors and leaders; none there, the province's coordinators."""
    found = officers(unit)
    if found:
        return found
    coordinators = User.objects.filter(subtree_q(province_path(unit), field="unit__path"), role=Role.COORDINATOR)
    return [u for u in coordinators.filter(is_active=True).select_related("unit") if can(u, Perm.REVIEW, unit)]


def _announce(item: Feedback, key: str, title: str) -> None:
    unit = item.unit
    url = reverse("feedback:detail", args=[item.pk])
    notify_on_commit(lambda: handlers(unit), key=f"feedback:{item.pk}:{key}", title=title, url=url)


@transaction.atomic
def submit_public(*, data: FeedbackInput, address: str | None, honeypot: str = "") -> Feedback:
    """A citizen's item from the public form: given a tracking code, deadlines by the province's rules, and sent
    to the unit's handlers. Refused past the limit per network address; a filled hidden field keeps it apart
    (`SCREENED`) for a handler to look at, unannounced."""
    found = problems(data)
    if found:
        raise DomainError(" ".join(reason for _field, reason in found))
    assert data.unit is not None
    hashed = address_key(address)
    hour_ago = timezone.now() - timedelta(hours=1)
    if hashed and Feedback.objects.filter(address=hashed, received_at__gte=hour_ago).count() >= (
        settings.LOA_FEEDBACK_ADDRESS_PER_HOUR
    ):
        raise TooMany(_("Địa chỉ mạng của bạn đã gửi nhiều phản ánh trong một giờ qua. Vui lòng thử lại sau."))
    today = timezone.localdate()
    rules = rules_for(data.unit)
    code = new_code(today)
    while Feedback.objects.filter(code=code).exists():
        code = new_code(today)
    item = Feedback(
        code=code,
        unit=data.unit,
        addressed_to=data.unit,
        kind=data.kind,
        subject=" ".join(data.subject.split()),
        content=data.content.strip(),
        procedure=" ".join(data.procedure.split()),
        name=" ".join(data.name.split()),
        phone=phone_digits(data.phone),
        email=data.email.strip(),
        consent_publish=data.consent_publish,
        status=FeedbackStatus.SCREENED if honeypot.strip() else FeedbackStatus.RECEIVED,
        received_on=today,
        arrived_on=today,
        forward_by=add_working_days(today, rules.forward_days),
        answer_by=add_working_days(today, rules.answer_days),
        address=hashed,
    )
    stamp(item, actor=None, reason="feedback.received")
    item.save()
    _event(item, EventKind.RECEIVED, None)
    if item.status == FeedbackStatus.RECEIVED:
        _announce(
            item,
            "received",
            _("Phản ánh, kiến nghị mới %(code)s: %(subject)s") % {"code": item.code, "subject": item.subject},
        )
    return item


def _locked(item: Feedback, revision: int) -> Feedback:
    current = Feedback.objects.select_for_update().select_related("unit").get(pk=item.pk)
    if current.revision != revision:
        raise Conflict(_("Phản ánh này vừa được người khác xử lý. Tải lại trang để xem rồi làm lại."))
    return current


def _save(item: Feedback, actor: Actor, *, reason: str) -> Feedback:
    item.revision += 1
    stamp(item, actor=actor, reason=reason)
    item.save()
    return item


@transaction.atomic
def accept(*, actor: Actor, item: Feedback, revision: int) -> Feedback:
    """The unit takes the item on as within its authority."""
    require_handler(actor, item.unit)
    current = _locked(item, revision)
    if current.status not in (FeedbackStatus.RECEIVED, FeedbackStatus.SCREENED):
        raise DomainError(_("Phản ánh này không ở tình trạng chờ xử lý."))
    restored = current.status == FeedbackStatus.SCREENED
    current.status = FeedbackStatus.PROCESSING
    _save(current, actor, reason="feedback.accepted")
    _event(current, EventKind.RESTORED if restored else EventKind.ACCEPTED, actor)
    if restored:
        _event(current, EventKind.ACCEPTED, actor)
    return current


def forward_targets(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Where an item at `unit` may be passed on: the province's other public bodies (its people's committee,
    departments, service centre, communes), as the page offers them."""
    found = OrgUnit.objects.filter(subtree_q(province_of(unit)), current_q(), unit_type__in=PUBLIC_BODIES)
    return found.exclude(pk=unit.pk).order_by("unit_type", "name")


@transaction.atomic
def forward(*, actor: Actor, item: Feedback, to_unit: OrgUnit, note: str, revision: int) -> Feedback:
    """Pass the item to the unit with authority in the province; its deadlines start again there."""
    require_handler(actor, item.unit)
    current = _locked(item, revision)
    if current.status not in OPEN and current.status != FeedbackStatus.SCREENED:
        raise DomainError(_("Phản ánh đã được trả lời nên không chuyển được nữa."))
    today = timezone.localdate()
    if not forward_targets(current.unit).filter(pk=to_unit.pk).exists():
        raise DomainError(_("Chọn một cơ quan, đơn vị khác trong tỉnh để chuyển phản ánh."))
    note = note.strip()
    if not note or len(note) > 1000:
        raise DomainError(_("Ghi lý do chuyển (không quá 1.000 ký tự): phản ánh không thuộc thẩm quyền vì sao."))
    rules = rules_for(to_unit)
    source = current.unit
    # Passed on after the deadline to do so: the delay stays on record (and in the statistics) although the
    # deadlines start again at the unit with authority.
    current.forwarded_late = current.forwarded_late or today > current.forward_by
    current.unit, current.status, current.arrived_on = to_unit, FeedbackStatus.RECEIVED, today
    current.forward_by = add_working_days(today, rules.forward_days)
    current.answer_by = add_working_days(today, rules.answer_days)
    _save(current, actor, reason="feedback.forwarded")
    FeedbackEvent.objects.create(
        feedback=current, kind=EventKind.FORWARDED, unit=source, to_unit=to_unit, note=note, actor=account_of(actor)
    )
    _announce(
        current,
        f"forwarded:{to_unit.pk}",
        _("Phản ánh, kiến nghị %(code)s được chuyển đến đơn vị: %(subject)s")
        % {"code": current.code, "subject": current.subject},
    )
    return current


@transaction.atomic
def answer(*, actor: Actor, item: Feedback, text: str, publish: bool, revision: int) -> Feedback:
    """Answer the item; the answer is published only when the citizen agreed and the handler chooses to."""
    require_handler(actor, item.unit)
    current = _locked(item, revision)
    if current.status not in OPEN:
        raise DomainError(_("Phản ánh này đã được trả lời."))
    text = text.strip()
    if len(text) < 10 or len(text) > MAX_ANSWER:
        raise DomainError(_("Nội dung trả lời phải từ 10 đến 10.000 ký tự."))
    if publish and not current.consent_publish:
        raise DomainError(_("Người gửi không đồng ý công khai; câu trả lời chỉ gửi riêng cho người gửi."))
    current.status, current.answer, current.published = FeedbackStatus.ANSWERED, text, publish
    current.answered_on, current.answered_by = timezone.localdate(), account_of(actor)
    _save(current, actor, reason="feedback.answered")
    _event(current, EventKind.ANSWERED, actor)
    return current


@transaction.atomic
def add_note(*, actor: Actor, item: Feedback, note: str) -> None:
    require_handler(actor, item.unit)
    note = note.strip()
    if not note or len(note) > 2000:
        raise DomainError(_("Ghi chú phải có và không quá 2.000 ký tự."))
    _event(item, EventKind.NOTE, actor, note=note)


@transaction.atomic
def rules_save(*, actor: Actor, province: OrgUnit, values: dict[str, int], revision: int) -> FeedbackRules:
    """A province's rules, set by its coordinator (REVIEW over the province) or an administrator."""
    if not can(actor, Perm.REVIEW, province):
        raise PermissionDenied(_("Chỉ Sở Nội vụ của tỉnh mới đặt được quy định xử lý phản ánh, kiến nghị."))
    OrgUnit.objects.select_for_update().filter(pk=province.pk).first()  # two first saves: one after the other
    row = FeedbackRules.objects.select_for_update().filter(province=province).first() or FeedbackRules(
        province=province
    )
    if row.revision != revision:
        raise Conflict(_("Quy định vừa được người khác sửa. Tải lại trang rồi sửa lại."))
    for field, (low, high) in LIMITS.items():
        value = values.get(field)
        if not isinstance(value, int) or not low <= value <= high:
            raise DomainError(
                _("Giá trị «%(f)s» phải từ %(a)s đến %(b)s.") % {"f": RULE_LABELS[field], "a": low, "b": high}
            )
        setattr(row, field, value)
    row.revision += 1
    stamp(row, actor=actor, reason="feedback.rules.saved")
    row.save()
    return row


def erase_expired_contacts(*, today: date | None = None) -> int:
    """Erase the contact details of items past their province's retention period (the daily job): counted from the
    answer, or from receipt for an item never answered (kept as spam, say). The history keeps no contact details
    (they are left out of it), so nothing remains to erase there."""
    today = today or timezone.localdate()
    candidates = list(
        Feedback.objects.filter(contact_erased_on__isnull=True)
        .exclude(name="", phone="", email="")
        .select_related("unit")
    )
    rules = rules_by_province({province_path(i.unit) for i in candidates})
    erased = 0
    for item in candidates:
        kept = rules[province_path(item.unit)].retention_days
        if (item.answered_on or item.received_on) + timedelta(days=kept) > today:
            continue
        with transaction.atomic():
            item.name = item.phone = item.email = ""
            item.contact_erased_on = today
            stamp(item, actor=None, reason="feedback.contact_erased")
            item.save()
            _event(item, EventKind.ERASED, None)
        erased += 1
    return erased
