"""The to-do home: each role sees what it must act on, counted as the pages it links to count it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from loa.activity.progress import ProgressStatus, unit_open_tasks
from loa.reports.catalog import EDITABLE, ReportStatus
from loa.reports.selectors import unit_calendar
from loa.reports.services import report_accept, report_return, report_submit
from loa.web.todo import HORIZON_DAYS, todo_for

TODAY = timezone.localdate()
# What a coordinator's to-do costs in queries, whatever the number of reports, units and tasks.
TODO_COORDINATOR_QUERIES = 34
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def _section(todo, key):
    return next((s for s in todo.sections if s.key == key), None)


def _urls(section):
    return [item.url for item in section.items] if section else []


def test_the_editor_sees_the_reports_the_calendar_says_are_due(world):
    editor = world.users["editor"]
    rows = unit_calendar(actor=editor, unit=world.commune, year=TODAY.year)
    due = [
        r
        for r in rows
        if (r.report is None or r.report.status in EDITABLE)
        and (r.overdue or (r.due and TODAY <= r.terms.deadline <= date.fromordinal(TODAY.toordinal() + HORIZON_DAYS)))
    ]
    section = _section(todo_for(editor), "reports")
    expected = {reverse("reports:detail", args=[world.commune.code, r.period.id]) for r in due}
    assert expected, "the commune has reports due in the current year"
    assert set(_urls(section)) == expected


def test_last_years_unsent_reports_stay_on_the_list_until_this_years_first_falls_due(world):
    """In February no report of the new year is due yet: last year's overdue annual report must still show (it
    did only in January), so an officer always sees the latest closed period that is unsent."""
    editor = world.users["editor"]
    annual = reverse("reports:detail", args=[world.commune.code, str(TODAY.year)])
    for day, listed in ((date(TODAY.year + 1, 2, 10), True), (date(TODAY.year + 1, 4, 10), False)):
        with time_machine.travel(datetime(day.year, day.month, day.day, 9, tzinfo=VIETNAM), tick=False):
            section = _section(todo_for(editor, today=day), "reports")
            assert (annual in _urls(section)) is listed, day


def test_a_returned_report_shows_its_reason_until_it_is_resent(world):
    leader, coordinator = world.users["leader"], world.users["coordinator"]
    period = f"{TODAY.year}Q1"
    report = report_submit(actor=leader, unit=world.commune, period=period)
    url = reverse("reports:detail", args=[world.commune.code, period])
    assert url not in _urls(_section(todo_for(world.users["editor"]), "reports"))
    assert url in _urls(_section(todo_for(coordinator), "review"))

    report_return(actor=coordinator, report=report, reason="Thiếu số liệu truyền thanh")
    item = next(i for i in _section(todo_for(world.users["editor"]), "reports").items if i.url == url)
    assert item.tone == "danger" and item.note == "Thiếu số liệu truyền thanh"
    assert url not in _urls(_section(todo_for(coordinator), "review"))

    report = report_submit(actor=leader, unit=world.commune, period=period)
    assert report_accept(actor=coordinator, report=report).status == ReportStatus.ACCEPTED
    assert url not in _urls(_section(todo_for(world.users["editor"]), "reports"))
    assert url not in _urls(_section(todo_for(coordinator), "review"))


@pytest.mark.parametrize("who", ["editor", "coordinator"])
def test_tasks_due_soon_or_overdue_come_from_task_progress(world, who, commune_plan):
    actor = world.users[who]
    rows = unit_open_tasks(actor.unit, today=TODAY)
    expected = [
        r.task.title
        for r in rows
        if r.status == ProgressStatus.OVERDUE
        or (r.task.deadline and r.task.deadline <= date.fromordinal(TODAY.toordinal() + HORIZON_DAYS))
    ]
    section = _section(todo_for(actor), "tasks")
    got = [i.text for i in section.items] if section else []
    assert got == expected
    # The Sở Nội vụ's plan was due 28/02 and the commune's posters 31/05, with no work recorded: both overdue.
    assert expected


def test_a_viewer_has_nothing_to_do_and_a_foreign_coordinator_sees_none_of_the_province(world):
    assert todo_for(world.users["viewer"]).count == 0
    report_submit(actor=world.users["leader"], unit=world.commune, period=f"{TODAY.year}Q1")
    foreign = todo_for(world.users["foreign"])
    assert all(world.commune.code not in url for s in foreign.sections for url in _urls(s))


def test_home_and_the_menu_badge_give_the_same_count(client, world):
    editor = world.users["editor"]
    client.force_login(editor)
    home = client.get(reverse("web:home"))
    count = todo_for(editor).count
    assert home.status_code == 200 and count > 0
    assert home.context["todo"].count == count
    badge = client.get(reverse("web:todo_badge"))
    assert badge.status_code == 200 and f">{count}</span>" in badge.content.decode()


def test_the_leader_sees_a_report_asked_to_sign_until_it_is_sent(world):
    from loa.reports.services import report_request_signature

    period = f"{TODAY.year}Q2"
    url = reverse("reports:detail", args=[world.commune.code, period])
    assert url not in _urls(_section(todo_for(world.users["leader"]), "signature"))
    report_request_signature(actor=world.users["editor"], unit=world.commune, period=period)
    item = next(i for i in _section(todo_for(world.users["leader"]), "signature").items if i.url == url)
    assert world.users["editor"].full_name in item.note
    # Nobody else is asked to sign it: not the editor who asked, not the neighbour's leader-less pages.
    assert _section(todo_for(world.users["editor"]), "signature") is None
    report_submit(actor=world.users["leader"], unit=world.commune, period=period)
    assert url not in _urls(_section(todo_for(world.users["leader"]), "signature"))


def test_a_new_province_coordinator_is_told_which_reporting_units_have_no_accounts(world):
    from loa.org.selectors import units_without_staff
    from loa.reports.completeness import board_period, completeness

    coordinator = world.users["foreign"]  # Đà Nẵng: one commune editor, no other account
    rows = completeness(coordinator.unit, board_period(coordinator.unit, TODAY)).rows
    lacking = units_without_staff(r.unit.pk for r in rows)
    assert 0 < len(lacking) < len(rows)
    (item,) = _section(todo_for(coordinator), "accounts").items
    assert item.text.startswith(f"{len(lacking)} ") and item.url == reverse("web:user_import")


def test_the_coordinator_chases_the_units_the_board_shows_missing(world):
    from loa.reports.completeness import board_period, completeness

    coordinator = world.users["coordinator"]
    period = board_period(coordinator.unit, TODAY)
    status = completeness(coordinator.unit, period)
    assert status.missing > 0
    url = reverse("reports:board") + f"?recipient={coordinator.unit.code}&period={period.id}&show=missing"
    item = next(i for i in _section(todo_for(coordinator), "missing").items if i.url == url)
    assert item.text.startswith(f"{period.label}: {status.missing}/{status.expected} ")
    assert _section(todo_for(world.users["admin"]), "missing") is None  # chasing is the coordinators' work


def test_the_coordinators_to_do_costs_the_same_queries_with_more_reports(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = world.users["coordinator"]
    with CaptureQueriesContext(connection) as before:
        todo_for(coordinator)
    for unit in [world.commune, world.other_commune]:
        for period in (f"{TODAY.year}Q1", f"{TODAY.year}H1"):
            report_submit(actor=world.users["admin"], unit=unit, period=period)
    with django_assert_max_num_queries(TODO_COORDINATOR_QUERIES):
        after = todo_for(coordinator)
    assert len(_section(after, "review").items) == 4
    with CaptureQueriesContext(connection) as again:
        todo_for(coordinator)
    # More reports to review never mean more queries (one may drop: a period with nobody missing reads less).
    assert len(again.captured_queries) <= len(before.captured_queries)


def test_the_menu_count_is_cached_until_the_data_changes(client, world, django_assert_max_num_queries):
    editor = world.users["editor"]
    client.force_login(editor)
    first = client.get(reverse("web:todo_badge")).content.decode()
    count = todo_for(editor).count
    assert f">{count}</span>" in first
    # Session, user (with unit and province) and the data marks: the to-do itself is not recomputed.
    with django_assert_max_num_queries(3):
        assert client.get(reverse("web:todo_badge")).content.decode() == first
    report_submit(actor=world.users["leader"], unit=world.commune, period=f"{TODAY.year}Q1")
    assert todo_for(editor).count == count - 1
    assert f">{count - 1}</span>" in client.get(reverse("web:todo_badge")).content.decode()


def test_a_long_section_shows_the_first_items_and_links_to_the_rest(client, world):
    from loa.web.todo import SHOWN

    coordinator = world.users["coordinator"]
    units = [world.commune, world.other_commune]
    for unit in units:
        for kind in ("Q1", "H1", "Q2", "Q3", "M9"):
            report_submit(actor=world.users["admin"], unit=unit, period=f"{TODAY.year}{kind}")
    review = _section(todo_for(coordinator), "review")
    assert len(review.items) == 10 and len(review.shown) == SHOWN and review.hidden == 10 - SHOWN
    client.force_login(coordinator)
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{review.more_url}" data-testid="todo-more"' in html.replace("&amp;", "&")
