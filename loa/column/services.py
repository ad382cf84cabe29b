"""Writes of the CCHC column: a news item made from an activity ("Đăng công khai"), edited, sent to the unit's leader,
approved (published) or returned with the leader's note, withdrawn; each unit's column settings.

The unit's own people (EDIT) write and send; its leader (APPROVE) approves, returns and withdraws, so nothing appears
on the public column that the leader did not see. Approving records by itself, once, the activity "news item on the
portal" (channel `cong_ttdt`) for the unit, dated the day of publication, with the item's public address; approving
again after a withdrawal reuses it. Every change is audited (simple-history) and checked against the revision the
page was read at (a stale one is a 409). Publishing, withdrawing and saving the settings add one to the unit's
`ColumnSettings.cache_version`, which keys the public pages' cache.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.evidence import IMAGES
from loa.activity.models import Activity, Evidence
from loa.activity.services import ActivityInput, activity_create
from loa.core.audit import stamp
from loa.core.catalogs import Channel
from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.core.text import fold, normalize
from loa.notify.recipients import leaders
from loa.notify.services import notify_on_commit
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, account_of, can, require

from .catalog import EDITABLE, SENDABLE, NewsStatus
from .models import ColumnSettings, NewsItem
from .selectors import column_unit_of

MAX_TITLE = 300
MAX_SUMMARY = 1000
MAX_BODY = 20000
MAX_NOTE = 2000
MAX_INTRO = 2000
MAX_IMAGES = 12
PORTAL_MEASURE = "tin, bài"  # the measure the portal channel counts in (activity.measures)
_BLANK_LINES = re.compile(r"\n\s*\n")


@dataclass
class NewsInput:
    title: str
    summary: str = ""
    body: str = ""
    images: list[int] = field(default_factory=list)  # evidence ids among the activity's photos


def clean_paragraphs(text: str) -> str:
    """Plain text kept as paragraphs: each paragraph's lines normalised (NFC, spaces), paragraphs apart by a blank
    line, which the pages turn into <p> (escaped)."""
    paragraphs = (normalize_lines(p) for p in _BLANK_LINES.split(text.replace("\r\n", "\n").replace("\r", "\n")))
    return "\n\n".join(p for p in paragraphs if p)


def normalize_lines(text: str) -> str:
    return "\n".join(line for line in (normalize(x) for x in text.split("\n")) if line)


def public_path(item: NewsItem) -> str:
    return reverse("column_public:news", args=[item.unit.code, item.pk])


def public_url(item: NewsItem) -> str:
    """The item's address on the public column, as an activity records it (absolute: activities keep web links)."""
    return f"{settings.LOA_SITE_URL.rstrip('/')}{public_path(item)}"


def may_edit(actor: Actor, item: NewsItem) -> bool:
    return can(actor, Perm.EDIT, item.unit)


def may_approve(actor: Actor, item: NewsItem) -> bool:
    return can(actor, Perm.APPROVE, item.unit)


def _require_editor(actor: Actor, unit: OrgUnit) -> None:
    if not can(actor, Perm.EDIT, unit):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s mới soạn và gửi được tin cho chuyên mục CCHC của đơn vị.") % {"unit": unit.name}
        )


def _require_leader(actor: Actor, unit: OrgUnit) -> None:
    if not can(actor, Perm.APPROVE, unit):
        raise PermissionDenied(
            _("Chỉ lãnh đạo của %(unit)s mới duyệt, trả lại hoặc gỡ được tin trên chuyên mục CCHC của đơn vị.")
            % {"unit": unit.name}
        )


