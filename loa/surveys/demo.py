"""The demo's satisfaction survey: the first commune runs this year's survey with the built-in questionnaire at two
counters, with answers from the start of the year to today (QR, web link, paper, telephone), mostly satisfied, a few
flagged for review; the Sở Nội vụ keeps a copy of the questionnaire. Written through the services, except the
answers' rows, which go in one batch with their history as a field import's do."""

import random
from datetime import date, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from . import services
from .catalog import AgeBand, Flag, Gender, ResponseStatus, SurveyStatus
from .definition import items
from .models import CollectionPoint, Response, Survey

ANSWERS = 180
SOURCES = ["via_qr"] * 12 + ["via_web"] * 2 + ["via_paper"] * 5 + ["via_phone"]
SERVICES = ["Đăng ký khai sinh", "Chứng thực bản sao", "Đăng ký kết hôn", "Cấp giấy xác nhận tình trạng hôn nhân"]


def build_survey_demo(province: OrgUnit, *, seed: int = 2026, today: date | None = None) -> int:
    """The survey and its answers (none when the province's first commune already has a survey); answers added."""
    today = today or timezone.localdate()
    commune = OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code").first()
    snv = OrgUnit.objects.filter(parent=province, unit_type=UnitType.SO_NOI_VU).first()
    if commune is None or Survey.objects.filter(unit=commune).exists():
        return 0
    rng = random.Random(seed)
    if snv is not None:
        services.template_copy(actor=SYSTEM, owner=snv, source=None, name="Phiếu khảo sát sự hài lòng của tỉnh")
    data = services.SurveyInput(
        title=f"Khảo sát sự hài lòng của người dân, tổ chức năm {today.year}",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        population=1200,
    )
    survey = services.survey_create(actor=SYSTEM, unit=commune, data=data, template=None)
    survey = services.survey_set_status(actor=SYSTEM, survey=survey, status=SurveyStatus.OPEN, revision=0)
    points = [services.point_create(actor=SYSTEM, unit=commune, name=f"Bộ phận Một cửa, quầy số {n}") for n in (1, 2)]
    made = [_answer(survey, commune, points, rng, today) for _ in range(ANSWERS)]
    for response in made[-3:]:  # a burst at one counter: kept, waiting for the coordinator
        response.source, response.point, response.answered_on = "via_qr", points[0], today
        response.status, response.flags = ResponseStatus.FLAGGED, Flag.BURST
    bulk_create_with_history(made, Response, batch_size=500, default_change_reason="survey.answered")
    return len(made)


def _answer(survey: Survey, unit: OrgUnit, points: list[CollectionPoint], rng: random.Random, today: date) -> Response:
    source = rng.choice(SOURCES)
    answers = {}
    for question in items(survey.definition):
        # Mostly satisfied; the counters' staff better liked than the waiting room; a few skip a question.
        good = 0.85 if question.factor == "F3" else 0.72
        roll = rng.random()
        answers[question.key] = 0 if roll > 0.97 else rng.choice((4, 5)) if roll < good else rng.choice((1, 2, 3))
    respondent = {"age_band": rng.choice(AgeBand.values), "gender": rng.choice(Gender.values)}
    if rng.random() < 0.6:
        respondent["service"] = rng.choice(SERVICES)
    days = (today - survey.starts_on).days
    return Response(
        survey=survey,
        unit=unit,
        point=rng.choice(points) if source == "via_qr" else None,
        source=source,
        answers=answers,
        respondent=respondent,
        answered_on=survey.starts_on + timedelta(days=rng.randint(0, max(days, 0))),
        status=ResponseStatus.COUNTED,
    )
