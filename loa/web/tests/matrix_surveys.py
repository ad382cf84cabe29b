"""Matrix rows for satisfaction surveys (issue 20). Back office: read by whoever may VIEW the unit; run (create,
change, open, type paper answers, import, review, record, points, questionnaires) by the unit's own people and the
Sở Nội vụ that coordinates it; a reader who may not run gets a 403 naming who may, anyone else a 404. The public
pages answer everyone, signed in or not; questionnaires are shared within a province."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .matrix import READ_FOREIGN, READ_OWN, Case, statuses, unit_of
from .matrix_reports import api

RUN_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302, viewer=403)
RUN_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
RUN_PAGE_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200, viewer=403)
RUN_PAGE_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
PUBLIC = statuses(200)
PUBLIC_SENT = statuses(302)
# A questionnaire kept by a commune is read by the whole province (others run surveys from it).
TEMPLATE_OWN = statuses(200, anon=302, foreign=404)
TEMPLATE_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
TEMPLATE_SAVE_OWN = statuses(403, anon=302, admin=302, coordinator=302, leader=302, editor=302, foreign=404)
TEMPLATE_SAVE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)
SATISFIED = {"F1_HL": "5", "F2_HL": "4", "CHUNG": "5"}


def _survey(world, target):
    """The target commune's open survey, made on first use."""
    from loa.org.scope import SYSTEM
    from loa.surveys import services
    from loa.surveys.models import Survey

    unit = unit_of(world, target)
    found = Survey.objects.filter(unit=unit).first()
    if found is None:
        today = timezone.localdate()
        data = services.SurveyInput(
            title="Khảo sát ma trận",
            starts_on=today.replace(month=1, day=1),
            ends_on=today.replace(month=12, day=31),
            population=500,
        )
        found = services.survey_create(actor=SYSTEM, unit=unit, data=data, template=None)
        found = services.survey_set_status(actor=SYSTEM, survey=found, status="survey_open", revision=found.revision)
    return found


def _point(world, target):
    from loa.org.scope import SYSTEM
    from loa.surveys import services
    from loa.surveys.models import CollectionPoint

    unit = unit_of(world, target)
    _survey(world, target)  # the survey its QR address leads to
    return CollectionPoint.objects.filter(unit=unit).first() or services.point_create(
        actor=SYSTEM, unit=unit, name="Quầy ma trận"
    )


def _answer(world, target):
    from loa.org.scope import SYSTEM
    from loa.surveys import services
    from loa.surveys.models import Response

    survey = _survey(world, target)
    return Response.objects.filter(survey=survey).first() or services.enter_answers(
        actor=SYSTEM, survey=survey, values=SATISFIED, source="via_paper", answered_on=timezone.localdate()
    )


def _template(world, target):
    from loa.org.scope import SYSTEM
    from loa.surveys import services
    from loa.surveys.models import SurveyTemplate

    unit = unit_of(world, target)
    return SurveyTemplate.objects.filter(owner=unit).first() or services.template_copy(
        actor=SYSTEM, owner=unit, source=None
    )


def _template_body(world, target, persona):
    """Every field of the questionnaire editor as the page fills it, with a new name."""
    from loa.surveys.editor import fields_of

    template = _template(world, target)
    fields = fields_of(template.definition)
    body = {
        "version": str(template.version),
        "name": f"Phiếu của {persona}",
        "intro": fields["intro"],
        "no_answer": fields["no_answer"],
        "overall_text": fields["overall"]["text"],
    }
    for f in fields["factors"]:
        body[f"f{f['n']}_title"] = f["title"]
        for i in f["items"]:
            body[f"f{f['n']}_i{i['m']}_text"] = i["text"]
            body[f"f{f['n']}_i{i['m']}_kind"] = i["kind"]
    for kind, _label, levels in fields["scales"]:
        for level, text in levels:
            body[f"scale_{kind}_{level}"] = text
    for field, _label, asked in fields["asks"]:
        if asked:
            body[f"ask_{field}"] = "on"
    return body


def _survey_body(world, target, persona):
    survey = _survey(world, target)
    return {
        "revision": str(survey.revision),
        "action": "save",
        "title": f"Khảo sát của {persona}",
        "starts_on": survey.starts_on.strftime("%d/%m/%Y"),
        "ends_on": survey.ends_on.strftime("%d/%m/%Y"),
        "population": "800",
        "margin": "5",
    }


def _field_file(world, target):
    from loa.core.xlsx import write_table
    from loa.surveys.definition import items

    keys = [q.key for q in items(_survey(world, target).definition)]
    content = write_table("Kobo", [*keys, "today"], [["5"] * len(keys) + [timezone.localdate()]])
    return SimpleUploadedFile("kobo.xlsx", content)


def _new_survey_body(world, target, persona):
    today = timezone.localdate()
    return {
        "title": f"Khảo sát {persona}",
        "starts_on": today.strftime("%d/%m/%Y"),
        "ends_on": today.strftime("%d/%m/%Y"),
        "margin": "5",
        "template": "builtin",
    }


def _public_answer(world, target, persona):
    return dict(SATISFIED)


