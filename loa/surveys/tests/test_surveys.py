"""Surveys end to end through services and the public pages (issue 20 items 1–4): who runs them, templates keep
versions, public answers by QR and link, paper answers in the same totals, limits and flags, the registry record."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from loa.core.errors import Conflict, DomainError, PermissionDenied
from loa.indices.models import IndexValue, OwnMeasure
from loa.indices.selectors import unit_series
from loa.surveys import selectors, services
from loa.surveys.catalog import Flag, ResponseStatus, Source, SurveyStatus
from loa.surveys.models import Response, Survey
from loa.surveys.public import _shown_token

ALL_SATISFIED = {"F1_HL": "5", "F2_HL": "4", "F3_HL": "5", "F4_HL": "4", "F5_HL": "5", "CHUNG": "5"}


def make_survey(world: Any, actor_key: str = "editor", unit: Any = None, population: int | None = 1000) -> Survey:
    today = timezone.localdate()
    data = services.SurveyInput(
        title="Khảo sát sự hài lòng năm nay",
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
        population=population,
    )
    survey = services.survey_create(actor=world.users[actor_key], unit=unit or world.commune, data=data, template=None)
    return services.survey_set_status(
        actor=world.users[actor_key], survey=survey, status=SurveyStatus.OPEN, revision=survey.revision
    )


def shown_earlier(seconds: int = 30) -> str:
    """The form's token as a page shown `seconds` ago would carry it (a person takes that long to answer)."""
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds), tick=False):
        return _shown_token()


def post(client: Client, url: str, values: dict[str, str], **extra: Any) -> Any:
    """Answers sent as a person sends them: from the form shown half a minute earlier (its token included)."""
    values = {"shown": shown_earlier(), **values}
    return client.post(url, values, REMOTE_ADDR=extra.pop("ip", "203.0.113.7"), **extra)


def test_the_unit_and_its_coordinator_run_surveys_others_do_not(world):
    survey = make_survey(world)
    assert survey.status == SurveyStatus.OPEN and survey.template_label.startswith("Phiếu khảo sát")
    make_survey(world, "coordinator")
    for persona in ("viewer", "neighbour", "foreign", "above"):
        with pytest.raises(PermissionDenied):
            make_survey(world, persona)
    with pytest.raises(PermissionDenied):
        services.point_create(actor=world.users["neighbour"], unit=world.commune, name="Quầy 1")
    # Reading: the commune and those above it in its province; not a neighbour, not another province.
    assert selectors.survey_get(actor=world.users["above"], pk=survey.pk) == survey
    for persona in ("neighbour", "foreign"):
        with pytest.raises(DomainError):
            selectors.survey_get(actor=world.users[persona], pk=survey.pk)


def test_a_survey_keeps_the_questionnaire_version_it_started_with(world):
    coordinator = world.users["coordinator"]
    template = services.template_copy(actor=coordinator, owner=world.snv, source=None)
    assert template.version == 1 and template.definition["factors"][0]["key"] == "F1"
    today = timezone.localdate()
    data = services.SurveyInput(title="Khảo sát quý", starts_on=today, ends_on=today)
    survey = services.survey_create(actor=coordinator, unit=world.snv, data=data, template=template)
    changed = dict(template.definition, intro="Lời giới thiệu mới")
    changed["factors"] = [dict(f) for f in template.definition["factors"]][:2]
    saved = services.template_save(
        actor=coordinator, template=template, name="Phiếu của Sở", definition=changed, version=1
    )
    assert saved.version == 2 and len(saved.definition["factors"]) == 2
    survey.refresh_from_db()
    assert len(survey.definition["factors"]) == 5 and survey.template_label.endswith("v1")
    with pytest.raises(Conflict):
        services.template_save(actor=coordinator, template=template, name="x", definition=changed, version=1)
    with pytest.raises(DomainError, match="mã"):
        bad = dict(
            changed,
            factors=[{"key": "1 bad", "title": "T", "items": [{"key": "A", "kind": "nhan_dinh", "text": "x"}]}],
        )
        services.template_save(actor=coordinator, template=saved, name="x", definition=bad, version=2)
    # A commune reads the Sở's questionnaire (it flows down) and may run a survey from it.
    assert template.pk in {t.pk for t in selectors.templates(actor=world.users["editor"])}
    assert template.pk not in {t.pk for t in selectors.templates(actor=world.users["foreign"])}


