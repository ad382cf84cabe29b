"""Writes to activities: validate one record (shared by form, API and import), create, import a file."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from datetime import date as Day  # the input dataclass has a field named `date`
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from loa.core.audit import stamp
from loa.core.catalogs import ONLINE_CHANNELS, Audience, Channel, Index, ReformArea
from loa.core.errors import DomainError
from loa.core.numbers import parse_quantity, vn_number
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, require
from loa.plans.models import PlanTask

from . import rollup
from .evidence import Upload, evidence_add
from .locks import require_unlocked
from .models import Activity, ActivityStatus, to_bits

# Fields an edit may change; the unit, the author and the timestamps stay.
UPDATABLE = (
    "date",
    "end_date",
    "channel",
    "online",
    "area_bits",
    "index_bits",
    "title",
    "description",
    "quantity",
    "measure",
    "audience",
    "reached",
    "participants",
    "url",
    "cost",
    "status",
    "search_text",
)

MAX_QUANTITY = Decimal(10**9)
# Catalog codes as sets, computed once: `TextChoices.values` rebuilds its list on every access,
# which a 100,000-row import would pay for millions of times.
CHANNELS = frozenset(Channel.values)
AREAS = frozenset(ReformArea.values)
INDICES = frozenset(Index.values)
AUDIENCES = frozenset(Audience.values)
STATUSES = frozenset(ActivityStatus.values)


@dataclass
class ActivityInput:
    date: Day | None
    channel: str
    title: str
    reform_areas: list[str] = field(default_factory=list)
    indices: list[str] = field(default_factory=list)
    end_date: Day | None = None
    online: bool | None = None  # None: from the channel
    description: str = ""
    quantity: Any = 1
    measure: str = ""
    audience: str = ""
    reached: Any = None
    participants: Any = None
    url: str = ""
    cost: Any = None
    status: str = ActivityStatus.CONFIRMED
    tasks: list[int] | None = None  # plan task ids; None leaves the links as they are


# Field of ActivityInput → the label the officer sees (also the import column header).
FIELD_LABELS = {
    "date": "Ngày",
    "end_date": "Đến ngày",
    "channel": "Hình thức",
    "reform_areas": "Lĩnh vực",
    "indices": "Chỉ số",
    "title": "Tiêu đề",
    "quantity": "Số lượng",
    "measure": "Đơn vị tính",
    "audience": "Đối tượng",
    "reached": "Số người được tiếp cận",
    "participants": "Số người tham dự",
    "url": "Đường dẫn",
    "cost": "Kinh phí (đồng)",
    "status": "Trạng thái",
    "description": "Mô tả",
}


# What the columns hold on both databases: reached and participants are integers, cost a big integer.
_COUNT_LIMITS = {"reached": 2**31 - 1, "participants": 2**31 - 1, "cost": 10**12 - 1}


def _count(value: Any, name: str, errors: list[tuple[str, str]]) -> int | None:
    try:
        number = parse_quantity(value)
    except ValueError:
        errors.append((name, _("«%(value)s» không phải là số") % {"value": value}))
        return None
    if number is None:
        return None
    if number < 0 or number != int(number):
        errors.append((name, _("phải là số nguyên không âm")))
        return None
    if number > _COUNT_LIMITS.get(name, 10**12 - 1):
        errors.append(
            (name, _("lớn quá mức (tối đa %(max)s)") % {"max": vn_number(_COUNT_LIMITS.get(name, 10**12 - 1))})
        )
        return None
    return int(number)


def build_activity(
    unit: OrgUnit, data: ActivityInput, *, today: date | None = None
) -> tuple[Activity, list[tuple[str, str]]]:
    """An unsaved activity and the problems found, as (field name, Vietnamese reason)."""
    errors: list[tuple[str, str]] = []
    today = today or timezone.localdate()
    if data.date is None:
        errors.append(("date", _("chưa có ngày")))
    elif data.date > today:
        errors.append(("date", _("ngày %(d)s chưa đến") % {"d": data.date.strftime("%d/%m/%Y")}))
    if data.end_date is not None and data.date is not None and data.end_date < data.date:
        errors.append(("end_date", _("ngày kết thúc trước ngày bắt đầu")))
    if data.channel not in CHANNELS:
        errors.append(("channel", _("hình thức «%(v)s» không có trong danh mục") % {"v": data.channel}))
    for name, codes, known in (("reform_areas", data.reform_areas, AREAS), ("indices", data.indices, INDICES)):
        bad = [c for c in codes if c not in known]
        if bad:
            errors.append((name, _("«%(v)s» không có trong danh mục") % {"v": ", ".join(bad)}))
    if data.audience and data.audience not in AUDIENCES:
        errors.append(("audience", _("đối tượng «%(v)s» không có trong danh mục") % {"v": data.audience}))
    if data.status not in STATUSES:
        errors.append(("status", _("trạng thái «%(v)s» không hợp lệ") % {"v": data.status}))
    title = normalize(data.title or "")
    if not title:
        errors.append(("title", _("chưa có tiêu đề")))
    elif len(title) > 500:
        errors.append(("title", _("dài quá 500 ký tự")))
    try:
        quantity = parse_quantity(data.quantity)
    except ValueError:
        errors.append(("quantity", _("«%(value)s» không phải là số") % {"value": data.quantity}))
        quantity = None
    if quantity is not None and not 0 <= quantity < MAX_QUANTITY:
        errors.append(("quantity", _("số lượng phải từ 0 đến dưới 1 tỷ")))
        quantity = None
    url = (data.url or "").strip()
    if url and not url.startswith(("http://", "https://")):
        errors.append(("url", _("đường dẫn phải bắt đầu bằng http:// hoặc https://")))
    activity = Activity(
        unit=unit,
        unit_path=unit.path,
        date=data.date or today,
        end_date=data.end_date,
        channel=data.channel,
        online=data.channel in ONLINE_CHANNELS if data.online is None else data.online,
        area_bits=to_bits([c for c in data.reform_areas if c in AREAS], ReformArea),
        index_bits=to_bits([c for c in data.indices if c in INDICES], Index),
        title=title,
        description=(data.description or "").strip(),
        quantity=quantity if quantity is not None else Decimal(1),
        measure=normalize(data.measure or "")[:40],
        audience=data.audience or "",
        reached=_count(data.reached, "reached", errors),
        participants=_count(data.participants, "participants", errors),
        url=url[:500],
        cost=_count(data.cost, "cost", errors),
        status=data.status,
    )
    activity.search_text = fold(" ".join([title, activity.description]))
    return activity, errors


def errors_text(errors: list[tuple[str, str]]) -> str:
    return " ".join(f"{FIELD_LABELS.get(name, name)}: {message}." for name, message in errors)


class ActivityInvalid(DomainError):
    """The record does not pass validation; `errors` pairs each field with its reason."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors_text(errors))
        self.errors = errors


