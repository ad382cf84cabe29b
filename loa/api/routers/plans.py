"""Plans and their tasks. Thin: parse, call a selector or service, shape the output."""

from dataclasses import asdict
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from loa.core.errors import DomainError
from loa.core.http import download
from loa.intake.appendix import problem_text, table_from_text
from loa.intake.services import appendix_add, appendix_preview
from loa.org.models import OrgUnit
from loa.org.scope import Perm, get_in_scope
from loa.org.selectors import unit_by_code
from loa.plans import selectors, services
from loa.plans.cascade import cascade, cascade_targets, implementing_plans
from loa.plans.document import plan_file
from loa.plans.models import Plan
from loa.plans.serialize import plan_detail_data, plan_summary, task_data
from loa.plans.tasks_input import TaskInput

from ..pagination import Pagination
from ..schemas import CONFLICT_ERRORS, ErrorOut

router = Router(tags=["Kế hoạch"])


class UnitRef(Schema):
    code: str
    name: str


class PlanOut(Schema):
    id: int
    number: str | None
    issuer: UnitRef
    year: int
    status: Literal["draft", "issued", "closed"]
    amending: bool
    version: int
    revision: int  # send it back with a PATCH: a change made meanwhile gives 409 instead of being overwritten
    issued_on: date | None
    title: str
    parent_id: int | None


class PlanRowOut(PlanOut):
    """A plan of a list, read from the database row by row (the list pages in the database)."""

    @staticmethod
    def resolve_number(plan: Plan) -> str | None:
        return plan.number_symbol if plan.number is not None else None


class TaskOut(Schema):
    id: int
    position: int
    title: str
    reform_area: str
    channel: str
    extra_channels: list[str]  # further channels after `channel`
    audience: str
    extra_audiences: list[str]  # further audiences after `audience`
    lead_unit: UnitRef | None
    lead_group: str
    co_leads: list[UnitRef]  # further lead units after `lead_unit` and `lead_group`
    coordinating: list[str]
    coordinating_note: str
    deadline: date | None
    frequency: str
    product: str
    quantity: float | None
    measure: str
    note: str
    source_task_id: int | None
    revision: int  # send it back with a PATCH of this task


class PlanDetailOut(PlanOut):
    doc_type: str
    symbol: str
    place: str
    opening: str
    closing: str
    bases: list[dict[str, Any]]
    purposes: list[str]
    requirements: list[str]
    audiences: list[str]
    contents: list[dict[str, Any]]
    forms: list[dict[str, Any]]
    objectives: list[dict[str, Any]]
    # Objectives computed on the channel registry: measure code → {done, total, percent, text ("34/69 xã")}.
    measured: dict[str, dict[str, Any]] = {}
    responsibilities: list[dict[str, Any]]
    recipients: list[str]
    sign_on_behalf: str
    sign_mode: str
    sign_for_title: str
    signer_title: str
    signer_name: str
    tasks: list[TaskOut]


class TaskIn(Schema):
    title: str
    lead_unit: str = ""
    lead_group: str = ""
    co_leads: list[str] = []  # unit codes
    reform_area: str = ""
    channel: str = ""
    extra_channels: list[str] = []
    audience: str = ""
    extra_audiences: list[str] = []
    coordinating: list[str] = []
    coordinating_note: str = ""
    deadline: date | None = None
    frequency: str = "once"
    product: str = ""
    quantity: float | str | None = None
    measure: str = ""
    note: str = ""


class TaskPatch(Schema):
    revision: int  # the task's revision as read; a stale one is refused with 409
    title: str | None = None
    lead_unit: str | None = None
    lead_group: str | None = None
    co_leads: list[str] | None = None
    reform_area: str | None = None
    channel: str | None = None
    extra_channels: list[str] | None = None
    audience: str | None = None
    extra_audiences: list[str] | None = None
    coordinating: list[str] | None = None
    coordinating_note: str | None = None
    deadline: date | None = None
    frequency: str | None = None
    product: str | None = None
    quantity: float | str | None = None
    measure: str | None = None
    note: str | None = None
    position: int | None = None


class PlanIn(Schema):
    issuer: str
    year: int
    title: str = ""
    parent_id: int | None = None
    sections: dict[str, Any] = {}
    tasks: list[TaskIn] = []