def test_qr_answer_and_paper_answer_count_in_the_same_totals(world, client):
    survey = make_survey(world)
    point = services.point_create(actor=world.users["editor"], unit=world.commune, name="Bộ phận Một cửa, quầy 1")
    url = reverse("surveys_public:point", args=[point.code])
    page = client.get(url)
    assert page.status_code == 200 and survey.title in page.content.decode()
    answered = post(client, url, {**ALL_SATISFIED, "F1_N1": "2", "age_band": "age_25_34", "gender": "female"})
    assert answered.status_code == 302 and answered["Location"] == reverse("surveys_public:thanks")
    assert client.get(answered["Location"]).status_code == 200
    services.enter_answers(
        actor=world.users["editor"],
        survey=survey,
        source=Source.PAPER,
        answered_on=timezone.localdate(),
        values={"F1_HL": "2", "F2_HL": "1", "CHUNG": "0"},
    )
    stored = {r.source: r for r in Response.objects.filter(survey=survey)}
    assert set(stored) == {Source.QR, Source.PAPER}
    assert stored[Source.QR].point == point and stored[Source.QR].respondent == {
        "age_band": "age_25_34",
        "gender": "female",
    }
    assert (
        stored[Source.QR].status == ResponseStatus.COUNTED and stored[Source.PAPER].entered_by == world.users["editor"]
    )
    found = selectors.results(survey)
    # Counted questions: QR 6 answers all 4–5; paper 2 valid, none 4–5 → 6 / 8 = 75 %.
    assert found.result.answers == 2 and found.result.index == Decimal("75.00")
    assert found.by_source == {Source.QR: 1, Source.PAPER: 1}
    assert [g.result.answers for g in found.by_point] == [1]
    assert selectors.indices_of([survey]) == {survey.pk: Decimal("75.00")}
    assert found.target == 286


def test_public_bad_input_is_400_and_writes_nothing(world, client):
    survey = make_survey(world)
    url = reverse("surveys_public:link", args=[survey.code])
    for values in (
        {"F1_HL": "7"},
        {"F1_HL": "0"},
        {},
        {"F1_HL": "5", "age_band": "old"},
        {"F1_HL": "5", "dossier_code": "<script>"},
    ):
        answer = post(client, url, values)
        assert answer.status_code == 400, values
        assert "survey-error" in answer.content.decode()
    assert not Response.objects.exists()
    assert client.get(reverse("surveys_public:link", args=["khongco"])).status_code == 404
    assert client.get(reverse("surveys_public:point", args=["khongco"])).status_code == 404
    services.survey_set_status(
        actor=world.users["editor"], survey=survey, status=SurveyStatus.CLOSED, revision=survey.revision
    )
    assert client.get(url).status_code == 410
    assert post(client, url, ALL_SATISFIED).status_code == 410
    assert not Response.objects.exists()


@override_settings(LOA_SURVEY_ADDRESS_PER_HOUR=2)
def test_an_address_past_its_limit_is_refused(world, client):
    survey = make_survey(world)
    url = reverse("surveys_public:link", args=[survey.code])
    assert [post(Client(), url, ALL_SATISFIED).status_code for _ in range(2)] == [302, 302]
    refused = post(Client(), url, ALL_SATISFIED)
    assert refused.status_code == 429 and "thử lại sau" in refused.content.decode()
    assert Response.objects.count() == 2
    assert post(Client(), url, ALL_SATISFIED, ip="198.51.100.9").status_code == 302  # another address


@override_settings(LOA_SURVEY_POINT_PER_HOUR=3, LOA_SURVEY_BURST=2, LOA_SURVEY_ADDRESS_PER_HOUR=100)
def test_a_burst_at_a_point_is_flagged_then_refused_never_dropped(world):
    make_survey(world)
    point = services.point_create(actor=world.users["editor"], unit=world.commune, name="Quầy 2")
    url = reverse("surveys_public:point", args=[point.code])
    codes = [post(Client(), url, ALL_SATISFIED, ip=f"192.0.2.{n}").status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]
    statuses = list(Response.objects.order_by("pk").values_list("status", "flags"))
    assert statuses == [("in_tally", ""), ("in_tally", ""), ("flagged", Flag.BURST)]


def test_honeypot_repeated_device_and_haste_are_flagged_and_reviewed(world, client):
    survey = make_survey(world)
    url = reverse("surveys_public:link", args=[survey.code])
    client.get(url)  # sets the device cookie
    post(client, url, ALL_SATISFIED)
    post(client, url, ALL_SATISFIED)  # the same device again
    post(Client(), url, {**ALL_SATISFIED, "website": "http://spam"}, ip="192.0.2.50")
    shown = Client()
    form = shown.get(url).content.decode()
    token = form.split('name="shown" value="')[1].split('"')[0]
    post(shown, url, {**ALL_SATISFIED, "shown": token}, ip="192.0.2.51")  # sent within a second
    Client().post(url, {**ALL_SATISFIED, "shown": ""}, REMOTE_ADDR="192.0.2.52")  # not from the form (a robot)
    flags = list(Response.objects.order_by("pk").values_list("flags", flat=True))
    assert flags == ["", Flag.DEVICE, Flag.HONEYPOT, Flag.TOO_FAST, Flag.NO_FORM]
    found = selectors.results(survey)
    assert (found.result.answers, found.flagged) == (1, 4)
    waiting = selectors.flagged(survey=survey)
    services.review(actor=world.users["coordinator"], response=waiting[0], counted=True, seen="flagged")
    services.review(actor=world.users["editor"], response=waiting[1], counted=False, seen="flagged")
    with pytest.raises(Conflict):  # decided meanwhile by someone else
        services.review(actor=world.users["editor"], response=waiting[0], counted=False, seen="flagged")
    with pytest.raises(PermissionDenied):
        services.review(actor=world.users["neighbour"], response=waiting[2], counted=True, seen="flagged")
    found = selectors.results(survey)
    assert (found.result.answers, found.flagged, found.rejected) == (2, 2, 1)