def linkable_tasks(actor: Actor, task_ids: list[int]) -> list[PlanTask]:
    """The tasks an activity may fulfil: tasks of issued plans the actor can read."""
    if not task_ids:
        return []
    from loa.plans.selectors import PUBLISHED, plans_visible

    found = list(PlanTask.objects.filter(pk__in=task_ids, plan__in=plans_visible(actor).filter(PUBLISHED)))
    missing = sorted(set(task_ids) - {t.pk for t in found})
    if missing:
        raise DomainError(
            _("Nhiệm vụ: không có nhiệm vụ mã %(ids)s trong các kế hoạch đã ban hành mà bạn được xem.")
            % {"ids": ", ".join(map(str, missing))}
        )
    return found


@transaction.atomic
def activity_create(*, actor: Actor, unit: OrgUnit, data: ActivityInput, files: Sequence[Upload] = ()) -> Activity:
    """Record one activity, with its task links and evidence files, all or nothing."""
    require(actor, Perm.EDIT, unit)
    activity, errors = build_activity(unit, data)
    if errors:
        raise ActivityInvalid(errors)
    tasks = linkable_tasks(actor, data.tasks or [])
    require_unlocked(activity)
    activity.created_by = actor if isinstance(actor, User) else None
    stamp(activity, actor=actor, reason="activity.created")
    activity.save()
    rollup.apply(added=[rollup.contribution(activity)])
    if tasks:
        activity.tasks.set(tasks)
    for name, size, content in files:
        evidence_add(actor=actor, activity=activity, name=name, size=size, content=content)
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, data: ActivityInput) -> Activity:
    """Change an activity in place (its unit stays); refused while a submitted report counts it."""
    require(actor, Perm.EDIT, activity.unit)
    require_unlocked(activity, day=data.date)
    changed, errors = build_activity(activity.unit, data)
    if errors:
        raise ActivityInvalid(errors)
    tasks = linkable_tasks(actor, data.tasks) if data.tasks is not None else None
    # The totals to take back are those of the row as stored, read under a lock (not the caller's copy).
    before = rollup.contribution(Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk))
    for name in UPDATABLE:
        setattr(activity, name, getattr(changed, name))
    stamp(activity, actor=actor, reason="activity.updated")
    activity.save()
    rollup.apply(removed=[before], added=[rollup.contribution(activity)])
    if tasks is not None:
        activity.tasks.set(tasks)
    return activity


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity) -> None:
    require(actor, Perm.EDIT, activity.unit)
    require_unlocked(activity)
    stamp(activity, actor=actor, reason="activity.deleted")
    removed = rollup.contribution(Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk))
    activity.delete()
    rollup.apply(removed=[removed])