def _images(activity: Activity | None, ids: list[int]) -> list[Evidence]:
    if not ids:
        return []
    if activity is None:
        raise DomainError(_("Tin không còn gắn với hoạt động nào nên không chọn được ảnh."))
    found = list(Evidence.objects.filter(activity=activity, kind__in=IMAGES, pk__in=set(ids)).order_by("pk"))
    if len(found) != len(set(ids)):
        raise DomainError(_("Chỉ chọn được ảnh (PNG, JPEG, GIF, WebP) trong minh chứng của hoạt động."))
    if len(found) > MAX_IMAGES:
        raise DomainError(_("Mỗi tin có tối đa %(n)s ảnh.") % {"n": MAX_IMAGES})
    return found


def _fill(item: NewsItem, data: NewsInput) -> list[Evidence]:
    """Check the text and the photos and put them on the item (unsaved); the photos to set once it is saved."""
    title = normalize(data.title)
    summary = clean_paragraphs(data.summary)
    body = clean_paragraphs(data.body)
    problems = []
    if not title:
        problems.append(_("Tin phải có tiêu đề."))
    elif len(title) > MAX_TITLE:
        problems.append(_("Tiêu đề không quá %(n)s ký tự.") % {"n": MAX_TITLE})
    if len(summary) > MAX_SUMMARY:
        problems.append(_("Tóm tắt không quá %(n)s ký tự.") % {"n": f"{MAX_SUMMARY:,}".replace(",", ".")})
    if len(body) > MAX_BODY:
        problems.append(_("Nội dung không quá %(n)s ký tự.") % {"n": f"{MAX_BODY:,}".replace(",", ".")})
    if not (summary or body):
        problems.append(_("Tin phải có tóm tắt hoặc nội dung."))
    if problems:
        raise DomainError(" ".join(problems))
    images = _images(item.activity, data.images)
    item.title, item.summary, item.body = title, summary, body
    item.search_text = fold(" ".join([title, summary, body]))
    return images


def prefill(activity: Activity) -> NewsInput:
    """A first draft from the activity: its title, its description as the text, all its photos."""
    photos = Evidence.objects.filter(activity=activity, kind__in=IMAGES).order_by("pk")
    return NewsInput(
        title=activity.title[:MAX_TITLE],
        body=activity.description,
        images=list(photos.values_list("pk", flat=True)[:MAX_IMAGES]),
    )


@transaction.atomic
def news_from_activity(*, actor: Actor, activity: Activity, data: NewsInput | None = None) -> NewsItem:
    """Mark an activity "Đăng công khai": a draft news item of the unit's column, with the text given (by default
    the activity's own). An activity has one item: asked again, this returns the item it already has."""
    unit = column_unit_of(activity.unit)
    if unit is None:
        raise DomainError(
            _("%(unit)s không có chuyên mục CCHC công khai trên Loa; tin của đơn vị đăng trên kênh của đơn vị.")
            % {"unit": activity.unit.name}
        )
    _require_editor(actor, activity.unit)
    _require_editor(actor, unit)
    Activity.objects.select_for_update().filter(pk=activity.pk).first()  # two clicks at once: one item
    existing = NewsItem.objects.filter(activity=activity).first()
    if existing is not None:
        return existing
    item = NewsItem(unit=unit, activity=activity, created_by=account_of(actor))
    images = _fill(item, data or prefill(activity))
    stamp(item, actor=actor, reason="news.created")
    item.save()
    if images:
        item.images.set(images)  # a second history row: the first is written before the photos can be linked
    return item


def _set_images(item: NewsItem, images: list[Evidence]) -> None:
    """Link the photos without a history row of their own: the item's save that follows records them."""
    item.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        item.images.set(images)
    finally:
        del item.skip_history_when_saving  # type: ignore[attr-defined]


def _locked(item: NewsItem, revision: int) -> NewsItem:
    current = NewsItem.objects.select_for_update(of=("self",)).select_related("unit", "activity").get(pk=item.pk)
    if current.revision != revision:
        raise Conflict(_("Tin vừa được người khác sửa hoặc duyệt. Tải lại trang để xem rồi làm lại."))
    return current


