"""Task progress against hand-computed values."""

from datetime import date
from decimal import Decimal

from loa.activity.progress import ProgressStatus, percent, plan_progress, unit_open_tasks
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .conftest import YEAR, record


def test_plan_progress_matches_hand_computed_figures(world, progress_plan):
    plan, (t1, t2, t3), copy = progress_plan
    commune, other = world.commune, world.other_commune
    record(SYSTEM, commune, day=date(YEAR, 2, 1), quantity=2, tasks=[t1])
    record(SYSTEM, commune, day=date(YEAR, 2, 2), quantity=1, tasks=[copy])  # via the commune's own plan
    record(SYSTEM, commune, day=date(YEAR, 2, 3), quantity=5, tasks=[t1], status="draft")  # drafts never count
    record(SYSTEM, other, day=date(YEAR, 2, 4), quantity=6, tasks=[t1])
    record(SYSTEM, commune, day=date(YEAR, 2, 5), quantity=1, tasks=[t2])
    record(SYSTEM, world.foreign_commune, day=date(YEAR, 2, 6), quantity=9, tasks=[t1])  # not a member: ignored

    progress = plan_progress(plan, today=date(YEAR, 7, 1))
    n = OrgUnit.objects.filter(parent=world.province, unit_type="ubnd_xa", valid_to__isnull=True).count()
    rows = {(r.task.pk, r.unit.pk): r for r in progress.rows}
    assert len(rows) == n + 2  # T1 for every commune, T2 and T3 for one each

    mine = rows[(t1.pk, commune.pk)]
    assert (mine.target, mine.achieved, mine.activities) == (Decimal(4), Decimal(3), 2)
    assert mine.ratio == Decimal("0.75") and mine.percent == 75
    assert mine.status == ProgressStatus.OVERDUE  # due 30/06, three of four on 01/07
    theirs = rows[(t1.pk, other.pk)]
    assert (theirs.achieved, theirs.ratio, theirs.status) == (Decimal(6), Decimal(1), ProgressStatus.DONE)
    no_target = rows[(t2.pk, commune.pk)]
    assert (no_target.target, no_target.ratio, no_target.status) == (None, Decimal(1), ProgressStatus.DONE)
    later = rows[(t3.pk, other.pk)]
    assert (later.achieved, later.ratio, later.status) == (Decimal(0), Decimal(0), ProgressStatus.NOT_STARTED)

    assert progress.overall == Decimal("2.75") / (n + 2)
    by_unit = {u.pk: r for u, r in progress.by_unit}
    assert by_unit[commune.pk] == Decimal("0.875") and percent(by_unit[commune.pk]) == 88
    assert by_unit[other.pk] == Decimal("0.5")
    by_area = dict(progress.by_area)
    assert by_area["tthc"] == Decimal("1.75") / (n + 1)
    assert by_area["the_che"] == Decimal(1)
    assert progress.by_status == {
        ProgressStatus.DONE: 2,
        ProgressStatus.OVERDUE: n - 1,
        ProgressStatus.NOT_STARTED: 1,
        ProgressStatus.IN_PROGRESS: 0,
    }


def test_in_progress_before_the_deadline_and_percent_rounding(world, progress_plan):
    plan, (t1, _t2, _t3), _copy = progress_plan
    record(SYSTEM, world.commune, day=date(YEAR, 2, 1), quantity=Decimal("0.5"), tasks=[t1])
    row = next(r for r in plan_progress(plan, today=date(YEAR, 6, 30)).rows if r.unit == world.commune)
    assert row.status == ProgressStatus.IN_PROGRESS and row.ratio == Decimal("0.125") and row.percent == 13


def test_unit_page_lists_open_tasks_overdue_first(world, progress_plan):
    _plan, (t1, t2, _t3), copy = progress_plan
    record(SYSTEM, world.commune, day=date(YEAR, 2, 5), quantity=1, tasks=[t2])  # T2 done: not listed
    open_tasks = unit_open_tasks(world.commune, today=date(YEAR, 7, 1))
    assert open_tasks[0].status == ProgressStatus.OVERDUE  # late tasks come first
    late = [r.task.deadline for r in open_tasks if r.overdue]
    assert late == sorted(late)  # type: ignore[type-var]
    titles = [(r.task.pk, r.status) for r in open_tasks]
    assert (t1.pk, ProgressStatus.OVERDUE) in titles
    assert (copy.pk, ProgressStatus.IN_PROGRESS) not in titles  # no deadline: listed, not started
    assert (copy.pk, ProgressStatus.NOT_STARTED) in titles
    assert all(pk != t2.pk for pk, _s in titles)
