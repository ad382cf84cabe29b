"""Recognising an import that repeats what a unit already has: the same file (its content hash) and rows identical
to existing activities of the unit.

Identity of an activity within its unit: the day and the end day, the channel, the reform areas, the title and the
description, the figures (quantity, unit of measure, people reached, participants, cost), the audience, the link and
the plan tasks it fulfils. Text is compared normalised (NFC, white space collapsed) and case-folded, so "Tin  CCHC"
and "tin cchc" are the same row; diacritics count ("mã" is not "ma"). The status is not part of it: the same
activity entered once as a draft and once confirmed is still one activity. The online flag follows the channel.

Detection reads the unit's existing activities day by day in chunks of days (two queries per chunk: the rows and
their task links), never one query per row, so an 80,000-row file over a year costs a few queries.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Max

from loa.core.text import normalize
from loa.org.models import OrgUnit

from .models import Activity, ActivityImport

DAYS_PER_QUERY = 400  # a year of days in one query, well under SQLite's limit on query parameters
IDENTITY_FIELDS = (
    "date",
    "end_date",
    "channel",
    "area_bits",
    "title",
    "description",
    "quantity",
    "measure",
    "audience",
    "reached",
    "participants",
    "url",
    "cost",
)


@dataclass(frozen=True)
class Candidate:
    """A validated row of a file: its number as the user sees it, the activity it would create, its task link."""

    row: int
    activity: Activity
    task_id: int | None


def _text(value: str) -> str:
    return normalize(value or "").casefold()


def _key(fields: Sequence[Any], task_ids: Iterable[int]) -> tuple[Hashable, ...]:
    """The identity from the values of IDENTITY_FIELDS, in that order, and the task ids."""
    day, end_date, channel, area_bits, title, description, quantity, measure, audience, reached, people, url, cost = (
        fields
    )
    return (
        day,
        end_date,
        channel,
        area_bits,
        _text(title),
        _text(description),
        Decimal(quantity).normalize(),  # 2 and 2.00 are the same quantity
        _text(measure),
        audience or "",
        reached,
        people,
        (url or "").strip(),
        cost,
        frozenset(task_ids),
    )


def identity(activity: Activity, task_ids: Iterable[int] = ()) -> tuple[Hashable, ...]:
    """What makes two activities of one unit the same activity (see the module's note)."""
    return _key([getattr(activity, name) for name in IDENTITY_FIELDS], task_ids)


def _existing(unit: OrgUnit, days: Sequence[date]) -> set[tuple[Hashable, ...]]:
    rows = list(Activity.objects.filter(unit=unit, date__in=days).values_list("pk", *IDENTITY_FIELDS))
    links: dict[int, set[int]] = defaultdict(set)
    through = Activity.tasks.through
    for activity_id, task_id in through.objects.filter(activity__unit=unit, activity__date__in=days).values_list(
        "activity_id", "plantask_id"
    ):
        links[activity_id].add(task_id)
    return {_key(row[1:], links.get(row[0], ())) for row in rows}  # each row: the pk, then IDENTITY_FIELDS


def duplicate_rows(unit: OrgUnit, candidates: Sequence[Candidate]) -> list[int]:
    """Row numbers of the candidates identical to an activity the unit already has, in file order."""
    days = sorted({c.activity.date for c in candidates})
    known: set[tuple[Hashable, ...]] = set()
    for start in range(0, len(days), DAYS_PER_QUERY):
        known |= _existing(unit, days[start : start + DAYS_PER_QUERY])
    if not known:
        return []
    return [c.row for c in candidates if identity(c.activity, [c.task_id] if c.task_id else []) in known]


def latest_activity_id(unit: OrgUnit) -> int:
    """The newest activity of the unit: if it changes between the check and the write, another write landed."""
    return Activity.objects.filter(unit=unit).aggregate(latest=Max("pk"))["latest"] or 0


def previous_import(unit: OrgUnit, sha256: str) -> ActivityImport | None:
    """The last import of the same file (same content) into the unit, if any."""
    return (
        ActivityImport.objects.filter(unit=unit, sha256=sha256)
        .select_related("imported_by")
        .order_by("-imported_at", "-pk")
        .first()
    )