def _save(item: NewsItem, actor: Actor, *, reason: str) -> NewsItem:
    item.revision += 1
    stamp(item, actor=actor, reason=reason)
    item.save()
    return item


@transaction.atomic
def news_save(*, actor: Actor, item: NewsItem, data: NewsInput, revision: int) -> NewsItem:
    """Change the text and the photos; a published item is withdrawn first (what the public reads is always what the
    leader approved)."""
    _require_editor(actor, item.unit)
    current = _locked(item, revision)
    if current.status not in EDITABLE:
        raise DomainError(_("Tin đang đăng công khai: lãnh đạo gỡ tin xuống thì mới sửa được."))
    images = _fill(current, data)
    _set_images(current, images)
    _save(current, actor, reason="news.saved")  # one history row, with the photos as now set
    return current


def _tell(item: NewsItem, key: str, title: str, to: list[User]) -> None:
    url = reverse("column:detail", args=[item.pk])
    notify_on_commit(lambda: to, key=f"column:{item.pk}:{key}:{item.revision}", title=title, url=url)


@transaction.atomic
def news_send(*, actor: Actor, item: NewsItem, revision: int) -> NewsItem:
    """Send the item to the unit's leader for approval."""
    _require_editor(actor, item.unit)
    current = _locked(item, revision)
    if current.status not in SENDABLE:
        raise DomainError(_("Tin này đang chờ duyệt hoặc đã đăng."))
    current.status, current.note = NewsStatus.PENDING, ""
    current.submitted_by, current.submitted_at = account_of(actor), timezone.now()
    _save(current, actor, reason="news.submitted")
    unit = current.unit
    url = reverse("column:detail", args=[current.pk])
    notify_on_commit(
        lambda: leaders(unit),
        key=f"column:{current.pk}:pending:{current.revision}",
        title=_("Tin chờ duyệt: %(title)s") % {"title": current.title},
        url=url,
    )
    return current


def _portal_activity(actor: Actor, item: NewsItem) -> Activity:
    """The activity that publishing records: one news item on the unit's portal channel, today, with the item's
    public address; the source activity's reform areas and indices carried over."""
    source = item.activity
    data = ActivityInput(
        date=timezone.localdate(),
        channel=Channel.CONG_TTDT,
        title=item.title,
        reform_areas=source.reform_areas if source is not None else [],
        indices=source.indices if source is not None else [],
        description=item.summary,
        quantity=1,
        measure=PORTAL_MEASURE,
        url=public_url(item),
    )
    try:
        return activity_create(actor=actor, unit=item.unit, data=data)
    except PermissionDenied:
        raise
    except DomainError as exc:
        raise DomainError(
            _("Chưa đăng được tin vì không ghi nhận được hoạt động đăng tin trên Cổng/Trang TTĐT của đơn vị: %(why)s")
            % {"why": exc.message}
        ) from None


@transaction.atomic
def news_approve(*, actor: Actor, item: NewsItem, revision: int) -> NewsItem:
    """The leader approves: the item appears on the public column, and the unit's portal activity is recorded (once:
    an item approved again after a withdrawal keeps the activity of its first publication)."""
    _require_leader(actor, item.unit)
    current = _locked(item, revision)
    if current.status != NewsStatus.PENDING:
        raise DomainError(_("Chỉ duyệt được tin đang chờ duyệt."))
    now = timezone.now()
    if current.published_at is None:
        current.published_at = now
    current.status, current.note, current.withdrawn_at = NewsStatus.PUBLISHED, "", None
    current.approved_by, current.approved_at = account_of(actor), now
    if current.portal_activity_id is None:
        current.portal_activity = _portal_activity(actor, current)
    _save(current, actor, reason="news.published")
    bump_cache(current.unit)
    if current.submitted_by is not None:
        title = _("Tin đã được duyệt đăng: %(title)s") % {"title": current.title}
        _tell(current, "published", title, [current.submitted_by])
    return current


