"""Task progress: a plan's progress (target against achieved, per task and unit) and a unit's tasks."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from loa.activity.progress import TaskProgress, percent, plan_progress_for, unit_rows
from loa.core.catalogs import ReformArea, label
from loa.core.errors import NotFound
from loa.org.scope import Perm, can
from loa.org.selectors import unit_by_code

from ..schemas import ERRORS, UnitRef

router = Router(tags=["Tiến độ nhiệm vụ"])


class ProgressOut(Schema):
    task_id: int
    task: str
    plan_id: int
    unit: UnitRef
    deadline: dt.date | None
    target: float | None
    achieved: float
    activities: int
    percent: int
    status: Literal["not_started", "in_progress", "done", "overdue"]
    other_measures: dict[str, int]  # unit of measure → activities whose quantity is not added (another unit)


class RatioOut(Schema):
    key: str
    label: str
    percent: int


class PlanProgressOut(Schema):
    plan_id: int
    percent: int | None
    by_status: dict[str, int]
    by_unit: list[RatioOut]
    by_area: list[RatioOut]
    rows: list[ProgressOut]


def _progress_row(row: TaskProgress) -> dict[str, Any]:
    return {
        "task_id": row.task.pk,
        "task": row.task.title,
        "plan_id": row.task.plan_id,
        "unit": row.unit,
        "deadline": row.task.deadline,
        "target": float(row.target) if row.target is not None else None,
        "achieved": float(row.achieved),
        "activities": row.activities,
        "percent": row.percent,
        "status": row.status,
        "other_measures": row.other_measures,
    }


@router.get("/plans/{plan_id}/progress", response={200: PlanProgressOut, **ERRORS})
def plan_progress_view(request: HttpRequest, plan_id: int) -> Any:
    """Target vs achieved for every task and responsible unit; units below see their own rows only."""
    plan, progress = plan_progress_for(request.user, plan_id)
    return {
        "plan_id": plan.pk,
        "percent": percent(progress.overall) if progress.overall is not None else None,
        "by_status": progress.by_status,
        "by_unit": [{"key": u.code, "label": u.name, "percent": percent(r)} for u, r in progress.by_unit],
        "by_area": [{"key": a, "label": label(ReformArea, a), "percent": percent(r)} for a, r in progress.by_area],
        "rows": [_progress_row(r) for r in progress.rows],
    }


@router.get("/units/{code}/tasks", response={200: list[ProgressOut], **ERRORS})
def unit_tasks(request: HttpRequest, code: str) -> Any:
    """The unit's tasks from issued plans, with deadlines and progress (its sections' included)."""
    unit = unit_by_code(actor=request.user, code=code)
    if not can(request.user, Perm.VIEW, unit):
        raise NotFound(_("Đơn vị %(code)s không thuộc phạm vi của bạn.") % {"code": code})
    return [_progress_row(r) for r in unit_rows(unit)]