def activity_input(activity: Activity) -> ActivityInput:
    """The input that would recreate the activity: the starting point of an edit."""
    return ActivityInput(
        date=activity.date,
        end_date=activity.end_date,
        channel=activity.channel,
        online=activity.online,
        title=activity.title,
        reform_areas=activity.reform_areas,
        indices=activity.indices,
        description=activity.description,
        quantity=activity.quantity,
        measure=activity.measure,
        audience=activity.audience,
        reached=activity.reached,
        participants=activity.participants,
        url=activity.url,
        cost=activity.cost,
        status=activity.status,
        tasks=[t.pk for t in activity.tasks.all()],
    )


def activities_bulk_create(*, actor: Actor, activities: list[Activity]) -> list[Activity]:
    """Insert validated activities in batches, each with its history row (callers hold the transaction)."""
    user = actor if isinstance(actor, User) else None
    for activity in activities:
        activity.created_by = user
    created: list[Activity] = bulk_create_with_history(
        activities, Activity, batch_size=2000, default_user=user, default_change_reason="activity.imported"
    )
    rollup.apply(added=rollup.contributions(created))
    return created


def bulk_link_tasks(pairs: list[tuple[int, int]]) -> None:
    """Link (activity id, task id) pairs of activities just bulk-created, and record the links on
    those activities' creation history rows, as a single save would (bulk inserts send no signals).
    SQLite >= 3.35 and PostgreSQL both return the new ids from bulk inserts."""
    if not pairs:
        return
    through = Activity.tasks.through
    links = through.objects.bulk_create([through(activity_id=a, plantask_id=t) for a, t in pairs], batch_size=2000)
    history = dict(
        Activity.history.filter(id__in={a for a, _t in pairs}, history_type="+").values_list("id", "history_id")
    )
    historical_link = Activity.history.model._meta.get_field("historicalactivity_tasks").related_model
    historical_link.objects.bulk_create(
        [
            historical_link(
                id=link.pk,
                activity_id=link.activity_id,
                plantask_id=link.plantask_id,
                history_id=history[link.activity_id],
            )
            for link in links
            if link.activity_id in history
        ],
        batch_size=2000,
    )
