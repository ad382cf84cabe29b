"""Plans as plain JSON-ready dicts, shared by the CLI (`loa plan … --json`) and the REST API."""

from typing import Any

from .assignment import lead_names, name_units
from .models import Plan, PlanTask
from .selectors import objective_measures
from .versions import snapshot


def plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "number": plan.number_symbol if plan.number is not None else None,
        "issuer": {"code": plan.issuer.code, "name": plan.issuer.name},
        "year": plan.year,
        "status": plan.status,
        "amending": plan.amending,
        "version": plan.version,
        "revision": plan.revision,
        "issued_on": plan.issued_on,
        "title": plan.title,
        "parent_id": plan.parent_id,
    }


def task_data(task: PlanTask) -> dict[str, Any]:
    return {
        "id": task.pk,
        "position": task.position,
        "title": task.title,
        "reform_area": task.reform_area,
        "channel": task.channel,
        "extra_channels": list(task.extra_channels),
        "audience": task.audience,
        "extra_audiences": list(task.extra_audiences),
        "lead_unit": {"code": task.lead_unit.code, "name": task.lead_unit.name} if task.lead_unit else None,
        "lead_group": task.lead_group,
        "co_leads": [{"code": c, "name": n} for c, n in zip(task.co_leads, lead_names(task), strict=True)],
        "coordinating": list(task.coordinating),
        "coordinating_note": task.coordinating_note,
        "deadline": task.deadline,
        "frequency": task.frequency,
        "product": task.product,
        "quantity": float(task.quantity) if task.quantity is not None else None,
        "measure": task.measure,
        "note": task.note,
        "source_task_id": task.source_task_id,
        "revision": task.revision,
    }


def plan_detail_data(plan: Plan, tasks: list[PlanTask] | None = None) -> dict[str, Any]:
    if tasks is None:
        tasks = list(plan.tasks.select_related("lead_unit").order_by("position", "pk"))
        name_units(tasks)
    data = snapshot(plan, tasks)
    for key in ("tasks", "issuer", "number", "issued_on"):
        data.pop(key)  # the summary has them in their public form
    measured = {
        code: {
            "done": m.done,
            "total": m.total,
            "percent": None if m.percent is None else float(m.percent),
            "text": m.text,
        }
        for code, m in objective_measures(plan).items()
    }
    return {**plan_summary(plan), **data, "measured": measured, "tasks": [task_data(t) for t in tasks]}
