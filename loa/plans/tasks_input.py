"""Validation of task rows (the appendix) before they touch the database."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from loa.core.catalogs import Audience, Channel, ReformArea
from loa.core.errors import DomainError
from loa.core.numbers import parse_quantity
from loa.core.text import normalize
from loa.org.models import OrgUnit
from loa.org.selectors import current_q
from loa.org.tree import province_path, subtree_q

from .assignment import group_units
from .catalog import Frequency, LeadGroup
from .models import Plan, PlanTask

TASK_FIELDS = (
    "title",
    "reform_area",
    "channel",
    "extra_channels",
    "audience",
    "extra_audiences",
    "lead_group",
    "co_leads",
    "coordinating",
    "coordinating_note",
    "deadline",
    "frequency",
    "product",
    "quantity",
    "measure",
    "note",
)


@dataclass
class TaskInput:
    """One task as any entry point hands it over; the lead and coordinating units are given by code.
    A task is led by `lead_unit`, by the units of `lead_group`, or both, and by the units of `co_leads`."""

    title: str
    lead_unit: str = ""
    lead_group: str = ""
    co_leads: list[str] = field(default_factory=list)
    reform_area: str = ""
    channel: str = ""
    extra_channels: list[str] = field(default_factory=list)
    audience: str = ""
    extra_audiences: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    coordinating_note: str = ""
    deadline: date | None = None
    frequency: str = Frequency.ONCE
    product: str = ""
    quantity: Decimal | str | float | int | None = None
    measure: str = ""
    note: str = ""
    id: int | None = None
    source_task_id: int | None = None

    @classmethod
    def from_task(cls, task: PlanTask) -> "TaskInput":
        return cls(
            id=task.pk,
            title=task.title,
            lead_unit=task.lead_unit.code if task.lead_unit else "",
            lead_group=task.lead_group,
            co_leads=list(task.co_leads),
            reform_area=task.reform_area,
            channel=task.channel,
            extra_channels=list(task.extra_channels),
            audience=task.audience,
            extra_audiences=list(task.extra_audiences),
            coordinating=list(task.coordinating),
            coordinating_note=task.coordinating_note,
            deadline=task.deadline,
            frequency=task.frequency,
            product=task.product,
            quantity=task.quantity,
            measure=task.measure,
            note=task.note,
            source_task_id=task.source_task_id,
        )


def build_tasks(plan: Plan, rows: list[TaskInput]) -> list[PlanTask]:
    """Unsaved PlanTask objects for `rows`, positions 1…n; one DomainError names every bad row."""
    known, groups = _lookups(plan, rows)
    problems: list[str] = []
    tasks: list[PlanTask] = []
    for position, row in enumerate(rows, start=1):
        task, errors = _build_one(plan, row, position, known, groups)
        label = _("Nhiệm vụ %(n)s") % {"n": position}
        problems += [f"{label}: {e}." for e in errors]
        tasks.append(task)
    if problems:
        raise DomainError(" ".join(problems))
    return tasks


def task_problems(plan: Plan, rows: list[TaskInput]) -> list[list[str]]:
    """What `build_tasks` would refuse in each row, row by row (the appendix import's preview)."""
    known, groups = _lookups(plan, rows)
    return [_build_one(plan, row, position, known, groups)[1] for position, row in enumerate(rows, start=1)]


def _lookups(plan: Plan, rows: list[TaskInput]) -> tuple[dict[str, OrgUnit], dict[str, bool]]:
    """The units the rows name (current, in the issuer's province) and which lead groups exist under the issuer:
    two queries for any number of rows."""
    codes = {r.lead_unit for r in rows if r.lead_unit} | {c for r in rows for c in [*r.coordinating, *r.co_leads] if c}
    province = province_path(plan.issuer)
    known = {
        u.code: u
        for u in OrgUnit.objects.filter(current_q(), subtree_q(province), code__in=codes).select_related("parent")
    }
    groups = {g: group_units(plan.issuer, g).exists() for g in {r.lead_group for r in rows} if g in LeadGroup.values}
    return known, groups


def _build_one(
    plan: Plan, row: TaskInput, position: int, known: dict[str, OrgUnit], groups: dict[str, bool]
) -> tuple[PlanTask, list[str]]:
    errors: list[str] = []
    title = normalize(row.title or "")
    if not title:
        errors.append(_("chưa nhập tên nhiệm vụ"))
    lead = known.get(row.lead_unit) if row.lead_unit else None
    if row.lead_unit and lead is None:
        errors.append(
            _("cơ quan chủ trì «%(code)s» không có hoặc không thuộc tỉnh của đơn vị ban hành") % {"code": row.lead_unit}
        )
    elif lead is None and not row.lead_group and not any(row.co_leads):
        errors.append(_("chưa chọn cơ quan chủ trì"))
    if row.lead_group and row.lead_group not in LeadGroup.values:
        errors.append(_("nhóm chủ trì «%(code)s» không hợp lệ") % {"code": row.lead_group})
    elif row.lead_group and not groups[row.lead_group]:
        errors.append(_("đơn vị ban hành không có «%(group)s» trực thuộc") % {"group": LeadGroup(row.lead_group).label})
    channels = _first_and_others(row.channel, row.extra_channels)
    audiences = _first_and_others(row.audience, row.extra_audiences)
    for name, values, catalog in (
        (_("lĩnh vực"), [row.reform_area], ReformArea),
        (_("hình thức"), channels, Channel),
        (_("đối tượng"), audiences, Audience),
        (_("tần suất"), [row.frequency], Frequency),
    ):
        for value in values:
            if value and value not in catalog.values:
                errors.append(_("%(field)s «%(value)s» không có trong danh mục") % {"field": name, "value": value})
    co_leads = [c for c in dict.fromkeys(row.co_leads) if c and c != row.lead_unit]
    unknown = [c for c in co_leads if c not in known]
    if unknown:
        errors.append(_("cơ quan chủ trì không hợp lệ: %(codes)s") % {"codes": ", ".join(unknown)})
    if co_leads and lead is None and not row.lead_group:
        lead, co_leads = known.get(co_leads[0]), co_leads[1:]
    unknown = [c for c in row.coordinating if c and c not in known]
    if unknown:
        errors.append(_("cơ quan phối hợp không hợp lệ: %(codes)s") % {"codes": ", ".join(unknown)})
    if row.deadline is not None and row.deadline.year != plan.year:
        errors.append(
            _("thời hạn %(date)s nằm ngoài năm %(year)s của kế hoạch")
            % {"date": row.deadline.strftime("%d/%m/%Y"), "year": plan.year}
        )
    for name in ("product", "measure", "note", "coordinating_note"):
        column = PlanTask._meta.get_field(name)
        assert isinstance(column, models.CharField)
        limit = column.max_length or 0
        if len(normalize(getattr(row, name) or "")) > limit:
            errors.append(_("«%(field)s» dài quá %(n)s ký tự") % {"field": str(column.verbose_name), "n": limit})
    try:
        quantity = parse_quantity(row.quantity)
    except ValueError:
        errors.append(_("chỉ tiêu «%(value)s» không phải là số") % {"value": row.quantity})
        quantity = None
    if quantity is not None and (quantity < 0 or quantity >= 10**8):
        errors.append(_("chỉ tiêu số lượng phải từ 0 đến dưới 100 triệu"))
        quantity = None
    task = PlanTask(
        plan=plan,
        position=position,
        title=title,
        reform_area=row.reform_area or "",
        channel=channels[0] if channels else "",
        extra_channels=channels[1:],
        audience=audiences[0] if audiences else "",
        extra_audiences=audiences[1:],
        lead_unit=lead,
        lead_group=row.lead_group or "",
        co_leads=co_leads,
        coordinating=[c for c in dict.fromkeys(row.coordinating) if c and c not in co_leads and c != row.lead_unit],
        coordinating_note=normalize(row.coordinating_note or ""),
        deadline=row.deadline,
        frequency=row.frequency or Frequency.ONCE,
        product=normalize(row.product or ""),
        quantity=quantity,
        measure=normalize(row.measure or ""),
        note=normalize(row.note or ""),
        source_task_id=row.source_task_id,
    )
    if row.id:
        task.pk = row.id
    return task, errors


def _first_and_others(first: str, others: list[str]) -> list[str]:
    """The task's values in order, each once: the first one may also be given only among the others."""
    return [v for v in dict.fromkeys([first or "", *(others or [])]) if v]


def task_values(task: PlanTask) -> dict[str, Any]:
    return {name: getattr(task, name) for name in (*TASK_FIELDS, "position", "lead_unit_id", "source_task_id")}