def _note(note: str, missing: str) -> str:
    note = note.strip()
    if not note:
        raise DomainError(missing)
    if len(note) > MAX_NOTE:
        raise DomainError(_("Ý kiến không quá %(n)s ký tự.") % {"n": f"{MAX_NOTE:,}".replace(",", ".")})
    return note


@transaction.atomic
def news_return(*, actor: Actor, item: NewsItem, note: str, revision: int) -> NewsItem:
    """The leader returns the item with what to change."""
    _require_leader(actor, item.unit)
    note = _note(note, _("Ghi ý kiến của lãnh đạo: cần sửa gì trước khi đăng."))
    current = _locked(item, revision)
    if current.status != NewsStatus.PENDING:
        raise DomainError(_("Chỉ trả lại được tin đang chờ duyệt."))
    current.status, current.note = NewsStatus.RETURNED, note
    _save(current, actor, reason="news.returned")
    if current.submitted_by is not None:
        title = _("Tin bị trả lại: %(title)s") % {"title": current.title}
        _tell(current, "returned", title, [current.submitted_by])
    return current


@transaction.atomic
def news_withdraw(*, actor: Actor, item: NewsItem, note: str, revision: int) -> NewsItem:
    """The leader takes a published item down (its address then answers 404); it may be edited and sent again."""
    _require_leader(actor, item.unit)
    note = _note(note, _("Ghi lý do gỡ tin."))
    current = _locked(item, revision)
    if current.status != NewsStatus.PUBLISHED:
        raise DomainError(_("Chỉ gỡ được tin đang đăng công khai."))
    current.status, current.note, current.withdrawn_at = NewsStatus.WITHDRAWN, note, timezone.now()
    _save(current, actor, reason="news.withdrawn")
    bump_cache(current.unit)
    return current


def bump_cache(unit: OrgUnit) -> None:
    """Make the public pages of the unit's column be rendered anew (inside the writer's transaction: the new
    version is seen with the change it follows). A unit without settings gets a row of defaults, unaudited."""
    if not ColumnSettings.objects.filter(unit=unit).update(cache_version=F("cache_version") + 1):
        ColumnSettings.objects.bulk_create([ColumnSettings(unit=unit, cache_version=1)], ignore_conflicts=True)


@dataclass
class SettingsInput:
    intro: str = ""
    show_plans: bool = True
    show_reports: bool = True
    procedures_url: str = ""


@transaction.atomic
def settings_save(*, actor: Actor, unit: OrgUnit, data: SettingsInput, revision: int) -> ColumnSettings:
    """The unit's column settings, set by its own people (EDIT)."""
    if column_unit_of(unit) != unit:
        raise DomainError(_("%(unit)s không có chuyên mục CCHC công khai trên Loa.") % {"unit": unit.name})
    require(actor, Perm.EDIT, unit)
    OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()  # two first saves: one after the other
    row = ColumnSettings.objects.select_for_update().filter(unit=unit).first() or ColumnSettings(unit=unit)
    if row.revision != revision:
        raise Conflict(_("Cài đặt vừa được người khác sửa. Tải lại trang rồi sửa lại."))
    intro = clean_paragraphs(data.intro)
    url = data.procedures_url.strip()
    if len(intro) > MAX_INTRO:
        raise DomainError(_("Lời giới thiệu không quá %(n)s ký tự.") % {"n": f"{MAX_INTRO:,}".replace(",", ".")})
    if url and (not url.startswith(("http://", "https://")) or len(url) > 500 or any(c.isspace() for c in url)):
        raise DomainError(_("Đường dẫn danh mục thủ tục hành chính phải bắt đầu bằng http:// hoặc https://."))
    row.intro, row.show_plans, row.show_reports, row.procedures_url = intro, data.show_plans, data.show_reports, url
    row.revision += 1
    row.cache_version += 1
    stamp(row, actor=actor, reason="column.settings.saved")
    row.save()
    return row
