"""The pages of the two journeys of issue 15, per persona: a commune focal point and a Sở Nội vụ coordinator.

Each page is a (name, url) pair where url is a callable of the `Journey` (the personas' objects, found once per
test) giving the address, or None when the data of the day has no such page (no submitted report early in the year).
To check a new page for codes and untranslated text, add one line here: `test_no_codes.py` walks them all.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from loa.activity.models import Activity
from loa.plans.models import Plan
from loa.reports.models import Report


@dataclass
class Journey:
    world: Any
    activity: Activity  # an activity of the editor's commune, created by the editor (its history says so)
    province_plan: Plan  # the province's issued plan of the year
    commune_plan: Plan | None  # the commune's implementing plan
    commune_report: Report | None  # a report of the commune, returned if one was (None early in the year)
    period: str  # that report's period, else the year's first quarter
    year: int


Page = tuple[str, Callable[[Journey], str | None]]

# What a commune's focal point (editor) opens through the year.
COMMUNE_PAGES: list[Page] = [
    ("home", lambda j: reverse("web:home")),
    ("activities", lambda j: reverse("activity:list")),
    ("activities, filtered", lambda j: reverse("activity:list") + f"?area=tthc&channel=hoi_nghi&period={j.period}"),
    ("activity form", lambda j: reverse("activity:create")),
    ("activity detail", lambda j: reverse("activity:detail", args=[j.activity.pk])),
    ("activity edit", lambda j: reverse("activity:edit", args=[j.activity.pk])),
    ("activity calendar", lambda j: reverse("activity:calendar")),
    ("activity import", lambda j: reverse("activity:import")),
    ("tasks", lambda j: reverse("activity:tasks")),
    ("reports", lambda j: reverse("reports:index")),
    ("report", lambda j: reverse("reports:detail", args=[j.world.commune.code, j.period])),
    (
        "report version",
        lambda j: reverse("reports:version", args=[j.world.commune.code, j.period, 1]) if j.commune_report else None,
    ),
    ("plans", lambda j: reverse("plans:list")),
    ("province plan", lambda j: reverse("plans:detail", args=[j.province_plan.pk])),
    ("commune plan", lambda j: reverse("plans:detail", args=[(j.commune_plan or j.province_plan).pk])),
    ("new plan", lambda j: reverse("plans:create")),
    ("plan progress", lambda j: reverse("activity:plan_progress", args=[j.province_plan.pk])),
    ("plan changes", lambda j: reverse("plans:changes", args=[j.province_plan.pk])),
    ("dashboard", lambda j: reverse("dashboards:index")),
    ("dashboard, filtered", lambda j: reverse("dashboards:index") + "?area=tthc&channel=hoi_nghi&unit_type=ubnd_xa"),
    ("notifications", lambda j: reverse("notify:list")),
    ("search", lambda j: reverse("web:search") + "?q=tuyên truyền"),
    ("own unit", lambda j: reverse("web:unit_detail", args=[j.world.commune.code])),
    ("score sheet", lambda j: reverse("scoring:sheet", args=[j.world.commune.code, j.year])),
    ("indices", lambda j: reverse("indices:list")),
    ("password", lambda j: reverse("password_change")),
]

# What the Sở Nội vụ coordinator opens: the same, plus the province's management pages.
COORDINATOR_PAGES: list[Page] = [
    *[p for p in COMMUNE_PAGES if p[0] != "activity edit"],
    ("audit", lambda j: reverse("web:audit")),
    ("board", lambda j: reverse("reports:board") + f"?period={j.period}"),
    ("board, default period", lambda j: reverse("reports:board")),
    ("board, submitted", lambda j: reverse("reports:board") + f"?period={j.period}&show=submitted"),
    ("consolidation", lambda j: reverse("reports:detail", args=[j.world.snv.code, j.period])),
    ("units", lambda j: reverse("web:unit_list")),
    ("units, filtered", lambda j: reverse("web:unit_list") + "?unit_type=ubnd_xa&q=xa"),
    ("province unit", lambda j: reverse("web:unit_detail", args=[j.world.province.code])),
    ("unit edit", lambda j: reverse("web:unit_edit", args=[j.world.commune.code])),
    ("new unit", lambda j: reverse("web:unit_create", args=[j.world.snv.code])),
    ("unit import", lambda j: reverse("web:unit_import")),
    ("users", lambda j: reverse("web:user_list")),
    ("plan cascade", lambda j: reverse("plans:cascade", args=[j.province_plan.pk])),
    ("plan import", lambda j: reverse("intake:upload")),
    ("ranking", lambda j: reverse("scoring:ranking")),
    ("commendations", lambda j: reverse("scoring:commendations")),
    ("snv score sheet", lambda j: reverse("scoring:sheet", args=[j.world.commune.code, j.year])),
]

JOURNEYS: dict[str, list[Page]] = {"editor": COMMUNE_PAGES, "coordinator": COORDINATOR_PAGES}


def current_year() -> int:
    return timezone.localdate().year
