"""Writes of the import: keep what was read for review, then make the draft plan from it.

`read` alone writes nothing (the CLI's --dry-run and the API's preview use it). `import_start`
keeps the text and the extraction for the review screen; `import_save` turns the reviewed
extraction into a draft plan. Both check the actor may draft plans for the unit, and both are
all-or-nothing.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loa.core.audit import stamp
from loa.core.errors import DomainError
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, require, units
from loa.org.selectors import current_q
from loa.plans.models import Plan
from loa.plans.selectors import plan_tasks
from loa.plans.services import plan_create, plan_save, require_active_issuer
from loa.plans.tasks_input import TaskInput

from .appendix import AppendixPreview, read_appendix, table_from_text
from .drafts import draft_input
from .extract import Extraction, extract
from .issuer import issuer_key, unit_keys
from .models import DocumentImport, ImportStatus
from .readers import check_size as check_size
from .readers import read_document
from .source import Source


@dataclass
class Reading:
    name: str
    size: int
    sha256: str
    source: Source
    extraction: Extraction

    def result(self) -> dict[str, Any]:
        return self.extraction.as_json()


def read(name: str, data: bytes) -> Reading:
    """Read and extract one file; `DocumentError` (a DomainError) for anything that cannot be imported."""
    source = read_document(name, data)
    return Reading(name, len(data), hashlib.sha256(data).hexdigest(), source, extract(source))


@transaction.atomic
def import_start(
    *, actor: Actor, unit: OrgUnit, name: str, data: bytes, reading: Reading | None = None
) -> DocumentImport:
    """Keep what was read for review (`reading`, when the caller has already read `data`, saves reading twice)."""
    require(actor, Perm.DRAFT, unit)
    require_active_issuer(unit)
    reading = reading or read(name, data)
    result = reading.result()
    record = DocumentImport(
        unit=unit,
        filename=name[:255],
        kind=reading.source.kind,
        size=reading.size,
        sha256=reading.sha256,
        text=reading.extraction.text,
        result=result,
        extracted=result,
        created_by=actor if isinstance(actor, User) else None,
    )
    stamp(record, actor=actor, reason="import.read")
    record.save()
    return record


@transaction.atomic
def import_save(
    *, actor: Actor, record: DocumentImport, result: dict[str, Any] | None = None, unit: OrgUnit | None = None
) -> Plan:
    """The draft plan made from the (reviewed) extraction; the record remembers it. `unit`: the unit the officer
    chose for the draft at review (the document named another issuer), instead of the one chosen at upload."""
    record = DocumentImport.objects.select_for_update().select_related("unit").get(pk=record.pk)
    require(actor, Perm.DRAFT, record.unit)
    if unit is not None and unit.pk != record.unit_id:
        require(actor, Perm.DRAFT, unit)
        require_active_issuer(unit)
        record.unit = unit
    if record.status == ImportStatus.SAVED:
        raise DomainError(
            _("Văn bản «%(name)s» đã được lưu thành dự thảo kế hoạch trước đó.") % {"name": record.filename}
        )
    if result is not None:
        record.result = result
    require_plan_like(record.result)
    draft = draft_input(actor, record.unit, record.result)
    if not draft.title:
        raise DomainError(_("Chưa có trích yếu (tên) của kế hoạch: hãy nhập trích yếu trước khi lưu."))
    plan = plan_create(
        actor=actor,
        issuer=record.unit,
        year=draft.year,
        title=draft.title,
        parent=draft.parent,
        sections=draft.sections,
        tasks=draft.tasks,
        **draft.fields,
    )
    record.plan = plan
    record.status = ImportStatus.SAVED
    stamp(record, actor=actor, reason="import.saved")
    record.save()
    return plan


# Documents a draft plan can be made from: plans, programmes, schemes, and decisions issuing one.
PLAN_TYPES = frozenset({"KH", "CTr", "QĐ", "ĐA", "PA", ""})
TYPE_NAMES = {
    "BC": gettext_lazy("báo cáo"),
    "CV": gettext_lazy("công văn"),
    "TB": gettext_lazy("thông báo"),
    "HD": gettext_lazy("hướng dẫn"),
    "TTr": gettext_lazy("tờ trình"),
    "NQ": gettext_lazy("nghị quyết"),
    "CT": gettext_lazy("chỉ thị"),
    "CĐ": gettext_lazy("công điện"),
}


def is_plan_like(result: dict[str, Any]) -> bool:
    return (result.get("doc_type") or "") in PLAN_TYPES


def require_plan_like(result: dict[str, Any]) -> None:
    doc_type = result.get("doc_type") or ""
    if doc_type not in PLAN_TYPES:
        raise DomainError(
            _(
                "Văn bản này là %(kind)s (%(abbr)s), không phải kế hoạch: Loa chỉ lập dự thảo kế hoạch từ kế hoạch, "
                "chương trình, đề án hoặc quyết định ban hành kế hoạch. Nội dung trích xuất vẫn xem được."
            )
            % {"kind": TYPE_NAMES.get(doc_type, doc_type), "abbr": doc_type}
        )


def guess_unit(actor: Actor, issuer: str) -> OrgUnit | None:
    """The unit the document names as its issuer, when exactly one unit in the actor's reach has that name."""
    wanted = issuer_key(issuer)
    if not wanted:
        return None
    matches = [
        unit
        for unit in units(actor, Perm.DRAFT).filter(current_q()).select_related("parent")
        if wanted in unit_keys(unit)
    ]
    return matches[0] if len(matches) == 1 else None


def import_file(
    *, actor: Actor, unit: OrgUnit, name: str, data: bytes, reading: Reading | None = None
) -> tuple[DocumentImport, Plan]:
    """Read and save in one go (the command line): nothing is written unless the draft is made."""
    with transaction.atomic():
        record = import_start(actor=actor, unit=unit, name=name, data=data, reading=reading)
        plan = import_save(actor=actor, record=record)
    record.refresh_from_db()
    return record, plan


def appendix_preview(*, actor: Actor, plan: Plan, table: list[list[str]]) -> AppendixPreview:
    """What an appendix table would add to `plan`, row by row with its problems; writes nothing (the page's and the
    API's preview, `loa plan appendix --dry-run`)."""
    require(actor, Perm.DRAFT, plan.issuer)
    return read_appendix(plan, table)


@transaction.atomic
def appendix_add(*, actor: Actor, plan: Plan, text: str, revision: int | None) -> int:
    """Add the tasks of an appendix (the tab-separated rows the preview showed) after the plan's own, all or none:
    a row with an error adds nothing. `revision` is the plan's revision the preview was read against, so rows read
    for an appendix someone changed meanwhile are a conflict, not a surprise. Returns how many tasks were added."""
    require(actor, Perm.DRAFT, plan.issuer)
    preview = read_appendix(plan, table_from_text(text))
    if preview.errors:
        raise DomainError(" ".join(preview.errors))
    kept = [TaskInput.from_task(task) for task in plan_tasks(plan)]
    plan_save(actor=actor, plan=plan, tasks=[*kept, *preview.tasks], revision=revision)
    return len(preview.tasks)
