"""Exact query counts of the list, detail and dashboard pages and API operations, with one row and with thirty.

Each case names a route of the permission matrix, who reads it, how to put rows on it, and the exact number of
queries one read costs: the same with 1 row and with 30, so a page that reads per row (N+1) fails, and so does one
that gains a query. Counts are taken on a second read, after the first has warmed the caches a write clears (the
menu's to-do count, the dashboard's figures). `test_every_get_route_is_counted_or_excused` keeps the table complete:
every other GET route of the permission matrix (forms, one document, a dashboard) is read once at the matrix's own
URL with its exact count pinned in EXACT; only file downloads are left out, by name.
"""

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from loa.activity.models import Activity

from .matrix_contest_entries import entries_page
from .test_permission_matrix import CASES, acts, plans, reps  # noqa: F401 (fixtures the matrix's URLs need)

MARK = "Dòng đếm truy vấn"  # in every row the cases add, so a test can see the rows are on the page
Q = quote(MARK)


def _today() -> Any:
    return timezone.localdate()


# --- rows ------------------------------------------------------------------------------------------------------------
# Each maker adds `n` rows and returns the URL that shows them. Makers marked `grows` add to one list (called with 1,
# then 29 more); the others make a new holder with n rows each time (a plan with n tasks, an activity with n files).


def add_activities(world: Any, n: int) -> None:
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.scope import SYSTEM

    for i in range(n):
        activity_create(
            actor=SYSTEM,
            unit=world.commune,
            data=ActivityInput(date=_today(), channel="cong_ttdt", title=f"{MARK} {i}", quantity=1),
        )


