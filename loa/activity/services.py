"""Writes to activities: create, update, delete one (checked by `validation`), insert an import's rows, remember an
imported file."""

from collections.abc import Sequence
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from loa.core.audit import stamp
from loa.core.errors import Conflict, DomainError
from loa.core.text import normalize
from loa.core.validation import full_clean_or_raise
from loa.org.models import OrgUnit, User
from loa.org.scope import Actor, Perm, require
from loa.plans.models import PlanTask

from . import rollup
from .evidence import Upload, evidence_add
from .locks import require_unlocked
from .models import Activity, ActivityImport
from .validation import ActivityInput as ActivityInput  # the input of create and update, importable with them
from .validation import ActivityInvalid, build_activity
from .validation import activity_input as activity_input

# Fields an edit may change; the unit, the author and the timestamps stay.
UPDATABLE = (
    "outlet",
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


class StaleActivity(Conflict):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Hoạt động này vừa được người khác sửa sau khi bạn mở nó; thay đổi của bạn chưa được lưu. "
                "Hãy tải lại trang để xem bản mới rồi sửa lại."
            )
        )


@transaction.atomic
def activity_create(
    *,
    actor: Actor,
    unit: OrgUnit,
    data: ActivityInput,
    files: Sequence[Upload] = (),
    device_id: UUID | None = None,
    file_ids: Sequence[UUID | None] = (),
) -> Activity:
    """Record one activity, with its task links and evidence files, all or nothing. An activity recorded offline
    brings the ids its device gave it and its files (`file_ids`, in the order of `files`)."""
    require(actor, Perm.EDIT, unit)
    activity, errors = build_activity(unit, data)
    if errors:
        raise ActivityInvalid(errors)
    tasks = linkable_tasks(actor, data.tasks or [])
    require_unlocked(activity)
    activity.created_by = actor if isinstance(actor, User) else None
    activity.device_id = device_id
    stamp(activity, actor=actor, reason="activity.created")
    activity.save()
    rollup.apply(added=[rollup.contribution(activity)])
    if tasks:
        activity.tasks.set(tasks)
    ids: list[UUID | None] = [*file_ids, *[None] * (len(files) - len(file_ids))]
    for (name, size, content), file_id in zip(files, ids, strict=False):
        evidence_add(actor=actor, activity=activity, name=name, size=size, content=content, device_id=file_id)
    return activity


@transaction.atomic
def activity_update(
    *, actor: Actor, activity: Activity, data: ActivityInput, expected_revision: int | None = None
) -> Activity:
    """Change an activity in place (its unit stays); refused while a submitted report counts it, and, when the
    caller says which revision it edited (`expected_revision`), refused with a 409 if the activity changed since."""
    require(actor, Perm.EDIT, activity.unit)
    require_unlocked(activity, day=data.date)
    changed, errors = build_activity(activity.unit, data)
    if errors:
        raise ActivityInvalid(errors)
    tasks = linkable_tasks(actor, data.tasks) if data.tasks is not None else None
    # The totals to take back are those of the row as stored, read under a lock (not the caller's copy).
    stored = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    if expected_revision is not None and stored.revision != expected_revision:
        raise StaleActivity()
    before = rollup.contribution(stored)
    for name in UPDATABLE:
        setattr(activity, name, getattr(changed, name))
    activity.revision = stored.revision + 1
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


def import_record(
    *, actor: Actor, unit: OrgUnit, sha256: str, name: str, rows: int, imported: int, skipped: int
) -> ActivityImport:
    """Remember a file imported into the unit (callers hold the import's transaction), audited like any write."""
    require(actor, Perm.EDIT, unit)
    record = ActivityImport(
        unit=unit,
        sha256=sha256,
        name=normalize(name)[:255],
        rows=rows,
        imported=imported,
        skipped=skipped,
        imported_by=actor if isinstance(actor, User) else None,
    )
    full_clean_or_raise(record)
    stamp(record, actor=actor, reason="activity.file_imported")
    record.save()
    return record
