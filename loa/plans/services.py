"""Writes to plans: create, save a draft, add/change/remove one task, issue with a register number, amend, close.

Every service checks scope first, validates everything before writing anything, and saves with an
audit stamp inside one transaction. Every write locks the plan row first (SELECT … FOR UPDATE; on SQLite the
IMMEDIATE transaction serialises writers), so writers to one plan take turns and each reads what the last one
wrote; an editor that started from an older `revision` gets a conflict (409), never a silent overwrite.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from loa.core.audit import stamp
from loa.core.errors import DomainError, NotFound, PermissionDenied
from loa.core.text import normalize
from loa.core.validation import full_clean_or_raise
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, require
from loa.org.tree import in_subtree, province_path, subtree_q

from . import defaults, notices
from .catalog import PlanStatus, SignMode
from .content import SECTION_NAMES, clean_sections
from .models import Plan, PlanTask, PlanVersion, RegisterEntry
from .selectors import is_issuer_leader, plans_visible
from .tasks_input import TASK_FIELDS, TaskInput, build_tasks
from .versions import GENERAL_FIELDS, issued_copy, snapshot

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "place",
        "symbol",
        "opening",
        "closing",
        "sign_on_behalf",
        "sign_mode",
        "sign_for_title",
        "signer_title",
        "signer_name",
        "parent",
    }
)


def _actor_user(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) else None


def require_issuer_leader(actor: Actor, plan: Plan) -> None:
    if not is_issuer_leader(actor, plan):
        raise PermissionDenied(
            _("Chỉ lãnh đạo của %(unit)s hoặc quản trị hệ thống được ban hành kế hoạch này.")
            % {"unit": plan.issuer.name}
        )


def _require_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise DomainError(
            _("Kế hoạch đã ban hành không sửa trực tiếp được. Hãy chọn «Điều chỉnh kế hoạch» để soạn bản điều chỉnh.")
        )


class PlanConflict(DomainError):
    """A write from an editor that started before someone else's change: nothing is written (409)."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, code="conflict")


def _last_change(plan: Plan) -> tuple[str, str]:
    """Who changed the plan or its appendix last, and when (for the conflict message)."""
    rows = [
        Plan.history.filter(id=plan.pk).select_related("history_user").order_by("-history_date").first(),
        PlanTask.history.filter(plan_id=plan.pk).select_related("history_user").order_by("-history_date").first(),
    ]
    found = [r for r in rows if r is not None]
    if not found:
        return _("người khác"), ""
    last = max(found, key=lambda r: r.history_date)
    who = str(last.history_user) if last.history_user else _("người khác")
    return who, timezone.localtime(last.history_date).strftime("%H:%M %d/%m/%Y")


def _check_plan_revision(plan: Plan, revision: int | None) -> None:
    if revision is None or revision == plan.revision:
        return
    who, when = _last_change(plan)
    raise PlanConflict(
        _(
            "Kế hoạch «%(plan)s» vừa được %(who)s sửa lúc %(when)s, sau khi bạn mở ra (bạn sửa từ lần sửa %(yours)s, "
            "nay là lần %(now)s). Nội dung bạn vừa nhập chưa được lưu và vẫn còn trên trang để sao chép: hãy tải lại "
            "kế hoạch rồi sửa tiếp."
        )
        % {"plan": plan.title, "who": who, "when": when, "yours": revision, "now": plan.revision}
    )


def _check_task_revision(plan: Plan, task: PlanTask, revision: int | None) -> None:
    if revision is None or revision == task.revision:
        return
    who, when = _last_change(plan)
    raise PlanConflict(
        _(
            "Nhiệm vụ «%(task)s» vừa được %(who)s sửa lúc %(when)s, sau khi bạn mở ra (bạn sửa từ lần sửa %(yours)s, "
            "nay là lần %(now)s). Thay đổi của bạn chưa được lưu: hãy đọc lại nhiệm vụ rồi sửa tiếp."
        )
        % {"task": task.title[:80], "who": who, "when": when, "yours": revision, "now": task.revision}
    )


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)


def _bump(plan: Plan) -> None:
    """One more revision for a change of the appendix alone (the task rows carry their own history)."""
    Plan.objects.filter(pk=plan.pk).update(revision=F("revision") + 1, updated_at=timezone.now())
    plan.revision += 1