SURVEY_CASES = [
    Case(
        "surveys:list",
        "GET",
        lambda w, t: f"/surveys/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:list",
        "POST",
        lambda w, t: f"/surveys/?unit={unit_of(w, t).code}",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=_new_survey_body,
    ),
    Case(
        "surveys:detail",
        "GET",
        lambda w, t: f"/surveys/{_survey(w, t).pk}/",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:change",
        "POST",
        lambda w, t: f"/surveys/{_survey(w, t).pk}/change/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=_survey_body,
    ),
    Case(
        "surveys:enter",
        "GET",
        lambda w, t: f"/surveys/{_survey(w, t).pk}/enter/",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
    ),
    Case(
        "surveys:enter",
        "POST",
        lambda w, t: f"/surveys/{_survey(w, t).pk}/enter/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {
            **SATISFIED,
            "source": "via_paper",
            "answered_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    ),
    Case(
        "surveys:import",
        "POST",
        lambda w, t: f"/surveys/{_survey(w, t).pk}/import/",
        {"own": RUN_PAGE_OWN, "foreign": RUN_PAGE_FOREIGN},
        body=lambda w, t, p: {"dry_run": "on", "file": _field_file(w, t)},
        fmt="multipart",
    ),
    Case(
        "surveys:record",
        "POST",
        lambda w, t: f"/surveys/{_answer(w, t).survey_id}/record/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {},
    ),
    Case(
        "surveys:review",
        "POST",
        lambda w, t: f"/surveys/{_answer(w, t).survey_id}/review/{_answer(w, t).pk}/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {"decision": "count", "seen": _answer(w, t).status},
    ),
    Case(
        "surveys:export",
        "GET",
        lambda w, t: f"/surveys/{_answer(w, t).survey_id}/export.xlsx",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:xlsform",
        "GET",
        lambda w, t: f"/surveys/{_survey(w, t).pk}/xlsform.xlsx",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:points",
        "GET",
        lambda w, t: f"/surveys/points/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:points",
        "POST",
        lambda w, t: f"/surveys/points/?unit={unit_of(w, t).code}",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {"name": f"Quầy của {p}"},
    ),
    Case(
        "surveys:point",
        "POST",
        lambda w, t: f"/surveys/points/{_point(w, t).pk}/",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {"revision": str(_point(w, t).revision), "name": f"Quầy {p}", "active": "on"},
    ),
    Case(
        "surveys:poster",
        "GET",
        lambda w, t: f"/surveys/points/{_point(w, t).pk}/poster.pdf",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:templates",
        "GET",
        lambda w, t: f"/surveys/templates/?unit={unit_of(w, t).code}",
        {"own": READ_OWN, "foreign": READ_FOREIGN},
    ),
    Case(
        "surveys:templates",
        "POST",
        lambda w, t: f"/surveys/templates/?unit={unit_of(w, t).code}",
        {"own": RUN_OWN, "foreign": RUN_FOREIGN},
        body=lambda w, t, p: {"source": "", "name": f"Phiếu {p}"},
    ),
    Case(
        "surveys:template",
        "GET",
        lambda w, t: f"/surveys/templates/{_template(w, t).pk}/",
        {"own": TEMPLATE_OWN, "foreign": TEMPLATE_FOREIGN},
    ),
    Case(
        "surveys:template",
        "POST",
        lambda w, t: f"/surveys/templates/{_template(w, t).pk}/",
        {"own": TEMPLATE_SAVE_OWN, "foreign": TEMPLATE_SAVE_FOREIGN},
        body=_template_body,
    ),
    Case(
        "surveys_public:link", "GET", lambda w, t: f"/khao-sat/{_survey(w, t).code}/", {"own": PUBLIC}, targets=("own",)
    ),
    Case(
        "surveys_public:link",
        "POST",
        lambda w, t: f"/khao-sat/{_survey(w, t).code}/",
        {"own": PUBLIC_SENT},
        targets=("own",),
        body=_public_answer,
    ),
    Case(
        "surveys_public:point",
        "GET",
        lambda w, t: f"/khao-sat/diem/{_point(w, t).code}/",
        {"own": PUBLIC},
        targets=("own",),
    ),
    Case(
        "surveys_public:point",
        "POST",
        lambda w, t: f"/khao-sat/diem/{_point(w, t).code}/",
        {"own": PUBLIC_SENT},
        targets=("own",),
        body=_public_answer,
    ),
    Case("surveys_public:thanks", "GET", lambda w, t: "/khao-sat/cam-on/", {"own": PUBLIC}, targets=("own",)),
    Case(
        "API GET /api/surveys",
        "GET",
        lambda w, t: f"/api/surveys?unit={unit_of(w, t).code}",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API GET /api/surveys/{pk}/results",
        "GET",
        lambda w, t: f"/api/surveys/{_survey(w, t).pk}/results",
        {"own": api(READ_OWN), "foreign": api(READ_FOREIGN)},
    ),
    Case(
        "API POST /api/surveys/{pk}/answers",
        "POST",
        lambda w, t: f"/api/surveys/{_survey(w, t).pk}/answers",
        {"own": api(RUN_OWN, ok=201), "foreign": api(RUN_FOREIGN, ok=201)},
        body=lambda w, t, p: {
            "source": "via_phone",
            "answered_on": timezone.localdate().isoformat(),
            "answers": {"F1_HL": 5, "CHUNG": 4},
        },
        fmt="json",
    ),
]