def test_a_point_leads_to_the_survey_above_when_its_unit_has_none(world, client):
    coordinator = world.users["coordinator"]
    province_survey = make_survey(world, "coordinator", unit=world.province)
    point = services.point_create(actor=coordinator, unit=world.commune, name="Một cửa xã")
    assert services.survey_for_point(point, timezone.localdate()) == province_survey
    own = make_survey(world)
    assert services.survey_for_point(point, timezone.localdate()) == own
    services.survey_set_status(
        actor=world.users["editor"], survey=own, status=SurveyStatus.CLOSED, revision=own.revision
    )
    post(client, reverse("surveys_public:point", args=[point.code]), ALL_SATISFIED)
    answer = Response.objects.get()
    assert answer.survey == province_survey and answer.unit == world.commune
    by_unit = selectors.results(province_survey).by_unit
    assert [(g.label, g.result.answers) for g in by_unit] == [(world.commune.name, 1)]


def test_paper_answers_are_checked(world):
    survey = make_survey(world)
    editor = world.users["editor"]
    today = timezone.localdate()
    with pytest.raises(DomainError, match="giấy"):
        services.enter_answers(actor=editor, survey=survey, source=Source.QR, answered_on=today, values=ALL_SATISFIED)
    with pytest.raises(DomainError, match="Ngày trả lời"):
        services.enter_answers(
            actor=editor,
            survey=survey,
            source=Source.PAPER,
            answered_on=today + timedelta(days=1),
            values=ALL_SATISFIED,
        )
    with pytest.raises(DomainError, match="không thuộc"):
        services.enter_answers(
            actor=editor,
            survey=survey,
            source=Source.PAPER,
            answered_on=today,
            values=ALL_SATISFIED,
            unit=world.other_commune,
        )
    with pytest.raises(PermissionDenied):
        services.enter_answers(
            actor=world.users["viewer"], survey=survey, source=Source.PAPER, answered_on=today, values=ALL_SATISFIED
        )
    assert not Response.objects.exists()


def test_the_index_is_recorded_as_the_units_own_measure(world):
    survey = make_survey(world)
    with pytest.raises(DomainError, match="chưa có phiếu"):
        services.record_index(actor=world.users["editor"], survey=survey)
    for values in (ALL_SATISFIED, {"F1_HL": "1", "CHUNG": "3"}):
        services.enter_answers(
            actor=world.users["editor"],
            survey=survey,
            source=Source.PHONE,
            answered_on=timezone.localdate(),
            values=values,
        )
    recorded = services.record_index(actor=world.users["coordinator"], survey=survey)
    assert recorded.index == OwnMeasure.SURVEY and recorded.value == selectors.indices_of([survey])[survey.pk]
    assert recorded.value == Decimal("75.00")  # 6 of 8
    assert not IndexValue.objects.filter(index="sipas").exists()  # never mixed with the published SIPAS
    series = unit_series(actor=world.users["editor"], unit=world.commune)
    assert [(s.index, s.points[-1].value) for s in series] == [(OwnMeasure.SURVEY, Decimal("75.00"))]
    with pytest.raises(PermissionDenied):
        services.record_index(actor=world.users["viewer"], survey=survey)


def test_a_refused_form_keeps_what_was_chosen(world, client):
    survey = make_survey(world)
    url = reverse("surveys_public:link", args=[survey.code])
    answer = post(client, url, {"F1_HL": "4", "F3_N2": "2", "CHUNG": "5", "dossier_code": "<x>"})
    body = answer.content.decode()
    assert answer.status_code == 400
    for key, level in (("F1_HL", "4"), ("F3_N2", "2"), ("CHUNG", "5")):
        assert f'name="{key}" value="{level}" checked' in body, key


def test_ipv6_addresses_count_by_their_network():
    from loa.core.keyed import address_key

    assert address_key("2001:db8:1:2::5") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:2::5") != address_key("2001:db8:1:3::5")
    assert address_key("::ffff:203.0.113.7") == address_key("203.0.113.7")
    assert address_key("") == "" and address_key(None) == ""


def test_lists_show_the_newest_survey_first(world):
    today = timezone.localdate()
    editor = world.users["editor"]
    for title, month in (("Quý I", 1), ("Quý III", 7), ("Quý II", 4)):
        start = today.replace(month=month, day=1)
        data = services.SurveyInput(title=title, starts_on=start, ends_on=start + timedelta(days=20))
        services.survey_create(actor=editor, unit=world.commune, data=data, template=None)
    rows = selectors.survey_rows(actor=editor, unit=world.commune)
    assert [r.survey.title for r in rows] == ["Quý III", "Quý II", "Quý I"]
