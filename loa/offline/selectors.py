"""Reads for offline entry: what the entry page caches for its user, the records waiting for a choice, and the two
versions of a conflict side by side."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loa.activity.measures import MEASURES
from loa.activity.models import Activity
from loa.activity.progress import tasks_for_unit
from loa.activity.validation import activity_input
from loa.channels.selectors import outlet_choices
from loa.core.catalogs import Audience, Channel, ReformArea
from loa.core.errors import NotFound
from loa.core.labels import code_label, code_labels
from loa.core.numbers import vn_number
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, restrict, units
from loa.plans.models import PlanTask

from .models import Outcome, State, SyncRecord
from .services import activity_input as device_input


def entry_units(actor: Actor) -> list[OrgUnit]:
    """The units the entry page offers: the user's own and those right under it that the user may record for (as
    the online form offers), or, for an account above every unit, none: offline entry is for units' officers."""
    anchor = getattr(actor, "unit", None)
    if anchor is None:
        return []
    reach = units(actor, Perm.EDIT)
    return list(reach.filter(Q(pk=anchor.pk) | Q(parent_id=anchor.pk)).order_by("path")[:200])


def _task_label(task: Any) -> str:
    deadline = _(" (hạn %(d)s)") % {"d": task.deadline.strftime("%d/%m/%Y")} if task.deadline else ""
    return f"{task.title}{deadline} · {task.plan.number_symbol or _('dự thảo')}"


def entry_data(actor: Actor) -> dict[str, Any]:
    """What the entry page holds for working without a connection: the user's units with their tasks and outlets,
    the catalogs with their labels, the limits and the addresses it talks to. JSON values only."""
    user: Any = actor
    return {
        "user": {"username": user.username, "name": user.full_name or user.username},
        "units": [
            {
                "code": unit.code,
                "name": unit.name,
                "tasks": [{"id": t.pk, "label": _task_label(t)} for t in tasks_for_unit(unit)],
                "outlets": [{"id": pk, "label": label} for pk, label in outlet_choices(unit)],
            }
            for unit in entry_units(actor)
        ],
        "channels": [
            {"code": code, "label": str(name), "measures": MEASURES.get(code, [""])} for code, name in Channel.choices
        ],
        "areas": [{"code": code, "label": str(name)} for code, name in ReformArea.choices],
        "audiences": [{"code": code, "label": str(name)} for code, name in Audience.choices],
        "limits": {"evidence_max_bytes": settings.LOA_EVIDENCE_MAX_BYTES, "title_max": 500},
        "urls": {
            "sync": "/api/offline/records",
            "state": "/api/offline/state",
            "review": reverse("offline:review_list"),
            "login": reverse("login") + "?next=" + reverse("offline:entry"),
            "help": reverse("offline:help"),
            "activity": reverse("activity:detail", args=[0]),
        },
        "generated_at": timezone.now().isoformat(),
    }


def visible_records(actor: Actor) -> QuerySet[SyncRecord]:
    return restrict(SyncRecord.objects.all(), actor, Perm.VIEW)


@dataclass(frozen=True)
class Waiting:
    conflicts: int
    reviews: int

    @property
    def total(self) -> int:
        return self.conflicts + self.reviews


def waiting_counts(actor: Actor) -> Waiting:
    """Open conflicts and records needing review in the units the actor may edit (one query)."""
    found = dict(
        restrict(SyncRecord.objects.filter(state=State.OPEN), actor, Perm.EDIT)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Waiting(conflicts=found.get(Outcome.CONFLICT, 0), reviews=found.get(Outcome.REVIEW, 0))


def review_list(actor: Actor, *, handled: bool = False) -> QuerySet[SyncRecord]:
    """The records waiting for a choice (or, `handled`, those already settled), newest first."""
    qs = visible_records(actor).filter(~Q(state=""))
    qs = qs.exclude(state=State.OPEN) if handled else qs.filter(state=State.OPEN)
    return qs.select_related("unit", "sent_by", "activity", "resolved_by").order_by("-received_at", "-pk")


def open_records(unit: OrgUnit, *, limit: int = 20) -> list[SyncRecord]:
    """The unit's own records waiting for a choice, oldest first (the to-do's; its caller checked the reach)."""
    return list(SyncRecord.objects.filter(unit=unit, state=State.OPEN).order_by("received_at", "pk")[:limit])


def record_get(*, actor: Actor, pk: int) -> SyncRecord:
    row = visible_records(actor).select_related("unit", "sent_by", "activity__unit", "resolved_by").filter(pk=pk)
    found = row.first()
    if found is None or not found.state:
        raise NotFound(_("Không tìm thấy bản ghi này trong phạm vi của bạn."))
    return found


@dataclass(frozen=True)
class Line:
    label: str
    device: str
    server: str

    @property
    def differs(self) -> bool:
        return self.device != self.server


def _shown(name: str, value: Any, tasks: dict[int, str]) -> str:
    """A field's value as a person reads it."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if name == "channel":
        return code_label("channel", value)
    if name == "audience":
        return code_label("audience", value)
    if name in ("reform_areas", "indices"):
        return ", ".join(code_labels("area" if name == "reform_areas" else "index", value))
    if name == "status":
        return code_label("activity_status", value)
    if name == "quantity":
        try:
            return vn_number(float(str(value).replace(",", ".")))
        except ValueError:
            return str(value)
    if name == "tasks":
        return "; ".join(tasks.get(t, str(t)) for t in value)
    return str(value)


COMPARED = (
    "date",
    "end_date",
    "channel",
    "title",
    "reform_areas",
    "quantity",
    "measure",
    "reached",
    "participants",
    "audience",
    "url",
    "description",
    "status",
    "tasks",
)


def compare(row: SyncRecord) -> list[Line]:
    """The device's version beside the activity as it is now (empty when it does not exist), field by field."""
    device = vars(device_input(row.data))
    server = vars(activity_input(row.activity)) if isinstance(row.activity, Activity) else {}
    if server:
        server["tasks"] = sorted(server.get("tasks") or [])
    device["tasks"] = sorted(device.get("tasks") or [])
    ids = {*device["tasks"], *server.get("tasks", [])}
    tasks = dict(PlanTask.objects.filter(pk__in=ids).values_list("pk", "title")) if ids else {}
    lines = []
    for name in COMPARED:
        label = str(getattr(Activity._meta.get_field(_field(name)), "verbose_name", name))
        lines.append(
            Line(
                label=label[:1].upper() + label[1:],
                device=_shown(name, device.get(name), tasks),
                server=_shown(name, server.get(name), tasks) if server else "—",
            )
        )
    return lines


def _field(name: str) -> str:
    return {"reform_areas": "area_bits"}.get(name, name)