def require_active_issuer(issuer: OrgUnit) -> None:
    """A unit that has ceased to exist (the 2025 reform ended every district) issues no new plan."""
    if issuer.valid_to is not None and issuer.valid_to < timezone.localdate():
        raise DomainError(_("%(unit)s đã thôi hoạt động, không lập kế hoạch mới được.") % {"unit": issuer.name})


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    issuer: OrgUnit,
    year: int,
    title: str = "",
    parent: Plan | None = None,
    sections: dict[str, Any] | None = None,
    tasks: list[TaskInput] | None = None,
    **fields: Any,
) -> Plan:
    """A new draft with the issuer's defaults (symbol, place, title, signature, recipients, wording)."""
    require(actor, Perm.DRAFT, issuer)
    require_active_issuer(issuer)
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm kế hoạch «%(year)s» không hợp lệ.") % {"year": year})
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(_("Không thể đặt các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    plan = Plan(
        issuer=issuer,
        year=year,
        symbol=defaults.symbol_for(issuer),
        place=defaults.place_for(issuer),
        title=normalize(title) or defaults.title_for(issuer, year),
        opening=defaults.opening_for(issuer, year),
        closing=defaults.closing_for(issuer, year),
        recipients=defaults.recipients_for(issuer),
        created_by=_actor_user(actor),
        **defaults.signature_for(issuer),
    )
    _apply_fields(plan, fields)
    if parent is not None:
        _check_parent(plan, parent)
        plan.parent = parent
    if sections:
        _apply_sections(plan, sections)
        _check_cited_plans(actor, plan)
    full_clean_or_raise(plan)
    stamp(plan, actor=actor, reason="plan.created")
    plan.save()
    if tasks:
        _replace_tasks(plan, tasks, actor)
    return plan


def _apply_fields(plan: Plan, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name == "parent":
            if value is not None:
                _check_parent(plan, value)
            plan.parent = value
        elif name == "sign_mode":
            if value not in SignMode.values:
                raise DomainError(_("Hình thức ký «%(v)s» không hợp lệ.") % {"v": value})
            plan.sign_mode = value
        else:
            setattr(plan, name, normalize(value or "") if name not in {"opening", "closing"} else (value or "").strip())
    if not plan.title:
        raise DomainError(_("Trích yếu của kế hoạch không được để trống."))
    if not plan.symbol:
        raise DomainError(_("Ký hiệu văn bản không được để trống (ví dụ KH-UBND)."))


def _check_parent(plan: Plan, parent: Plan) -> None:
    if parent.pk == plan.pk:
        raise DomainError(_("Một kế hoạch không thể thực hiện chính nó."))
    if parent.status == PlanStatus.DRAFT:
        raise DomainError(_("Kế hoạch cấp trên phải là kế hoạch đã ban hành."))
    if parent.issuer_id == plan.issuer_id or not in_subtree(plan.issuer, parent.issuer):
        raise DomainError(
            _("Kế hoạch cấp trên phải do %(unit)s hoặc một đơn vị cấp trên ban hành.") % {"unit": plan.issuer.name}
        )


def _check_cited_plans(actor: Actor, plan: Plan) -> None:
    """A basis may link only to a plan the actor can read (the link is shown to everyone who reads this one)."""
    ids = {b["plan_id"] for b in plan.bases if b.get("plan_id")}
    visible = set(plans_visible(actor).filter(pk__in=ids).values_list("pk", flat=True))
    missing = sorted(ids - visible - ({plan.pk} if plan.pk else set()))
    if missing:
        raise DomainError(
            _("Căn cứ trích dẫn kế hoạch mã %(ids)s không có hoặc bạn không có quyền xem.")
            % {"ids": ", ".join(map(str, missing))}
        )


def _apply_sections(plan: Plan, sections: dict[str, Any]) -> None:
    unit_codes = (
        set(OrgUnit.objects.filter(subtree_q(province_path(plan.issuer))).values_list("code", flat=True))
        if sections.get("responsibilities")
        else None
    )
    for name, value in clean_sections(sections, unit_codes=unit_codes).items():
        setattr(plan, name, value)
    unnamed = {r["unit"] for r in plan.responsibilities if r.get("unit") and not r.get("label")}
    if unnamed:  # a responsibility picked by unit is titled with the unit's name in the document
        names = dict(OrgUnit.objects.filter(code__in=unnamed).values_list("code", "name"))
        for r in plan.responsibilities:
            r["label"] = r.get("label") or names.get(r.get("unit", ""), r.get("unit", ""))


@transaction.atomic
def plan_save(
    *,
    actor: Actor,
    plan: Plan,
    fields: dict[str, Any] | None = None,
    sections: dict[str, Any] | None = None,
    tasks: list[TaskInput] | None = None,
    revision: int | None = None,
) -> Plan:
    """Save a draft (or an amendment in progress): general fields, narrative sections and the task list.

    `tasks`, when given, is the whole appendix in order: rows with an id keep that task (activities
    may point at it), rows without one are new, and tasks left out are removed. `revision` is the plan's
    revision the editor started from (the editor and the API send it): a stale one is a conflict.
    """
    plan = _locked_plan(plan)
    require(actor, Perm.DRAFT, plan.issuer)
    _require_editable(plan)
    _check_plan_revision(plan, revision)
    if fields:
        unknown = set(fields) - EDITABLE_FIELDS
        if unknown:
            raise DomainError(_("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
        _apply_fields(plan, fields)
    if sections:
        _apply_sections(plan, sections)
        _check_cited_plans(actor, plan)
    if tasks is not None:
        _replace_tasks(plan, tasks, actor)
    plan.revision += 1
    full_clean_or_raise(plan)
    stamp(plan, actor=actor, reason="plan.saved")
    plan.save()
    return plan


def _replace_tasks(plan: Plan, rows: list[TaskInput], actor: Actor) -> None:
    existing = {t.pk: t for t in plan.tasks.all()}
    for row in rows:
        if row.id and row.id not in existing:
            raise DomainError(_("Nhiệm vụ số %(id)s không thuộc kế hoạch này.") % {"id": row.id})
    built = build_tasks(plan, rows)
    keep = {t.pk for t in built if t.pk}
    removed = [t for pk, t in existing.items() if pk not in keep]
    for task in removed:
        stamp(task, actor=actor, reason="plan.task.removed")
        task.delete()
    to_update = [t for t in built if t.pk]
    to_create = [t for t in built if not t.pk]
    for task in to_update:
        task.revision = existing[task.pk].revision + 1
    user = _actor_user(actor)
    if to_update:
        bulk_update_with_history(
            to_update,
            PlanTask,
            [*TASK_FIELDS, "position", "lead_unit", "revision"],
            default_user=user,
            default_change_reason="plan.task.saved",
        )
    if to_create:
        bulk_create_with_history(to_create, PlanTask, default_user=user, default_change_reason="plan.task.created")


TASK_INPUT_FIELDS = frozenset({"lead_unit", *TASK_FIELDS})


@transaction.atomic
def task_add(*, actor: Actor, plan: Plan, data: TaskInput) -> PlanTask:
    """Append one task to the appendix: a row of its own, so two people adding at once both keep theirs."""
    plan = _locked_plan(plan)
    require(actor, Perm.DRAFT, plan.issuer)
    _require_editable(plan)
    data.id = None
    (task,) = build_tasks(plan, [data])
    last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
    task.position = (last or 0) + 1
    full_clean_or_raise(task)
    stamp(task, actor=actor, reason="plan.task.created")
    task.save()
    _bump(plan)
    return task


def _locked_task(plan: Plan, task_id: int) -> PlanTask:
    task = PlanTask.objects.select_for_update(of=("self",)).filter(plan=plan, pk=task_id).first()
    if task is None:
        raise NotFound(_("Không tìm thấy nhiệm vụ trong kế hoạch này."))
    return task


@transaction.atomic
def task_update(
    *,
    actor: Actor,
    plan: Plan,
    task_id: int,
    changes: dict[str, Any],
    position: int | None = None,
    revision: int | None = None,
) -> PlanTask:
    """Change one task (the fields named in `changes`, given as a TaskInput takes them) and optionally move it
    to `position` (1 = first). `revision` is the task's revision the editor read: a stale one is a conflict."""
    plan = _locked_plan(plan)
    require(actor, Perm.DRAFT, plan.issuer)
    _require_editable(plan)
    task = _locked_task(plan, task_id)
    _check_task_revision(plan, task, revision)
    unknown = set(changes) - TASK_INPUT_FIELDS
    if unknown:
        raise DomainError(_("Không thể sửa các trường: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    row = TaskInput.from_task(task)
    for name, value in changes.items():
        setattr(row, name, value)
    # A new lead given alone replaces the old one (unit for group and back); both given are both kept.
    if changes.get("lead_unit") and "lead_group" not in changes:
        row.lead_group = ""
    if changes.get("lead_group") and "lead_unit" not in changes:
        row.lead_unit = ""
    (built,) = build_tasks(plan, [row])
    for name in (*TASK_FIELDS, "lead_unit"):
        setattr(task, name, getattr(built, name))
    task.revision += 1
    full_clean_or_raise(task)
    stamp(task, actor=actor, reason="plan.task.saved")
    task.save()
    if position is not None:
        _move(plan, task, position, actor)
    _bump(plan)
    return task


def _move(plan: Plan, task: PlanTask, position: int, actor: Actor) -> None:
    order = [t for t in plan.tasks.order_by("position", "pk") if t.pk != task.pk]
    order.insert(min(max(position - 1, 0), len(order)), task)
    moved = []
    for index, item in enumerate(order, start=1):
        if item.position != index:
            item.position = index
            moved.append(item)
    if moved:
        bulk_update_with_history(
            moved, PlanTask, ["position"], default_user=_actor_user(actor), default_change_reason="plan.task.saved"
        )


@transaction.atomic
def task_remove(*, actor: Actor, plan: Plan, task_id: int, revision: int | None = None) -> None:
    """Remove one task from the appendix (the audit trail keeps it)."""
    plan = _locked_plan(plan)
    require(actor, Perm.DRAFT, plan.issuer)
    _require_editable(plan)
    task = _locked_task(plan, task_id)
    _check_task_revision(plan, task, revision)
    stamp(task, actor=actor, reason="plan.task.removed")
    task.delete()
    _bump(plan)


def next_register_number(issuer: OrgUnit, year: int) -> int:
    """The number a clerk would give next: one more than the highest taken in Loa's register that year."""
    last = RegisterEntry.objects.filter(issuer=issuer, year=year).order_by("-number").values_list("number", flat=True)
    return (last.first() or 0) + 1


@dataclass
class IssueInput:
    number: int | None
    issued_on: date | None
    signer_name: str = ""
    signer_title: str | None = None


@transaction.atomic
def plan_issue(*, actor: Actor, plan: Plan, data: IssueInput) -> Plan:
    """Issue a draft (version 1) or an amendment (version n+1): take the number, freeze the text."""
    # Lock the issuer row: two clerks issuing at once must not both take the same number.
    OrgUnit.objects.select_for_update().filter(pk=plan.issuer_id).first()
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer", "issuer__parent").get(pk=plan.pk)
    require_issuer_leader(actor, plan)
    if not plan.is_editable:
        raise DomainError(_("Kế hoạch này đã ban hành; muốn thay đổi hãy điều chỉnh kế hoạch."))
    signer_name = normalize(data.signer_name or plan.signer_name)
    missing = []
    if data.number is None:
        missing.append(_("số văn bản"))
    if data.issued_on is None:
        missing.append(_("ngày ban hành"))
    if not signer_name:
        missing.append(_("họ tên người ký"))
    if missing:
        raise DomainError(_("Chưa ban hành được: còn thiếu %(what)s.") % {"what": ", ".join(missing)})
    assert data.number is not None and data.issued_on is not None
    if data.number < 1 or data.number > 99999:
        raise DomainError(_("Số văn bản phải là số nguyên từ 1 đến 99999."))
    today = timezone.localdate()
    if data.issued_on > today:
        raise DomainError(_("Ngày ban hành %(d)s chưa đến.") % {"d": data.issued_on.strftime("%d/%m/%Y")})
    if data.issued_on.year not in (plan.year - 1, plan.year):
        raise DomainError(
            _("Ngày ban hành %(d)s không phù hợp với kế hoạch năm %(y)s (chỉ trong năm %(y)s hoặc cuối năm trước).")
            % {"d": data.issued_on.strftime("%d/%m/%Y"), "y": plan.year}
        )
    register_year = data.issued_on.year
    taken = RegisterEntry.objects.filter(issuer=plan.issuer, year=register_year, number=data.number).first()
    if taken is not None:
        raise DomainError(_duplicate_message(plan, data.number, register_year, taken))
    tasks = list(plan.tasks.select_related("lead_unit").order_by("position", "pk"))
    if not tasks:
        raise DomainError(_("Kế hoạch chưa có nhiệm vụ nào trong phụ lục: hãy thêm ít nhất một nhiệm vụ."))
    build_tasks(plan, [TaskInput.from_task(t) for t in tasks])  # deadlines and leads still valid
    plan.number = data.number
    plan.issued_on = data.issued_on
    plan.signer_name = signer_name
    if data.signer_title is not None:
        plan.signer_title = normalize(data.signer_title)
    plan.status = PlanStatus.ISSUED
    plan.amending = False
    plan.version += 1
    plan.revision += 1
    user = _actor_user(actor)
    try:
        with transaction.atomic():
            entry = RegisterEntry(
                issuer=plan.issuer,
                year=register_year,
                number=data.number,
                symbol=plan.symbol,
                issued_on=data.issued_on,
                title=plan.title[:500],
                plan=plan,
                created_by=user,
            )
            stamp(entry, actor=actor, reason="register.number_taken")
            entry.save()
    except IntegrityError:
        raise DomainError(_duplicate_message(plan, data.number, register_year, None)) from None
    full_clean_or_raise(plan)
    stamp(plan, actor=actor, reason="plan.issued" if plan.version == 1 else "plan.amended")
    plan.save()
    PlanVersion.objects.create(
        plan=plan,
        version=plan.version,
        number=data.number,
        symbol=plan.symbol,
        issued_on=data.issued_on,
        snapshot=snapshot(plan, tasks),
        issued_by=user,
    )
    notices.plan_issued(plan)
    return plan


def _duplicate_message(plan: Plan, number: int, year: int, taken: RegisterEntry | None) -> str:
    message = _("Số %(number)s đã được cấp trong sổ văn bản năm %(year)s của %(unit)s") % {
        "number": f"{number:02d}",
        "year": year,
        "unit": plan.issuer.name,
    }
    if taken is not None:
        message += _(" (%(ref)s ngày %(date)s)") % {
            "ref": f"{taken.number:02d}/{taken.symbol}",
            "date": taken.issued_on.strftime("%d/%m/%Y"),
        }
    return message + _(". Mỗi số chỉ được cấp một lần; hãy dùng số khác.")


@transaction.atomic
def plan_amend(*, actor: Actor, plan: Plan) -> Plan:
    """Open an issued plan for amendment; the issued version stays the baseline until re-issued."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    require(actor, Perm.DRAFT, plan.issuer)
    if plan.status != PlanStatus.ISSUED:
        raise DomainError(_("Chỉ điều chỉnh được kế hoạch đang có hiệu lực (đã ban hành, chưa kết thúc)."))
    if plan.amending:
        raise DomainError(_("Kế hoạch đang được điều chỉnh."))
    plan.amending = True
    plan.revision += 1
    stamp(plan, actor=actor, reason="plan.amendment.started")
    plan.save()
    return plan


@transaction.atomic
def plan_amend_discard(*, actor: Actor, plan: Plan) -> Plan:
    """Drop an amendment in progress: the plan returns to its last issued text."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    require(actor, Perm.DRAFT, plan.issuer)
    if not (plan.status == PlanStatus.ISSUED and plan.amending):
        raise DomainError(_("Kế hoạch không có bản điều chỉnh nào đang soạn."))
    issued, issued_tasks = issued_copy(plan)
    for name in (*GENERAL_FIELDS, *SECTION_NAMES, "parent_id"):
        setattr(plan, name, getattr(issued, name))
    existing = set(plan.tasks.values_list("pk", flat=True))
    rows = [TaskInput.from_task(t) for t in issued_tasks]
    for row in rows:
        row.id = row.id if row.id in existing else None  # a task removed meanwhile comes back as a new row
    _replace_tasks(plan, rows, actor)
    plan.amending = False
    plan.revision += 1
    stamp(plan, actor=actor, reason="plan.amendment.discarded")
    plan.save()
    return plan


def year_cutoff(year: int) -> date:
    """The yearly data cut-off (14/12, Nghị định 09/2019): a plan's year ends for reporting then."""
    return date(year, 12, 14)


@transaction.atomic
def plan_close(*, actor: Actor, plan: Plan, today: date | None = None) -> Plan:
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    require_issuer_leader(actor, plan)
    if plan.status != PlanStatus.ISSUED or plan.amending:
        raise DomainError(_("Chỉ kết thúc được kế hoạch đã ban hành và không có bản điều chỉnh đang soạn."))
    day = today or timezone.localdate()
    if day <= year_cutoff(plan.year):
        raise DomainError(
            _("Kế hoạch năm %(y)s chỉ kết thúc được sau ngày chốt số liệu năm (%(d)s).")
            % {"y": plan.year, "d": year_cutoff(plan.year).strftime("%d/%m/%Y")}
        )
    plan.status = PlanStatus.CLOSED
    plan.revision += 1
    plan.closed_at = datetime.now(tz=timezone.get_current_timezone())
    stamp(plan, actor=actor, reason="plan.closed")
    plan.save()
    return plan


@transaction.atomic
def plan_delete_draft(*, actor: Actor, plan: Plan) -> None:
    """Delete a draft that was never issued (the audit trail keeps its content)."""
    plan = Plan.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=plan.pk)
    require(actor, Perm.DRAFT, plan.issuer)
    if plan.status != PlanStatus.DRAFT or plan.version:
        raise DomainError(_("Chỉ xóa được dự thảo chưa ban hành lần nào."))
    for task in plan.tasks.all():
        stamp(task, actor=actor, reason="plan.deleted")
        task.delete()
    stamp(plan, actor=actor, reason="plan.deleted")
    plan.delete()