def calendar_month(world: Any, n: int) -> str:
    """n activities over last month's days and every channel: n cells with a number on the calendar."""
    from loa.activity.services import ActivityInput, activity_create
    from loa.core.catalogs import Channel
    from loa.org.scope import SYSTEM

    first = (_today().replace(day=1) - timedelta(days=1)).replace(day=1)
    start = Activity.objects.filter(unit=world.commune, title__startswith=MARK).count()
    channels = Channel.values
    for i in range(start, start + n):
        activity_create(
            actor=SYSTEM,
            unit=world.commune,
            data=ActivityInput(
                date=first + timedelta(days=i % 28), channel=channels[i // 28 % len(channels)], title=f"{MARK} {i}"
            ),
        )
    return f"/activities/calendar/?month={first:%Y-%m}"


def activity_with_files(world: Any, n: int) -> Any:
    from loa.activity.demo import demo_pdf
    from loa.activity.evidence import evidence_add
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.scope import SYSTEM

    activity = activity_create(
        actor=SYSTEM,
        unit=world.commune,
        data=ActivityInput(date=_today(), channel="hoi_nghi", title="Hội nghị có biên bản", quantity=1),
    )
    for i in range(n):
        content = demo_pdf(f"{MARK} {i}")
        evidence_add(
            actor=SYSTEM, activity=activity, name=f"{MARK} {i}.pdf", size=len(content), content=io.BytesIO(content)
        )
    return activity


def plan_with_tasks(world: Any, n: int, *, issued: bool = False) -> Any:
    from loa.org.scope import SYSTEM
    from loa.plans.models import Plan
    from loa.plans.services import IssueInput, plan_create, plan_issue
    from loa.plans.tasks_input import TaskInput

    year = _today().year
    tasks = [
        TaskInput(title=f"{MARK} {i}", lead_unit=world.commune.code, deadline=date(year, 12, 31)) for i in range(n)
    ]
    plan = plan_create(actor=SYSTEM, issuer=world.commune, year=year, title=f"{MARK} kế hoạch", tasks=tasks)
    if issued:
        number = Plan.objects.filter(issuer=world.commune, number__isnull=False).count() + 100
        plan = plan_issue(
            actor=SYSTEM,
            plan=plan,
            data=IssueInput(number=number, issued_on=_today(), signer_name="Nguyễn Văn Ký"),
        )
    return plan


def add_plans(world: Any, n: int) -> None:
    for _i in range(n):
        plan_with_tasks(world, 1)


def add_child_units(world: Any, n: int) -> None:
    from loa.org.models import OrgUnit
    from loa.org.scope import SYSTEM
    from loa.org.services import unit_create

    start = OrgUnit.objects.filter(parent=world.commune).count()
    for i in range(start, start + n):
        unit_create(
            actor=SYSTEM, code=f"{world.commune.code}.Q{i}", name=f"{MARK} {i}", unit_type="khac", parent=world.commune
        )


def add_users(world: Any, n: int) -> None:
    from loa.org.models import User
    from loa.org.scope import SYSTEM
    from loa.org.services import user_create

    start = User.objects.filter(username__startswith="dem.truyvan").count()
    for i in range(start, start + n):
        user_create(
            actor=SYSTEM,
            username=f"dem.truyvan{i}",
            password="Loa-demo-2026",
            role="viewer",
            unit=world.commune,
            full_name=f"{MARK} {i}",
        )


def add_unit_edits(world: Any, n: int) -> None:
    from loa.org.services import unit_update

    for i in range(n):
        unit_update(actor=world.users["coordinator"], unit=world.commune, address=f"{MARK} {i}")


def add_notices(world: Any, n: int) -> None:
    from loa.notify.models import Notification
    from loa.notify.services import notify, without_email

    start = Notification.objects.filter(key__startswith="query-count.").count()
    with without_email():
        for i in range(start, start + n):
            notify([world.users["editor"]], key=f"query-count.{i}", title=f"{MARK} {i}", url="/plans/")


@dataclass(frozen=True)
class Counted:
    route: str
    persona: str
    make: Callable[[Any, int], str]  # adds n rows, returns the URL that shows them
    queries: int  # exact; the same with 1 row and with 30
    grows: bool = False  # True: make adds to one list (1, then 29 more); False: a new holder of n rows each call
    rows_shown: Callable[[str], int] = lambda body: body.count(MARK)
    # Where PostgreSQL reads differently: the search box first reads the newest rows in scope, then, when few of them
    # match, the full-text index (activity.search.newest_matches).
    on_postgresql: int | None = None

    def expected(self) -> int:
        if connection.vendor == "postgresql" and self.on_postgresql is not None:
            return self.on_postgresql
        return self.queries


def _activities(url: str) -> Callable[[Any, int], str]:
    def make(world: Any, n: int) -> str:
        add_activities(world, n)
        return url

    return make


def _listing(add: Callable[[Any, int], None], url: Callable[[Any], str]) -> Callable[[Any, int], str]:
    def make(world: Any, n: int) -> str:
        add(world, n)
        return url(world)

    return make


def add_surveys(world: Any, n: int) -> None:
    from loa.org.scope import SYSTEM
    from loa.surveys.services import SurveyInput, survey_create

    for i in range(n):
        data = SurveyInput(title=f"{MARK} {i}", starts_on=_today(), ends_on=_today(), population=100)
        survey_create(actor=SYSTEM, unit=world.commune, data=data, template=None)


def survey_with_answers(world: Any, n: int) -> Any:
    """A new open survey of the commune with n answers at n collection points (each point a row of its table)."""
    from loa.org.scope import SYSTEM
    from loa.surveys import services

    today = _today()
    data = services.SurveyInput(title=MARK, starts_on=today.replace(day=1), ends_on=today, population=100)
    survey = services.survey_create(actor=SYSTEM, unit=world.commune, data=data, template=None)
    survey = services.survey_set_status(actor=SYSTEM, survey=survey, status="survey_open", revision=0)
    for i in range(n):
        point = services.point_create(actor=SYSTEM, unit=world.commune, name=f"{MARK} {survey.pk}.{i}")
        services.enter_answers(
            actor=SYSTEM, survey=survey, values={"F1_HL": "5"}, source="via_paper", answered_on=today, point=point
        )
    return survey


def add_points(world: Any, n: int) -> None:
    from loa.org.scope import SYSTEM
    from loa.surveys.models import CollectionPoint
    from loa.surveys.services import point_create

    start = CollectionPoint.objects.filter(unit=world.commune).count()
    for i in range(start, start + n):
        point_create(actor=SYSTEM, unit=world.commune, name=f"{MARK} {i}")


def add_feedback(world: Any, n: int) -> None:
    from loa.feedback.services import FeedbackInput, submit_public

    for i in range(n):
        data = FeedbackInput(unit=world.commune, kind="fb_issue", subject=f"{MARK} {i}", content="Nội dung phản ánh.")
        submit_public(data=data, address=None)


def feedback_with_events(world: Any, n: int) -> Any:
    """A new item with n internal notes (each a step of its history)."""
    from loa.feedback.services import FeedbackInput, add_note, submit_public
    from loa.org.scope import SYSTEM

    data = FeedbackInput(
        unit=world.commune, kind="fb_issue", subject=MARK, content="Nội dung phản ánh.", phone="0912345678"
    )
    item = submit_public(data=data, address=None)
    for i in range(n):
        add_note(actor=SYSTEM, item=item, note=f"{MARK} {i}")
    return item


def add_recommendations(world: Any, n: int) -> None:
    from datetime import timedelta as days

    from loa.oversight.services import RecommendationInput, recommend

    from .matrix_oversight import _front

    front = _front(world, "own")
    for i in range(n):
        due = _today() + days(days=30)
        recommend(
            actor=front,
            data=RecommendationInput(
                to_unit=world.commune, subject=f"{MARK} {i}", text="Đề nghị khắc phục.", due_on=due
            ),
        )


def add_templates(world: Any, n: int) -> None:
    from loa.org.scope import SYSTEM
    from loa.surveys.models import SurveyTemplate
    from loa.surveys.services import template_copy

    start = SurveyTemplate.objects.filter(owner=world.commune).count()
    for i in range(start, start + n):
        template_copy(actor=SYSTEM, owner=world.commune, source=None, name=f"{MARK} {i}")


def add_contests(world: Any, n: int) -> None:
    from loa.contests.services import ContestInput, contest_create
    from loa.org.scope import SYSTEM

    for i in range(n):
        data = ContestInput(kind="ct_quiz", title=f"{MARK} {i}", blueprint=[{"area": "tthc", "count": 1}])
        contest_create(actor=SYSTEM, unit=world.commune, data=data)


def add_questions(world: Any, n: int) -> None:
    from loa.contests.bank import QuestionInput, question_create
    from loa.org.scope import SYSTEM

    for _ in range(n):
        data = QuestionInput(area="tthc", text=f"{MARK} câu hỏi", options=["Một", "Hai", "Ba", "Bốn"], answer=0)
        question_create(actor=SYSTEM, owner=world.commune, data=data)


def contest_takers(world: Any, n: int) -> str:
    """n more people of the matrix's quiz, each with a submitted attempt (named MARK, shown on the ranking)."""
    from loa.contests import play

    from .matrix_contests import _contest

    contest = _contest(world, "own")
    start = contest.rounds.get().participants.count()
    for i in range(start, start + n):
        data = play.JoinInput(name=f"{MARK} {i}", unit=world.commune, phone=f"0966{i:06d}")
        attempt = play.join(contest=contest, data=data)
        play.submit(attempt=attempt, answers={}, prediction="")
    return f"/contests/{contest.pk}/"


def add_news(world: Any, n: int) -> None:
    """n draft news items of the commune's column, each from an activity with a photo."""
    from loa.column.tests.factories import draft

    for i in range(n):
        draft(world.commune, title=f"{MARK} {i}")


def add_published_news(world: Any, n: int) -> None:
    from loa.column.tests.factories import published

    for i in range(n):
        published(world.commune, title=f"{MARK} {i}")


def news_with_photos(world: Any, n: int) -> Any:
    """A new draft news item showing n photos of its activity."""
    from loa.column.tests.factories import draft

    return draft(world.commune, title=MARK, photos=n)


def add_waiting(world: Any, n: int) -> None:
    from loa.offline.tests.factories import waiting_record

    for i in range(n):
        waiting_record(world.commune, title=f"{MARK} {i}")


COUNTED = [
    Counted("offline:review_list", "editor", _listing(add_waiting, lambda w: "/offline/review/"), 6, grows=True),
    Counted("activity:list", "editor", _activities("/activities/"), 7, grows=True),
    Counted("API GET /api/activities", "editor", _activities("/api/activities"), 6, grows=True),
    Counted(
        "activity:calendar",
        "editor",
        calendar_month,
        4,
        grows=True,
        rows_shown=lambda body: body.count("/activities/?unit="),  # a day's number links to that day's list
    ),
    Counted("web:search", "editor", _activities(f"/search/?q={Q}"), 7, grows=True, on_postgresql=8),
    Counted("activity:detail", "editor", lambda w, n: f"/activities/{activity_with_files(w, n).pk}/", 7),
    Counted(
        "API GET /api/activities/{activity_id}",
        "editor",
        lambda w, n: f"/api/activities/{activity_with_files(w, n).pk}",
        5,
    ),
    Counted("plans:list", "editor", _listing(add_plans, lambda w: "/plans/"), 5, grows=True),
    Counted("API GET /api/plans", "editor", _listing(add_plans, lambda w: "/api/plans"), 4, grows=True),
    Counted("plans:detail", "editor", lambda w, n: f"/plans/{plan_with_tasks(w, n).pk}/", 6),
    Counted("API GET /api/plans/{plan_id}", "editor", lambda w, n: f"/api/plans/{plan_with_tasks(w, n).pk}", 4),
    Counted(
        "API GET /api/plans/{plan_id}/tasks", "editor", lambda w, n: f"/api/plans/{plan_with_tasks(w, n).pk}/tasks", 4
    ),
    Counted(
        "activity:plan_progress",
        "editor",
        lambda w, n: f"/activities/plans/{plan_with_tasks(w, n, issued=True).pk}/progress/",
        7,
    ),
    Counted(
        "API GET /api/plans/{plan_id}/progress",
        "editor",
        lambda w, n: f"/api/plans/{plan_with_tasks(w, n, issued=True).pk}/progress",
        6,
    ),
    Counted(
        "activity:tasks",
        "editor",
        lambda w, n: (plan_with_tasks(w, n, issued=True), "/activities/tasks/")[1],
        8,
        grows=True,
    ),
    Counted(
        "API GET /api/units/{code}/tasks",
        "editor",
        lambda w, n: (plan_with_tasks(w, n, issued=True), f"/api/units/{w.commune.code}/tasks")[1],
        8,
        grows=True,
    ),
    Counted(
        "web:unit_detail",
        "coordinator",
        _listing(add_child_units, lambda w: f"/units/{w.commune.code}/"),
        48,  # its recent changes read one query per audited table (the channel registry since issue 19, surveys' 4,
        # feedback's 2 and oversight's 1 since issue 20, the column's news items and settings and contests' 7 since
        # issue 21, the records devices sent since issue 22)
        grows=True,
    ),
    Counted(
        "API GET /api/units/{code}/children",
        "coordinator",
        _listing(add_child_units, lambda w: f"/api/units/{w.commune.code}/children"),
        5,
        grows=True,
    ),
    Counted("web:unit_list", "coordinator", _listing(add_child_units, lambda w: f"/units/?q={Q}"), 6, grows=True),
    Counted(
        "API GET /api/units", "coordinator", _listing(add_child_units, lambda w: f"/api/units?q={Q}"), 4, grows=True
    ),
    Counted("web:user_list", "coordinator", _listing(add_users, lambda w: f"/users/?q={Q}"), 6, grows=True),
    Counted("API GET /api/users", "coordinator", _listing(add_users, lambda w: "/api/users"), 4, grows=True),
    Counted(
        "API GET /api/units/{code}/members",
        "coordinator",
        _listing(add_users, lambda w: f"/api/units/{w.commune.code}/members"),
        4,
        grows=True,
    ),
    # +1 since issue 19: the units the filter offers; +7 since issue 20: one query per audited table (surveys 4,
    # feedback 2, oversight 1).
    # +2 since issue 21: the column's news items and settings.
    # +7 since issue 21: the audit reader reads each audited table once, and contests add seven.
    Counted("web:audit", "coordinator", _listing(add_unit_edits, lambda w: "/audit/"), 38, grows=True),
    Counted("API GET /api/audit", "coordinator", _listing(add_unit_edits, lambda w: "/api/audit"), 36, grows=True),
    Counted("notify:list", "editor", _listing(add_notices, lambda w: "/notifications/"), 5, grows=True),
    Counted("surveys:list", "editor", _listing(add_surveys, lambda w: "/surveys/"), 7, grows=True),
    Counted("contests:list", "editor", _listing(add_contests, lambda w: "/contests/"), 7, grows=True),
    Counted("API GET /api/contests", "editor", _listing(add_contests, lambda w: "/api/contests"), 5, grows=True),
    Counted("contests:bank", "editor", _listing(add_questions, lambda w: "/contests/bank/"), 5, grows=True),
    Counted("contests:participants", "editor", lambda w, n: contest_takers(w, n) + "participants/", 8, grows=True),
    Counted("contests:ranking", "editor", lambda w, n: contest_takers(w, n) + "rounds/1/ranking/", 8, grows=True),
    Counted("contests:overall", "editor", lambda w, n: contest_takers(w, n) + "overall/", 8, grows=True),
    Counted("API GET /api/surveys", "editor", _listing(add_surveys, lambda w: "/api/surveys"), 4, grows=True),
    Counted("surveys:detail", "editor", lambda w, n: f"/surveys/{survey_with_answers(w, n).pk}/", 9),
    Counted(
        "API GET /api/surveys/{pk}/results",
        "editor",
        lambda w, n: f"/api/surveys/{survey_with_answers(w, n).pk}/results",
        6,
    ),
    Counted("surveys:points", "editor", _listing(add_points, lambda w: "/surveys/points/"), 5, grows=True),
    Counted("feedback:list", "editor", _listing(add_feedback, lambda w: "/feedback/"), 5, grows=True),
    Counted("API GET /api/feedback", "editor", _listing(add_feedback, lambda w: "/api/feedback"), 3, grows=True),
    Counted("feedback:detail", "editor", lambda w, n: f"/feedback/{feedback_with_events(w, n).pk}/", 7),
    Counted("column:list", "editor", _listing(add_news, lambda w: f"/column/?unit={w.commune.code}"), 6, grows=True),
    Counted(
        "API GET /api/column/{code}/news",
        "editor",
        _listing(add_news, lambda w: f"/api/column/{w.commune.code}/news"),
        5,
        grows=True,
    ),
    Counted(
        "column:detail",
        "editor",
        lambda w, n: f"/column/{news_with_photos(w, n).pk}/",
        6,
        rows_shown=lambda body: body.count("/activities/evidence/"),
    ),
    # Public pages come from the cache (a read of the unit with its settings): column/tests pin what rendering costs.
    Counted(
        "column_public:home",
        "editor",
        _listing(add_published_news, lambda w: f"/cchc/{w.commune.code}/"),
        3,  # the session, the user (the one-time password check), the unit with its settings
        grows=True,
    ),
    Counted("oversight:list", "editor", _listing(add_recommendations, lambda w: "/oversight/"), 5, grows=True),
    Counted(
        "API GET /api/oversight", "editor", _listing(add_recommendations, lambda w: "/api/oversight"), 3, grows=True
    ),
    Counted("surveys:templates", "editor", _listing(add_templates, lambda w: "/surveys/templates/"), 4, grows=True),
    Counted(
        "API GET /api/notifications", "editor", _listing(add_notices, lambda w: "/api/notifications"), 4, grows=True
    ),
    Counted("contests:entries", "editor", entries_page("entries"), 11, grows=True),
    Counted("contests:entry_results", "editor", entries_page("results"), 9, grows=True),
]


def _read(client: Client, url: str) -> tuple[int, str]:
    assert client.get(url).status_code == 200  # warms what the last write cleared
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/json"):
        return len(queries), json.dumps(response.json(), ensure_ascii=False)
    return len(queries), response.content.decode()


@pytest.mark.parametrize("case", COUNTED, ids=lambda c: c.route)
def test_exact_queries_with_one_row_and_with_thirty(world, commune_plan, case):
    """In a world where the commune already implements the province's plan, so its pages show every part."""
    client = Client()
    client.force_login(world.users[case.persona])
    url = case.make(world, 1)
    one, body = _read(client, url)
    assert case.rows_shown(body) >= 1, "the row added is not on the page"
    url = case.make(world, 29 if case.grows else 30)
    thirty, body_30 = _read(client, url)
    assert case.rows_shown(body_30) > case.rows_shown(body), "the rows added are not on the page"
    assert (one, thirty) == (case.expected(), case.expected())


# Every other page and operation read with GET, at the permission matrix's URL for the editor's commune, by the first
# of these personas the matrix lets in: its exact count. No rows to vary (a form, one report, a dashboard over the
# demo province), or rows the world already holds (the board's communes, the ranking's units).
EXACT: dict[str, int] = {
    "API GET /api/dashboard": 8,
    "API GET /api/indices/{code}": 4,
    "API GET /api/me": 2,
    "API GET /api/plans/{plan_id}/implementing": 7,  # +1: the units "Tổ chức thực hiện" names (issue 18)
    "API GET /api/rankings/{code}/{year}": 17,  # + own plans, registry (issue 19)
    "API GET /api/report-status/{code}/{period}": 8,
    "API GET /api/reports/{code}/{period}": 7,
    "API GET /api/reports/{code}/{period}/versions": 8,
    "API GET /api/reports/{code}/{period}/versions/{number}": 8,
    "API GET /api/scores/{code}/{year}": 16,
    "API GET /api/units/stats": 3,
    "API GET /api/units/{code}": 4,
    "activity:create": 9,  # the unit's channels, for "Kênh đã dùng"
    "activity:edit": 9,
    "activity:import": 6,
    "dashboards:index": 5,
    "indices:list": 5,
    "channels:list": 5,
    "surveys:enter": 6,
    "oversight:detail": 4,
    "feedback:rules": 6,
    "feedback:stats": 6,
    "feedback_public:form": 2,
    "feedback_public:published": 1,
    "feedback_public:track": 2,
    "column:create": 7,
    "column:edit": 6,
    "column:settings": 6,
    "column_public:index": 0,  # from the cache (column/tests pin what rendering the public pages costs)
    "column_public:news": 1,  # the unit with its settings; the page from the cache
    "column_public:search": 1,
    "column_public:feed": 1,
    "column_public:embed": 1,
    "API GET /api/feedback-stats": 4,
    "API GET /api/feedback/{pk}": 3,
    "surveys:template": 4,
    "contests:create": 4,
    "API GET /api/contests/{pk}/rounds/{number}/ranking": 6,
    "API GET /api/contests/{pk}/participation": 8,
    "contests:detail": 12,
    "contests:edit": 4,
    "contests:question_create": 4,
    "contests:question": 4,
    "contests:bank_import": 4,
    "contests_public:list": 1,
    "contests_public:contest": 4,
    "contests_public:units": 2,
    "contests_public:attempt": 3,
    "contests_public:result": 3,
    "contests_public:standings": 2,
    "surveys_public:link": 1,
    "surveys_public:point": 2,
    "surveys_public:thanks": 0,
    "channels:coverage": 6,
    "API GET /api/channels/{code}": 4,
    "API GET /api/channel-measures/{code}": 5,
    "intake:review": 5,  # +1: the issuer the document names, looked up (intake/issuer.py)
    "intake:upload": 6,
    "intake:appendix": 4,
    "login": 0,
    "notify:settings": 4,
    "password_change": 3,
    "password_change_done": 3,
    "plans:cascade": 8,  # +1: the units "Tổ chức thực hiện" names (issue 18)
    "plans:changes": 7,
    "plans:create": 5,
    "plans:edit": 10,  # +3: the units a plan may name (issuer's, province's bodies) and those its tasks name
    "plans:issue": 5,
    "reports:board": 11,
    "reports:detail": 9,
    "reports:index": 15,
    "reports:job": 4,
    "reports:version": 9,
    "scoring:commendation_evidence": 5,
    "scoring:commendations": 5,  # +1 since issue 19: the units the form offers
    "scoring:ranking": 18,
    "scoring:sheet": 17,
    "web:home": 29,  # +4 since issue 20: the feedback rules, the holidays of its horizon, the feedback due, the
    # recommendations; +1 since issue 21: the column's news items waiting for the leader or returned to the editors;
    # +1 since issue 22: the records devices sent that wait for a choice
    "web:todo_badge": 3,
    "web:unit_create": 4,
    "web:unit_edit": 6,
    "web:unit_import": 3,
    "web:user_create": 4,
    "web:user_deactivate": 5,
    "web:user_edit": 5,
    "web:user_import": 3,
    "web:user_reset_password": 4,
    "contests:judges": 8,
    "contests:entry": 10,
    "offline:entry": 14,  # units, then each unit's tasks and outlets
    "offline:help": 0,
    "offline:fallback": 0,
    "offline:review_detail": 5,
    "service_worker": 0,
    "manifest": 0,
    "API GET /api/offline/state": 3,
    "signing:verify": 4,
    "signing:roots": 4,
    "API GET /api/signing/roots": 3,
}
# Files and redirects, not pages: a file's cost is the document's (bench/); the matrix checks who may have them.
DOWNLOADS = {
    "notify:open",  # marks the notice read and redirects to where it points
    "activity:export",
    "activity:template",
    "activity:evidence_download",
    "API GET /api/evidence/{evidence_id}",
    "plans:export",
    "API GET /api/plans/{plan_id}/export",
    "reports:export",
    "API GET /api/reports/{code}/{period}/export/{fmt}",
    "reports:job_download",
    "dashboards:xlsx",
    "indices:template",
    "channels:template",
    "channels:export",
    "surveys:export",
    "contests:certificates",
    "contests:overall_certificates",
    "contests:results_xlsx",
    "contests:bank_export",
    "contests:bank_template",
    "surveys:xlsform",
    "surveys:poster",
    "column_public:image",
    "column_public:plan_file",
    "column_public:report_file",
    "intake:appendix_template",
    "web:unit_template",
    "web:audit_export",
    "web:user_template",
    "api-1.0.0:openapi-json",
    "api-1.0.0:openapi-view",
    "contests:entry_file",
    "contests:entry_certificates",
    "contests_public:submit_entry",  # a redirect to the contest's page
}
READERS = ("anon", "editor", "coordinator", "leader", "admin")  # anon: the sign-in page
GET_CASES = {c.route: c for c in CASES if c.method == "GET"}
SINGLE = sorted(set(GET_CASES) - {c.route for c in COUNTED} - DOWNLOADS)


def test_every_get_route_is_counted_or_excused():
    assert {c.route for c in COUNTED} <= set(GET_CASES), "counted routes the matrix does not know"
    assert set(GET_CASES) >= DOWNLOADS, "downloads the matrix does not know"
    assert set(EXACT) == set(SINGLE), "pin the exact count of every other GET route"


@pytest.mark.usefixtures("plans", "acts", "reps")
@pytest.mark.parametrize("route", SINGLE)
def test_exact_queries_of_every_other_page(world, route):
    case = GET_CASES[route]
    target = case.targets[0]
    persona = next(p for p in READERS if case.expect[target][p] == 200)
    client = Client()
    if persona != "anon":
        client.force_login(world.users[persona])
    count, _body = _read(client, case.url(world, target))
    assert count == EXACT.get(route), f"{route} as {persona}: {count} queries"
