"""The dashboard's content (everything below the menu bar) kept in Django's cache, so that many officers looking
at the same figures do not each recompute them, without ever showing figures older than the data.

The key holds what the content depends on: the actor's reach and role, the language, the filter, the day (overdue
tasks, periods that have started) and the high-water marks of the audit trail of every table the page reads.
Every write in Loa adds a history row (services and bulk imports alike), so any change anywhere makes a new key:
correctness never depends on invalidation. The marks are read with one query of index-only MAX() lookups.
"""

import functools
import hashlib
from datetime import date
from typing import Any

from django.db import connection

from loa.activity.models import Activity
from loa.channels.models import UnitChannel
from loa.feedback.models import Feedback
from loa.indices.models import IndexValue
from loa.org.models import OrgUnit
from loa.org.scope import Actor, Perm, scope_prefix
from loa.plans.models import Plan, PlanTask
from loa.reports.models import Holiday, Regime, Report
from loa.surveys.models import Response

from .filters import DashFilter

SOURCES: list[Any] = [
    Activity,
    Report,
    Plan,
    PlanTask,
    OrgUnit,
    IndexValue,
    Regime,
    Holiday,
    UnitChannel,
    Feedback,
    Response,
]
TIMEOUT = 600  # seconds; only bounds memory, never freshness (the key changes with the data)


@functools.cache
def _mark_sql(sources: tuple[Any, ...]) -> str:
    # Built once: `Model.history` makes a new manager class on every access, which costs more than the query.
    tables = [model.history.model._meta.db_table for model in sources]
    return "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables)


def data_mark(sources: tuple[Any, ...] = tuple(SOURCES)) -> str:
    """The newest history id of every source table, as one string (changes whenever any of them is written)."""
    with connection.cursor() as cursor:
        cursor.execute(_mark_sql(sources))
        row = cursor.fetchone()
    return ".".join(str(value or 0) for value in row)


def content_key(actor: Actor, f: DashFilter, *, language: str, today: date, query: str) -> str:
    # Reach, role and unit: what the scoping layer decides with (a report's recipient, say, by the actor's unit).
    reach = scope_prefix(actor, Perm.VIEW)
    role, unit = getattr(actor, "role", ""), str(getattr(actor, "unit_id", ""))
    parts = [str(reach), role, unit, language, today.isoformat(), f.node.code if f.node else "", query, data_mark()]
    return "loa:dashboard:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