class PlanPatch(Schema):
    revision: int  # the plan's revision as read; a stale one is refused with 409
    title: str | None = None
    place: str | None = None
    symbol: str | None = None
    opening: str | None = None
    closing: str | None = None
    sign_on_behalf: str | None = None
    sign_mode: str | None = None
    sign_for_title: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    parent_id: int | None = None
    sections: dict[str, Any] | None = None


class AppendixIn(Schema):
    text: str  # the appendix's rows, tab-separated, with or without the header row (as copied from Word or Excel)
    revision: int | None = None  # the plan's revision as read; a stale one is refused with 409
    dry_run: bool = False  # read and check only


class AppendixRowOut(Schema):
    number: int  # the row of the table given (the header row is 1)
    task: TaskIn
    problems: list[str]


class AppendixOut(Schema):
    rows: list[AppendixRowOut]
    errors: list[str]
    added: int


class IssueIn(Schema):
    number: int | None = None
    issued_on: date | None = None
    signer_name: str = ""


class CascadeIn(Schema):
    all: bool = False
    units: list[str] = []


class CascadeOut(Schema):
    created: list[PlanOut]
    skipped: list[str]


class ImplementingOut(Schema):
    unit: UnitRef
    plan: PlanOut | None


class PlanFilter(Schema):
    issuer: str = ""
    year: int | None = None
    status: Literal["", "draft", "issued", "closed"] = ""
    q: str = ""


def _parent(request: HttpRequest, parent_id: int | None) -> Plan | None:
    return selectors.plan_get(actor=request.user, pk=parent_id) if parent_id else None


@router.get("/plans", response=list[PlanRowOut])
@paginate(Pagination)
def plan_list(request: HttpRequest, filters: Query[PlanFilter]) -> Any:
    issuer = unit_by_code(actor=request.user, code=filters.issuer) if filters.issuer else None
    return selectors.plan_list(
        actor=request.user, year=filters.year, status=filters.status, issuer=issuer, query=filters.q
    )


@router.post("/plans", response={201: PlanDetailOut, **CONFLICT_ERRORS})
def plan_create(request: HttpRequest, payload: PlanIn) -> Any:
    issuer = get_in_scope(OrgUnit.objects.all(), request.user, Perm.DRAFT, unit_path="path", code=payload.issuer)
    plan = services.plan_create(
        actor=request.user,
        issuer=issuer,
        year=payload.year,
        title=payload.title,
        parent=_parent(request, payload.parent_id),
        sections=payload.sections,
        tasks=[TaskInput(**t.model_dump()) for t in payload.tasks],
    )
    return Status(201, plan_detail_data(plan))


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, 404: ErrorOut})
def plan_detail(request: HttpRequest, plan_id: int) -> Any:
    return plan_detail_data(*selectors.plan_as_read(request.user, selectors.plan_get(actor=request.user, pk=plan_id)))


@router.patch("/plans/{plan_id}", response={200: PlanDetailOut, **CONFLICT_ERRORS})
def plan_update(request: HttpRequest, plan_id: int, payload: PlanPatch) -> Any:
    """Change the plan's fields or sections; `revision` must be the one read (409 when it changed meanwhile)."""
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    changes = payload.model_dump(exclude_unset=True)
    revision = changes.pop("revision")
    sections = changes.pop("sections", None)
    if "parent_id" in changes:
        changes["parent"] = _parent(request, changes.pop("parent_id"))
    plan = services.plan_save(actor=request.user, plan=plan, fields=changes, sections=sections, revision=revision)
    return plan_detail_data(plan)


@router.get("/plans/{plan_id}/tasks", response={200: list[TaskOut], 404: ErrorOut})
def task_list(request: HttpRequest, plan_id: int) -> Any:
    _plan, tasks = selectors.plan_as_read(request.user, selectors.plan_get(actor=request.user, pk=plan_id))
    return [task_data(t) for t in tasks]


@router.post("/plans/{plan_id}/tasks", response={201: TaskOut, **CONFLICT_ERRORS})
def task_add(request: HttpRequest, plan_id: int, payload: TaskIn) -> Any:
    """Append one task; people adding at the same time each keep theirs."""
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    task = services.task_add(actor=request.user, plan=plan, data=TaskInput(**payload.model_dump()))
    return Status(201, task_data(selectors.plan_tasks(plan).get(pk=task.pk)))


