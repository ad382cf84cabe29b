"""Contests of entries (issue 21 item 5: "thi viết", "sáng kiến, giải pháp về CCHC", staged performances): entries
sent with files through the public page before the call's deadline, and judges' criteria sheets. A judge reads and
writes only their own sheets; the organiser reads the results (the average of the judges' totals)."""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.evidence import Upload, check_upload, display_name
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.core.text import normalize
from loa.org.models import OrgUnit
from loa.org.scope import Actor, account_of

from .catalog import ContestKind, ContestStatus, Entrant
from .models import Contest, Entry, EntryFile, Score
from .play import digits, open_round
from .services import CODE_ALPHABET, organiser_phones, selectable_unit

MAX_FILES = 5


@dataclass
class EntryInput:
    entrant: str
    author: str
    unit: OrgUnit | None
    phone: str
    title: str
    summary: str = ""
    files: list[Upload] = field(default_factory=list)
    signed_in_organiser: bool = False


def _problems(contest: Contest, data: EntryInput, phone: str) -> list[str]:
    found = []
    if data.entrant not in Entrant.values:
        found.append(_("Hãy chọn người dự thi là cá nhân hay tập thể."))
    if not normalize(data.author) or len(data.author) > 255:
        found.append(_("Tên tác giả hoặc tập thể cần từ 1 đến 255 ký tự."))
    if data.unit is None or not selectable_unit(contest, data.unit):
        found.append(_("Hãy chọn đơn vị trong danh sách."))
    if not phone:
        found.append(_("Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0."))
    if not normalize(data.title) or len(data.title) > 255:
        found.append(_("Tên bài dự thi cần từ 1 đến 255 ký tự."))
    if len(data.summary) > 5000:
        found.append(_("Tóm tắt dài quá 5.000 ký tự."))
    if not data.files:
        found.append(_("Hãy gửi kèm ít nhất một tệp bài dự thi."))
    elif len(data.files) > MAX_FILES:
        found.append(_("Mỗi bài dự thi gửi tối đa %(n)s tệp.") % {"n": MAX_FILES})
    return found


def entry_submit(*, contest: Contest, data: EntryInput, now: datetime | None = None) -> Entry:
    """Record an entry with its files, all or nothing."""
    now = now or timezone.now()
    if contest.status != ContestStatus.PUBLISHED or contest.kind != ContestKind.ENTRIES:
        raise DomainError(_("Cuộc thi này không nhận bài dự thi."))
    round_ = open_round(contest, now)
    if round_ is None:
        raise DomainError(_("Cuộc thi chưa mở hoặc đã hết hạn nhận bài."))
    phone = digits(data.phone)
    found = _problems(contest, data, phone)
    if found:
        raise DomainError(" ".join(found))
    if data.signed_in_organiser or phone in organiser_phones(contest):
        raise DomainError(_("Ban tổ chức và giám khảo không được tham gia cuộc thi."))
    checked = [(name, size, content, check_upload(name, size, content)) for name, size, content in data.files]
    assert data.unit is not None
    with transaction.atomic():
        entry = Entry.objects.create(
            round=round_,
            code="BD-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6)).upper(),
            entrant=data.entrant,
            author=normalize(data.author),
            unit=data.unit,
            unit_path=data.unit.path,
            phone=phone,
            title=normalize(data.title),
            summary=data.summary.strip(),
        )
        for name, size, content, kind in checked:
            content.seek(0)
            body = content.read()
            stored = EntryFile(
                entry=entry,
                name=display_name(name, kind),
                kind=kind,
                size=size,
                sha256=hashlib.sha256(body).hexdigest(),
            )
            stored.file.save("entry", ContentFile(body), save=False)
            stored.save()
    return entry


def is_judge(actor: Actor, contest: Contest) -> bool:
    account = account_of(actor)
    return account is not None and contest.judges.filter(pk=account.pk).exists()


def require_judge(actor: Actor, contest: Contest) -> None:
    if not is_judge(actor, contest):
        raise PermissionDenied(_("Chỉ giám khảo của cuộc thi mới chấm được bài dự thi."))


def _points(contest: Contest, raw: list[str]) -> list[Decimal]:
    if len(raw) != len(contest.criteria):
        raise DomainError(_("Phiếu chấm cần điểm của đủ các tiêu chí."))
    found = []
    for criterion, text in zip(contest.criteria, raw, strict=True):
        try:
            value = Decimal((text or "").strip().replace(",", "."))
        except InvalidOperation:
            value = Decimal(-1)
        if (
            not value.is_finite()
            or not Decimal(0) <= value <= criterion["max"]
            or value != value.quantize(Decimal("0.01"))
        ):
            raise DomainError(
                _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s (tối đa hai chữ số thập phân).")
                % {"name": criterion["name"], "max": criterion["max"]}
            )
        found.append(value)
    return found


def score_save(*, actor: Actor, entry: Entry, points: list[str], comment: str, revision: int) -> Score:
    """A judge's sheet for an entry, after the call has closed; a stale edit is refused (409)."""
    contest = entry.round.contest
    require_judge(actor, contest)
    if entry.round.closes_at > timezone.now():
        raise DomainError(_("Chỉ chấm bài sau khi hết hạn nhận bài."))
    values = _points(contest, points)
    with transaction.atomic():
        sheet = Score.objects.select_for_update().filter(entry=entry, judge=actor).first()  # type: ignore[misc]
        if sheet is None:
            if revision != 0:
                raise Conflict(_("Phiếu chấm đã thay đổi. Hãy tải lại trang."))
            sheet = Score(entry=entry, judge=account_of(actor))
        elif sheet.revision != revision:
            raise Conflict(_("Phiếu chấm vừa được sửa ở nơi khác. Hãy tải lại trang."))
        else:
            sheet.revision += 1
        sheet.points = [str(v) for v in values]
        sheet.total = sum(values, Decimal(0))
        sheet.comment = comment.strip()[:5000]
        sheet.save()
    return sheet


def own_sheet(actor: Actor, entry: Entry) -> Score | None:
    return Score.objects.filter(entry=entry, judge=actor).first()  # type: ignore[misc]
