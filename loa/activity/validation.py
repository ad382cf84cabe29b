"""What an activity record must be before it is saved: the input every way of recording one fills (form, API,
spreadsheet row), its checks with reasons an officer can act on, and the unsaved activity they produce. Nothing here
writes; the services and the spreadsheet import call it."""

from dataclasses import dataclass, field
from datetime import date
from datetime import date as Day  # the input dataclass has a field named `date`
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from loa.channels.models import UnitChannel
from loa.core.catalogs import ONLINE_CHANNELS, Audience, Channel, Index, ReformArea
from loa.core.errors import DomainError
from loa.core.numbers import parse_quantity, vn_number
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit

from .models import Activity, ActivityStatus, to_bits

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
    outlet: int | None = None  # the unit's channel (registry id) it went out on


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
    "outlet": "Kênh đã dùng",
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
        outlet_id=_outlet(unit, data.outlet, errors),
    )
    activity.search_text = fold(" ".join([title, activity.description]))
    return activity, errors


def _outlet(unit: OrgUnit, pk: int | None, errors: list[tuple[str, str]]) -> int | None:
    """The registry channel named, when it is one of the unit's own."""
    if not pk:
        return None
    if not UnitChannel.objects.filter(pk=pk, unit=unit).exists():
        errors.append(("outlet", _("kênh đã chọn không có trong sổ kênh của %(unit)s") % {"unit": unit.name}))
        return None
    return pk


def errors_text(errors: list[tuple[str, str]]) -> str:
    return " ".join(f"{FIELD_LABELS.get(name, name)}: {message}." for name, message in errors)


class ActivityInvalid(DomainError):
    """The record does not pass validation; `errors` pairs each field with its reason."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        super().__init__(errors_text(errors))
        self.errors = errors


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
        outlet=activity.outlet_id,
    )
