"""One truth per figure: a task's progress is the same on the unit's "Nhiệm vụ" page, the plan's progress page,
the API, the report annex and scoring's plan-completion input, for every task of the province's plan and
of the communes' implementing plans (their tasks are copies of the province's: `source_task`), in a year of work
made here: `worked_year`."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from loa.activity.progress import ProgressStatus, TaskProgress, progress_tasks, task_progress
from loa.core.periods import require_period
from loa.org.models import OrgUnit
from loa.plans.catalog import PlanStatus
from loa.plans.models import Plan
from loa.reports.figures import task_rows
from loa.scoring.engine import gather

Figure = tuple[Decimal, int, int, str]


def figure(row: TaskProgress) -> Figure:
    return (row.achieved, row.activities, row.percent, str(row.status))


def api_figure(row: dict[str, Any]) -> Figure:
    return (Decimal(str(row["achieved"])), row["activities"], row["percent"], row["status"])


def _work(unit: OrgUnit, task: Any, day: date, quantity: int) -> None:
    from loa.activity.tests.factories import ActivityFactory

    channel = task.channel or "khac"
    ActivityFactory(unit=unit, date=day, channel=channel, quantity=quantity, measure=task.measure, tasks=[task.pk])


@pytest.fixture
def worked_year(world: Any, province_plan: Plan, commune_plan: Plan) -> None:
    """Two communes implement the province's plan; work is linked to the province's tasks, to the communes' copies,
    and (in the editor's commune) to both a copy and its source; one named task is done."""
    from loa.plans.tests.factories import issued_commune_plan

    other_plan = issued_commune_plan(province_plan, world.other_commune)
    today = timezone.localdate()
    day = min(date(today.year, 3, 2), today)
    source = province_plan.tasks.get(channel="phat_thanh")
    for plan in (commune_plan, other_plan):
        copy = plan.tasks.get(source_task=source)
        _work(copy.lead_unit, copy, day, 5)
        _work(plan.issuer, plan.tasks.get(channel="cong_ttdt"), day, 3)
    _work(world.commune, source, day, 2)  # linked to the province's task itself, not the commune's copy
    first = province_plan.tasks.get(lead_unit=world.snv)
    _work(first.lead_unit, first, day, 1)  # the Sở Nội vụ's plan: done
    portal = province_plan.tasks.get(channel="cong_ttdt", lead_group="")
    _work(portal.lead_unit, portal, day, 20)


def test_a_task_has_one_figure_everywhere(client, world, worked_year):
    province = world.province
    year = timezone.localdate().year
    plans = list(
        Plan.objects.filter(issuer__path__startswith=province.path, year=year, status=PlanStatus.ISSUED).order_by("pk")
    )
    assert len(plans) >= 2 and any(p.parent_id for p in plans)  # the province's plan and implementing plans
    client.force_login(world.users["admin"])

    plan_page: dict[tuple[int, str], Figure] = {}
    for plan in plans:
        response = client.get(reverse("activity:plan_progress", args=[plan.pk]))
        assert response.status_code == 200
        for row in response.context["rows"]:
            plan_page[(row.task.pk, row.unit.code)] = figure(row)
        api = client.get(f"/api/plans/{plan.pk}/progress").json()
        assert {(r["task_id"], r["unit"]["code"]): api_figure(r) for r in api["rows"]} == {
            key: value for key, value in plan_page.items() if key[0] in {t.pk for t in plan.tasks.all()}
        }
    copies = {pk for pk, _code in plan_page if progress_tasks().get(pk=pk).source_task_id}
    assert copies, "the implementing plans' mirrored tasks are compared too"
    # Work linked to both the province's task and the commune's copy: they must agree.
    mirrored = progress_tasks().filter(pk__in=copies)
    for copy in mirrored:
        row = next(r for r in task_progress([copy]))
        source = next(r for r in task_progress([copy.source_task]) if r.unit.pk == copy.plan.issuer_id)  # type: ignore[list-item]
        assert figure(row) == figure(source), copy.title
    assert any(plan_page[key][1] for key in plan_page if key[0] in copies)

    # The unit's own "Nhiệm vụ" page (and its API) for every responsible unit: its rows and its sections'.
    units = OrgUnit.objects.filter(code__in={code for _pk, code in plan_page})
    compared = 0
    for unit in units.filter(parent__unit_type="ubnd_tinh") | units.filter(unit_type="ubnd_xa"):
        response = client.get(reverse("activity:tasks") + f"?unit={unit.code}")
        assert response.status_code == 200
        rows = response.context["open_rows"] + response.context["done_rows"]
        api_rows = client.get(f"/api/units/{unit.code}/tasks").json()
        assert len(api_rows) == len(rows)
        for row, api_row in zip(
            sorted(rows, key=lambda r: (r.task.pk, r.unit.code)),
            sorted(api_rows, key=lambda r: (r["task_id"], r["unit"]["code"])),
            strict=True,
        ):
            key = (row.task.pk, row.unit.code)
            if key in plan_page:
                assert figure(row) == plan_page[key] == api_figure(api_row), key
                compared += 1
    assert compared >= len(plan_page) // 2
    # The commune with an implementing plan sees each commitment once: its copy, not also the province's row.
    response = client.get(reverse("activity:tasks") + f"?unit={world.commune.code}")
    shown = [r.task for r in response.context["open_rows"] + response.context["done_rows"]]
    assert any(t.source_task_id for t in shown)
    assert not {t.source_task_id for t in shown} & {t.pk for t in shown}

    # The report annex of the year (cumulative to the cut-off): the same pair, the same figure.
    period = require_period(str(year))
    past_cutoff = timezone.localdate() > period.end
    checked = 0
    for unit in units.filter(unit_type="ubnd_xa").order_by("code")[:8]:
        for row in task_rows(unit, period):
            key = (row["id"], row["unit"])
            expected = plan_page[key]
            if past_cutoff:  # activities after the cut-off belong to next year's window
                expected = figure(
                    next(
                        r
                        for r in task_progress(list(progress_tasks().filter(pk=row["id"])), until=period.end)
                        if r.unit.code == row["unit"]
                    )
                )
            assert (Decimal(str(row["cumulative"])), row["activities"], row["percent"], row["status"]) == expected, key
            checked += 1
    assert checked

    # Scoring's plan completion input: (task, unit) pairs of the year's plans, done or not, per commune.
    communes = list(units.filter(unit_type="ubnd_xa"))
    facts = gather(communes, year)
    originals = {pk for pk, _code in plan_page if pk not in copies}
    for commune in communes:
        pairs = [v for (pk, code), v in plan_page.items() if pk in originals and code == commune.code]
        assert facts[commune.pk].planned == len(pairs)
        assert facts[commune.pk].done == sum(1 for v in pairs if v[3] == ProgressStatus.DONE)


def test_an_activity_in_another_unit_of_measure_is_shown_not_summed(world, province_plan):
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.scope import SYSTEM

    year = timezone.localdate().year
    task = (
        progress_tasks()
        .filter(plan__issuer=world.province, plan__year=year, lead_group="all_communes", quantity__isnull=False)
        .exclude(measure="")
        .first()
    )
    assert task is not None
    before = next(r for r in task_progress([task]) if r.unit == world.commune)
    for measure in ("lượt", "lượt", task.measure.upper()):
        activity_create(
            actor=SYSTEM,
            unit=world.commune,
            data=ActivityInput(
                date=date(year, 1, 5),
                channel=task.channel or "khac",
                title="Hoạt động thử đơn vị tính",
                reform_areas=["tthc"],
                quantity=7,
                measure=measure,
                tasks=[task.pk],
            ),
        )
    after = next(r for r in task_progress([task]) if r.unit == world.commune)
    assert after.activities == before.activities + 3
    assert after.achieved == before.achieved + 7  # only the one in the task's unit (case does not matter)
    assert after.other_measures.get("lượt") == before.other_measures.get("lượt", 0) + 2
    assert "hoạt động tính bằng đơn vị khác: " in after.measure_note and "lượt" in after.measure_note


def test_the_report_names_activities_in_another_unit_of_measure(world, province_plan):
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.scope import SYSTEM
    from loa.reports.document import task_table

    year = timezone.localdate().year
    task = (
        progress_tasks()
        .filter(plan__issuer=world.province, plan__year=year, lead_group="all_communes", quantity__isnull=False)
        .exclude(measure="")
        .first()
    )
    assert task is not None
    activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(
            date=date(year, 1, 5),
            channel=task.channel or "khac",
            title="Đơn vị khác",
            quantity=3,
            measure="lượt xem",
            reform_areas=["tthc"],
            tasks=[task.pk],
        ),
    )
    rows = [r for r in task_rows(world.commune, require_period(str(year))) if r["other_measures"]]
    assert rows and rows[0]["other_measures"].get("lượt xem") == 1
    cells = [row[1] for row in task_table(rows).rows]
    assert any("hoạt động tính bằng đơn vị khác: " in c and "lượt xem" in c for c in cells)