@router.post("/plans/{plan_id}/appendix", response={200: AppendixOut, **CONFLICT_ERRORS})
def appendix_import(request: HttpRequest, plan_id: int, payload: AppendixIn) -> Any:
    """Add the tasks of pasted appendix rows, all or none (`dry_run`: only read them, with every problem by row)."""
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    preview = appendix_preview(actor=request.user, plan=plan, table=table_from_text(payload.text))
    added = 0
    if not payload.dry_run:
        added = appendix_add(actor=request.user, plan=plan, text=preview.text, revision=payload.revision)
    rows = [
        {"number": r.number, "task": asdict(r.task), "problems": [problem_text(r.number, p) for p in r.problems]}
        for r in preview.rows
    ]
    return {"rows": rows, "errors": preview.errors, "added": added}


@router.patch("/plans/{plan_id}/tasks/{task_id}", response={200: TaskOut, **CONFLICT_ERRORS})
def task_update(request: HttpRequest, plan_id: int, task_id: int, payload: TaskPatch) -> Any:
    """Change one task; `revision` must be the task's as read (409 when it changed meanwhile)."""
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    changes = payload.model_dump(exclude_unset=True)
    revision, position = changes.pop("revision"), changes.pop("position", None)
    lists = {"co_leads", "extra_channels", "extra_audiences", "coordinating"}
    changes = {
        k: v if v is not None else (None if k == "deadline" else [] if k in lists else "") for k, v in changes.items()
    }
    services.task_update(
        actor=request.user, plan=plan, task_id=task_id, changes=changes, position=position, revision=revision
    )
    return task_data(selectors.plan_tasks(plan).get(pk=task_id))


@router.delete("/plans/{plan_id}/tasks/{task_id}", response={204: None, **CONFLICT_ERRORS})
def task_delete(request: HttpRequest, plan_id: int, task_id: int) -> Any:
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    services.task_remove(actor=request.user, plan=plan, task_id=task_id)
    return Status(204, None)


@router.post("/plans/{plan_id}/issue", response={200: PlanOut, **CONFLICT_ERRORS})
def plan_issue(request: HttpRequest, plan_id: int, payload: IssueIn) -> Any:
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    data = services.IssueInput(number=payload.number, issued_on=payload.issued_on, signer_name=payload.signer_name)
    return plan_summary(services.plan_issue(actor=request.user, plan=plan, data=data))


@router.post("/plans/{plan_id}/amend", response={200: PlanOut, **CONFLICT_ERRORS})
def plan_amend(request: HttpRequest, plan_id: int) -> Any:
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    return plan_summary(services.plan_amend(actor=request.user, plan=plan))


@router.post("/plans/{plan_id}/close", response={200: PlanOut, **CONFLICT_ERRORS})
def plan_close(request: HttpRequest, plan_id: int) -> Any:
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    return plan_summary(services.plan_close(actor=request.user, plan=plan))


@router.post("/plans/{plan_id}/cascade", response={200: CascadeOut, **CONFLICT_ERRORS})
def plan_cascade(request: HttpRequest, plan_id: int, payload: CascadeIn) -> Any:
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    if not payload.all and not payload.units:
        raise DomainError(_("Hãy chọn «all»: true hoặc liệt kê mã đơn vị trong «units»."))
    targets = cascade_targets(actor=request.user, codes=None if payload.all else payload.units)
    result = cascade(actor=request.user, plan=plan, targets=targets)
    return {"created": [plan_summary(p) for p in result.created], "skipped": [u.code for u, _p in result.skipped]}


@router.get("/plans/{plan_id}/implementing", response={200: list[ImplementingOut], 404: ErrorOut})
def plan_implementing(request: HttpRequest, plan_id: int) -> Any:
    plan = selectors.plan_get(actor=request.user, pk=plan_id)
    return [{"unit": u, "plan": plan_summary(c) if c else None} for u, c in implementing_plans(request.user, plan)]


@router.get("/plans/{plan_id}/export", response={200: None, **CONFLICT_ERRORS})
def plan_export(request: HttpRequest, plan_id: int, format: Literal["docx", "pdf", "xlsx"] = "docx") -> Any:
    plan, tasks = selectors.plan_as_read(request.user, selectors.plan_get(actor=request.user, pk=plan_id))
    return download(plan_file(plan, tasks, format))
