"""Citizens' voice at scale: a commune's survey with many answers (its results page's whole computation: the index
by the stored rule per question, factor, unit, point and month) and a public answer sent through the limits and
flags; a province's feedback statistics over many items. Each beside a plain floor: the answers fetched and the
4–5 share counted by hand; one INSERT; one SQL aggregate.

Set-up is idempotent: benchmark rows are inserted in bulk without history (benchmark data, not user entries).
"""

import random
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from loa.feedback.models import Feedback
from loa.feedback.selectors import stats
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.surveys import services
from loa.surveys.definition import items
from loa.surveys.models import CollectionPoint, Response, Survey
from loa.surveys.selectors import results

from .common import Timing, measure, measure_pair

ANSWERS = 20_000
FEEDBACK = 20_000
TITLE = "Khảo sát benchmark"


def _survey(commune: OrgUnit) -> Survey:
    found = Survey.objects.filter(unit=commune, title=TITLE).first()
    if found is None:
        today = timezone.localdate()
        data = services.SurveyInput(title=TITLE, starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31))
        found = services.survey_create(actor=SYSTEM, unit=commune, data=data, template=None)
        found = services.survey_set_status(actor=SYSTEM, survey=found, status="survey_open", revision=found.revision)
    return found


def _answers(survey: Survey, points: list[CollectionPoint], n: int) -> None:
    have = Response.objects.filter(survey=survey).count()
    if have >= n:
        return
    rng = random.Random(2026)
    keys = [q.key for q in items(survey.definition)]
    start = survey.starts_on
    rows = [
        Response(
            survey=survey,
            unit=survey.unit,
            point=rng.choice(points),
            source="via_qr",
            answers={k: rng.choice((0, 1, 2, 3, 4, 4, 5, 5, 5)) for k in keys},
            respondent={},
            answered_on=start + timedelta(days=rng.randint(0, 300)),
        )
        for _ in range(n - have)
    ]
    with transaction.atomic():
        Response.objects.bulk_create(rows, batch_size=2000)


def _feedback(province: OrgUnit, n: int) -> None:
    have = Feedback.objects.filter(code__startswith="BENCH").count()
    if have >= n:
        return
    rng = random.Random(2026)
    communes = list(OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("code"))
    today = timezone.localdate()
    rows = []
    for i in range(have, n):
        received = today - timedelta(days=rng.randint(0, 300))
        answered = received + timedelta(days=rng.randint(1, 30)) if rng.random() < 0.7 else None
        status = "fb_answered" if answered else rng.choice(("fb_received", "fb_processing"))
        unit = rng.choice(communes)
        rows.append(
            Feedback(
                code=f"BENCH-{i:06d}",
                unit=unit,
                addressed_to=unit,
                kind="fb_issue",
                subject="Phản ánh benchmark",
                content="Nội dung phản ánh benchmark.",
                status=status,
                received_on=received,
                arrived_on=received,
                forward_by=received + timedelta(days=7),
                answer_by=received + timedelta(days=21),
                answered_on=answered,
            )
        )
    with transaction.atomic():
        Feedback.objects.bulk_create(rows, batch_size=2000)


def _results_floor(survey: Survey) -> float:
    """The answers fetched in one query and the overall 4–5 share over the counted questions counted by hand."""
    counted = [q.key for q in items(survey.definition) if q.kind in ("hai_long", "danh_gia_chung")]
    valid = positive = 0
    for (answers,) in Response.objects.filter(survey=survey, status="in_tally").values_list("answers"):
        for key in counted:
            value = answers.get(key, 0)
            if value:
                valid += 1
                positive += value >= 4
    return positive / valid if valid else 0.0


def _stats_floor(province: OrgUnit) -> tuple[int, ...]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(CASE WHEN f.status = 'fb_answered' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN f.status IN ('fb_received', 'fb_processing') AND f.answer_by < %s THEN 1 ELSE 0 END) "
            "FROM feedback_feedback f JOIN org_orgunit u ON u.id = f.unit_id "
            "WHERE u.path LIKE %s AND f.status <> 'fb_screened'",
            [timezone.localdate(), province.path + "%"],
        )
        return tuple(cursor.fetchone())


def run(*, repeat: int, activities: int) -> list[Timing]:
    province = OrgUnit.objects.get(code="42")
    commune = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("code").first()
    assert commune is not None
    survey = _survey(commune)
    points = [
        CollectionPoint.objects.filter(unit=commune, name=f"Quầy benchmark {n}").first()
        or services.point_create(actor=SYSTEM, unit=commune, name=f"Quầy benchmark {n}")
        for n in (1, 2, 3)
    ]
    _answers(survey, points, ANSWERS)
    _feedback(province, FEEDBACK)
    found = results(survey)
    assert abs(float(found.result.index or 0) / 100 - _results_floor(survey)) < 0.0001, "index and floor disagree"
    print(f"  {found.result.answers} phiếu; chỉ số {found.result.index}%; {FEEDBACK} phản ánh trong tỉnh")
    timings = []
    p50, p95, floor = measure_pair(lambda: results(survey), lambda: _results_floor(survey), repeat)
    timings.append(Timing(f"kết quả khảo sát ({found.result.answers} phiếu)", p50, p95, floor))
    today = timezone.localdate()
    p50, p95, floor = measure_pair(
        lambda: stats(actor=SYSTEM, unit=province, today=today), lambda: _stats_floor(province), repeat
    )
    timings.append(Timing(f"thống kê phản ánh tỉnh ({FEEDBACK} phản ánh)", p50, p95, floor))
    values = {"F1_HL": "5", "F2_HL": "4", "CHUNG": "5"}
    counter = iter(range(10**9))

    def answer() -> None:
        n = next(counter)
        visit = services.Visit(
            device=f"bench-{n}", address=f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}", seconds=30
        )
        services.submit_public(survey=survey, point=None, values=values, visit=visit, source="via_web")

    p50, p95 = measure(answer, repeat)
    timings.append(Timing("gửi một phiếu công khai (giới hạn, gắn cờ)", p50, p95))
    return timings
